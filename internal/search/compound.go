package search

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
					k := PairKey(a.Word, b.Word)
					known, err := isWord(k)
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
				k := PairKey(n.Text[toks[i].Start:toks[i].End], n.Text[toks[i+1].Start:toks[i+1].End])
				known, err := isWord(k)
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
		return &p, nil
	}
	return n, nil
}
