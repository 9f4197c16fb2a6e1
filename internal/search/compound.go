package search

import (
	"strings"
	"unicode/utf8"
)

// WordLookup reports whether a key occurs in the index as a whole word (a fused or ZWNJ spelling), not only as a
// compound part or an adjacent-pair key. Stores implement it over their vocabulary.
type WordLookup func(key string) (bool, error)

// JoinCompounds rewrites adjacent query words that the index knows as one word: the spaced query
// "نخست وزیر" becomes the single key of "نخست‌وزیر" when that compound occurs fused or with ZWNJ anywhere in
// the index. Because the index also holds the pair key of every spaced pair, the rewritten query matches all
// three spellings, and ZWNJ, spaced and fused queries return the same articles. Pairs the index does not know
// as a word stay separate words. Phrases get a Joined variant instead.
func JoinCompounds(n Node, isWord WordLookup) (Node, error) {
	switch n := n.(type) {
	case *And:
		var out []Node
		for i := 0; i < len(n.Nodes); i++ {
			c, err := JoinCompounds(n.Nodes[i], isWord)
			if err != nil {
				return nil, err
			}
			if i+1 < len(n.Nodes) {
				a, ok1 := n.Nodes[i].(*Term)
				b, ok2 := n.Nodes[i+1].(*Term)
				if ok1 && ok2 && !a.Prefix && !b.Prefix {
					k, known, err := knownPair(isWord, a.Word, b.Word)
					if err != nil {
						return nil, err
					}
					if known {
						out = append(out, &Term{Word: a.Word + " " + b.Word, Key: k, Pos: a.Pos})
						i++
						continue
					}
				}
			}
			out = append(out, c)
		}
		if len(out) == 1 {
			return out[0], nil
		}
		return &And{Nodes: out}, nil
	case *Or:
		out := make([]Node, len(n.Nodes))
		for i, c := range n.Nodes {
			j, err := JoinCompounds(c, isWord)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return &Or{Nodes: out}, nil
	case *Not:
		j, err := JoinCompounds(n.Node, isWord)
		if err != nil {
			return nil, err
		}
		return &Not{Node: j}, nil
	case *Phrase:
		toks := Tokens(n.Text)
		var joined []string
		changed := false
		for i := 0; i < len(toks); i++ {
			if i+1 < len(toks) {
				k, known, err := knownPair(isWord, n.Text[toks[i].Start:toks[i].End], n.Text[toks[i+1].Start:toks[i+1].End])
				if err != nil {
					return nil, err
				}
				if known {
					joined = append(joined, k)
					changed = true
					i++
					continue
				}
			}
			joined = append(joined, toks[i].Key)
		}
		p := *n
		if changed {
			p.Joined = joined
		}
		var split []string
		changed = false
		for _, t := range toks {
			parts := t.Parts
			if parts == nil {
				var err error
				if parts, err = splitFused(n.Text[t.Start:t.End], isWord); err != nil {
					return nil, err
				}
			}
			if parts != nil {
				split = append(split, parts...)
				changed = true
				continue
			}
			split = append(split, t.Key)
		}
		if changed {
			p.Split = split
		}
		return &p, nil
	}
	return n, nil
}

// minPart is the shortest half, in characters, that splitFused tries.
const minPart = 2

// splitFused cuts a fused word into two indexed words, trying cut points from the middle outwards; nil when no
// cut gives two words the index knows.
func splitFused(w string, isWord WordLookup) ([]string, error) {
	if strings.ContainsRune(w, zwnj) {
		return nil, nil
	}
	var cuts []int
	for i := range w {
		if i > 0 {
			cuts = append(cuts, i)
		}
	}
	n := utf8.RuneCountInString(w)
	if n < 2*minPart {
		return nil, nil
	}
	// Try cut points by distance from the middle; each half keeps at least minPart characters.
	mid := len(cuts) / 2
	var order []int
	for d := 0; d <= mid+1; d++ {
		order = append(order, mid-d)
		if d > 0 {
			order = append(order, mid+d)
		}
	}
	for _, j := range order {
		if j < minPart-1 || j > len(cuts)-minPart {
			continue
		}
		a, b := Key(w[:cuts[j]]), Key(w[cuts[j]:])
		if a == "" || b == "" {
			continue
		}
		ka, err := isWord(a)
		if err != nil {
			return nil, err
		}
		if !ka {
			continue
		}
		kb, err := isWord(b)
		if err != nil {
			return nil, err
		}
		if kb {
			return []string{a, b}, nil
		}
	}
	return nil, nil
}

// MaxLookups is how many WordLookup calls a store should allow for one query (see LimitLookups): enough for
// any real query, few enough that a long query cannot turn into thousands of index probes.
const MaxLookups = 64

// LimitLookups wraps a WordLookup so that after n calls it answers false without asking: further word pairs
// stay separate words.
func LimitLookups(f WordLookup, n int) WordLookup {
	calls := 0
	return func(key string) (bool, error) {
		if calls >= n {
			return false, nil
		}
		calls++
		return f(key)
	}
}

// knownPair returns the pair key of two adjacent words and whether the index knows it as a word.
func knownPair(isWord WordLookup, a, b string) (string, bool, error) {
	k := PairKey(a, b)
	if k == "" {
		return "", false, nil
	}
	known, err := isWord(k)
	return k, known, err
}
