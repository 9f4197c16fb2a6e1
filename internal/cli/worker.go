package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/watch"
)

// queueFlags adds the queue's tuning flags to a command.
func queueFlags(fs *flag.FlagSet) func() jobs.Options {
	lease := fs.Duration("lease", jobs.DefaultLease, "how long a worker holds a job without renewing it; a killed worker's jobs come back after this")
	backoff := fs.Duration("backoff", jobs.DefaultBackoff, "delay before the first retry, doubled on each further attempt")
	return func() jobs.Options {
		return jobs.Options{Lease: *lease, BackoffBase: *backoff}
	}
}

func workerCmd() command {
	return command{
		name: "worker",
		summary: "Run queued jobs (analysis, re-analysis, feed polls and page fetches) from a PostgreSQL database until stopped;\n" +
			"any number may run on any number of machines.",
		usage: "--db postgres://… [flags]",
		example: "khabar worker --db postgres://khabar:secret@db.example/khabar --concurrency 2\n" +
			"KHABAR_DB=postgres://khabar@127.0.0.1/khabar khabar worker --drain",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			conc := fs.Int("concurrency", 1, "jobs to run at once (analysis is CPU-bound: about one per core)")
			name := fs.String("name", "", "worker name shown in leases (default host:pid)")
			grace := fs.Duration("grace", 30*time.Second, "on SIGTERM, how long running jobs may finish before they are given back")
			poll := fs.Duration("poll", time.Second, "wait between looks at an empty queue")
			drain := fs.Bool("drain", false, "exit once no job is queued or running")
			verbose := fs.Bool("v", false, "log every job")
			timeout := fs.Duration("timeout", watch.DefaultTimeout, "timeout of one HTTP request of a fetch job, body included")
			qopts := queueFlags(fs)
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				if len(args) != 0 {
					return usageErr("worker takes no arguments")
				}
				if *conc < 1 {
					return usageErr("--concurrency must be at least 1")
				}
				var aopts analyze.Options
				if err := lexicons(&aopts.Normalize); err != nil {
					return err
				}
				st, dbName, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				q, err := jobs.Open(st, qopts())
				if err != nil {
					return fmt.Errorf("worker: %s: %w", dbName, err)
				}
				an, err := analyze.New(aopts)
				if err != nil {
					return err
				}
				level := slog.LevelInfo
				if *verbose {
					level = slog.LevelDebug
				}
				log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
				var done, failed atomic.Int64
				handlers := map[string]jobs.Handler{
					jobs.KindAnalyze:   jobs.AnalyzeHandler(an, st),
					jobs.KindReanalyze: jobs.ReanalyzeHandler(an, st),
				}
				// Feed polls and page fetches queued by khabar watch --workers (or serve --watch --workers).
				ww, err := watch.New(st, an, watch.Options{Fetch: watch.FetchOptions{Timeout: *timeout}, Defer: jobs.DeferTo(q),
					Logger: log})
				if err != nil {
					return fmt.Errorf("worker: %s: %w", dbName, err)
				}
				handlers[jobs.KindFetchFeed] = jobs.FetchFeedHandler(ww)
				handlers[jobs.KindFetchPage] = jobs.FetchPageHandler(ww)
				w := &jobs.Worker{
					Queue:    q,
					Handlers: handlers,
					Name:     *name, Concurrency: *conc, Poll: *poll, Grace: *grace, Log: log,
					OnDone: func(_ jobs.Job, err error) {
						if err != nil {
							failed.Add(1)
						} else {
							done.Add(1)
						}
					},
				}
				ctx, cancel := context.WithCancel(e.ctx)
				defer cancel()
				if *drain {
					go func() {
						for ctx.Err() == nil {
							time.Sleep(*poll)
							s, err := q.Stats(ctx)
							if err == nil && s.Queued+s.Running == 0 {
								cancel()
							}
						}
					}()
				}
				kinds := make([]string, 0, len(w.Handlers))
				for k := range w.Handlers {
					kinds = append(kinds, k)
				}
				log.Info("worker started", "db", dbName, "concurrency", *conc, "kinds", strings.Join(kinds, ","),
					"lease", q.Options().Lease)
				start := time.Now()
				err = w.Run(ctx)
				log.Info("worker stopped", "done", done.Load(), "failed", failed.Load(),
					"took", time.Since(start).Round(time.Millisecond))
				return err
			}
		},
	}
}
