package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/watch"
)

func watchCmd() command {
	return command{
		name: "watch",
		summary: "Poll the sources (khabar sources) for new articles: analyse, fold republished copies into mentions, group stories.\n" +
			"With --workers (PostgreSQL) each poll is queued as a job for khabar worker processes, which fetch and\n" +
			"analyse the new items as jobs of their own.",
		usage: "[flags]",
		example: "khabar sources add https://www.irna.ir/rss --name IRNA\nkhabar watch --once\nkhabar watch --interval 15m\n" +
			"khabar watch --db postgres://khabar@db/khabar --workers   # khabar worker processes do the polls",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			interval := fs.Duration("interval", watch.DefaultInterval, "time between polls")
			once := fs.Bool("once", false, "poll every due source once and exit")
			asJSON := fs.Bool("json", false, "with --once: print the report as JSON")
			timeout := fs.Duration("timeout", watch.DefaultTimeout, "timeout of one HTTP request, body included")
			delay := fs.Duration("delay", watch.DefaultHostDelay, "pause between two requests to one host")
			maxSize := fs.Int64("max-size", watch.DefaultMaxBody, "largest response accepted, in bytes")
			parallel := fs.Int("parallel", watch.DefaultWorkers, "sources polled at once (one request at a time per host)")
			workers := fs.Bool("workers", false, "queue the polls for khabar worker processes instead of polling here (PostgreSQL)")
			verbose := fs.Bool("v", false, "log every item")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usageErr("unexpected argument %q", args[0])
				}
				var aopts analyze.Options
				if err := lexicons(&aopts.Normalize); err != nil {
					return err
				}
				st, _, dbPath, err := openSourceStore(e, *db) // before building the analyser: fail fast
				if err != nil {
					return err
				}
				defer st.Close()
				an, err := analyze.New(aopts)
				if err != nil {
					return err
				}
				if *delay == 0 {
					*delay = -1
				}
				level := slog.LevelWarn // a poll's failures as they happen
				switch {
				case *verbose:
					level = slog.LevelInfo
				case *once:
					level = slog.LevelError // the report lists the failures
				}
				opts := watch.Options{
					Fetch:    watch.FetchOptions{Timeout: *timeout, HostDelay: *delay, MaxBody: *maxSize},
					Interval: *interval,
					Workers:  *parallel,
					Logger:   slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level})),
				}
				if *verbose {
					opts.OnItem = func(ir watch.ItemReport) {
						if ir.Err != nil {
							fmt.Fprintf(e.stderr, "item %s: %v\n", ir.Key, ir.Err)
							return
						}
						fmt.Fprintf(e.stderr, "item %s: %s %s (story %s)\n", ir.Key, ir.Outcome, ir.Article, ir.Story)
					}
				}
				if !*once {
					opts.OnReport = func(r watch.Report) { writeWatchReport(e.stdout, r, time.Now()) }
				}
				if *workers {
					q, err := jobs.Open(st, jobs.Options{})
					if err != nil {
						return fmt.Errorf("watch --workers: %s: %w", dbPath, err)
					}
					opts.Defer = jobs.DeferTo(q)
					w, err := watch.New(st, an, opts)
					if err != nil {
						return err
					}
					if !*once {
						fmt.Fprintf(e.stderr, "queueing the polls of %s every %s for khabar worker; Ctrl-C stops\n", dbPath, *interval)
					}
					return queuePolls(e.ctx, q, w, *interval, *once, e.stdout)
				}
				w, err := watch.New(st, an, opts)
				if err != nil {
					return err
				}
				if !*once {
					fmt.Fprintf(e.stderr, "watching the sources of %s every %s; Ctrl-C stops\n", dbPath, *interval)
					return w.Run(e.ctx)
				}
				rep, err := w.Once(e.ctx)
				if *asJSON {
					writeJSON(e.stdout, rep)
				} else {
					writeWatchReport(e.stdout, rep, time.Time{})
				}
				if err != nil {
					return err
				}
				if rep.Failed > 0 {
					return fmt.Errorf("%d source(s) or item(s) failed (see khabar sources list)", rep.Failed)
				}
				return nil
			}
		},
	}
}

// queuePolls enqueues a fetch-feed job for every due source, once or every interval until ctx ends.
func queuePolls(ctx context.Context, q *jobs.Queue, w *watch.Watcher, every time.Duration, once bool, out io.Writer) error {
	for {
		now := time.Now()
		added, due, err := jobs.EnqueuePolls(ctx, q, w, now, every)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if once {
				return err
			}
			fmt.Fprintf(out, "%s queueing polls failed: %v\n", now.Format("15:04:05"), err)
		} else {
			fmt.Fprintf(out, "%s queued %d poll(s) of %d due source(s) for the workers\n", now.Format("15:04:05"), added, due)
		}
		if once {
			return nil
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func writeWatchReport(w io.Writer, r watch.Report, at time.Time) {
	prefix := ""
	if !at.IsZero() {
		prefix = at.Format("15:04:05") + " "
	}
	fmt.Fprintf(w, "%spolled %d source(s) in %s: %d new article(s), %d mention(s) of stored articles, %d failed",
		prefix, len(r.Sources), r.Elapsed.Round(time.Millisecond), r.New, r.Mentions, r.Failed)
	if r.Skipped > 0 {
		fmt.Fprintf(w, ", %d waiting out a backoff", r.Skipped)
	}
	fmt.Fprintln(w)
	for _, s := range r.Sources {
		name := s.Name
		if name == "" {
			name = s.URL
		}
		switch {
		case s.Err != "":
			fmt.Fprintf(w, "  %s: failed: %s\n", name, s.Err)
		case s.NotModified:
			fmt.Fprintf(w, "  %s: not modified\n", name)
		default:
			fmt.Fprintf(w, "  %s: %d item(s), %d new, %d mention(s), %d seen before\n", name, s.Items, s.New, s.Mentions, s.Seen)
		}
		for _, ie := range s.ItemErrors {
			fmt.Fprintf(w, "    item failed: %s\n", ie)
		}
	}
}
