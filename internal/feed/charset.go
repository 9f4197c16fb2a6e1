package feed

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// Decode returns an HTML or XML body as UTF-8 text with the name of the charset it was read in. The charset
// comes from the byte order mark, the Content-Type header, a <meta> tag or an XML declaration, else from the
// bytes: valid UTF-8 is UTF-8, and bytes that read as Arabic script in windows-1256 are windows-1256 (old
// Persian sites often omit the label; the HTML default, windows-1252, would turn them into Latin accents).
// Bytes that are invalid in the chosen charset become U+FFFD; Decode never fails on content.
func Decode(body []byte, contentType string) (string, string) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain {
		if xe, xn := xmlEncoding(body); xe != nil {
			enc, name, certain = xe, xn, true
		}
	}
	if !certain && !utf8.Valid(body) && looksArabic1256(body) {
		enc, name = charmap.Windows1256, "windows-1256"
	}
	if name == "utf-8" || enc == encoding.Nop {
		return strings.ToValidUTF8(string(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))), "\uFFFD"), "utf-8"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8"
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), name
}

// xmlEncoding reads the encoding of an XML declaration (<?xml version="1.0" encoding="windows-1256"?>).
func xmlEncoding(body []byte) (encoding.Encoding, string) {
	head := body[:min(len(body), 256)]
	if !bytes.HasPrefix(bytes.TrimSpace(head), []byte("<?xml")) {
		return nil, ""
	}
	i := bytes.Index(head, []byte("encoding="))
	if i < 0 {
		return nil, ""
	}
	rest := head[i+len("encoding="):]
	if len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') {
		return nil, ""
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return nil, ""
	}
	label := string(rest[1 : 1+j])
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	n, _ := htmlindex.Name(e)
	return e, n
}

// looksArabic1256 reports whether the non-ASCII bytes of body read mostly as Arabic-script letters in
// windows-1256.
func looksArabic1256(body []byte) bool {
	dec, err := charmap.Windows1256.NewDecoder().Bytes(body[:min(len(body), 64<<10)])
	if err != nil {
		return false
	}
	var arabic, other int
	for _, r := range string(dec) {
		switch {
		case r < 0x80:
		case unicode.Is(unicode.Arabic, r) || r == '\u200c':
			arabic++
		default:
			other++
		}
	}
	return arabic >= 8 && arabic > 4*other
}
