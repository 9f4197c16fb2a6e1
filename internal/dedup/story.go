package dedup

import (
	"math"
	"time"
)

// Defaults of a Clusterer.
const (
	// DefaultThreshold is the cosine similarity from which two reports are one story; tuned on the watch test
	// site (see internal/watch tests): same-happening rewrites score 0.45–0.7, different happenings on one topic
	// below 0.3.
	DefaultThreshold = 0.3
	// SameTextScore is the similarity from which a document is another copy of the same text even when its
	// SimHash is further than MaxDistance (a sentence cut, compounds spaced instead of joined).
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
	tf        map[string]float64
	norm      float64
}

// Clusterer assigns documents to stories by TF-IDF cosine similarity to the documents of a sliding window. The
// document frequencies are those of the window. It is not safe for concurrent use.
type Clusterer struct {
	opts     ClusterOptions
	docs     []*doc // in the order added
	head     int    // docs before head have left the window
	postings map[string]map[*doc]struct{}
	latest   time.Time
}

// NewClusterer returns an empty Clusterer.
func NewClusterer(opts ClusterOptions) *Clusterer {
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	return &Clusterer{opts: opts, postings: map[string]map[*doc]struct{}{}}
}

// Len returns the number of documents in the window.
func (c *Clusterer) Len() int { return len(c.docs) - c.head }

// termFreqs counts the search keys of a title (counted twice) and a body, as 1+ln(count).
func termFreqs(title, text string) map[string]float64 {
	counts := map[string]float64{}
	for _, k := range storyKeys(title) {
		counts[k] += 2
	}
	for _, k := range storyKeys(text) {
		counts[k]++
	}
	for k, n := range counts {
		counts[k] = 1 + math.Log(n)
	}
	return counts
}

// storyKeys are the word keys of a text for story similarity.
var storyKeys = WordKeys

func (c *Clusterer) idf(term string) float64 {
	n := float64(c.Len())
	df := float64(len(c.postings[term]))
	return math.Log((n + 1) / (df + 0.5))
}

// Match is the most similar document of the window.
type Match struct {
	Doc   string  // its ID, "" when the window is empty
	Story string  // its story, "" when Score is under the threshold
	Score float64 // cosine similarity
}

// Match finds the most similar document in the window around at.
func (c *Clusterer) Match(title, text string, at time.Time) Match {
	return c.match(termFreqs(title, text), at)
}

func (c *Clusterer) match(tf map[string]float64, at time.Time) Match {
	c.evict(at)
	if c.Len() == 0 {
		return Match{}
	}
	n := c.Len()
	dots := map[*doc]float64{}
	var qnorm float64
	for t, w := range tf {
		idf := c.idf(t)
		qw := w * idf
		qnorm += qw * qw
		ps := c.postings[t]
		if n >= 20 && len(ps)*2 > n { // too common to find candidates with; still counted in the norm
			continue
		}
		for d := range ps {
			dots[d] += qw * d.tf[t] * idf
		}
	}
	qnorm = math.Sqrt(qnorm)
	var best *doc
	var bestScore float64
	for d, dot := range dots {
		if !within(d.at, at, c.opts.Window) || d.norm == 0 || qnorm == 0 {
			continue
		}
		// The norm kept at Add used the IDFs of then; recompute it for candidates that may reach the threshold.
		if dot/(qnorm*d.norm) < c.opts.Threshold/2 {
			continue
		}
		s := dot / (qnorm * c.norm(d))
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

func within(a, b time.Time, w time.Duration) bool {
	d := a.Sub(b)
	return d <= w && d >= -w
}

// norm is the length of a document vector under the current IDFs.
func (c *Clusterer) norm(d *doc) float64 {
	var n float64
	for t, w := range d.tf {
		x := w * c.idf(t)
		n += x * x
	}
	return math.Sqrt(n)
}

// Add puts a document of a story into the window.
func (c *Clusterer) Add(id, story, title, text string, at time.Time) {
	c.add(id, story, termFreqs(title, text), at)
}

func (c *Clusterer) add(id, story string, tf map[string]float64, at time.Time) {
	d := &doc{id: id, story: story, at: at, tf: tf}
	for t := range tf {
		ps := c.postings[t]
		if ps == nil {
			ps = map[*doc]struct{}{}
			c.postings[t] = ps
		}
		ps[d] = struct{}{}
	}
	c.docs = append(c.docs, d)
	var norm float64
	for t, w := range tf {
		x := w * c.idf(t)
		norm += x * x
	}
	d.norm = math.Sqrt(norm)
	if at.After(c.latest) {
		c.latest = at
	}
	c.evict(c.latest)
}

// Assign finds the story of a document (a new story named by its own ID when none matches), adds the document
// to the window and returns the story with the best similarity.
func (c *Clusterer) Assign(id, title, text string, at time.Time) (story string, score float64) {
	tf := termFreqs(title, text)
	m := c.match(tf, at)
	story = m.Story
	if story == "" {
		story = id
	}
	c.add(id, story, tf, at)
	return story, m.Score
}

// evict drops the documents added before the window that ends at now. Documents arrive roughly in time order;
// a late one stays until the documents before it leave.
func (c *Clusterer) evict(now time.Time) {
	if now.Before(c.latest) {
		now = c.latest
	}
	for c.head < len(c.docs) && now.Sub(c.docs[c.head].at) > 2*c.opts.Window {
		d := c.docs[c.head]
		for t := range d.tf {
			if ps := c.postings[t]; ps != nil {
				delete(ps, d)
				if len(ps) == 0 {
					delete(c.postings, t)
				}
			}
		}
		c.docs[c.head] = nil
		c.head++
	}
	if c.head > 1024 && c.head*2 > len(c.docs) {
		c.docs = append([]*doc(nil), c.docs[c.head:]...)
		c.head = 0
	}
}
