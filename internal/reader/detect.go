package reader

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"unicode/utf16"
	"unicode/utf8"
)

// Format names an input format.
type Format string

// Input formats.
const (
	FormatAuto  Format = ""      // detect from content
	FormatSeed  Format = "seed"  // "date YYYY-MM-DD headline", optional relative line, paragraphs
	FormatText  Format = "text"  // first line the title, the rest paragraphs
	FormatJSONL Format = "jsonl" // one JSON object per line
	FormatJSON  Format = "json"  // one JSON object, or an array of objects
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	gzipMagic  = []byte{0x1f, 0x8b}
	seedHeader = regexp.MustCompile(`^date[ \t]+[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ \t\r\n]|$)`)
)

// Detect names the format of decoded text from its first bytes: a leading "date YYYY-MM-DD" is the seed format,
// a leading JSON object with a quoted key is JSON Lines (a single object spread over several lines is handled
// by the same reader), a leading '[' is a JSON array, and anything else is plain text. The file name plays no
// part, so a ".txt" file holding JSON Lines is read as JSON Lines.
func Detect(text []byte) Format {
	t := bytes.TrimPrefix(text, bomUTF8)
	t = bytes.TrimLeft(t, " \t\r\n\f\v")
	switch {
	case seedHeader.Match(t):
		return FormatSeed
	case len(t) > 0 && t[0] == '{' && startsObject(t[1:]):
		return FormatJSONL
	case len(t) > 0 && t[0] == '[' && startsArray(t[1:]):
		return FormatJSON
	}
	return FormatText
}

// startsObject reports whether b, just after '{', continues like a JSON object: a quoted key or '}'.
func startsObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && (b[0] == '"' || b[0] == '}')
}

// startsArray reports whether b, just after '[', continues like an array of objects, or is empty.
func startsArray(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && (b[0] == '{' && startsObject(b[1:]) || b[0] == ']')
}

// decode turns raw input into text: it unwraps gzip (up to max bytes decompressed), decodes UTF-16 with a
// byte-order mark, and refuses empty and binary input with ErrEmpty and ErrNotText. UTF-8 validity is checked by
// the caller, per file or per JSON line.
func decode(data []byte, max int64) ([]byte, error) {
	for range 3 { // gzip inside gzip is unwrapped, to a small depth
		if !bytes.HasPrefix(data, gzipMagic) {
			break
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, max+1))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		if int64(len(out)) > max {
			return nil, fmt.Errorf("%w: more than %d bytes after gzip", ErrTooLarge, max)
		}
		data = out
	}
	if u, ok := decodeUTF16(data); ok {
		data = u
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, bomUTF8))) == 0 {
		return nil, ErrEmpty
	}
	if isBinary(data) {
		return nil, ErrNotText
	}
	return data, nil
}

// decodeUTF16 decodes text that starts with a UTF-16 byte-order mark into UTF-8 (without the mark).
func decodeUTF16(data []byte) ([]byte, bool) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return nil, false
	}
	body := data[2:]
	if len(body)%2 != 0 {
		return nil, false // not really UTF-16; let the binary and UTF-8 checks judge it
	}
	units := make([]uint16, len(body)/2)
	for i := range units {
		units[i] = order.Uint16(body[2*i:])
	}
	out := make([]byte, 0, len(body))
	for _, r := range utf16.Decode(units) {
		if r == utf8.RuneError {
			return nil, false
		}
		out = utf8.AppendRune(out, r)
	}
	return out, true
}

// isBinary reports whether the first 8 KiB hold a NUL byte or more than 10% control characters.
func isBinary(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b || c == 0x7f {
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}

// checkUTF8 returns ErrInvalidUTF8 with the line and byte offset of the first invalid sequence.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for off := 0; off < len(data); {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			line := 1 + bytes.Count(data[:off], []byte{'\n'})
			return fmt.Errorf("%w at line %d, byte %d", ErrInvalidUTF8, line, off)
		}
		off += n
	}
	return ErrInvalidUTF8
}
