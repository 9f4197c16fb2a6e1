package dedup

import (
	"container/heap"
	"math"
	"sort"
	"time"

	"github.com/khabar/khabar/internal/search"
)

// Defaults of a Clusterer.
const (
	// DefaultThreshold is the cosine similarity from which two reports are one story. Tuned on the watch test
	// site (TestStoryThreshold in internal/watch): another outlet's own report of the same happening scores
	// 0.37–0.52 against the agency's copies, different happenings on the same topic at most 0.13, so 0.3 sits in
	// the gap (0.4, the textbook value, would split that story).
	DefaultThreshold = 0.3
	// SameTextScore is the similarity from which a document is another copy of the same text even when its
	// SimHash is further than MaxDistance (a sentence cut, compounds spaced instead of joined). Copies on the
	// test site score 0.84–0.97, the closest rewrite 0.52.
	SameTextScore = 0.8
	// DefaultWindow is how far apart in time two reports of one story may be.
	DefaultWindow = 72 * time.Hour
)

// ClusterOptions configure a Clusterer.
type ClusterOptions struct {
	Threshold float64       // 0 means DefaultThreshold
	Window    time.Duration // 0 means DefaultWindow
}

type doc struct {
	id, story string
	at        time.Time
	terms     []int32   // term IDs, ascending
	tf        []float64 // 1+ln(count), parallel to terms
	norm      float64   // under the IDFs of when it was added
	acc       float64   // dot product being accumulated by a match
	stamp     uint64    // the match that last touched acc
}

// posting is a document with the weight of one term in it.
type posting struct {
	d *doc
	w float64
}

// Clusterer assigns documents to stories by TF-IDF cosine similarity to the documents of a sliding window. The
// document frequencies are those of the window. It is not safe for concurrent use.
type Clusterer struct {
	opts     ClusterOptions
	ix       *search.Indexer
	ids      map[string]int32
	df       []int32
	postings [][]posting // per term, in the order added
	docs     docHeap     // the window, oldest first
	latest   time.Time
	stamp    uint64
	cands    []*doc
}

// NewClusterer returns an empty Clusterer.
func NewClusterer(opts ClusterOptions) *Clusterer {
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	return &Clusterer{opts: opts, ix: search.NewIndexer(), ids: map[string]int32{}}
}

// Len returns the number of documents in the window.
func (c *Clusterer) Len() int { return len(c.docs) }

// docHeap orders the documents of the window by time, so that late arrivals leave it in time too.
type docHeap []*doc

func (h docHeap) Len() int           { return len(h) }
func (h docHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h docHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *docHeap) Push(x any)        { *h = append(*h, x.(*doc)) }
func (h *docHeap) Pop() any {
	old := *h
	d := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return d
}

// vector holds the term IDs of a text with weights 1+ln(count); the title counts twice.
type vector struct {
	terms []int32
	tf    []float64
}

func (c *Clusterer) vector(title, text string) vector {
	counts := map[int32]float64{}
	add := func(s string, w float64) {
		for _, k := range c.ix.IndexKeys(s).Words {
			if k == search.Break {
				continue
			}
			id, ok := c.ids[k]
			if !ok {
				id = int32(len(c.df))
				c.ids[k] = id
				c.df = append(c.df, 0)
				c.postings = append(c.postings, nil)
			}
			counts[id] += w
		}
	}
	add(title, 2)
	add(text, 1)
	v := vector{terms: make([]int32, 0, len(counts))}
	for id := range counts {
		v.terms = append(v.terms, id)
	}
	sort.Slice(v.terms, func(i, j int) bool { return v.terms[i] < v.terms[j] })
	v.tf = make([]float64, len(v.terms))
	for i, id := range v.terms {
		v.tf[i] = 1 + math.Log(counts[id])
	}
	return v
}

func (c *Clusterer) idf(term int32) float64 {
	return math.Log((float64(c.Len()) + 1) / (float64(c.df[term]) + 0.5))
}

// Match is the most similar document of the window.
type Match struct {
	Doc   string  // its ID, "" when no document shares a term
	Story string  // its story, "" when Score is under the threshold
	Score float64 // cosine similarity
}

// Match finds the most similar document in the window around at.
func (c *Clusterer) Match(title, text string, at time.Time) Match {
	return c.match(c.vector(title, text), at)
}

func (c *Clusterer) match(v vector, at time.Time) Match {
	c.evict(at)
	n := c.Len()
	if n == 0 {
		return Match{}
	}
	c.stamp++
	c.cands = c.cands[:0]
	var qnorm float64
	for i, t := range v.terms {
		idf := c.idf(t)
		qw := v.tf[i] * idf
		qnorm += qw * qw
		ps := c.postings[t]
		if n >= 20 && len(ps)*2 > n { // too common to find candidates with; still counted in the norm
			continue
		}
		for _, p := range ps {
			d := p.d
			w := qw * idf * p.w
			if d.stamp != c.stamp {
				d.stamp, d.acc = c.stamp, 0
				c.cands = append(c.cands, d)
			}
			d.acc += w
		}
	}
	qnorm = math.Sqrt(qnorm)
	var best *doc
	var bestScore float64
	for _, d := range c.cands {
		if !within(d.at, at, c.opts.Window) || d.norm == 0 || qnorm == 0 {
			continue
		}
		// The norm kept at Add used the IDFs of then; recompute it for candidates that may reach the threshold.
		if d.acc/(qnorm*d.norm) < c.opts.Threshold/2 {
			continue
		}
		s := d.acc / (qnorm * c.norm(d))
		if s > bestScore || s == bestScore && best != nil && d.id < best.id {
			best, bestScore = d, s
		}
	}
	if best == nil {
		return Match{}
	}
	m := Match{Doc: best.id, Score: bestScore}
	if bestScore >= c.opts.Threshold {
		m.Story = best.story
	}
	return m
}

// norm is the length of a document vector under the current IDFs.
func (c *Clusterer) norm(d *doc) float64 {
	var n float64
	for i, t := range d.terms {
		x := d.tf[i] * c.idf(t)
		n += x * x
	}
	return math.Sqrt(n)
}

func within(a, b time.Time, w time.Duration) bool {
	d := a.Sub(b)
	return d <= w && d >= -w
}

// Add puts a document of a story into the window.
func (c *Clusterer) Add(id, story, title, text string, at time.Time) {
	c.add(id, story, c.vector(title, text), at)
}

func (c *Clusterer) add(id, story string, v vector, at time.Time) {
	d := &doc{id: id, story: story, at: at, terms: v.terms, tf: v.tf}
	for i, t := range v.terms {
		c.postings[t] = append(c.postings[t], posting{d, v.tf[i]})
		c.df[t]++
	}
	heap.Push(&c.docs, d)
	d.norm = c.norm(d)
	if at.After(c.latest) {
		c.latest = at
	}
	c.evict(c.latest)
}

// Assign finds the story of a document (a new story named by its own ID when none matches), adds the document
// to the window and returns the story with the best similarity.
func (c *Clusterer) Assign(id, title, text string, at time.Time) (story string, score float64) {
	v := c.vector(title, text)
	m := c.match(v, at)
	story = m.Story
	if story == "" {
		story = id
	}
	c.add(id, story, v, at)
	return story, m.Score
}

// evict drops the documents more than two windows older than now (or than the latest document seen).
func (c *Clusterer) evict(now time.Time) {
	if now.Before(c.latest) {
		now = c.latest
	}
	for len(c.docs) > 0 && now.Sub(c.docs[0].at) > 2*c.opts.Window {
		d := heap.Pop(&c.docs).(*doc)
		for _, t := range d.terms {
			ps := c.postings[t]
			for i, p := range ps { // documents arriving in time order leave from the front
				if p.d == d {
					ps = append(ps[:i], ps[i+1:]...)
					break
				}
			}
			if len(ps) == 0 {
				ps = nil
			}
			c.postings[t] = ps
			c.df[t]--
		}
	}
}
