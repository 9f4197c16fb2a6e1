// Package watch follows news sources: it polls feeds (RSS, Atom, JSON Feed) and pages politely (fetch.go),
// reads their items with package feed, analyses each new article, folds republished copies into mentions of one
// article and groups reports into stories (package dedup), and commits every item together with its article
// in one transaction, so that a crash at any moment neither loses nor doubles an item.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/dedup"
	"github.com/khabar/khabar/internal/feed"
	"github.com/khabar/khabar/internal/store"
)

// Watcher defaults.
const (
	DefaultInterval    = 10 * time.Minute
	DefaultWorkers     = 4
	DefaultBackoffBase = time.Minute
	DefaultBackoffMax  = 6 * time.Hour
	DefaultMaxItems    = 200
	// DedupWindow is how far back near-duplicates are looked for.
	DedupWindow = 30 * 24 * time.Hour
)

// ItemSeen is the outcome of ReadItem for an item committed before.
const ItemSeen = "seen"

// ErrUnsupported is returned by New for a store backend that cannot follow sources.
var ErrUnsupported = errors.New("store backend cannot follow sources")

// Options configure a Watcher.
type Options struct {
	Fetch       FetchOptions
	Interval    time.Duration // between polls in Run; 0 means DefaultInterval
	Workers     int           // sources polled at once; 0 means DefaultWorkers
	BackoffBase time.Duration // wait after the first failure, doubled after each further one; 0 means default
	BackoffMax  time.Duration // longest wait; 0 means DefaultBackoffMax
	MaxItems    int           // new items read per source and poll; 0 means DefaultMaxItems
	Cluster     dedup.ClusterOptions
	Logger      *slog.Logger     // nil discards
	OnReport    func(Report)     // called by Run after every poll
	OnItem      func(ItemReport) // called after every item, from the source's goroutine
	Now         func() time.Time // clock; nil means time.Now
	// Defer, when set, takes each new item instead of the watcher reading it: a job queue, so that workers on
	// other machines fetch, analyse and commit the items (with ReadItem). An error from it stops the poll.
	Defer func(ctx context.Context, src store.Source, it feed.Item) error
}

// Watcher polls the sources of a store.
type Watcher struct {
	st   store.Store
	ss   store.SourceStore
	an   *analyze.Analyzer
	f    *Fetcher
	opts Options
	log  *slog.Logger

	mu     sync.Mutex // guards the dedup state and serialises commits
	loaded bool
	ix     *dedup.Index
	hs     *dedup.Hasher
	cl     *dedup.Clusterer
}

// New returns a Watcher over a store, which must implement store.SourceStore (else the error wraps
// ErrUnsupported).
func New(st store.Store, an *analyze.Analyzer, opts Options) (*Watcher, error) {
	ss, ok := st.(store.SourceStore)
	if !ok {
		return nil, fmt.Errorf("%w: %T has no sources, feed items or stories (use the SQLite store)", ErrUnsupported, st)
	}
	if an == nil {
		return nil, errors.New("watch: nil analyzer")
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = DefaultBackoffBase
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = DefaultBackoffMax
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = DefaultMaxItems
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Watcher{st: st, ss: ss, an: an, f: NewFetcher(opts.Fetch), opts: opts, log: log,
		ix: dedup.NewIndex(), hs: dedup.NewHasher(), cl: dedup.NewClusterer(opts.Cluster)}, nil
}

// Report is the outcome of one poll of every due source.
type Report struct {
	Sources  []SourceReport `json:"sources"`
	New      int            `json:"new"`      // articles stored
	Mentions int            `json:"mentions"` // items that were copies of stored articles
	Queued   int            `json:"queued"`   // items handed to Options.Defer
	Failed   int            `json:"failed"`   // sources or items that failed
	Skipped  int            `json:"skipped"`  // sources still in backoff
	Elapsed  time.Duration  `json:"elapsed_ns"`
}

// SourceReport is what one poll of one source did.
type SourceReport struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Kind        string   `json:"kind,omitempty"`
	NotModified bool     `json:"not_modified,omitempty"`
	Items       int      `json:"items"` // items in the feed (1 for a page)
	New         int      `json:"new"`
	Mentions    int      `json:"mentions"`
	Queued      int      `json:"queued,omitempty"` // handed to Options.Defer
	Seen        int      `json:"seen"`             // already committed before
	Err         string   `json:"error,omitempty"`
	ItemErrors  []string `json:"item_errors,omitempty"`
	Fetches     int      `json:"fetches"` // HTTP requests made
}

// ItemReport is what happened to one item.
type ItemReport struct {
	Source  string
	Key     string
	URL     string
	Article string // the article the item was stored as or folded into
	Outcome string // store.ItemNew or store.ItemMention (ItemSeen from ReadItem), "" on error
	Story   string
	Score   float64 // similarity to the closest story document; 0 when none came near
	Err     error
}

// Once polls every source not in backoff once, the sources in parallel (one request at a time per host). It
// returns an error only when the store fails or the context ends; source and item failures are in the Report
// and kept on the source (khabar sources list).
func (w *Watcher) Once(ctx context.Context) (Report, error) {
	start := w.opts.Now()
	var rep Report
	if err := w.load(ctx); err != nil {
		return rep, err
	}
	due, skipped, err := w.Due(ctx)
	if err != nil {
		return rep, err
	}
	rep.Skipped = skipped
	reports := make([]SourceReport, len(due))
	errs := make([]error, len(due))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(w.opts.Workers, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				reports[i], errs[i] = w.poll(ctx, due[i])
			}
		}()
	}
	// Sources are handed out in the order added, so that one worker polls them in a fixed order.
feed:
	for i := range due {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	rep.Sources = reports
	for _, r := range reports {
		rep.New += r.New
		rep.Mentions += r.Mentions
		rep.Queued += r.Queued
		if r.Err != "" {
			rep.Failed++
		}
		rep.Failed += len(r.ItemErrors)
	}
	rep.Elapsed = w.opts.Now().Sub(start)
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	for _, err := range errs {
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// Due returns the sources whose time to poll has come, in the order they were added, and how many others are
// still in backoff.
func (w *Watcher) Due(ctx context.Context) (due []store.Source, skipped int, err error) {
	now := w.opts.Now()
	srcs, err := w.ss.Sources(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, s := range srcs {
		if !s.NextPoll.IsZero() && s.NextPoll.After(now) {
			skipped++
			continue
		}
		due = append(due, s)
	}
	return due, skipped, nil
}

// source returns the source with an ID, or an error wrapping store.ErrNotFound.
func (w *Watcher) source(ctx context.Context, id int64) (store.Source, error) {
	srcs, err := w.ss.Sources(ctx)
	if err != nil {
		return store.Source{}, err
	}
	for _, s := range srcs {
		if s.ID == id {
			return s, nil
		}
	}
	return store.Source{}, fmt.Errorf("source %d: %w", id, store.ErrNotFound)
}

// PollSource polls one source now, whether or not it is due (a queued fetch-feed job decided it was). Like
// Once, it returns an error only when the store fails, the context ends or the source is gone; a failing feed
// is in the report and kept on the source.
func (w *Watcher) PollSource(ctx context.Context, id int64) (SourceReport, error) {
	if err := w.load(ctx); err != nil {
		return SourceReport{}, err
	}
	src, err := w.source(ctx, id)
	if err != nil {
		return SourceReport{}, err
	}
	return w.poll(ctx, src)
}

// ReadItem fetches, analyses, deduplicates and commits one item of a source, as a poll does for a new item: the
// work of a queued fetch-page job. An item committed already (the job ran before) is reported with the outcome
// ItemSeen and left alone. The item's failure is in the report's Err; the returned error is a store
// failure, a missing source or the end of the context.
func (w *Watcher) ReadItem(ctx context.Context, sourceID int64, it feed.Item) (ItemReport, error) {
	if err := w.load(ctx); err != nil {
		return ItemReport{}, err
	}
	src, err := w.source(ctx, sourceID)
	if err != nil {
		return ItemReport{}, err
	}
	if it.Key() == "" {
		return ItemReport{Source: src.URL, Err: fmt.Errorf("item %q: no GUID and no link", it.Title)}, nil
	}
	seen, err := w.ss.SeenItems(ctx, src.ID, []string{it.Key()})
	if err != nil {
		return ItemReport{}, err
	}
	if seen[it.Key()] {
		return ItemReport{Source: src.URL, Key: it.Key(), URL: it.Link, Outcome: ItemSeen}, nil
	}
	var loc *time.Location
	if src.Zone != "" {
		if loc, err = time.LoadLocation(src.Zone); err != nil {
			return ItemReport{Source: src.URL, Key: it.Key(), Err: fmt.Errorf("zone %q: %w", src.Zone, err)}, nil
		}
	}
	ir, err := w.item(ctx, src, it, loc, nil, &SourceReport{})
	if w.opts.OnItem != nil {
		w.opts.OnItem(ir)
	}
	return ir, err
}

// Run polls every Interval until the context ends.
func (w *Watcher) Run(ctx context.Context) error {
	for {
		rep, err := w.Once(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.log.Error("watch: poll failed", "err", err)
		} else {
			w.log.Info("watch: polled", "sources", len(rep.Sources), "new", rep.New, "mentions", rep.Mentions,
				"failed", rep.Failed, "elapsed", rep.Elapsed)
		}
		if w.opts.OnReport != nil {
			w.opts.OnReport(rep)
		}
		t := time.NewTimer(w.opts.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// load rebuilds the dedup index and the story window from the store, once: every fingerprint goes into the
// near-duplicate index, and the articles of the last two windows before the newest one into the clusterer.
// Windows are measured in article time, not wall-clock time, so an archive of old news reloads the same state.
func (w *Watcher) load(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.loaded {
		return nil
	}
	fps, err := w.ss.Fingerprints(ctx, time.Time{}, false)
	if err != nil {
		return fmt.Errorf("watch: load fingerprints: %w", err)
	}
	var newest time.Time
	for _, fp := range fps {
		w.ix.Add(fp.Article, fp.SimHash, fp.Published)
		if fp.Published.After(newest) {
			newest = fp.Published
		}
	}
	if len(fps) > 0 {
		win := w.opts.Cluster.Window
		if win <= 0 {
			win = dedup.DefaultWindow
		}
		docs, err := w.ss.Fingerprints(ctx, newest.Add(-2*win), true)
		if err != nil {
			return fmt.Errorf("watch: load story window: %w", err)
		}
		for _, fp := range docs {
			w.cl.Add(fp.Article, fp.Story, fp.Title, fp.Text, fp.Published)
		}
	}
	w.loaded = true
	return nil
}

// backoff is the wait after n consecutive failures.
func (w *Watcher) backoff(n int) time.Duration {
	d := w.opts.BackoffBase
	for i := 1; i < n && d < w.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, w.opts.BackoffMax)
}

// poll reads one source. Only a store failure is returned as an error.
func (w *Watcher) poll(ctx context.Context, src store.Source) (SourceReport, error) {
	rep := SourceReport{ID: src.ID, Name: src.Name, URL: src.URL, Kind: src.Kind}
	now := w.opts.Now()
	src.LastPoll = now
	fail := func(err error) (SourceReport, error) {
		if ctx.Err() != nil { // interrupted, not failed: leave the source as it was
			return rep, ctx.Err()
		}
		rep.Err = err.Error()
		src.Failures++
		src.LastError = rep.Err
		wait := w.backoff(src.Failures)
		var se *StatusError
		if errors.As(err, &se) && se.RetryAfter > wait { // the server asked for longer (429, 503)
			wait = min(se.RetryAfter, w.opts.BackoffMax)
		}
		src.NextPoll = now.Add(wait)
		w.log.Warn("watch: source failed", "source", src.URL, "err", err, "retry", src.NextPoll)
		return rep, w.ss.UpdateSource(ctx, src)
	}
	var loc *time.Location // nil: the timex default, Asia/Tehran
	if src.Zone != "" {
		l, err := time.LoadLocation(src.Zone)
		if err != nil {
			return fail(fmt.Errorf("zone %q: %w", src.Zone, err))
		}
		loc = l
	}
	rep.Fetches++
	resp, err := w.f.Get(ctx, src.URL, src.ETag, src.LastModified)
	if err != nil {
		return fail(err)
	}
	if resp.NotModified {
		rep.NotModified = true
		src.LastOK, src.LastError, src.Failures, src.NextPoll = now, "", 0, time.Time{}
		return rep, w.ss.UpdateSource(ctx, src)
	}
	if src.Kind == store.KindAuto {
		src.Kind = store.KindPage
		if feed.IsFeed(resp.Body) {
			src.Kind = store.KindFeed
		}
		rep.Kind = src.Kind
	}
	base, _ := url.Parse(resp.URL)
	var items []feed.Item
	switch src.Kind {
	case store.KindFeed:
		f, err := feed.Parse(resp.Body, base, loc)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", src.URL, err))
		}
		items = f.Items
	default:
		items = []feed.Item{{Link: resp.URL}}
	}
	rep.Items = len(items)
	keys := make([]string, 0, len(items))
	for i := range items {
		if items[i].GUID == "" {
			if c, err := feed.Canonical(items[i].Link); err == nil {
				items[i].Link = c
			}
		}
		keys = append(keys, items[i].Key())
	}
	seen, err := w.ss.SeenItems(ctx, src.ID, keys)
	if err != nil {
		return rep, err
	}
	n, more := 0, false
	for _, it := range items {
		if it.Key() == "" {
			rep.ItemErrors = append(rep.ItemErrors, fmt.Sprintf("item %q: no GUID and no link", it.Title))
			continue
		}
		if seen[it.Key()] {
			rep.Seen++
			continue
		}
		seen[it.Key()] = true // a key repeated within the feed
		if n >= w.opts.MaxItems {
			more = true
			break
		}
		n++
		if w.opts.Defer != nil {
			if err := w.opts.Defer(ctx, src, it); err != nil {
				return rep, fmt.Errorf("watch: queue item %s: %w", it.Key(), err)
			}
			rep.Queued++
			continue
		}
		var page *Response
		if src.Kind == store.KindPage {
			page = resp
		}
		ir, err := w.item(ctx, src, it, loc, page, &rep)
		if w.opts.OnItem != nil {
			w.opts.OnItem(ir)
		}
		if err != nil {
			return rep, err
		}
		switch {
		case ir.Err != nil:
			rep.ItemErrors = append(rep.ItemErrors, ir.Err.Error())
		case ir.Outcome == store.ItemNew:
			rep.New++
		case ir.Outcome == store.ItemMention:
			rep.Mentions++
		}
	}
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	src.LastOK, src.Failures, src.NextPoll = now, 0, time.Time{}
	src.LastError = ""
	switch {
	case len(rep.ItemErrors) > 0:
		// Keep the validators empty so that the next poll reads the feed again and retries the failed items.
		src.LastError = fmt.Sprintf("%d item(s) failed; first: %s", len(rep.ItemErrors), rep.ItemErrors[0])
		src.ETag, src.LastModified = "", ""
	case more: // items left for the next poll, which must not get a 304
		src.ETag, src.LastModified = "", ""
	default:
		src.ETag, src.LastModified = resp.ETag, resp.LastModified
	}
	return rep, w.ss.UpdateSource(ctx, src)
}

// sourceName is the outlet name of a source: its name, else its host.
func sourceName(src store.Source) string {
	if src.Name != "" {
		return src.Name
	}
	if u, err := url.Parse(src.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return src.URL
}

// item reads, analyses, deduplicates and commits one item. Item failures are in the report's Err; the returned
// error is a store failure or the end of the context.
func (w *Watcher) item(ctx context.Context, src store.Source, it feed.Item, loc *time.Location, page *Response,
	rep *SourceReport) (ItemReport, error) {
	ir := ItemReport{Source: src.URL, Key: it.Key(), URL: it.Link}
	canonical, err := feed.Canonical(it.Link)
	if err != nil {
		canonical = it.Link
	}
	fetched := w.opts.Now()
	name := sourceName(src)

	// The page was stored already (another feed, or another outlet linking the same page): a mention.
	if canonical != "" {
		id, err := w.ss.ArticleByURL(ctx, canonical)
		switch {
		case err == nil:
			return w.commit(ctx, ir, store.ItemCommit{SourceID: src.ID, Key: it.Key(), URL: canonical, Seen: fetched,
				Duplicate: id})
		case !errors.Is(err, store.ErrNotFound):
			return ir, err
		}
	}

	art := article.Article{Source: name, URL: canonical, Title: it.Title, Published: it.Published,
		DateOnly: it.DateOnly, Fetched: fetched, Origin: it.Link, Language: "fa"}
	var pageErr error
	if it.Link != "" {
		resp := page
		if resp == nil {
			rep.Fetches++
			resp, pageErr = w.f.Get(ctx, it.Link, "", "")
		}
		if pageErr == nil {
			u, _ := url.Parse(resp.URL)
			pg, err := feed.ExtractPage(resp.Body, resp.ContentType, u, loc)
			if err != nil {
				pageErr = fmt.Errorf("%s: %w", it.Link, err)
			} else {
				art.Body = pg.Blocks
				if art.Title == "" {
					art.Title = pg.Title
				}
				if art.Published.IsZero() {
					art.Published, art.DateOnly = pg.Published, pg.DateOnly
				}
				if pg.Language != "" {
					art.Language = pg.Language
				}
				if c, err := feed.Canonical(pg.Canonical); err == nil && c != canonical {
					if id, err := w.ss.ArticleByURL(ctx, c); err == nil {
						return w.commit(ctx, ir, store.ItemCommit{SourceID: src.ID, Key: it.Key(), URL: canonical,
							Seen: fetched, Duplicate: id})
					}
					if sameSite(c, canonical) {
						art.URL = c
					}
				}
			}
		}
	}
	if ctx.Err() != nil {
		return ir, ctx.Err()
	}
	if len(art.Body) == 0 {
		art.Body = it.Summary // the feed's summary when the page cannot be read
	}
	if len(art.Body) == 0 {
		if pageErr == nil {
			pageErr = errors.New("no text")
		}
		ir.Err = fmt.Errorf("%s: %w", orStr(it.Link, it.Key()), pageErr)
		return ir, nil
	}
	if pageErr != nil {
		w.log.Info("watch: page unreadable, using the feed summary", "url", it.Link, "err", pageErr)
	}
	if art.Title == "" {
		art.Title = art.Body[0].Text
	}
	rec, err := w.an.Article(ctx, art)
	if err != nil {
		if ctx.Err() != nil {
			return ir, ctx.Err()
		}
		ir.Err = fmt.Errorf("%s: analyse: %w", orStr(it.Link, it.Key()), err)
		return ir, nil
	}
	ir.URL = art.URL
	return w.commit(ctx, ir, store.ItemCommit{SourceID: src.ID, Key: it.Key(), URL: art.URL, Seen: fetched,
		Record: rec})
}

func orStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// sameSite reports whether two URLs share a host: a rel=canonical elsewhere names the original publisher, not
// this copy.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Host, ub.Host)
}

// commit decides near-duplicate and story under the dedup lock and writes the item in one transaction.
func (w *Watcher) commit(ctx context.Context, ir ItemReport, c store.ItemCommit) (ItemReport, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var at time.Time
	if c.Duplicate == "" {
		rec := &c.Record
		c.SimHash = w.hs.SimHash(rec.Text)
		at = rec.PublishedTime
		if at.IsZero() {
			at = c.Seen
		}
		if id, _, ok := w.ix.Nearest(c.SimHash, at, DedupWindow); ok && id != rec.ID {
			c.Duplicate = id
		} else {
			m := w.cl.Match(rec.Title, rec.Text, at)
			c.Story, ir.Score = m.Story, m.Score
			switch {
			case m.Score >= dedup.SameTextScore && m.Doc != rec.ID:
				c.Duplicate, c.Story = m.Doc, ""
			case c.Story == "":
				c.Story = rec.ID
			}
		}
	}
	res, err := w.ss.CommitItem(ctx, c)
	if err != nil {
		if errors.Is(err, store.ErrInvalid) {
			ir.Err = err
			return ir, nil
		}
		return ir, err
	}
	ir.Article, ir.Outcome, ir.Story = res.Article, res.Outcome, c.Story
	if res.Outcome == store.ItemNew && !res.Already {
		w.ix.Add(res.Article, c.SimHash, at)
		w.cl.Add(res.Article, c.Story, c.Record.Title, c.Record.Text, at)
	}
	return ir, nil
}
