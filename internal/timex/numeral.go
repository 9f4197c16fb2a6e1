package timex

import (
	"fmt"
	"strings"
)

// digitsValue parses a run of ASCII, Persian or Arabic-Indic digits; ok is false for anything else or more than
// nine digits.
func digitsValue(s string) (n, width int, ok bool) {
	for _, r := range s {
		var d int
		switch {
		case r >= '0' && r <= '9':
			d = int(r - '0')
		case r >= '۰' && r <= '۹':
			d = int(r - '۰')
		case r >= '٠' && r <= '٩':
			d = int(r - '٠')
		default:
			return 0, 0, false
		}
		n = n*10 + d
		width++
		if width > 9 {
			return 0, 0, false
		}
	}
	return n, width, width > 0
}

// numberParser accumulates Persian number words in order: بیست و چهار هزار و پانصد.
type numberParser struct {
	total, current int
	last           string // class of the previous word
	ordinal        bool
	words          int
}

// add takes one word; it reports false when the word cannot continue the number.
func (p *numberParser) add(w numWord) bool {
	if p.ordinal { // an ordinal ends a number
		return false
	}
	switch w.class {
	case "scale":
		if p.last == "scale" && p.current == 0 {
			return false
		}
		if p.current == 0 {
			p.current = 1
		}
		if p.current >= w.value {
			return false
		}
		p.total += p.current * w.value
		p.current = 0
	case "hundred":
		if p.current != 0 {
			return false
		}
		p.current = w.value
	case "ten", "teen":
		if p.current%100 != 0 {
			return false
		}
		p.current += w.value
	default: // unit
		if p.current%10 != 0 || p.last == "teen" {
			return false
		}
		p.current += w.value
	}
	p.last = w.class
	p.ordinal = w.ordinal
	p.words++
	return true
}

func (p *numberParser) value() int { return p.total + p.current }

// ParseNumber parses a Persian number written in digits (Persian, Arabic-Indic or ASCII, optionally with the
// ordinal suffix م/ام/مین) or in words, cardinal or ordinal: "بیست و چهارم" → 24, "هزار و چهارصد و چهار" → 1404,
// "دو هزار و بیست و پنج" → 2025.
func ParseNumber(s string) (int, error) {
	n, _, err := ParseNumeral(s)
	return n, err
}

// ParseNumeral is ParseNumber that also reports whether the number was written as an ordinal (چهارم، ۲۴ام).
func ParseNumeral(s string) (n int, ordinal bool, err error) {
	lex, err := loadLexicon()
	if err != nil {
		return 0, false, err
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, false, fmt.Errorf("parse number %q: empty", s)
	}
	k := foldKey(strings.ReplaceAll(t, " ", ""))
	for _, suf := range []string{"امین", "مین", "ام", "م"} {
		if d := strings.TrimSuffix(k, suf); d != k {
			if v, _, ok := digitsValue(d); ok {
				return v, true, nil
			}
		}
	}
	if v, _, ok := digitsValue(k); ok {
		return v, false, nil
	}
	var p numberParser
	var fields []string
	for _, f := range strings.Fields(t) {
		if _, ok := lex.numbers[foldKey(f)]; ok || !strings.Contains(f, "\u200c") {
			fields = append(fields, f)
			continue
		}
		for _, part := range strings.Split(f, "\u200c") { // بیست‌وچهارم
			if rest, ok := strings.CutPrefix(part, "و"); ok && rest != "" {
				fields = append(fields, "و", rest)
			} else if part != "" {
				fields = append(fields, part)
			}
		}
	}
	expectWord := true
	for i, f := range fields {
		fk := foldKey(f)
		if fk == "و" {
			if expectWord || i == len(fields)-1 {
				return 0, false, fmt.Errorf("parse number %q: misplaced و", s)
			}
			expectWord = true
			continue
		}
		w, ok := lex.numbers[fk]
		if !ok {
			return 0, false, fmt.Errorf("parse number %q: %q is not a number word", s, f)
		}
		if !expectWord && w.class != "scale" && p.last != "hundred" {
			return 0, false, fmt.Errorf("parse number %q: missing و before %q", s, f)
		}
		if !p.add(w) {
			return 0, false, fmt.Errorf("parse number %q: %q cannot follow the words before it", s, f)
		}
		expectWord = false
	}
	if p.words == 0 {
		return 0, false, fmt.Errorf("parse number %q: no number words", s)
	}
	return p.value(), p.ordinal, nil
}
