package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/khabar/khabar/internal/store"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func showCmd() command {
	return command{
		name:    "show",
		summary: "Show a stored article with its annotations.",
		usage:   "[flags] ID",
		example: "khabar show 55b5917436cacc6c\nkhabar show --json 55b5917436cacc6c | jq .quotes",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print the record as JSON")
			text := fs.Bool("text", false, "also print the normalised text")
			return func(e *env, args []string) error {
				if len(args) != 1 {
					return usageErr("want one article ID")
				}
				st, _, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				rec, err := st.Get(e.ctx, args[0])
				if err != nil {
					return fmt.Errorf("show %s: %w", args[0], err)
				}
				if *asJSON {
					return writeJSON(e.stdout, rec)
				}
				writeSummary(e.stdout, rec)
				if *text {
					fmt.Fprintf(e.stdout, "\n%s\n", rec.Text)
				}
				return nil
			}
		},
	}
}

func listCmd() command {
	return command{
		name:    "list",
		summary: "List stored articles, newest first.",
		usage:   "[flags]",
		example: "khabar list --limit 5\nkhabar list --source IRNA --json",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			limit := fs.Int("limit", 20, "articles to list")
			offset := fs.Int("offset", 0, "articles to skip")
			source := fs.String("source", "", "only this source")
			return func(e *env, args []string) error {
				if len(args) != 0 {
					return usageErr("list takes no arguments")
				}
				st, _, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				items, err := st.List(e.ctx, store.ListOptions{Limit: *limit, Offset: *offset, Source: *source})
				if err != nil {
					return err
				}
				if *asJSON {
					if items == nil {
						items = []store.Summary{}
					}
					return writeJSON(e.stdout, items)
				}
				for _, s := range items {
					src := s.Source
					if src == "" {
						src = "-"
					}
					fmt.Fprintf(e.stdout, "%s  %-10s  %-14s  %s  (%d entities, %d events, %d quotes)\n",
						s.ID, day(s.Published), src, s.Title, s.Entities, s.Events, s.Quotes)
				}
				return nil
			}
		},
	}
}

func day(published string) string {
	if len(published) >= 10 {
		return published[:10]
	}
	if published == "" {
		return "-"
	}
	return published
}

func statsCmd() command {
	return command{
		name:    "stats",
		summary: "Print counts over the whole store.",
		usage:   "[flags]",
		example: "khabar stats\nkhabar stats --json",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(e *env, args []string) error {
				st, path, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				s, err := st.Stats(e.ctx)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e.stdout, s)
				}
				fmt.Fprintf(e.stdout, "database   %s (schema %d, %.1f MB)\n", path, s.SchemaVersion, float64(s.SizeBytes)/1e6)
				fmt.Fprintf(e.stdout, "articles   %d from %d sources, %s … %s\n", s.Articles, s.Sources, orDash(s.Oldest), orDash(s.Newest))
				fmt.Fprintf(e.stdout, "entities   %d distinct, %d mentions\n", s.Entities, s.Mentions)
				fmt.Fprintf(e.stdout, "events     %d (%d distinct happenings)\n", s.Events, s.EventKeys)
				fmt.Fprintf(e.stdout, "quotes     %d\n", s.Quotes)
				var vs []string
				for v, n := range s.Analyzers {
					vs = append(vs, fmt.Sprintf("%s: %d", v, n))
				}
				sort.Strings(vs)
				fmt.Fprintf(e.stdout, "analysers  %s\n", strings.Join(vs, ", "))
				return nil
			}
		},
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
