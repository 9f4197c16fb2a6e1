package server_test

import (
	"context"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/server"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// Example shows how `khabar serve` wires the server: a store, the analyser for writes, a token from the
// environment, and a context that a signal cancels for a graceful shutdown.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	st, err := sqlite.Open(ctx, filepath.Join(os.TempDir(), "khabar-example.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		log.Fatal(err)
	}
	srv, err := server.New(server.Config{
		Store:    st,
		Analyzer: an,
		Token:    os.Getenv("KHABAR_TOKEN"), // "" keeps the server read-only
		Logger:   slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = srv.ListenAndServe // srv.ListenAndServe(ctx, server.DefaultAddr) blocks until ctx is cancelled
}
