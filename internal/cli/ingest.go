package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/ingest"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store"
)

func ingestCmd() command {
	return command{
		name:    "ingest",
		summary: "Read, analyse and store articles from files, directories (recursively), gzip files or - (stdin).",
		usage:   "[flags] PATH...",
		example: "khabar ingest ~/news/\nkhabar ingest --db /tmp/k.db feed-dump.jsonl.gz\ncat article.txt | khabar ingest -",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			batch := fs.Int("batch", ingest.DefaultBatchSize, "articles per transaction")
			workers := fs.Int("workers", 0, "parallel analysers (default: one per core)")
			asJSON := fs.Bool("json", false, "print the summary as JSON")
			maxSize := fs.Int64("max-size", reader.DefaultMaxSize, "largest input file accepted, in bytes")
			opt := fs.String("optimize", "auto", "compact the search index at the end: auto (after a bulk load of 10,000 articles or more, a quarter of the store or more), always or never")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				var aopts analyze.Options
				if err := lexicons(&aopts.Normalize); err != nil {
					return err
				}
				if len(args) == 0 {
					return usageErr("want at least one PATH")
				}
				if *opt != "auto" && *opt != "always" && *opt != "never" {
					return usageErr("--optimize %q: want auto, always or never", *opt)
				}
				st, dbPath, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				an, err := analyze.New(aopts)
				if err != nil {
					return err
				}
				// The load runs in bulk mode where the store has one: its index puts off merging until the end.
				endLoad, err := store.BeginLoad(e.ctx, st)
				if err != nil {
					return wrapDB(dbPath, err)
				}
				bar := newProgress(e.stderr, !*asJSON)
				g := ingest.New(an, st, ingest.Options{
					BatchSize:  *batch,
					Workers:    *workers,
					Reader:     reader.New(reader.Options{Stdin: e.stdin, MaxSize: *maxSize}),
					OnProgress: bar.update,
				})
				sum, err := g.Paths(e.ctx, args)
				bar.done()
				compact := false
				if err == nil && *opt != "never" {
					stored := sum.New + sum.Updated
					compact = *opt == "always"
					if !compact && stored >= bulkArticles {
						s, serr := st.Stats(e.ctx)
						compact = serr == nil && bulkLoad(stored, s.Articles)
					}
				}
				// Also after a failed or interrupted load, which must not leave bulk settings behind.
				start := time.Now()
				oerr := endLoad(context.WithoutCancel(e.ctx), compact)
				if compact && oerr == nil && !*asJSON {
					fmt.Fprintf(e.stderr, "optimized the search index in %s\n", time.Since(start).Round(time.Millisecond))
				}
				if *asJSON {
					out := struct {
						ingest.Summary
						DB      string  `json:"db"`
						Seconds float64 `json:"seconds"`
					}{sum, dbPath, sum.Elapsed.Seconds()}
					out.IDs = nil
					enc := json.NewEncoder(e.stdout)
					enc.SetEscapeHTML(false)
					enc.Encode(out)
				} else {
					writeIngestSummary(e.stdout, sum, dbPath)
				}
				if err != nil {
					return errors.Join(err, wrapDB(dbPath, oerr))
				}
				if oerr != nil {
					return wrapDB(dbPath, oerr)
				}
				if sum.Failed > 0 {
					return fmt.Errorf("%d input(s) failed", sum.Failed)
				}
				return nil
			}
		},
	}
}

func writeIngestSummary(w io.Writer, sum ingest.Summary, db string) {
	fmt.Fprintf(w, "ingested %d articles into %s in %s: %d new, %d updated, %d duplicate, %d failed\n",
		sum.Read, db, sum.Elapsed.Round(time.Millisecond), sum.New, sum.Updated, sum.Duplicate, sum.Failed)
	for _, f := range sum.Failures {
		fmt.Fprintf(w, "  failed: %s: %s\n", f.Origin, f.Reason)
	}
}

// progress draws a one-line progress display on a terminal, and plain lines elsewhere.
type progress struct {
	w       io.Writer
	tty     bool
	enabled bool
	start   time.Time
	last    time.Time
	drawn   bool
}

func newProgress(w io.Writer, enabled bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	now := time.Now()
	return &progress{w: w, tty: tty, enabled: enabled, start: now, last: now}
}

func (p *progress) update(c ingest.Counts) {
	if !p.enabled {
		return
	}
	now := time.Now()
	rate := float64(c.Read) / now.Sub(p.start).Seconds()
	if p.tty {
		if now.Sub(p.last) < 100*time.Millisecond && p.drawn {
			return
		}
		p.last = now
		n := c.New + c.Duplicate + c.Updated
		width := 30
		filled := n % (width + 1)
		bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
		fmt.Fprintf(p.w, "\r%s %d stored (%d new, %d duplicate), %d failed, %.0f articles/s ", bar, n, c.New,
			c.Duplicate, c.Failed, rate)
		p.drawn = true
		return
	}
	if now.Sub(p.last) < time.Second && c.Read > 0 {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "progress: %d read, %d new, %d duplicate, %d failed\n", c.Read, c.New, c.Duplicate, c.Failed)
}

func (p *progress) done() {
	if p.enabled && p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// wrapDB names the database in err; nil stays nil.
func wrapDB(db string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", db, err)
}
