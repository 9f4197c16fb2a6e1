package persian

import (
	"unicode/utf8"
)

// Sentences splits normalised text into sentences. A sentence ends at ؟ ! ? or a full stop that is followed by white
// space or the end of the text (not a decimal point, URL or domain), after closing quotes and brackets that follow
// it, and at every line break. An ellipsis ends a sentence only when the next word starts a new line or follows
// white space and an opening quote or a capital letter, and a full stop after a single letter (an initial or an
// abbreviation such as U.S. or ج.ا.) does not end one. Offsets are byte offsets into text; white space between
// sentences belongs to none.
func Sentences(text string) []Sentence {
	var out []Sentence
	start := -1
	emit := func(end int) {
		if start >= 0 && end > start {
			out = append(out, Sentence{Start: start, End: end})
		}
		start = -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' || r == '\r' || r == 0x2029 || r == 0x2028 {
			emit(trimEnd(text, start, i))
			i += size
			continue
		}
		if start < 0 {
			if r == ' ' || isSpace(r) || r == zwnj {
				i += size
				continue
			}
			start = i
		}
		j := i + size
		switch r {
		case '؟', '?', '!', '…':
			j = skipRun(text, j)
			j = skipClosers(text, j)
			if atBoundary(text, j) {
				emit(j)
			}
			i = j
			continue
		case '.':
			if j < len(text) && text[j] == '.' { // ellipsis
				j = skipRun(text, j)
				j = skipClosers(text, j)
				if atBoundary(text, j) && !lowerLatinNext(text, j) {
					emit(j)
				}
				i = j
				continue
			}
			if isAbbrev(text, start, i) {
				i = j
				continue
			}
			j = skipClosers(text, j)
			if atBoundary(text, j) {
				emit(j)
			}
			i = j
			continue
		}
		i = j
	}
	emit(trimEnd(text, start, len(text)))
	return out
}

// trimEnd moves end back over trailing white space, never before start.
func trimEnd(text string, start, end int) int {
	if start < 0 {
		return end
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[:end])
		if r != ' ' && !isSpace(r) && r != zwnj {
			break
		}
		end -= size
	}
	return end
}

// skipRun skips further terminal punctuation (?!, ...).
func skipRun(text string, j int) int {
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r != '.' && r != '!' && r != '?' && r != '؟' && r != '…' {
			break
		}
		j += size
	}
	return j
}

// skipClosers skips closing quotes and brackets.
func skipClosers(text string, j int) int {
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r != '»' && r != '"' && r != ')' && r != ']' && r != '\'' && r != '”' && r != '’' {
			break
		}
		j += size
	}
	return j
}

// atBoundary reports whether position j is the end of text or white space.
func atBoundary(text string, j int) bool {
	if j >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	return r == ' ' || r == '\n' || r == '\r' || isSpace(r)
}

// lowerLatinNext reports whether the first word after the white space at j starts with a lower-case Latin letter.
func lowerLatinNext(text string, j int) bool {
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return j < len(text) && text[j] >= 'a' && text[j] <= 'z'
}

// isAbbrev reports whether the full stop at i follows a single letter that is itself preceded by white space, a
// full stop or the start of the sentence (U.S., ج.ا.ا.).
func isAbbrev(text string, start, i int) bool {
	if i <= start {
		return false
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if !(isLetterFa(r) || r < utf8.RuneSelf && isASCIIAlnum(byte(r)) && !(r >= '0' && r <= '9')) {
		return false
	}
	k := i - size
	if k <= start {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(text[:k])
	return p == ' ' || p == '.' || isSpace(p) || p == '(' || p == '«'
}
