package entity

// payload kinds: what a trie terminal stands for.
const (
	pEntity  uint8 = iota + 1 // a name or alias of an entry
	pSurname                  // the derived surname of a person
	pDemonym                  // a demonym of a country
	pTitle                    // a title of titles.tsv
)

// payload is what an alias links to.
type payload struct {
	kind     uint8
	idx      int32 // entry index, or title index for pTitle
	runes    int16 // length of the alias key in runes
	parts    int8  // words of the alias (split at spaces, ZWNJs, hyphens): a match may span no more tokens
	needsCue bool  // a common word or a colliding media name: links only in context
}

// trie is a rune trie over alias keys, built once. Transitions live in one map keyed by (node, rune), which
// keeps the structure compact for a few tens of thousands of nodes.
type trie struct {
	next  map[uint64]int32
	term  map[int32][]payload
	nodes int32
}

func newTrie() *trie {
	return &trie{next: map[uint64]int32{}, term: map[int32][]payload{}, nodes: 1}
}

func edge(node int32, r rune) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(r)) }

// insert adds key with its payload; a payload already present for the key is not added twice.
func (t *trie) insert(key string, p payload) {
	if key == "" {
		return
	}
	n := int32(0)
	for _, r := range key {
		e := edge(n, r)
		c, ok := t.next[e]
		if !ok {
			c = t.nodes
			t.nodes++
			t.next[e] = c
		}
		n = c
	}
	for i, q := range t.term[n] {
		if q.kind == p.kind && q.idx == p.idx {
			if p.parts > q.parts {
				t.term[n][i].parts = p.parts
			}
			if !p.needsCue {
				t.term[n][i].needsCue = false
			}
			return
		}
	}
	t.term[n] = append(t.term[n], p)
}

// step follows the edge from node on r.
func (t *trie) step(node int32, r rune) (int32, bool) {
	c, ok := t.next[edge(node, r)]
	return c, ok
}
