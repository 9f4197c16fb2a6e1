package persian

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	zwnj    = '\u200c'
	zwnjStr = "\u200c"
)

// hasZWNJ reports whether s holds a ZWNJ. Its first byte (0xE2, the lead byte of U+2000–U+2FFF) never occurs in
// Persian letters, so a byte scan rejects most words before the three-byte search.
func hasZWNJ(s string) bool {
	i := strings.IndexByte(s, zwnjStr[0])
	return i >= 0 && strings.Contains(s[i:], zwnjStr)
}

// presentation maps Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFC) to folded base letters.
var presentation = sync.OnceValue(func() map[rune]string {
	m := make(map[rune]string, 1024)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			s := norm.NFKC.String(string(r))
			if s == string(r) {
				continue
			}
			out := make([]byte, 0, len(s))
			for _, c := range s {
				if c == ' ' {
					continue // isolated harakat forms decompose to a space and a mark
				}
				out = appendFolded(out, c, false)
			}
			m[r] = string(out)
		}
	}
	add(0xFB50, 0xFDFF)
	add(0xFE70, 0xFEFC)
	return m
})

// isMark reports whether r is an Arabic diacritic (harakat, Quranic marks, superscript alef).
func isMark(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || (r >= 0x0610 && r <= 0x061A) ||
		(r >= 0x06D6 && r <= 0x06DC) || (r >= 0x06DF && r <= 0x06E4) || r == 0x06E7 || r == 0x06E8 ||
		(r >= 0x06EA && r <= 0x06ED)
}

// isDropped reports whether r is removed outright: tatweel, bidi controls, ZWJ, BOM, soft hyphen, zero-width space.
func isDropped(r rune) bool {
	switch r {
	case 0x0640, 0x200B, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD:
		return true
	}
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// isSpace reports whether r is horizontal white space.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0x00A0, 0x202F, 0x205F, 0x3000, 0x1680:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// appendFolded appends the folded form of one rune (no context) to dst.
func appendFolded(dst []byte, r rune, keepMarks bool) []byte {
	switch r {
	case 'ي', 'ى', 'ې', 'ۍ', 'ێ':
		return utf8.AppendRune(dst, 'ی')
	case 'ك', 'ڪ':
		return utf8.AppendRune(dst, 'ک')
	case 'ە', 'ہ', 'ھ':
		return utf8.AppendRune(dst, 'ه')
	case 'ۀ', 'ۂ':
		return append(dst, "ه\u200cی"...)
	case 'ٱ':
		return utf8.AppendRune(dst, 'ا')
	}
	if isDropped(r) {
		return dst
	}
	if isMark(r) && !keepMarks {
		return dst
	}
	return utf8.AppendRune(dst, r)
}

// foldText folds characters: Arabic letters to Persian, presentation forms to base letters, tatweel, bidi controls
// and ZWJ removed, diacritics removed unless keepMarks, odd spaces to ' ', invalid UTF-8 to U+FFFD. Digits and
// ZWNJ are left for later stages.
func foldText(dst []byte, s string, keepMarks bool) []byte {
	pres := presentation()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\t' || c == '\v' || c == '\f' {
				c = ' '
			}
			dst = append(dst, c)
			i++
			continue
		}
		// Arabic script is two-byte UTF-8 (lead bytes D8–DB): decode it inline, and copy plain letters at once.
		if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			if isPlainLetter(r) {
				dst = append(dst, c, s[i+1])
				i += 2
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, "\uFFFD"...)
		case r == 0x0654 || r == 0x0655: // hamza above/below: compose with the letter before
			dst = composeHamza(dst, r, keepMarks)
		case (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFC):
			if f, ok := pres[r]; ok {
				dst = append(dst, f...)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		case isSpace(r):
			dst = append(dst, ' ')
		case r == 0x2028 || r == 0x2029 || r == 0x0085:
			dst = append(dst, '\n')
		default:
			dst = appendFolded(dst, r, keepMarks)
		}
	}
	return dst
}

// composeHamza handles a combining hamza after the letter already in dst.
func composeHamza(dst []byte, r rune, keepMarks bool) []byte {
	last, n := utf8.DecodeLastRune(dst)
	switch {
	case last == 'ئ' || last == 'ؤ' || last == 'أ' || last == 'إ',
		last == 'ی' && bytes.HasSuffix(dst[:len(dst)-n], []byte("ه\u200c")):
		return dst // a repeated hamza (هٔٔ, ئٔ): the first one composed already
	}
	if r == 0x0654 {
		switch last {
		case 'ه':
			return append(dst, "\u200cی"...)
		case 'ی':
			return utf8.AppendRune(dst[:len(dst)-n], 'ئ')
		case 'و':
			return utf8.AppendRune(dst[:len(dst)-n], 'ؤ')
		case 'ا':
			return utf8.AppendRune(dst[:len(dst)-n], 'أ')
		}
	} else if last == 'ا' {
		return utf8.AppendRune(dst[:len(dst)-n], 'إ')
	}
	if keepMarks {
		return utf8.AppendRune(dst, r)
	}
	return dst
}

// isLetterFa reports whether r is an Arabic-script letter (after folding).
func isLetterFa(r rune) bool {
	return (r >= 0x0621 && r <= 0x063A) || (r >= 0x0641 && r <= 0x064A) || (r >= 0x066E && r <= 0x066F) ||
		(r >= 0x0671 && r <= 0x06D3) || r == 0x06D5 || r == 0x06EE || r == 0x06EF || (r >= 0x06FA && r <= 0x06FC) ||
		r == 0x06FF || (r >= 0x0750 && r <= 0x077F) || (r >= 0x08A0 && r <= 0x08C7)
}

// isDigit reports whether r is an ASCII, Arabic-Indic or Persian digit.
func isDigit(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 0x0660 && r <= 0x0669) || (r >= 0x06F0 && r <= 0x06F9)
}

// digitValue returns the value of a digit rune.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 0x0660 && r <= 0x0669:
		return int(r - 0x0660)
	default:
		return int(r - 0x06F0)
	}
}

// nonJoining reports whether r does not join to the following letter, so a ZWNJ after it is redundant.
func nonJoining(r rune) bool {
	switch r {
	case 'ا', 'آ', 'أ', 'إ', 'ٱ', 'د', 'ذ', 'ر', 'ز', 'ژ', 'و', 'ؤ', 'ة', 'ء':
		return true
	}
	return !isLetterFa(r)
}

// isPlainLetter reports whether r is an Arabic-script letter that folding leaves unchanged.
func isPlainLetter(r rune) bool {
	switch r {
	case 'ي', 'ى', 'ك', 'ە', 'ہ', 'ھ', 'ۀ', 'ۂ', 'ٱ', 'ې', 'ۍ', 'ێ', 'ڪ':
		return false
	}
	return (r >= 0x0621 && r <= 0x063A) || (r >= 0x0641 && r <= 0x064A) || (r >= 0x0671 && r <= 0x06D3)
}
