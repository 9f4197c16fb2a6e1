package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/timex"
)

func reanalyzeCmd() command {
	return command{
		name: "reanalyze",
		summary: "Queue re-analysis of stored articles whose analyser version is older than this build's " +
			"(or of all articles), for 'khabar worker' to do.",
		usage: "--db postgres://… [--since YYYY-MM-DD] [--all]",
		example: "khabar reanalyze --db postgres://khabar@db/khabar\n" +
			"khabar reanalyze --since 2025-11-01 --all   # after a lexicon or knowledge-base change\n" +
			"khabar worker --drain",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			all := fs.Bool("all", false, "every article, even one analysed by this version (replaces it)")
			since := fs.String("since", "", "only articles published on or after this day (YYYY-MM-DD, Tehran time)")
			dry := fs.Bool("dry-run", false, "count the articles, queue nothing")
			asJSON := fs.Bool("json", false, "print the summary as JSON")
			return func(e *env, args []string) error {
				if len(args) != 0 {
					return usageErr("reanalyze takes no arguments")
				}
				var from time.Time
				if *since != "" {
					t, err := time.ParseInLocation("2006-01-02", *since, timex.DefaultLocation())
					if err != nil {
						return usageErr("--since %q: want YYYY-MM-DD", *since)
					}
					from = t
				}
				st, dbName, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				pg, ok := st.(*postgres.Store)
				if !ok {
					return fmt.Errorf("reanalyze: %s: %w", dbName, jobs.ErrNotPostgres)
				}
				q := jobs.New(pg, jobs.Options{})
				ids, err := pg.StaleIDs(e.ctx, postgres.StaleOptions{Version: analyze.Version, All: *all, Since: from})
				if err != nil {
					return err
				}
				queued := 0
				if !*dry {
					for i := 0; i < len(ids); i += 1000 {
						batch := make([]jobs.NewJob, 0, 1000)
						for _, id := range ids[i:min(i+1000, len(ids))] {
							batch = append(batch, jobs.ReanalyzeJob(id, analyze.Version, *all))
						}
						n, err := q.Enqueue(e.ctx, batch...)
						if err != nil {
							return err
						}
						queued += n
					}
				}
				if *asJSON {
					return writeJSON(e.stdout, struct {
						Version  string `json:"version"`
						Articles int    `json:"articles"`
						Queued   int    `json:"queued"`
						DryRun   bool   `json:"dry_run"`
					}{analyze.Version, len(ids), queued, *dry})
				}
				if *dry {
					fmt.Fprintf(e.stdout, "%d articles to re-analyse with analyser %s (dry run: nothing queued)\n", len(ids), analyze.Version)
					return nil
				}
				fmt.Fprintf(e.stdout, "%d articles to re-analyse with analyser %s: %d jobs queued (%d already queued); run 'khabar worker' to do them\n",
					len(ids), analyze.Version, queued, len(ids)-queued)
				return nil
			}
		},
	}
}
