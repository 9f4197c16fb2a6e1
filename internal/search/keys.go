package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds a temporary private copy of the search-key functions that internal/persian will export
// (Key, IndexKeys, QueryKeys).
// TODO(search): switch Key and the tokeniser to persian.Key / persian.IndexKeys once they land; keep the
// Words/Extra split (the store needs word keys apart from part and pair keys for phrase positions).

const zwnj = '\u200c'

// Key returns the search key of one word: ZWNJ, diacritics and tatweel removed, Arabic letter variants and
// digits folded, Latin lower-cased, and a plural suffix stripped. Every spelling of a word gets the same key;
// the empty string means the word has no key.
func Key(word string) string { return key(word, true) }

// PrefixKey returns the key of a word prefix: folded like Key but never stemmed.
func PrefixKey(word string) string { return key(word, false) }

func key(word string, stem bool) string {
	var b strings.Builder
	b.Grow(len(word))
	hadZWNJ := false
	for _, r := range word {
		if r == zwnj {
			hadZWNJ = true
		}
		if r = foldRune(r); r != 0 {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if stem {
		k = stemKey(k, hadZWNJ || len(word) > 0)
	}
	return k
}

// foldRune maps a rune to its key form, or 0 when the rune is dropped.
func foldRune(r rune) rune {
	switch {
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z':
		return r
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	}
	switch r {
	case 'ي', 'ى', 'ئ', 'ۍ', 'ې':
		return 'ی'
	case 'ك', 'ڪ':
		return 'ک'
	case 'ة', 'ۀ', 'ہ', 'ە', 'ھ':
		return 'ه'
	case 'أ', 'إ', 'ٱ', 'آ':
		return 'ا'
	case 'ؤ':
		return 'و'
	case 'ـ':
		return 0
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return unicode.ToLower(r)
	}
	return 0 // ZWNJ, ZWJ, diacritics, format characters, punctuation
}

// pluralSuffixes are stripped from the end of a key when at least minStem runes remain.
var pluralSuffixes = []string{"هایی", "های", "ها"}

const minStem = 3

func stemKey(k string, _ bool) string {
	for _, s := range pluralSuffixes {
		if strings.HasSuffix(k, s) && utf8.RuneCountInString(k)-utf8.RuneCountInString(s) >= minStem {
			return k[:len(k)-len(s)]
		}
	}
	return k
}

// affixes are ZWNJ-joined parts that are not words of their own: they are never indexed as compound parts.
var affixes = map[string]bool{
	"ها": true, "های": true, "هایی": true, "می": true, "نمی": true, "ی": true, "ای": true, "یی": true,
	"تر": true, "ترین": true, "ام": true, "ات": true, "اش": true, "مان": true, "تان": true, "شان": true,
	"اند": true, "ایم": true, "اید": true, "است": true,
}

// Token is one word of a text with its byte offsets [Start, End) and its search keys.
type Token struct {
	Start, End int
	Key        string   // the key of the whole word
	Parts      []string // keys of the parts of a ZWNJ compound (two or more), nil otherwise
	// Joined is true when the token follows the previous one across whitespace only, so that their
	// concatenation is a possible spelling of one compound.
	Joined bool
}

// isWordRune reports whether r belongs inside a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == zwnj || r == '\u200d' || unicode.Is(unicode.Mn, r) || r == 'ـ'
}

// Tokens splits text into words with their keys. Words with no key (only marks) are skipped.
func Tokens(text string) []Token {
	var toks []Token
	start := -1
	gapSpace := false // everything since the previous token was whitespace
	prevEnd := -1
	flush := func(end int) {
		w := text[start:end]
		k := Key(w)
		if k == "" {
			start = -1
			return
		}
		t := Token{Start: start, End: end, Key: k, Joined: prevEnd >= 0 && gapSpace}
		if strings.ContainsRune(w, zwnj) {
			t.Parts = compoundParts(w)
		}
		toks = append(toks, t)
		prevEnd = end
		gapSpace = true
		start = -1
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
		if !unicode.IsSpace(r) {
			gapSpace = false
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	return toks
}

func compoundParts(w string) []string {
	var parts []string
	for _, p := range strings.Split(w, string(zwnj)) {
		k := Key(p)
		if k == "" || affixes[PrefixKey(p)] {
			continue
		}
		parts = append(parts, k)
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// PairKey returns the key of two adjacent words written as one: the compound spelling that fused and ZWNJ
// forms produce.
func PairKey(a, b string) string { return Key(a + b) }

// Break is the reserved key written between two words separated by punctuation, so that a phrase never
// matches across a comma or a sentence end. No word has it as a key.
const Break = "·"

// Keys are the search keys of a text, in two streams.
type Keys struct {
	// Words holds one key per word, in text order, so that phrase positions hold, with Break between words
	// that punctuation separates.
	Words []string
	// Extra holds the parts of ZWNJ compounds and the keys of adjacent word pairs, so that fused, spaced and
	// ZWNJ spellings of a compound meet.
	Extra []string
}

// IndexKeys returns the search keys of a text.
func IndexKeys(text string) Keys {
	toks := Tokens(text)
	ks := Keys{Words: make([]string, 0, len(toks))}
	for i, t := range toks {
		if i > 0 && !t.Joined {
			ks.Words = append(ks.Words, Break)
		}
		ks.Words = append(ks.Words, t.Key)
		ks.Extra = append(ks.Extra, t.Parts...)
		if i > 0 && t.Joined {
			ks.Extra = append(ks.Extra, PairKey(text[toks[i-1].Start:toks[i-1].End], text[t.Start:t.End]))
		}
	}
	return ks
}
