package search

import (
	"strings"
	"unicode/utf8"
)

// Range is a byte range [Start, End).
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Snippet is a passage cut from a field's normalised text, with the byte ranges of the matched words.
type Snippet struct {
	Field      string  `json:"field"`      // "title" or "body"
	Text       string  `json:"text"`       // the passage: a substring of the field text, cut at word boundaries
	Start      int     `json:"start"`      // byte offset of Text in the field text
	Highlights []Range `json:"highlights"` // byte ranges in Text
}

// Highlighted renders the snippet with each highlight wrapped in open and close, for terminals and tests.
func (s Snippet) Highlighted(open, close string) string {
	var b strings.Builder
	at := 0
	for _, h := range s.Highlights {
		b.WriteString(s.Text[at:h.Start])
		b.WriteString(open)
		b.WriteString(s.Text[h.Start:h.End])
		b.WriteString(close)
		at = h.End
	}
	b.WriteString(s.Text[at:])
	return b.String()
}

// Matcher says which words of a text a query matched, by key. It caches word keys, so it is not safe for
// concurrent use: make one per search.
type Matcher struct {
	exact    map[string]bool
	prefixes []string
	ix       *Indexer
	firsts   map[rune]bool // the first letters of the exact keys
}

// NewMatcher collects the positive keys of a query's text node (exclusions are not highlighted).
func NewMatcher(n Node) *Matcher {
	m := &Matcher{exact: map[string]bool{}, ix: NewIndexer(), firsts: map[rune]bool{}}
	m.add(n)
	for k := range m.exact {
		r, _ := utf8.DecodeRuneInString(k)
		m.firsts[r] = true
	}
	return m
}

// mayPair reports whether the pair key of a word with key prev and the next word can be an exact key. A key
// only folds and strips a word, so the pair's key starts with the first letter of prev's: the pair key (a
// normalisation of every adjacent pair, most of them new to the key cache) is computed only when some exact
// key starts with it.
func (m *Matcher) mayPair(prev string) bool {
	if prev == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(prev)
	return m.firsts[r]
}

func (m *Matcher) add(n Node) {
	switch n := n.(type) {
	case *Term:
		if n.Prefix {
			m.prefixes = append(m.prefixes, n.Key)
		} else {
			m.exact[n.Key] = true
		}
	case *Phrase:
		for _, k := range n.Keys {
			m.exact[k] = true
		}
		if k := n.PairKey(); k != "" {
			m.exact[k] = true
		}
		for _, k := range n.Joined {
			m.exact[k] = true
		}
		for _, k := range n.Split {
			m.exact[k] = true
		}
	case *And:
		for _, c := range n.Nodes {
			m.add(c)
		}
	case *Or:
		for _, c := range n.Nodes {
			m.add(c)
		}
	}
}

// Empty reports whether the matcher has no key.
func (m *Matcher) Empty() bool { return len(m.exact) == 0 && len(m.prefixes) == 0 }

func (m *Matcher) match(k string) bool {
	if m.exact[k] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// Ranges returns the byte ranges of the words of text that the matcher matches: whole words (ZWNJ
// compounds included) for a word or compound-part match, and both words of a spaced compound whose pair key
// matches. Ranges separated by spaces only are merged, so a matched phrase is one range.
func (m *Matcher) Ranges(text string) []Range {
	toks := tokens(text, m.ix.Key)
	var out []Range
	add := func(r Range) {
		if n := len(out); n > 0 && (r.Start <= out[n-1].End || blank(text[out[n-1].End:r.Start])) {
			if r.End > out[n-1].End {
				out[n-1].End = r.End
			}
			return
		}
		out = append(out, r)
	}
	for i, t := range toks {
		hit := m.match(t.Key)
		for _, p := range t.Parts {
			hit = hit || m.exact[p]
		}
		if i > 0 && t.Joined && m.mayPair(toks[i-1].Key) {
			prev := toks[i-1]
			if m.exact[m.ix.Key(text[prev.Start:prev.End]+text[t.Start:t.End])] {
				add(Range{prev.Start, t.End})
				continue
			}
		}
		if hit {
			add(Range{t.Start, t.End})
		}
	}
	return out
}

// DefaultSnippetRunes is the default length of a snippet in characters.
const DefaultSnippetRunes = 200

// MakeSnippet cuts a passage of at most maxRunes characters from text around the densest cluster of matches,
// at word boundaries, with highlight ranges relative to the passage.
func MakeSnippet(field, text string, m *Matcher, maxRunes int) Snippet {
	if maxRunes <= 0 {
		maxRunes = DefaultSnippetRunes
	}
	ranges := m.Ranges(text)
	if utf8.RuneCountInString(text) <= maxRunes {
		return Snippet{Field: field, Text: text, Start: 0, Highlights: nonNilRanges(ranges)}
	}
	// Pick the window start (a match start) that covers the most matches within maxRunes.
	best, bestCount := 0, -1
	for i, r := range ranges {
		limit := advanceRunes(text, r.Start, maxRunes)
		c := 0
		for _, r2 := range ranges[i:] {
			if r2.End > limit {
				break
			}
			c++
		}
		if c > bestCount {
			best, bestCount = i, c
		}
	}
	start := 0
	if len(ranges) > 0 {
		// Back up a little for context, to a word boundary.
		start = backRunes(text, ranges[best].Start, maxRunes/5)
	}
	end := advanceRunes(text, start, maxRunes)
	// Cut at word boundaries: start after a space, end before one.
	if start > 0 {
		if i := strings.IndexAny(text[start:end], " \n\t"); i >= 0 && (len(ranges) == 0 || start+i < ranges[best].Start) {
			start += i + 1
		}
	}
	if end < len(text) {
		if i := strings.LastIndexAny(text[start:end], " \n\t"); i > 0 {
			end = start + i
		}
	}
	var hs []Range
	for _, r := range ranges {
		if r.Start >= start && r.End <= end {
			hs = append(hs, Range{r.Start - start, r.End - start})
		}
	}
	return Snippet{Field: field, Text: text[start:end], Start: start, Highlights: nonNilRanges(hs)}
}

func nonNilRanges(r []Range) []Range {
	if r == nil {
		return []Range{}
	}
	return r
}

// advanceRunes returns the byte offset n runes after from (or len(text)).
func advanceRunes(text string, from, n int) int {
	i := from
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// backRunes returns the byte offset n runes before from (or 0).
func backRunes(text string, from, n int) int {
	i := from
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}
