package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/server"
	"github.com/khabar/khabar/internal/watch"
)

func serveCmd() command {
	return command{
		name: "serve",
		summary: "Serve the JSON API (OpenAPI at /api/openapi.json) and the right-to-left web application:\n" +
			"reader, search with facets, entity pages, event timeline and actor network. Writes (POST /api/articles)\n" +
			"need a bearer token from --token or $KHABAR_TOKEN; without one they are refused. --watch also polls the\n" +
			"sources (khabar sources) in the same process, stopping with the server. On PostgreSQL, /metrics shows the\n" +
			"job queue, and --workers queues writes and polls for khabar worker processes instead of doing them here.",
		usage: "[--addr 127.0.0.1:8080] [--db PATH|postgres://…] [--token T] [--watch [--interval 10m]] [--workers]",
		example: "khabar serve --db ~/khabar.db\nKHABAR_TOKEN=s3cret khabar serve --addr 127.0.0.1:9000\nkhabar serve --watch --interval 15m\n" +
			"khabar serve --db postgres://khabar@db/khabar --watch --workers --addr :8080",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (localhost by default)")
			token := fs.String("token", "", "bearer token for writes (default $KHABAR_TOKEN); empty refuses writes")
			logJSON := fs.Bool("log-json", false, "log as JSON lines instead of text")
			watchSources := fs.Bool("watch", false, "also poll the sources for new articles, as khabar watch does")
			interval := fs.Duration("interval", watch.DefaultInterval, "with --watch: time between polls")
			workers := fs.Bool("workers", false, "queue writes (POST /api/articles) and --watch polls for khabar worker processes (PostgreSQL)")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				if len(args) != 0 {
					return usageErr("serve takes no arguments")
				}
				if _, _, err := net.SplitHostPort(*addr); err != nil {
					return usageErr("--addr %q: %v", *addr, err)
				}
				if *interval <= 0 {
					return usageErr("--interval must be positive, got %s", *interval)
				}
				var aopts analyze.Options
				if err := lexicons(&aopts.Normalize); err != nil {
					return err
				}
				st, path, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				an, err := analyze.New(aopts)
				if err != nil {
					return err
				}
				var h slog.Handler = slog.NewTextHandler(e.stderr, nil)
				if *logJSON {
					h = slog.NewJSONHandler(e.stderr, nil)
				}
				tok := *token
				if tok == "" {
					tok = e.getenv("KHABAR_TOKEN")
				}
				log := slog.New(h)
				// On PostgreSQL /metrics shows the job queue; --workers hands writes and polls to it.
				q, qerr := jobs.Open(st, jobs.Options{})
				if *workers && qerr != nil {
					return fmt.Errorf("--workers: %s: %w", path, qerr)
				}
				srv, err := server.New(server.Config{Store: st, Analyzer: an, KB: an.KB(), Token: tok, Logger: log,
					Queue: q, Enqueue: *workers})
				if err != nil {
					return err
				}
				var poll func(context.Context) error
				if *watchSources {
					wopts := watch.Options{Interval: *interval, Logger: log}
					if *workers {
						wopts.Defer = jobs.DeferTo(q)
					}
					w, err := watch.New(st, an, wopts)
					if errors.Is(err, watch.ErrUnsupported) {
						return fmt.Errorf("--watch: %s: %w", path, err)
					}
					if err != nil {
						return err
					}
					poll = w.Run
					if *workers {
						poll = func(ctx context.Context) error { return queuePolls(ctx, q, w, *interval, false, e.stderr) }
					}
				}
				host := *addr
				if strings.HasPrefix(host, ":") {
					host = "localhost" + host
				}
				fmt.Fprintf(e.stderr, "khabar: serving %s on http://%s/ (writes %s)\n", path, host, map[bool]string{true: "enabled", false: "refused: no token"}[tok != ""])
				switch {
				case poll != nil && *workers:
					fmt.Fprintf(e.stderr, "khabar: queueing the polls of the sources every %s for khabar worker\n", *interval)
				case poll != nil:
					fmt.Fprintf(e.stderr, "khabar: watching the sources every %s\n", *interval)
				}
				if *workers {
					fmt.Fprintln(e.stderr, "khabar: writes are queued for khabar worker")
				}
				return serveWatching(e.ctx, srv, poll, *addr, e)

			}
		},
	}
}

// serveWatching serves until ctx ends; with a poll loop (a watcher's Run, or the queueing of polls) it also runs
// that in the background, and stops it (waiting for its poll in flight) when the server stops, so that the store
// is closed after both.
func serveWatching(ctx context.Context, srv *server.Server, poll func(context.Context) error, addr string, e *env) error {
	if poll == nil {
		return srv.ListenAndServe(ctx, addr)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := poll(ctx); err != nil {
			fmt.Fprintf(e.stderr, "khabar: watch: %v\n", err)
		}
	}()
	err := srv.ListenAndServe(ctx, addr)
	cancel()
	wg.Wait()
	return err
}
