package search

import (
	"strings"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/persian"
)

// Search keys come from the persian package (persian.Key: ZWNJ-, space- and fusion-insensitive, Arabic
// letters and digits folded, light stemming). This file adds what a positional index needs on top of
// persian.IndexKeys: tokens with byte offsets for snippets, and the word keys kept apart from compound-part and
// adjacent-pair keys so that phrase positions hold.

const zwnj = '\u200c'

// Key returns the search key of one word (persian.Key): every spelling of a word gets the same key; the empty
// string means the word has no key.
func Key(word string) string { return persian.Key(word) }

// PrefixKey returns the key of a word prefix typed before '*'.
func PrefixKey(word string) string { return persian.Key(word) }

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
	// Joined is true when the token follows the previous one across spaces only, so that their
	// concatenation is a possible spelling of one compound.
	Joined bool
	Word   bool // a word (not a number, Latin word, URL, …): only words form compounds
}

// indexable reports whether a token kind gets a search key.
func indexable(k persian.TokenKind) bool {
	switch k {
	case persian.Word, persian.Number, persian.Latin, persian.Hashtag, persian.Email, persian.URL:
		return true
	}
	return false
}

// Tokens splits text into its indexable tokens (persian.Tokenize) with their keys and byte offsets into text.
// Tokens with no key are skipped.
func Tokens(text string) []Token { return tokens(text, Key) }

func tokens(text string, key func(string) string) []Token {
	var toks []Token
	prevEnd := -1
	for _, pt := range persian.Tokenize(text) {
		if !indexable(pt.Kind) {
			continue
		}
		k := key(pt.Text)
		if k == "" {
			continue
		}
		t := Token{Start: pt.Start, End: pt.End, Key: k, Word: pt.Kind == persian.Word}
		t.Joined = prevEnd >= 0 && blank(text[prevEnd:pt.Start])
		if t.Word && strings.ContainsRune(pt.Text, zwnj) {
			t.Parts = compoundParts(pt.Text, k)
		}
		toks = append(toks, t)
		prevEnd = pt.End
	}
	return toks
}

// blank reports whether the gap between two tokens is spaces only (no punctuation, no line break).
func blank(gap string) bool {
	for _, r := range gap {
		if r != ' ' && r != '\t' && r != '\u00a0' && r != zwnj {
			return false
		}
	}
	return true
}

func compoundParts(w, whole string) []string {
	var parts []string
	for _, p := range strings.Split(w, string(zwnj)) {
		if affixes[p] || utf8.RuneCountInString(p) < 2 {
			continue
		}
		if k := Key(p); k != "" && k != whole {
			parts = append(parts, k)
		}
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// PairKey returns the key of two adjacent words written as one: the compound spelling that fused and ZWNJ
// forms produce; "" when the two are never one word (see pairable).
func PairKey(a, b string) string {
	if !pairable(a, b) {
		return ""
	}
	return persian.PairKey(a, b)
}

// pairable reports whether two adjacent words may be one word written apart. The conjunction و never is:
// Persian writes it as a word of its own, and its compounds (گفت‌وگو، رفت‌وآمد) are three words apart, which
// the normaliser joins from the lexicon. Pairing it made "و زیر" a match for وزیر, "باز و" for بازو and the
// query "کوه و رود" a search for کوه ورود.
func pairable(a, b string) bool { return a != "و" && b != "و" }

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
func IndexKeys(text string) Keys { return indexKeys(text, Key, persian.PairKey) }

// indexKeys returns the keys of text, words keyed by key and adjacent pairs that are pairable by pairKey.
func indexKeys(text string, key func(string) string, pairKey func(a, b string) string) Keys {
	toks := tokens(text, key)
	ks := Keys{Words: make([]string, 0, len(toks)+len(toks)/8)}
	for i, t := range toks {
		if i > 0 && !t.Joined {
			ks.Words = append(ks.Words, Break)
		}
		ks.Words = append(ks.Words, t.Key)
		ks.Extra = append(ks.Extra, t.Parts...)
		if i > 0 && t.Joined && t.Word && toks[i-1].Word {
			if a, b := text[toks[i-1].Start:toks[i-1].End], text[t.Start:t.End]; pairable(a, b) {
				ks.Extra = append(ks.Extra, pairKey(a, b))
			}
		}
	}
	return ks
}

// Indexer computes index keys with a cache of word keys, for ingesting many articles: news vocabulary is
// Zipfian, so most words repeat. It is not safe for concurrent use; use one per goroutine or batch.
type Indexer struct {
	cache map[string]string // word keys
	pairs map[string]string // keys of adjacent pairs: far more of them are new, so they get their own cache
}

// maxCache and maxPairCache bound the Indexer's caches; a cache is cleared when full. Frequent word pairs fit in
// the smaller one; most pairs are seen once, and a larger cache only held them (an ingest keeps one Indexer per
// core).
const (
	maxCache     = 1 << 17
	maxPairCache = 1 << 14
)

// NewIndexer returns an Indexer with empty caches.
func NewIndexer() *Indexer {
	return &Indexer{cache: make(map[string]string, 1024), pairs: make(map[string]string, 1024)}
}

// Key returns Key(word), cached.
func (x *Indexer) Key(word string) string { return cached(x.cache, maxCache, word) }

// cached returns Key(s) from cache, which it clears when it holds max keys.
func cached(cache map[string]string, max int, s string) string {
	if k, ok := cache[s]; ok {
		return k
	}
	k := Key(s)
	if len(cache) >= max {
		clear(cache)
	}
	cache[s] = k
	return k
}

// IndexKeys returns IndexKeys(text), with cached word and pair keys. A pair whose key its letters give
// (persian.LetterKey, most of them) skips the cache, which keeps the pairs that need the analyser.
func (x *Indexer) IndexKeys(text string) Keys {
	return indexKeys(text, x.Key, func(a, b string) string {
		w := a + b
		if k, ok := persian.LetterKey(w); ok {
			return k
		}
		return cached(x.pairs, maxPairCache, w)
	})
}
