// Package dedup finds the same text republished and groups reports of the same happening into stories.
//
// Near-duplicates: a 64-bit SimHash over shingles of three consecutive search keys (persian.IndexKeys, so
// spelling variants — ZWNJ, Arabic letters, digits — do not count as edits); two texts whose fingerprints differ
// in at most MaxDistance bits are the same text. An Index finds them among many fingerprints by the pigeonhole
// rule: fingerprints within 3 bits share at least one of four 16-bit bands.
//
// Stories: TF-IDF cosine over the search keys of title and body, against the documents of a sliding time window.
package dedup

import (
	"hash/fnv"
	"math/bits"
	"time"

	"github.com/khabar/khabar/internal/search"
)

// MaxDistance is the largest Hamming distance between the SimHashes of two texts that are the same text.
const MaxDistance = 3

// ShingleSize is the number of consecutive keys hashed together.
const ShingleSize = 3

// SimHash returns the 64-bit SimHash of a text over its normalised word shingles.
func SimHash(text string) uint64 {
	return SimHashKeys(WordKeys(text))
}

// Hasher computes SimHashes with a cache of word keys, for hashing many texts. It is not safe for concurrent use.
type Hasher struct{ ix *search.Indexer }

// NewHasher returns a Hasher.
func NewHasher() *Hasher { return &Hasher{ix: search.NewIndexer()} }

// SimHash returns SimHash(text).
func (h *Hasher) SimHash(text string) uint64 {
	return SimHashKeys(wordKeys(h.ix.IndexKeys(text).Words))
}

// WordKeys returns the search key of every word of a text, in order (search.IndexKeys without the phrase
// breaks and the extra compound keys).
func WordKeys(text string) []string { return wordKeys(search.IndexKeys(text).Words) }

func wordKeys(ws []string) []string {
	out := ws[:0]
	for _, w := range ws {
		if w != search.Break {
			out = append(out, w)
		}
	}
	return out
}

// SimHashKeys returns the SimHash of a sequence of search keys.
func SimHashKeys(keys []string) uint64 {
	if len(keys) == 0 {
		return 0
	}
	var v [64]int32
	add := func(h uint64) {
		for i := 0; i < 64; i++ {
			if h&(1<<uint(i)) != 0 {
				v[i]++
			} else {
				v[i]--
			}
		}
	}
	n := len(keys) - ShingleSize + 1
	if n < 1 {
		n = 1
	}
	h := fnv.New64a()
	for i := 0; i < n; i++ {
		h.Reset()
		for j := i; j < i+ShingleSize && j < len(keys); j++ {
			h.Write([]byte(keys[j]))
			h.Write([]byte{0})
		}
		add(mix(h.Sum64()))
	}
	var out uint64
	for i := 0; i < 64; i++ {
		if v[i] > 0 {
			out |= 1 << uint(i)
		}
	}
	return out
}

// mix spreads the bits of an FNV hash (splitmix64 finaliser), so that similar shingles do not share bit patterns.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Distance returns the Hamming distance between two fingerprints.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// Index finds stored fingerprints near a query. It is not safe for concurrent use.
type Index struct {
	bands [4]map[uint16][]int
	ids   []string
	hs    []uint64
	ats   []time.Time
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	ix := &Index{}
	for i := range ix.bands {
		ix.bands[i] = map[uint16][]int{}
	}
	return ix
}

// Len returns the number of fingerprints added.
func (ix *Index) Len() int { return len(ix.ids) }

// Add stores the fingerprint of a document of a time under its ID.
func (ix *Index) Add(id string, h uint64, at time.Time) {
	n := len(ix.ids)
	ix.ids, ix.hs, ix.ats = append(ix.ids, id), append(ix.hs, h), append(ix.ats, at)
	for i := range ix.bands {
		b := uint16(h >> (16 * uint(i)))
		ix.bands[i][b] = append(ix.bands[i][b], n)
	}
}

// Nearest returns the ID of the closest stored fingerprint within MaxDistance of h (the earliest added among
// equals), with its distance; ok is false when there is none. A positive within only considers documents at
// most that far in time from at.
func (ix *Index) Nearest(h uint64, at time.Time, within time.Duration) (id string, dist int, ok bool) {
	best, bestD := -1, MaxDistance+1
	for i := range ix.bands {
		for _, n := range ix.bands[i][uint16(h>>(16*uint(i)))] {
			if within > 0 {
				if dt := ix.ats[n].Sub(at); dt > within || dt < -within {
					continue
				}
			}
			d := Distance(h, ix.hs[n])
			if d < bestD || d == bestD && n < best {
				best, bestD = n, d
			}
		}
	}
	if best < 0 {
		return "", 0, false
	}
	return ix.ids[best], bestD, true
}
