package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/ingest"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// Mode says how the benchmark analyses articles before storing them.
type Mode string

// Ingest modes.
const (
	// ModeFull runs the real analyser (internal/analyze) through internal/ingest: dates, entities, events,
	// quotes. type: queries only match in this mode.
	ModeFull Mode = "full"
	// ModeText normalises the text and recognises entities, without dates, events or quotes: about four times
	// faster than ModeFull, for quick runs at a million articles. type: queries find nothing.
	ModeText Mode = "text"
)

// BenchOptions configure Search.
type BenchOptions struct {
	Articles int   // corpus size; 0 means DefaultArticles
	Seed     int64 // corpus and query seed
	// DB is the SQLite database path; "" means a temporary file, removed at the end.
	DB string
	// Reuse skips the ingest when DB already holds at least Articles articles (from an earlier run with the same
	// Articles, Seed and Mode).
	Reuse     bool
	Queries   int  // size of the query mix; 0 means DefaultQueries
	Mode      Mode // "" means ModeFull
	Workers   int  // parallel analysers; 0 means GOMAXPROCS
	BatchSize int  // records per store transaction; 0 means ingest.DefaultBatchSize
	Limit     int  // hits per query page; 0 means 20
	Facets    bool // compute facets (10 values and a monthly histogram) with every query
	// ExactTotal counts every match of every query (store.SearchRequest.ExactTotal); by default counting stops
	// past the rank window, as in khabar search, the API and the web pages.
	ExactTotal bool
	// Progress, when set, receives a line of progress now and then.
	Progress func(msg string)
}

// errStopped ends the corpus generation when the ingest stops taking articles.
var errStopped = errors.New("ingest stopped")

// chunk is the number of articles generated and analysed at a time in ModeText: memory stays bounded.
const chunk = 2000

// Report is the outcome of Search.
type Report struct {
	Date       time.Time `json:"date"`
	Articles   int       `json:"articles"` // articles generated
	Stored     int       `json:"stored"`   // articles in the store after ingest
	Failed     int       `json:"failed"`   // articles the ingest could not analyse or store
	Seed       int64     `json:"seed"`
	Mode       Mode      `json:"mode"`
	CPUs       int       `json:"cpus"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	Workers    int       `json:"workers"`
	DB         string    `json:"db"`
	Reused     bool      `json:"reused"` // the ingest was skipped: the database held the corpus

	CorpusSeconds   float64 `json:"corpus_seconds"`    // generating the corpus (in full mode on the reading goroutine, overlapping the ingest, as reading files does)
	IngestSeconds   float64 `json:"ingest_seconds"`    // analyse + store, wall clock
	IngestRate      float64 `json:"ingest_per_second"` // articles over ingest and optimize seconds
	IndexSeconds    float64 `json:"index_seconds"`     // time spent writing batches (Store.Put; in full mode the prepared batches' Put, search keys computed beforehand)
	IndexRate       float64 `json:"index_per_second"`  // articles over index and optimize seconds
	OptimizeSeconds float64 `json:"optimize_seconds"`  // compacting the index after the load (Store.Optimize)

	DBBytes         int64   `json:"db_bytes"` // database file and WAL after ingest
	BytesPerArticle float64 `json:"bytes_per_article"`

	Queries    int          `json:"queries"`
	ExactTotal bool         `json:"exact_total"` // every match counted (else counting stopped past the rank window)
	Errors     int          `json:"errors"`      // queries that failed (parse or store)
	Classes    []ClassStats `json:"classes"`
	All        ClassStats   `json:"all"`
	Spelling   []SpellStats `json:"spelling"`
	// Mismatches describe spelling groups whose variants disagreed (at most 20).
	Mismatches []string `json:"mismatches,omitempty"`
	// Slowest are the ten slowest queries of the mix.
	Slowest []SlowQuery `json:"slowest"`
	// FirstErrors are the first query errors (at most 10).
	FirstErrors []string `json:"first_errors,omitempty"`

	PeakRSS int64 `json:"peak_rss_bytes"` // VmHWM of the process; 0 when unknown
	// PeakAnon is the largest anonymous resident memory (RssAnon: heap and SQLite's page cache, not the pages
	// of the database file mapped by mmap, which VmHWM counts) sampled after every ingest chunk and every 100
	// queries.
	PeakAnon int64 `json:"peak_rss_anon_bytes"`
}

// ClassStats are the latency figures of one query class, in milliseconds.
type ClassStats struct {
	Class    string  `json:"class"`
	Queries  int     `json:"queries"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	MeanHits float64 `json:"mean_total"`     // mean number of matching articles (as counted: see AtLeast)
	Empty    int     `json:"empty"`          // queries with no match
	AtLeast  int     `json:"total_at_least"` // queries whose counting stopped at the rank window
}

// SlowQuery is one query with its latency, for the list of the slowest.
type SlowQuery struct {
	Query string  `json:"query"`
	Class string  `json:"class"`
	Ms    float64 `json:"ms"`
	Total int     `json:"total"`
}

// SpellStats sum up the spelling groups of one kind (compound, yeh, digits, plural): a group is identical when
// every variant returns the same set of articles. Recall is the mean, over variants, of the share of the
// group's union of results that the variant found.
type SpellStats struct {
	Kind      string  `json:"kind"`
	Groups    int     `json:"groups"`
	Identical int     `json:"identical"`
	Recall    float64 `json:"recall"`
}

// Search runs the search benchmark: it generates the corpus (Corpus with Articles and Seed), ingests it into a
// SQLite store at DB, runs the query mix (Queries) one query at a time, then checks the spelling groups. The
// store is closed at the end, and a temporary DB removed.
func Search(ctx context.Context, opts BenchOptions) (Report, error) {
	if opts.Articles <= 0 {
		opts.Articles = DefaultArticles
	}
	if opts.Queries <= 0 {
		opts.Queries = DefaultQueries
	}
	if opts.Mode == "" {
		opts.Mode = ModeFull
	}
	if opts.Mode != ModeFull && opts.Mode != ModeText {
		return Report{}, fmt.Errorf("bench: unknown mode %q: want full or text", opts.Mode)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Limit <= 0 {
		opts.Limit = 20
	}
	if opts.Progress == nil {
		opts.Progress = func(string) {}
	}
	progress := opts.Progress
	rep := Report{Date: time.Now().UTC(), Articles: opts.Articles, Seed: opts.Seed, Mode: opts.Mode,
		CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Workers: opts.Workers, DB: opts.DB}

	if opts.DB == "" {
		dir, err := os.MkdirTemp("", "khabar-bench-")
		if err != nil {
			return rep, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
		opts.DB = filepath.Join(dir, "bench.db")
		rep.DB = ""
	}
	st, err := sqlite.Open(ctx, opts.DB)
	if err != nil {
		return rep, fmt.Errorf("bench: %w", err)
	}
	defer st.Close()

	stats, err := st.Stats(ctx)
	if err != nil {
		return rep, fmt.Errorf("bench: %w", err)
	}
	if opts.Reuse && stats.Articles >= opts.Articles {
		rep.Reused = true
		progress(fmt.Sprintf("reusing %s: %d articles", opts.DB, stats.Articles))
	} else {
		if err := ingestCorpus(ctx, st, opts, &rep, progress); err != nil {
			return rep, err
		}
	}
	if stats, err = st.Stats(ctx); err != nil {
		return rep, fmt.Errorf("bench: %w", err)
	}
	rep.Stored = stats.Articles
	rep.DBBytes = stats.SizeBytes
	if fi, err := os.Stat(opts.DB + "-wal"); err == nil {
		rep.DBBytes += fi.Size()
	}
	if rep.Stored > 0 {
		rep.BytesPerArticle = float64(rep.DBBytes) / float64(rep.Stored)
	}

	qs, err := Queries(opts.Queries, opts.Seed)
	if err != nil {
		return rep, err
	}
	progress(fmt.Sprintf("running %d queries", len(qs)))
	if err := runQueries(ctx, st, qs, opts, &rep); err != nil {
		return rep, err
	}
	rep.PeakRSS = PeakRSS()
	rep.sampleAnon()
	return rep, nil
}

// timedStore measures the time spent in Put.
type timedStore struct {
	store.Store
	put atomic.Int64
}

func (t *timedStore) Put(ctx context.Context, recs []article.Record) (store.PutResult, error) {
	return t.measure(func() (store.PutResult, error) { return t.Store.Put(ctx, recs) })
}

// measure adds the time a write takes to t.put.
func (t *timedStore) measure(write func() (store.PutResult, error)) (store.PutResult, error) {
	start := time.Now()
	res, err := write()
	t.put.Add(int64(time.Since(start)))
	return res, err
}

// timedPreparer is a timedStore over a store.BatchPreparer, which the ingest prepares batches with: the time
// measured is the prepared batches' writing.
type timedPreparer struct {
	*timedStore
	bp store.BatchPreparer
}

func (t timedPreparer) PreparePut(recs []article.Record) store.PreparedPut {
	return timedPut{t.timedStore, t.bp.PreparePut(recs)}
}

type timedPut struct {
	t *timedStore
	p store.PreparedPut
}

func (p timedPut) Put(ctx context.Context) (store.PutResult, error) {
	return p.t.measure(func() (store.PutResult, error) { return p.p.Put(ctx) })
}

// timed wraps st to measure its writes, keeping its store.BatchPreparer.
func timed(st store.Store) (*timedStore, store.Store) {
	ts := &timedStore{Store: st}
	if bp, ok := st.(store.BatchPreparer); ok {
		return ts, timedPreparer{ts, bp}
	}
	return ts, ts
}

func ingestCorpus(ctx context.Context, st store.Store, opts BenchOptions, rep *Report, progress func(string)) error {
	ts, target := timed(st)
	// The load runs as `khabar ingest` runs one: in bulk mode where the store has one, ending compacted.
	endLoad, err := store.BeginLoad(ctx, st)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer func() {
		if endLoad != nil { // the load failed: end it without compacting
			endLoad(context.WithoutCancel(ctx), false)
		}
	}()
	var genTime, ingTime time.Duration
	last := time.Now()
	report := func(n int) {
		rep.sampleAnon()
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			progress(fmt.Sprintf("ingested %d/%d articles (%.0f/s)", n, opts.Articles, float64(n)/ingTime.Seconds()))
		}
	}
	switch opts.Mode {
	case ModeFull:
		// As khabar ingest runs: the articles stream through the analysers into the store, and the corpus is
		// generated on the reading goroutine as a file would be read (about 1% of the time).
		an, err := analyze.New(analyze.Options{})
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		start := time.Now()
		ing := ingest.New(an, target, ingest.Options{Workers: opts.Workers, BatchSize: opts.BatchSize,
			OnProgress: func(c ingest.Counts) { ingTime = time.Since(start); report(c.Read + c.Failed) }})
		var genErr error
		sum, err := ing.Seq(ctx, func(yield func(article.Article) bool) {
			genStart := time.Now()
			var inYield time.Duration
			genErr = Corpus(ctx, CorpusOptions{Articles: opts.Articles, Seed: opts.Seed}, func(i int, a article.Article) error {
				t := time.Now()
				ok := yield(a)
				inYield += time.Since(t)
				if !ok {
					return errStopped
				}
				return nil
			})
			genTime = time.Since(genStart) - inYield
		})
		ingTime = time.Since(start)
		rep.Failed += sum.Failed
		if err == nil && genErr != nil && !errors.Is(genErr, errStopped) {
			err = genErr
		}
		if err != nil {
			return fmt.Errorf("bench: ingest: %w", err)
		}
	case ModeText:
		ta, err := newTextAnalyzer()
		if err != nil {
			return err
		}
		buf := make([]article.Article, 0, chunk)
		flush := func() error {
			start := time.Now()
			sum, err := ta.ingest(ctx, ts, buf, opts)
			ingTime += time.Since(start)
			rep.Failed += sum.Failed
			buf = buf[:0]
			if err != nil {
				return fmt.Errorf("bench: ingest: %w", err)
			}
			return nil
		}
		genStart := time.Now()
		err = Corpus(ctx, CorpusOptions{Articles: opts.Articles, Seed: opts.Seed}, func(i int, a article.Article) error {
			buf = append(buf, a)
			if len(buf) < chunk {
				return nil
			}
			genTime += time.Since(genStart)
			if err := flush(); err != nil {
				return err
			}
			report(i + 1)
			genStart = time.Now()
			return nil
		})
		if err == nil && len(buf) > 0 {
			genTime += time.Since(genStart)
			err = flush()
		}
		if err != nil {
			return err
		}
	}
	// The load ends as `khabar ingest` ends a bulk load: with the index compacted.
	start := time.Now()
	progress("optimizing the index")
	end := endLoad
	endLoad = nil
	if err := end(ctx, true); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	rep.OptimizeSeconds = time.Since(start).Seconds()
	rep.CorpusSeconds = genTime.Seconds()
	rep.IngestSeconds = ingTime.Seconds()
	rep.IndexSeconds = time.Duration(ts.put.Load()).Seconds()
	if rep.IngestSeconds > 0 {
		rep.IngestRate = float64(opts.Articles) / (rep.IngestSeconds + rep.OptimizeSeconds)
	}
	if rep.IndexSeconds > 0 {
		rep.IndexRate = float64(opts.Articles) / (rep.IndexSeconds + rep.OptimizeSeconds)
	}
	return nil
}

// textAnalyzer is ModeText: normalisation and entities only.
type textAnalyzer struct {
	norm *persian.Normalizer
	ents *entity.Recognizer
}

// TextAnalyzerVersion is the analyser version of records stored in ModeText.
const TextAnalyzerVersion = analyze.Version + "+text"

func newTextAnalyzer() (*textAnalyzer, error) {
	ents, err := entity.NewRecognizer()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	return &textAnalyzer{norm: persian.NewNormalizer(persian.Options{}), ents: ents}, nil
}

func (ta *textAnalyzer) record(a article.Article) article.Record {
	rec := article.Record{Source: a.Source, URL: a.URL, Title: ta.norm.String(a.Title), Language: a.Language,
		Raw: a.Raw, AnalyzerVersion: TextAnalyzerVersion, PublishedTime: a.Published,
		Dates: []article.Date{}, Events: []article.Event{}, Quotes: []article.Quote{}}
	parts := make([]string, 0, len(a.Body))
	for _, b := range a.Body {
		if t := strings.TrimSpace(ta.norm.String(b.Text)); t != "" {
			rec.Blocks = append(rec.Blocks, article.Block{Kind: b.Kind, Text: t})
			parts = append(parts, t)
		}
	}
	rec.Text = strings.Join(parts, "\n\n")
	if !a.Published.IsZero() {
		rec.Published = a.Published.Format(time.RFC3339)
	}
	rec.ID = article.ComputeID(rec.Title, rec.Text, a.Published)
	rec.Entities = ta.ents.Recognize(persian.Segment(rec.Text))
	if rec.Entities == nil {
		rec.Entities = []article.Mention{}
	}
	return rec
}

// ingest analyses arts on opts.Workers goroutines and stores them in batches.
func (ta *textAnalyzer) ingest(ctx context.Context, st store.Store, arts []article.Article, opts BenchOptions) (ingest.Summary, error) {
	recs := make([]article.Record, len(arts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(arts) || ctx.Err() != nil {
					return
				}
				recs[i] = ta.record(arts[i])
			}
		}()
	}
	wg.Wait()
	var sum ingest.Summary
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	bs := opts.BatchSize
	if bs <= 0 {
		bs = ingest.DefaultBatchSize
	}
	for i := 0; i < len(recs); i += bs {
		res, err := st.Put(ctx, recs[i:min(i+bs, len(recs))])
		if err != nil {
			return sum, err
		}
		sum.Read += min(bs, len(recs)-i)
		sum.New += len(res.New)
		sum.Duplicate += len(res.Duplicate)
		sum.Updated += len(res.Updated)
		sum.Failed += len(res.Invalid)
	}
	return sum, nil
}

// checkLimit is the page size of the spelling check: result sets are compared on their totals and on their
// newest checkLimit articles. (Every hit gets a snippet, so a page of store.MaxLimit would make the check
// slower than the benchmark.)
const checkLimit = 100

func runQueries(ctx context.Context, st store.Store, qs []Query, opts BenchOptions, rep *Report) error {
	kb, err := entity.LoadKB()
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	// Queries are parsed as `khabar search` parses them.
	qp := analyze.NewQueryParser(persian.Options{}, kb, nil)
	parse := func(q Query) (*search.Query, error) { return qp.Parse(q.Text) }

	type sample struct {
		ms      float64
		total   int
		atLeast bool
	}
	byClass := map[string][]sample{}
	var all []sample
	var slow []SlowQuery
	for i, q := range qs {
		if i%100 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if i > 0 {
				opts.Progress(fmt.Sprintf("%d/%d queries", i, len(qs)))
			}
			rep.sampleAnon()
		}
		start := time.Now()
		pq, err := parse(q)
		var res store.Results
		if err == nil {
			req := store.SearchRequest{Query: pq, Limit: opts.Limit, ExactTotal: opts.ExactTotal}
			if opts.Facets {
				req.Facets = store.FacetOptions{Size: 10, Histogram: search.Month}
			}
			res, err = st.Search(ctx, req)
		}
		ms := float64(time.Since(start)) / float64(time.Millisecond)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			rep.Errors++
			if len(rep.FirstErrors) < 10 {
				rep.FirstErrors = append(rep.FirstErrors, fmt.Sprintf("%s: %v", q.Text, err))
			}
			continue
		}
		s := sample{ms: ms, total: res.Total, atLeast: res.TotalAtLeast}
		byClass[q.Class] = append(byClass[q.Class], s)
		all = append(all, s)
		slow = append(slow, SlowQuery{Query: q.Text, Class: q.Class, Ms: ms, Total: res.Total})
	}
	rep.Queries, rep.ExactTotal = len(qs), opts.ExactTotal
	sort.SliceStable(slow, func(i, j int) bool { return slow[i].Ms > slow[j].Ms })
	rep.Slowest = slow[:min(len(slow), 10)]
	opts.Progress("checking spelling groups")
	summarize := func(class string, ss []sample) ClassStats {
		cs := ClassStats{Class: class, Queries: len(ss)}
		if len(ss) == 0 {
			return cs
		}
		ms := make([]float64, len(ss))
		hits := 0
		for i, s := range ss {
			ms[i] = s.ms
			hits += s.total
			if s.total == 0 {
				cs.Empty++
			}
			if s.atLeast {
				cs.AtLeast++
			}
		}
		sort.Float64s(ms)
		cs.P50, cs.P95, cs.P99, cs.Max = percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms[len(ms)-1]
		cs.MeanHits = float64(hits) / float64(len(ss))
		return cs
	}
	for _, c := range Classes {
		if ss := byClass[c]; len(ss) > 0 {
			rep.Classes = append(rep.Classes, summarize(c, ss))
		}
	}
	rep.All = summarize("all", all)

	// Spelling groups: every variant must return the same articles.
	groups := map[string][]Query{}
	var order []string
	for _, q := range qs {
		if q.Group == "" {
			continue
		}
		if _, ok := groups[q.Group]; !ok {
			order = append(order, q.Group)
		}
		groups[q.Group] = append(groups[q.Group], q)
	}
	kinds := map[string]*SpellStats{}
	var kindOrder []string
	for _, g := range order {
		kind, _, _ := strings.Cut(g, "#")
		ks := kinds[kind]
		if ks == nil {
			ks = &SpellStats{Kind: kind}
			kinds[kind] = ks
			kindOrder = append(kindOrder, kind)
		}
		var sets [][]string
		var totals []int
		failed := false
		for _, q := range groups[g] {
			pq, err := parse(q)
			if err != nil {
				failed = true
				break
			}
			res, err := st.Search(ctx, store.SearchRequest{Query: pq, Sort: search.ByDate, Limit: checkLimit, ExactTotal: true})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				failed = true
				break
			}
			ids := make([]string, len(res.Hits))
			for i, h := range res.Hits {
				ids[i] = h.ID
			}
			slices.Sort(ids)
			sets = append(sets, ids)
			totals = append(totals, res.Total)
		}
		ks.Groups++
		if failed {
			if len(rep.Mismatches) < 20 {
				rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: a variant failed", texts(groups[g])))
			}
			continue
		}
		same := true
		for i := 1; i < len(sets); i++ {
			same = same && totals[i] == totals[0] && slices.Equal(sets[i], sets[0])
		}
		if same {
			ks.Identical++
		} else if len(rep.Mismatches) < 20 {
			rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: totals %v", texts(groups[g]), totals))
		}
		ks.Recall += groupRecall(sets)
	}
	for _, k := range kindOrder {
		ks := kinds[k]
		if ks.Groups > 0 {
			ks.Recall /= float64(ks.Groups)
		}
		rep.Spelling = append(rep.Spelling, *ks)
	}
	return nil
}

func texts(qs []Query) string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return strings.Join(out, " | ")
}

// groupRecall is the mean share of the union of sets that each set holds; 1 when all are equal (or all empty).
func groupRecall(sets [][]string) float64 {
	union := map[string]bool{}
	for _, s := range sets {
		for _, id := range s {
			union[id] = true
		}
	}
	if len(union) == 0 || len(sets) == 0 {
		return 1
	}
	sum := 0.0
	for _, s := range sets {
		sum += float64(len(s)) / float64(len(union))
	}
	return sum / float64(len(sets))
}

// percentile returns the p-th percentile (nearest rank) of sorted values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

var errNoProc = errors.New("no /proc/self/status")

// PeakRSS returns the peak resident set size of this process in bytes (VmHWM in /proc/self/status), or 0 where
// it is unknown (not Linux). It counts the pages of files mapped with mmap, such as a SQLite database.
func PeakRSS() int64 {
	n, _ := readStatus("/proc/self/status", "VmHWM:")
	return n
}

// AnonRSS returns the anonymous resident memory of this process now (RssAnon), or 0 where it is unknown.
func AnonRSS() int64 {
	n, _ := readStatus("/proc/self/status", "RssAnon:")
	return n
}

func (r *Report) sampleAnon() { r.PeakAnon = max(r.PeakAnon, AnonRSS()) }

// readStatus returns the value in bytes of a "Field:  N kB" line of a /proc status file.
func readStatus(path, field string) (int64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, errNoProc
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, field); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err != nil {
				return 0, fmt.Errorf("%s %q: %w", field, rest, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, errNoProc
}
