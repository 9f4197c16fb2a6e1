package persian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenize splits normalised text into tokens with byte offsets: Persian words (ZWNJ inside a word belongs to it),
// numbers (with their decimal, thousands, date and time separators), URLs, e-mail addresses, hashtags, Latin words,
// punctuation and other symbols. White space is not a token. It never panics, whatever the input.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/6+1)
	return appendTokens(toks, text)
}

// appendTokens appends the tokens of text to toks.
func appendTokens(toks []Token, text string) []Token {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == ' ' || r == '\n' || r == '\r' || r == zwnj || isSpace(r) || r == 0x2028 || r == 0x2029 {
			i += size
			continue
		}
		if isLetterFa(r) || isMark(r) { // a word (no URL starts with a Persian letter): scanToken's commonest case
			end, zw := scanWord(text, i)
			toks = append(toks, Token{Text: text[i:end], Start: i, End: end, Kind: Word, zw: zw})
			i = end
			continue
		}
		end, kind := scanToken(text, i, r, size)
		toks = append(toks, Token{Text: text[i:end], Start: i, End: end, Kind: kind})
		i = end
	}
	return toks
}

// scanToken returns the end and kind of the token that starts at i with rune r of the given size.
func scanToken(text string, i int, r rune, size int) (int, TokenKind) {
	switch {
	case isURLStart(text[i:]):
		return scanURL(text, i), URL
	case isLetterFa(r) || isMark(r):
		end, _ := scanWord(text, i)
		return end, Word
	case isDigit(r):
		return scanNumber(text, i), Number
	case r == '#' || r == '＃':
		if j := scanHashtag(text, i+size); j > i+size {
			return j, Hashtag
		}
		return i + size, Punct
	case r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || r == '_') || unicode.IsLetter(r):
		return scanLatin(text, i)
	case unicode.IsPunct(r):
		return i + size, Punct
	default:
		return i + size, Symbol
	}
}

// isURLStart reports whether s starts with a URL scheme or "www.".
func isURLStart(s string) bool {
	if len(s) < 5 {
		return false
	}
	c := s[0] | 0x20
	if c != 'h' && c != 'w' && c != 'f' {
		return false
	}
	for _, p := range [...]string{"https://", "http://", "www.", "ftp://"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			r, _ := utf8.DecodeRuneInString(s[len(p):])
			return r > ' ' && r != zwnj
		}
	}
	return false
}

// isURLStop reports whether r ends a URL.
func isURLStop(r rune) bool {
	switch r {
	case '«', '»', '"', '<', '>', '،', '؛', '؟', '\u201c', '\u201d', zwnj:
		return true
	}
	return r <= ' ' || isSpace(r) || r == utf8.RuneError
}

// scanURL scans a URL up to white space, then gives back trailing punctuation.
func scanURL(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isURLStop(r) {
			break
		}
		j += size
	}
	depth := strings.Count(text[i:j], "(") - strings.Count(text[i:j], ")")
	for j > i {
		c := text[j-1]
		if c == ')' && depth < 0 {
			depth++
			j--
			continue
		}
		if c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' {
			j--
			continue
		}
		break
	}
	return j
}

// scanWord scans a Persian word: letters, marks and ZWNJs that stand between letters. zw reports whether it
// holds a ZWNJ.
func scanWord(text string, i int) (end int, zw bool) {
	j := i
	for j < len(text) {
		if c := text[j]; c >= 0xD8 && c <= 0xDB && j+1 < len(text) && text[j+1]&0xC0 == 0x80 {
			if r := rune(c&0x1F)<<6 | rune(text[j+1]&0x3F); isLetterFa(r) || isMark(r) {
				j += 2
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if isLetterFa(r) || isMark(r) {
			j += size
			continue
		}
		if r == zwnj {
			k := j + size
			for k < len(text) && strings.HasPrefix(text[k:], zwnjStr) {
				k += len(zwnjStr)
			}
			if k < len(text) {
				if r2, _ := utf8.DecodeRuneInString(text[k:]); isLetterFa(r2) {
					j, zw = k, true
					continue
				}
			}
		}
		break
	}
	return j, zw
}

// isNumberSep reports whether r may join two digit groups inside one number.
func isNumberSep(r rune) bool {
	switch r {
	case '.', ',', '٫', '٬', '/', ':', '،', '-':
		return true
	}
	return false
}

// scanNumber scans digits and the separators between them: 45.5, ۴۹٬۵۰۰, ۱۴۰۲/۰۷/۱۲, 12:30.
func scanNumber(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isDigit(r) {
			j += size
			continue
		}
		if isNumberSep(r) && j+size < len(text) {
			if r2, _ := utf8.DecodeRuneInString(text[j+size:]); isDigit(r2) {
				j += size
				continue
			}
		}
		break
	}
	return j
}

// scanHashtag scans the body of a hashtag that starts at j; it returns j when there is none.
func scanHashtag(text string, j int) int {
	k := j
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if isLetterFa(r) || isMark(r) || isDigit(r) || r == '_' || unicode.IsLetter(r) {
			k += size
			continue
		}
		if r == zwnj && k > j && k+size < len(text) {
			if r2, _ := utf8.DecodeRuneInString(text[k+size:]); isLetterFa(r2) {
				k += size
				continue
			}
		}
		break
	}
	return k
}

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isLatinPart reports whether r may continue a Latin word.
func isLatinPart(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r)) || r == '_'
	}
	return !isLetterFa(r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r))
}

// scanLatin scans a Latin (non-Arabic-script) word: letters, digits, and internal . - ' when a letter follows;
// an @ followed by a domain makes it an e-mail address.
func scanLatin(text string, i int) (int, TokenKind) {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isLatinPart(r) || isDigit(r) && r < utf8.RuneSelf {
			j += size
			continue
		}
		if (r == '.' || r == '-' || r == '\'' || r == '+') && j+1 < len(text) {
			if r2, _ := utf8.DecodeRuneInString(text[j+1:]); isLatinPart(r2) || r2 >= '0' && r2 <= '9' {
				j++
				continue
			}
		}
		if r == '@' && j > i {
			if e := scanDomain(text, j+1); e > j+1 {
				return e, Email
			}
		}
		break
	}
	return j, Latin
}

// scanDomain scans a domain name (letters, digits, - and internal dots) starting at j.
func scanDomain(text string, j int) int {
	k := j
	for k < len(text) {
		c := text[k]
		if isASCIIAlnum(c) || c == '-' || c == '_' {
			k++
			continue
		}
		if c == '.' && k > j && k+1 < len(text) && isASCIIAlnum(text[k+1]) {
			k++
			continue
		}
		break
	}
	return k
}
