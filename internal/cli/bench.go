package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/khabar/khabar/internal/bench"
)

func benchCmd() command {
	return command{
		name: "bench",
		summary: "Benchmarks on a synthetic Persian news corpus (deterministic for a seed):\n" +
			"  corpus   write the corpus as JSON Lines (khabar ingest and bench/blevesearch read it)\n" +
			"  queries  write the fixed query mix as JSON Lines\n" +
			"  search   ingest the corpus into SQLite, run the query mix, print throughput, index size, latency\n" +
			"           percentiles per query class, peak RSS and recall on spelling variants",
		usage: "corpus|queries|search [--articles N] [--seed S] [--queries N] [--db PATH --reuse] [--mode full|text] [--facets] [--json]",
		example: "khabar bench corpus --articles 10000 --seed 1 > corpus.jsonl\n" +
			"khabar bench search --articles 10000 --seed 1\n" +
			"khabar bench search --articles 100000 --db /tmp/b100k.db --reuse --json",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			articles := fs.Int("articles", bench.DefaultArticles, "number of articles")
			seed := fs.Int64("seed", 1, "corpus and query seed")
			queries := fs.Int("queries", bench.DefaultQueries, "number of queries")
			db := fs.String("db", "", "SQLite database for search (default: a temporary one)")
			reuse := fs.Bool("reuse", false, "skip the ingest when --db already holds the corpus")
			mode := fs.String("mode", "full", "ingest mode: full (the whole analyser) or text (normalise and entities only)")
			facets := fs.Bool("facets", false, "compute facets with every query")
			exact := fs.Bool("exact-total", false, "count every match of every query (as khabar search --exact-total)")
			asJSON := fs.Bool("json", false, "print the search report as JSON")
			return func(e *env, args []string) error {
				if len(args) < 1 {
					return usageErr("want corpus, queries or search")
				}
				sub := args[0]
				// Flags may follow the subcommand: bench search --articles 1000.
				if err := fs.Parse(args[1:]); err != nil {
					return usageErr("%v", err)
				}
				if fs.NArg() > 0 {
					return usageErr("unexpected argument %q", fs.Arg(0))
				}
				switch sub {
				case "corpus":
					return bench.WriteJSONL(e.ctx, e.stdout, bench.CorpusOptions{Articles: *articles, Seed: *seed})
				case "queries":
					qs, err := bench.Queries(*queries, *seed)
					if err != nil {
						return err
					}
					return bench.WriteQueries(e.stdout, qs)
				case "search":
					if *mode != string(bench.ModeFull) && *mode != string(bench.ModeText) {
						return usageErr("--mode must be full or text, not %q", *mode)
					}
					rep, err := bench.Search(e.ctx, bench.BenchOptions{Articles: *articles, Seed: *seed,
						Queries: *queries, DB: *db, Reuse: *reuse, Mode: bench.Mode(*mode), Facets: *facets, ExactTotal: *exact,
						Progress: func(msg string) {
							fmt.Fprintf(e.stderr, "%s %s\n", time.Now().Format("15:04:05"), msg)
						}})
					if err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e.stdout, rep)
					}
					return rep.Write(e.stdout)
				}
				return usageErr("unknown benchmark %q: want corpus, queries or search", sub)
			}
		},
	}
}
