// Package ingest moves articles from readers through the analyser into a store: read → analyse (in parallel) →
// put in batched transactions. Bad inputs are counted and named, and the rest of the batch goes on.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store"
)

// DefaultBatchSize is the number of records written per transaction when Options.BatchSize is zero. Each
// transaction flushes a new segment into the FTS5 index, which later merges rewrite: writing 500 articles at a time
// instead of 200 stored 1,400 -> 1,550 articles/s into a 100k-article SQLite database (1,000: 1,600/s, 2,000: no
// better), for about 2.5 times the memory held per batch.
const DefaultBatchSize = 500

// Counts are the running totals of an ingest.
type Counts struct {
	Read      int `json:"read"`      // articles read
	New       int `json:"new"`       // stored for the first time
	Updated   int `json:"updated"`   // replaced a record of an older analyser
	Duplicate int `json:"duplicate"` // already stored
	Failed    int `json:"failed"`    // inputs that could not be read, analysed or stored
}

// Failure names one input that failed and why.
type Failure struct {
	Origin string `json:"origin"`
	Reason string `json:"reason"`
}

// Summary is the outcome of an ingest.
type Summary struct {
	Counts
	Failures []Failure     `json:"failures"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	IDs      []string      `json:"ids"` // IDs of the articles stored or found stored, in completion order
}

// Options configure an ingest.
type Options struct {
	BatchSize  int              // records per transaction; 0 means DefaultBatchSize
	Workers    int              // parallel analysers; 0 means GOMAXPROCS
	Reader     *reader.Reader   // nil means reader.New(reader.Options{})
	OnProgress func(Counts)     // called after every batch and at the end, from one goroutine
	Now        func() time.Time // clock for Elapsed; nil means time.Now
}

// Ingester runs ingests against one analyser and one store.
type Ingester struct {
	an   *analyze.Analyzer
	st   store.Store
	opts Options
}

// New returns an Ingester.
func New(an *analyze.Analyzer, st store.Store, opts Options) *Ingester {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Reader == nil {
		opts.Reader = reader.New(reader.Options{})
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Ingester{an: an, st: st, opts: opts}
}

type job struct {
	art    article.Article
	origin string
	err    error
}

type result struct {
	rec    article.Record
	origin string
	err    error
}

// Paths reads every path (file, directory or "-"), analyses each article and stores it.
// It returns an error only when the context ends or the store fails as a whole; bad inputs are in the Summary.
func (g *Ingester) Paths(ctx context.Context, paths []string) (Summary, error) {
	return g.run(ctx, func(ctx context.Context, out chan<- job) error {
		for _, p := range paths {
			err := g.opts.Reader.Read(ctx, p, func(it reader.Item) error {
				select {
				case out <- job{art: it.Article, origin: it.Origin, err: it.Err}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Articles analyses and stores articles already read, for example from an HTTP request.
func (g *Ingester) Articles(ctx context.Context, arts []article.Article) (Summary, error) {
	return g.Seq(ctx, slices.Values(arts))
}

// Seq analyses and stores the articles of a sequence as it yields them, for a stream too long to hold (a
// generated corpus): the sequence runs on its own goroutine and stops early when the ingest ends.
func (g *Ingester) Seq(ctx context.Context, arts iter.Seq[article.Article]) (Summary, error) {
	return g.run(ctx, func(ctx context.Context, out chan<- job) error {
		for a := range arts {
			origin := a.Origin
			if origin == "" {
				origin = a.Title
			}
			select {
			case out <- job{art: a, origin: origin}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
}

// batch is what the analysers hand the writer: records to store with their origins, and the inputs that failed
// before reaching it.
type batch struct {
	recs     []article.Record
	origins  []string
	failures []Failure
	prepared store.PreparedPut // recs made ready, when the store is a store.BatchPreparer
}

func (g *Ingester) run(parent context.Context, produce func(context.Context, chan<- job) error) (Summary, error) {
	start := g.opts.Now()
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	jobs := make(chan job, g.opts.Workers*2)
	results := make(chan result, g.opts.Workers*2)
	var prodErr error
	go func() {
		defer close(jobs)
		prodErr = produce(ctx, jobs)
	}()
	var wg sync.WaitGroup
	for i := 0; i < g.opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if j.err != nil {
					results <- result{origin: j.origin, err: j.err}
					continue
				}
				rec, err := g.an.Article(ctx, j.art)
				if err != nil {
					err = fmt.Errorf("%s: analyse: %w", j.origin, err)
				}
				results <- result{rec: rec, origin: j.origin, err: err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// The writer stores batches on its own goroutine, so that the analysers go on with the next batch while one
	// is written: a store takes one writer at a time, and writing took as long as analysing. (Stored from the
	// loop below, each Put left the analysers waiting on a full results channel: one core of two was busy.) A
	// store that prepares batches apart (store.BatchPreparer) gets a stage of its own before the writer, which
	// prepares the next batch while one is written.
	var sum Summary
	var storeErr error
	batches := make(chan batch, 1)
	toWrite := batches
	if bp, ok := g.st.(store.BatchPreparer); ok {
		toWrite = make(chan batch, 1)
		go func() {
			defer close(toWrite)
			for b := range batches {
				if len(b.recs) > 0 && ctx.Err() == nil {
					b.prepared = bp.PreparePut(b.recs)
				}
				toWrite <- b
			}
		}()
	}
	written := make(chan struct{})
	go func() {
		defer close(written)
		for b := range toWrite {
			sum.Failed += len(b.failures)
			sum.Failures = append(sum.Failures, b.failures...)
			sum.Read += len(b.recs)
			if len(b.recs) == 0 || storeErr != nil {
				if len(b.failures) > 0 {
					g.progress(sum.Counts)
				}
				continue
			}
			var res store.PutResult
			var err error
			if b.prepared != nil {
				res, err = b.prepared.Put(ctx)
			} else {
				res, err = g.st.Put(ctx, b.recs)
			}
			if err != nil {
				storeErr = fmt.Errorf("store %d articles (first %s): %w", len(b.recs), b.origins[0], err)
				cancel()
				continue
			}
			sum.New += len(res.New)
			sum.Updated += len(res.Updated)
			sum.Duplicate += len(res.Duplicate)
			sum.IDs = append(sum.IDs, res.New...)
			sum.IDs = append(sum.IDs, res.Updated...)
			sum.IDs = append(sum.IDs, res.Duplicate...)
			for _, inv := range res.Invalid {
				sum.Failed++
				o := inv.ID
				if inv.Index >= 0 && inv.Index < len(b.origins) {
					o = b.origins[inv.Index]
				}
				sum.Failures = append(sum.Failures, Failure{Origin: o, Reason: inv.Err})
			}
			g.progress(sum.Counts)
		}
	}()
	newBatch := func() batch {
		return batch{recs: make([]article.Record, 0, g.opts.BatchSize), origins: make([]string, 0, g.opts.BatchSize)}
	}
	cur := newBatch()
	for r := range results {
		if r.err != nil {
			cur.failures = append(cur.failures, Failure{Origin: r.origin, Reason: reason(r.origin, r.err)})
		} else {
			cur.recs = append(cur.recs, r.rec)
			cur.origins = append(cur.origins, r.origin)
		}
		// A batch goes when full, or when as many inputs have failed: progress reports them.
		if len(cur.recs) >= g.opts.BatchSize || len(cur.failures) >= g.opts.BatchSize {
			batches <- cur
			cur = newBatch()
		}
	}
	batches <- cur
	close(batches)
	<-written
	sum.Elapsed = g.opts.Now().Sub(start)
	g.progress(sum.Counts)
	if storeErr != nil {
		return sum, storeErr
	}
	if err := parent.Err(); err != nil {
		return sum, err
	}
	return sum, prodErr
}

func (g *Ingester) progress(c Counts) {
	if g.opts.OnProgress != nil {
		g.opts.OnProgress(c)
	}
}

// reason is an error message without the origin it already names.
func reason(origin string, err error) string {
	var re *reader.Error
	if errors.As(err, &re) {
		return re.Err.Error()
	}
	msg := err.Error()
	if len(msg) > len(origin)+2 && msg[:len(origin)] == origin && msg[len(origin):len(origin)+2] == ": " {
		return msg[len(origin)+2:]
	}
	return msg
}
