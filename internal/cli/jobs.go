package cli

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store"
)

func jobsCmd() command {
	return command{
		name:    "jobs",
		summary: "Show and manage the PostgreSQL job queue: stats (default), list, dead, retry, enqueue files for workers, purge.",
		usage:   "--db postgres://… [flags] [stats | list | dead | retry [ID] | enqueue PATH... | purge]",
		example: "khabar jobs --db postgres://khabar@db/khabar\n" +
			"khabar jobs dead\n" +
			"khabar jobs retry 1234\n" +
			"khabar jobs enqueue ~/news/    # workers analyse them\n" +
			"khabar jobs purge --older 168h",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			state := fs.String("state", "", "list: only jobs in this state (queued, running, done, dead)")
			kind := fs.String("kind", "", "list: only jobs of this kind (analyze, reanalyze, fetch_feed, fetch_page)")
			limit := fs.Int("limit", 20, "list: jobs to show")
			older := fs.Duration("older", 7*24*time.Hour, "purge: delete done jobs finished longer ago than this")
			maxSize := fs.Int64("max-size", reader.DefaultMaxSize, "enqueue: largest input file accepted, in bytes")
			return func(e *env, args []string) error {
				action := "stats"
				if len(args) > 0 {
					action = args[0]
					// Flags may follow the action too: khabar jobs list --state dead.
					if err := fs.Parse(args[1:]); err != nil {
						return usageErr("%v", err)
					}
					args = fs.Args()
				}
				st, dbName, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				q, err := jobs.Open(st, jobs.Options{})
				if err != nil {
					return fmt.Errorf("jobs: %s: %w", dbName, err)
				}
				switch action {
				case "stats":
					s, err := q.Stats(e.ctx)
					if err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e.stdout, s)
					}
					writeJobStats(e.stdout, s)
					return nil
				case "list", "dead":
					opts := jobs.ListOptions{State: *state, Kind: *kind, Limit: *limit}
					if action == "dead" {
						opts.State = jobs.StateDead
					}
					list, err := q.List(e.ctx, opts)
					if err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e.stdout, list)
					}
					writeJobs(e.stdout, list)
					return nil
				case "retry":
					var id int64
					if len(args) > 1 {
						return usageErr("retry takes at most one job ID")
					}
					if len(args) == 1 {
						if id, err = strconv.ParseInt(args[0], 10, 64); err != nil || id <= 0 {
							return usageErr("job ID %q is not a positive number", args[0])
						}
					}
					n, err := q.Retry(e.ctx, id)
					if err != nil {
						return err
					}
					if id != 0 && n == 0 {
						return fmt.Errorf("job %d: %w (or not dead)", id, store.ErrNotFound)
					}
					fmt.Fprintf(e.stdout, "requeued %d dead job(s)\n", n)
					return nil
				case "purge":
					n, err := q.Purge(e.ctx, time.Now().Add(-*older))
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "deleted %d done job(s)\n", n)
					return nil
				case "enqueue":
					if len(args) == 0 {
						return usageErr("enqueue wants at least one PATH")
					}
					return enqueuePaths(e, q, args, *maxSize, *asJSON)
				}
				return usageErr("unknown action %q: want stats, list, dead, retry, enqueue or purge", action)
			}
		},
	}
}

// enqueueSummary reports what enqueuing read.
type enqueueSummary struct {
	Read     int      `json:"read"`
	Queued   int      `json:"queued"`   // new jobs
	Already  int      `json:"already"`  // jobs that existed (same input enqueued before)
	Failed   int      `json:"failed"`   // inputs that could not be read
	Failures []string `json:"failures"` // origin: reason
	DB       string   `json:"db"`
}

// enqueuePaths reads articles from paths and enqueues their analysis in batches, for workers to do. Unreadable
// inputs are reported and the rest goes on. An `ingest --enqueue` flag can call it with jobs.Open(st, …).
func enqueuePaths(e *env, q *jobs.Queue, paths []string, maxSize int64, asJSON bool) error {
	sum := enqueueSummary{Failures: []string{}}
	rd := reader.New(reader.Options{Stdin: e.stdin, MaxSize: maxSize})
	var batch []jobs.NewJob
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := q.Enqueue(e.ctx, batch...)
		if err != nil {
			return err
		}
		sum.Queued += n
		sum.Already += len(batch) - n
		batch = batch[:0]
		return nil
	}
	for _, p := range paths {
		err := rd.Read(e.ctx, p, func(it reader.Item) error {
			if it.Err != nil {
				sum.Failed++
				sum.Failures = append(sum.Failures, it.Err.Error())
				return nil
			}
			sum.Read++
			j, err := jobs.AnalyzeJob(it.Article)
			if err != nil {
				sum.Failed++
				sum.Failures = append(sum.Failures, it.Origin+": "+err.Error())
				return nil
			}
			batch = append(batch, j)
			if len(batch) >= 500 {
				return flush()
			}
			return nil
		})
		if err != nil {
			sum.Failed++
			sum.Failures = append(sum.Failures, err.Error())
			if e.ctx.Err() != nil {
				break
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	if asJSON {
		writeJSON(e.stdout, sum)
	} else {
		fmt.Fprintf(e.stdout, "read %d articles: %d analysis jobs queued, %d already queued or done, %d failed\n",
			sum.Read, sum.Queued, sum.Already, sum.Failed)
		for _, f := range sum.Failures {
			fmt.Fprintf(e.stdout, "  failed: %s\n", f)
		}
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d input(s) failed", sum.Failed)
	}
	return nil
}

func writeJobStats(w io.Writer, s jobs.Stats) {
	fmt.Fprintf(w, "queued   %d (%d ready, %d retrying; oldest ready %s)\n", s.Queued, s.Ready, s.Retrying,
		s.OldestReady.Round(time.Second))
	fmt.Fprintf(w, "running  %d (%d workers; %d expired leases)\n", s.Running, s.Workers, s.Expired)
	fmt.Fprintf(w, "done     %d (%d in the last %s, mean latency %s)\n", s.Done, s.Finished, s.Window,
		s.Latency.Round(time.Millisecond))
	fmt.Fprintf(w, "dead     %d (see 'khabar jobs dead'; 'khabar jobs retry' requeues them)\n", s.Dead)
	fmt.Fprintf(w, "failures %d failed attempts in the last %s\n", s.Failures, s.Window)
	if len(s.ByKind) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\nkind\tqueued\trunning\tdone\tdead")
		for _, k := range jobs.Kinds {
			if c, ok := s.ByKind[k]; ok {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", k, c.Queued, c.Running, c.Done, c.Dead)
			}
		}
		tw.Flush()
	}
}

func writeJobs(w io.Writer, list []jobs.Job) {
	if len(list) == 0 {
		fmt.Fprintln(w, "no jobs")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tkind\tstate\tattempts\tkey\twhen\terror")
	for _, j := range list {
		when := j.RunAt
		if !j.FinishedAt.IsZero() {
			when = j.FinishedAt
		}
		key := j.Key
		if len(key) > 24 {
			key = key[:24] + "…"
		}
		msg := j.LastError
		if len(msg) > 80 {
			msg = msg[:80] + "…"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", j.ID, j.Kind, j.State, j.Attempts, j.MaxAttempts, key,
			when.Local().Format("2006-01-02 15:04:05"), msg)
	}
	tw.Flush()
}
