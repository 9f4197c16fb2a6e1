package persian

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// stemChains are the suffixes the stemmer removes when they stand after a ZWNJ or after a known stem:
// plural, comparative and clitic endings. Plain ی, ان and ات are kept (ایرانی، ایران، تبلیغات stay whole).
var stemChains = map[string]bool{
	"ها": true, "های": true, "هایی": true, "هایم": true, "هایت": true, "هایش": true, "هایمان": true, "هایتان": true,
	"هایشان": true, "تر": true, "ترین": true, "تری": true, "ای": true, "ی": true, "ام": true, "ات": true, "اش": true,
	"مان": true, "تان": true, "شان": true, "اند": true, "ایم": true, "اید": true,
}

// Stem returns a light stem of one word for search: the display form (ZWNJs restored) without its plural,
// comparative and clitic suffixes (تماس‌ها→تماس، بزرگ‌ترین→بزرگ، کتاب‌هایشان→کتاب). It does not over-stem: a
// suffix is only removed after a ZWNJ, or fused after a non-joining letter (کارها→کار) when the stem is known, so
// ایران، علی، تلاش and ایرانی stay whole. Verbs keep their prefixes.
func Stem(word string) string {
	n := defaultNormalizer()
	return n.stem(string(n.an.repair(strings.TrimSpace(string(foldText(nil, word, false))), nil)))
}

func (n *Normalizer) stem(w string) string {
	for range 2 {
		i := strings.LastIndex(w, zwnjStr)
		if i <= 0 {
			break
		}
		tail := w[i+len(zwnjStr):]
		if !stemChains[tail] {
			break
		}
		w = w[:i]
	}
	if !hasZWNJ(w) {
		for _, c := range haChains {
			if st, ok := strings.CutSuffix(w, c); ok && st != "" && nonJoining(lastRune(st)) {
				if _, known := n.an.lx.words[st]; known {
					return st
				}
			}
		}
	}
	return w
}

// Key returns the search key of one word: the same whether it is written with ZWNJ, fused or spaced (نخست‌وزیر،
// نخستوزیر → نخستوزیر), Arabic letters folded, diacritics removed, digits in ASCII (۴۵٫۵ → 45.5, ۴۹٬۵۰۰ →
// 49500), Latin in lower case, light-stemmed (تماس‌ها → تماس) and without ZWNJ.
func Key(word string) string {
	return defaultNormalizer().key(strings.TrimSpace(string(foldText(nil, word, false))))
}

func (n *Normalizer) key(w string) string { return n.keyOf(w, false) }

// PairKey returns Key(a + b), the key of two adjacent words written as one, which every adjacent pair of an
// indexed text gets. Most pairs are read no further than their letters: a pair of plain letters (and ZWNJs) that
// ends in no suffix the stemmer removes has for key its letters without ZWNJ, whatever ZWNJs the repair would
// put in (the repair never changes a letter, and the stemmer cuts only such a suffix). The rest take Key.
func PairKey(a, b string) string {
	w := a + b
	if k, ok := LetterKey(w); ok {
		return k
	}
	return Key(w)
}

// LetterKey returns Key(w) when it can be read from w's letters alone: w is a Persian word of plain letters (and
// ZWNJs inside) that ends in no suffix the stemmer removes, and its key is its letters without ZWNJ. ok is false
// for anything else (a mark, a digit, a letter folding changes, such a suffix): that takes Key.
func LetterKey(w string) (string, bool) {
	if w == "" {
		return "", false
	}
	zw := false
	for i := 0; i < len(w); {
		if c := w[i]; c >= 0xD8 && c <= 0xDB && i+1 < len(w) && w[i+1]&0xC0 == 0x80 { // the two bytes of U+0600..U+06FF
			if r := rune(c&0x1F)<<6 | rune(w[i+1]&0x3F); isPlainLetter(r) {
				i += 2
				continue
			}
			return "", false
		}
		if !strings.HasPrefix(w[i:], zwnjStr) || i == 0 {
			return "", false
		}
		zw = true
		i += len(zwnjStr)
	}
	k := w
	if zw {
		k = strings.ReplaceAll(w, zwnjStr, "")
	}
	for _, c := range stemChainList {
		if strings.HasSuffix(k, c) {
			return "", false
		}
	}
	return k, true
}

// stemChainList holds the suffixes of stemChains, for a loop faster than a map's.
var stemChainList = slices.Sorted(maps.Keys(stemChains))

// keyOf returns the key of w; normalized says w is a token of normalised text, so it needs no repair.
func (n *Normalizer) keyOf(w string, normalized bool) string {
	if w == "" {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case isDigit(r):
		return numberKey(w)
	case isLetterFa(r):
		if strings.ContainsRune(w, ' ') {
			w = string(n.Append(nil, w))
			w = strings.ReplaceAll(w, " ", "")
		}
		if !normalized {
			w = string(n.an.repair(w, nil))
		}
		st := n.stem(w)
		if !hasZWNJ(st) {
			return st
		}
		return strings.ReplaceAll(st, zwnjStr, "")
	default:
		return strings.ToLower(strings.ReplaceAll(w, zwnjStr, ""))
	}
}

// numberKey writes a number in ASCII digits with '.' for the decimal point and no thousands separators.
func numberKey(w string) string {
	var b strings.Builder
	commas, dots := strings.Count(w, ",")+strings.Count(w, "٬"), strings.Count(w, ".")+strings.Count(w, "٫")
	for _, r := range w {
		switch {
		case isDigit(r):
			b.WriteByte(byte('0' + digitValue(r)))
		case r == '٫':
			b.WriteByte('.')
		case r == ',' || r == '٬':
			if commas > 0 && dots == 0 && groupsOfThree(w) {
				continue
			}
			b.WriteByte(',')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// indexable reports whether a token kind gets search keys.
func indexable(k TokenKind) bool {
	return k == Word || k == Number || k == Latin || k == Hashtag || k == Email || k == URL
}

// IndexKeys returns the search keys to index for a text, in text order. The scheme: the text is normalised (so
// fused, spaced and ZWNJ spellings of known words and affixes become one display form), then
//   - every word, number, Latin word, hashtag, URL and e-mail gives its Key;
//   - every Persian word with ZWNJs also gives the Key of each part that is not an affix or verb prefix
//     (نخست‌وزیر → نخستوزیر, نخست, وزیر), so a query for وزیر finds it; no part is stop-listed;
//   - every pair of adjacent Persian words (separated by white space only) also gives the Key of their
//     concatenation (ابر قدرت → ابرقدرت), so a fused query meets a spaced unknown compound.
//
// Query with QueryKeys, which produces keys in the same way.
func IndexKeys(text string) []string {
	n := defaultNormalizer()
	norm := n.String(text)
	toks := Tokenize(norm)
	keys := make([]string, 0, len(toks)*2)
	for i, t := range toks {
		if !indexable(t.Kind) {
			continue
		}
		k := n.keyOf(t.Text, true)
		if k == "" {
			continue
		}
		keys = append(keys, k)
		if t.Kind != Word {
			continue
		}
		if hasZWNJ(t.Text) {
			for _, p := range n.parts(t.Text) {
				if pk := n.keyOf(p, true); pk != "" && pk != k {
					keys = append(keys, pk)
				}
			}
		}
		if i+1 < len(toks) && toks[i+1].Kind == Word && isSingleSpace(norm[t.End:toks[i+1].Start]) {
			keys = append(keys, k+n.keyOf(toks[i+1].Text, true))
		}
	}
	return keys
}

// parts returns the lexical parts of a ZWNJ word: its ZWNJ-separated pieces without affixes and verb prefixes.
func (n *Normalizer) parts(w string) []string {
	var out []string
	for p := range strings.SplitSeq(w, zwnjStr) {
		if stemChains[p] || p == "می" || p == "نمی" || utf8.RuneCountInString(p) < 2 {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// QueryKeys returns the keys of a search query as alternatives: a document matches when it has every key of at
// least one alternative. The first alternative has one Key per query word; each further alternative replaces one
// pair of adjacent Persian words with the Key of their concatenation (ابر قدرت → ابرقدرت), so a spaced query meets
// a fused unknown compound. Known compounds and affixes are already joined by normalisation (نخست وزیر is one
// key), and because IndexKeys indexes compound parts, وزیر alone finds نخست‌وزیر.
func QueryKeys(text string) [][]string {
	n := defaultNormalizer()
	norm := n.String(text)
	toks := Tokenize(norm)
	var base []string
	var isWord []bool
	var joinable []bool
	for i, t := range toks {
		if !indexable(t.Kind) {
			continue
		}
		k := n.key(t.Text)
		if k == "" {
			continue
		}
		base = append(base, k)
		isWord = append(isWord, t.Kind == Word)
		joinable = append(joinable, t.Kind == Word && i+1 < len(toks) && toks[i+1].Kind == Word &&
			isSingleSpace(norm[t.End:toks[i+1].Start]))
	}
	if len(base) == 0 {
		return nil
	}
	out := [][]string{base}
	for i := 0; i+1 < len(base); i++ {
		if !joinable[i] || !isWord[i+1] {
			continue
		}
		alt := make([]string, 0, len(base)-1)
		alt = append(alt, base[:i]...)
		alt = append(alt, base[i]+base[i+1])
		alt = append(alt, base[i+2:]...)
		out = append(out, alt)
	}
	return out
}

var _ = unicode.IsLetter
