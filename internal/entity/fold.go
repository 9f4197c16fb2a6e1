package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const zwnj = '\u200c'

// foldRune maps one rune to its matching form: Arabic-letter variants to Persian, hamza seats and alef forms to
// their bare letter, Latin to lower case. It returns -1 for runes that matching ignores (ZWNJ, tatweel,
// diacritics) and 0 for separators.
func foldRune(r rune) rune {
	switch r {
	case 'ي', 'ى', 'ئ', 'ے':
		return 'ی'
	case 'ك':
		return 'ک'
	case 'ة', 'ۀ', 'ە':
		return 'ه'
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ؤ':
		return 'و'
	case zwnj, '\u200d', '\u0640', '\u200e', '\u200f', 'ء':
		return -1
	}
	switch {
	case r >= 'ء' && r <= 'ي', r == 'پ', r == 'چ', r == 'ژ', r == 'ک', r == 'گ', r == 'ی':
		return r // Persian letters, the common case
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return r
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < 0x80:
		return 0
	}
	if unicode.Is(unicode.Mn, r) {
		return -1
	}
	if r >= '۰' && r <= '۹' {
		return '0' + (r - '۰')
	}
	if r >= '٠' && r <= '٩' {
		return '0' + (r - '٠')
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return unicode.ToLower(r)
	}
	return 0
}

// foldKey returns the matching key of a string: folded letters, with every separator (space, ZWNJ, hyphen,
// punctuation) removed, so that `رئیس‌جمهور`, `رئیس جمهور` and `رییسجمهور` share one key.
func foldKey(s string) string {
	same := true
	for _, r := range s {
		if foldRune(r) != r {
			same = false
			break
		}
	}
	if same {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := foldRune(r); f > 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// foldWords returns the folded words of s (split at spaces, ZWNJ is removed), joined by single spaces: the key
// Find uses for English and Persian aliases alike.
func foldWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		f := foldRune(r)
		switch {
		case f > 0:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(f)
		case f == 0:
			space = true
		}
	}
	return b.String()
}

// runeCount is utf8.RuneCountInString, named for reading.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
