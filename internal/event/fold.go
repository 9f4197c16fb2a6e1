package event

import (
	"strings"
	"unicode"
)

// fold maps a word to its matching key: without ZWNJ, tatweel and diacritics, Arabic letter forms folded to Persian,
// hamza carriers to their base letter.
func fold(s string) string {
	clean := true
	for _, r := range s {
		if foldRune(r) != r {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '\u200c', '\u200d', '\u0640', '\u200f', '\u200e':
			continue
		case 'ي', 'ى', 'ئ':
			r = 'ی'
		case 'ك':
			r = 'ک'
		case 'أ', 'إ', 'ٱ':
			r = 'ا'
		case 'ؤ':
			r = 'و'
		case 'ة', 'ۀ':
			r = 'ه'
		}
		if isMark(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRune returns r when fold keeps it as it is, and -1 otherwise.
func foldRune(r rune) rune {
	switch r {
	case '\u200c', '\u200d', '\u0640', '\u200f', '\u200e', 'ي', 'ى', 'ئ', 'ك', 'أ', 'إ', 'ٱ', 'ؤ', 'ة', 'ۀ':
		return -1
	}
	if isMark(r) {
		return -1
	}
	return r
}

// isMark reports whether r is a combining mark (harakat and other diacritics).
func isMark(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x06D6 && r <= 0x06ED, r >= 0x0300 && r <= 0x036F:
		return true
	case r < 0x0800:
		return false
	}
	return unicode.Is(unicode.Mn, r)
}

// foldWords splits a phrase into folded words.
func foldWords(s string) []string {
	f := strings.Fields(s)
	out := f[:0]
	for _, w := range f {
		if w = fold(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// nounSuffixes are the endings an event noun may carry inside its token (folded): ezafe, indefinite, plural,
// possessive.
var nounSuffixes = map[string]bool{
	"": true, "ی": true, "ای": true, "یی": true, "ها": true, "های": true, "هایی": true, "ات": true, "اتی": true,
	"ان": true, "ش": true, "اش": true, "شان": true, "هاش": true, "هایش": true, "هایشان": true,
}

// wordMatch reports whether a folded token is word with a noun ending.
func wordMatch(tok, word string) bool {
	if !strings.HasPrefix(tok, word) {
		return false
	}
	return nounSuffixes[tok[len(word):]]
}

var pastEndings = map[string]bool{"": true, "م": true, "ی": true, "یم": true, "ید": true, "ند": true}
var presEndings = map[string]bool{"م": true, "ی": true, "د": true, "یم": true, "ید": true, "ند": true,
	"یم‌": true, "ید‌": true, "یند": true}

// participle endings: the participle, alone or with a fused auxiliary (کرده‌اند → کردهاند).
var partEndings = map[string]bool{"ه": true, "هام": true, "های": true, "هایم": true, "هاید": true, "هاند": true,
	"هاست": true, "هایم‌": true}

// verbForm is a conjugated verb token.
type verbForm struct {
	neg        bool
	participle bool // past participle (کرده), perhaps with a fused auxiliary
	fusedAux   bool // کرده‌اند
	present    bool
}

// conjugated reports whether a folded token is a form of v.
func conjugated(tok string, v *verb) (verbForm, bool) {
	for _, pre := range [...]string{"", "ن", "نمی", "می", "ب", "نی"} {
		if !strings.HasPrefix(tok, pre) {
			continue
		}
		rest := tok[len(pre):]
		neg := pre == "ن" || pre == "نمی" || pre == "نی"
		if strings.HasPrefix(rest, v.past) {
			end := rest[len(v.past):]
			if pre != "می" && pre != "نمی" && pre != "ب" && pre != "نی" && partEndings[end] {
				return verbForm{neg: neg, participle: true, fusedAux: end != "ه"}, true
			}
			if pastEndings[end] && pre != "ب" && pre != "نی" {
				return verbForm{neg: neg}, true
			}
		}
		if v.pres != "" && strings.HasPrefix(rest, v.pres) && pre != "" {
			end := rest[len(v.pres):]
			if presEndings[end] || (end == "" && pre == "ب") {
				return verbForm{neg: neg, present: true}, true
			}
		}
		if v.pres != "" && pre == "" && strings.HasPrefix(rest, v.pres) && v.pres != v.past {
			// Subjunctive or present without prefix after a modal (باید کرد is rare; کند, کنند are common).
			end := rest[len(v.pres):]
			vowel := strings.HasSuffix(v.pres, "ا") || strings.HasSuffix(v.pres, "و")
			if end == "د" || end == "ند" || (vowel && (end == "ید" || end == "یند")) {
				return verbForm{present: true}, true
			}
		}
	}
	return verbForm{}, false
}
