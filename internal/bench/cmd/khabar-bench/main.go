// Command khabar-bench runs the search benchmark and writes its corpus and query mix, until `khabar bench` is
// wired in the CLI:
//
//	khabar-bench corpus --articles N --seed S > corpus.jsonl
//	khabar-bench queries --queries 1000 --seed S > queries.jsonl
//	khabar-bench search --articles N --seed S [--db PATH --reuse] [--mode full|text] [--json]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"time"

	"github.com/khabar/khabar/internal/bench"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "khabar-bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(args) == 0 {
		return fmt.Errorf("want a command: corpus, queries or search")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	articles := fs.Int("articles", bench.DefaultArticles, "number of articles")
	seed := fs.Int64("seed", 1, "corpus and query seed")
	queries := fs.Int("queries", bench.DefaultQueries, "number of queries")
	db := fs.String("db", "", "SQLite database (search); empty means a temporary one")
	reuse := fs.Bool("reuse", false, "skip the ingest when --db already holds the corpus")
	mode := fs.String("mode", "full", "ingest mode: full (the analyser) or text (normalise + entities)")
	facets := fs.Bool("facets", false, "compute facets with every query")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	memprofile := fs.String("memprofile", "", "write a heap profile here at the end (search)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "corpus":
		return bench.WriteJSONL(ctx, os.Stdout, bench.CorpusOptions{Articles: *articles, Seed: *seed})
	case "queries":
		qs, err := bench.Queries(*queries, *seed)
		if err != nil {
			return err
		}
		return bench.WriteQueries(os.Stdout, qs)
	case "search":
		rep, err := bench.Search(ctx, bench.BenchOptions{Articles: *articles, Seed: *seed, Queries: *queries,
			DB: *db, Reuse: *reuse, Mode: bench.Mode(*mode), Facets: *facets,
			Progress: func(msg string) { fmt.Fprintf(os.Stderr, "%s %s\n", time.Now().Format("15:04:05"), msg) }})
		if err != nil {
			return err
		}
		if *memprofile != "" {
			if err := writeHeap(*memprofile); err != nil {
				return err
			}
		}
		if *asJSON {
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		}
		return rep.Write(os.Stdout)
	}
	return fmt.Errorf("unknown command %q: want corpus, queries or search", args[0])
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
