package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/khabar/khabar/internal/store"
)

func optimizeCmd() command {
	return command{
		name:    "optimize",
		summary: "Compact the search index after a bulk load (SQLite: merge it into one segment; PostgreSQL: ANALYZE).",
		usage:   "[flags]",
		example: "khabar optimize\nkhabar optimize --db /data/news.db",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usageErr("optimize takes no arguments")
				}
				st, path, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				took, err := optimize(e.ctx, st)
				if err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				fmt.Fprintf(e.stdout, "optimized %s in %s\n", path, took.Round(time.Millisecond))
				return nil
			}
		},
	}
}

// optimize compacts a store's search index when the store can, and says how long it took.
func optimize(ctx context.Context, st store.Store) (time.Duration, error) {
	o, ok := st.(store.Optimizer)
	if !ok {
		return 0, nil
	}
	start := time.Now()
	err := o.Optimize(ctx)
	return time.Since(start), err
}

// Bulk loads: an ingest that stored at least bulkArticles new or updated articles, a quarter of the store or
// more, compacts the index when it ends (--optimize auto). Smaller runs leave it to the index's own merging:
// compacting rewrites the whole index (a minute at a million articles).
const bulkArticles = 10000

// bulkLoad reports whether an ingest that stored stored articles into a store now holding total is a bulk load.
func bulkLoad(stored, total int) bool { return stored >= bulkArticles && 4*stored >= total }
