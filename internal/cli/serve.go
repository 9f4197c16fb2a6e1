package cli

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/server"
)

func serveCmd() command {
	return command{
		name: "serve",
		summary: "Serve the JSON API (OpenAPI at /api/openapi.json) and the right-to-left web application:\n" +
			"reader, search with facets, entity pages, event timeline and actor network. Writes (POST /api/articles)\n" +
			"need a bearer token from --token or $KHABAR_TOKEN; without one they are refused.",
		usage:   "[--addr 127.0.0.1:8080] [--db PATH] [--token T]",
		example: "khabar serve --db ~/khabar.db\nKHABAR_TOKEN=s3cret khabar serve --addr 127.0.0.1:9000",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (localhost by default)")
			token := fs.String("token", "", "bearer token for writes (default $KHABAR_TOKEN); empty refuses writes")
			logJSON := fs.Bool("log-json", false, "log as JSON lines instead of text")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				if len(args) != 0 {
					return usageErr("serve takes no arguments")
				}
				if _, _, err := net.SplitHostPort(*addr); err != nil {
					return usageErr("--addr %q: %v", *addr, err)
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
				srv, err := server.New(server.Config{Store: st, Analyzer: an, KB: an.KB(), Token: tok, Logger: slog.New(h)})
				if err != nil {
					return err
				}
				host := *addr
				if strings.HasPrefix(host, ":") {
					host = "localhost" + host
				}
				fmt.Fprintf(e.stderr, "khabar: serving %s on http://%s/ (writes %s)\n", path, host, map[bool]string{true: "enabled", false: "refused: no token"}[tok != ""])
				return srv.ListenAndServe(e.ctx, *addr)
			}
		},
	}
}
