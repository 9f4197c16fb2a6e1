package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/ingest"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store"
)

func demoCmd() command {
	return command{
		name: "demo",
		summary: "Ingest the embedded sample articles into a fresh database, print what Khabar found in them,\n" +
			"and say which commands to try next.",
		usage:   "[flags]",
		example: "khabar demo\nkhabar demo --db /tmp/khabar-demo.db",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := fs.String("db", "", "database to create (default: a new file in a temporary directory)")
			return func(e *env, args []string) error {
				if len(args) != 0 {
					return usageErr("demo takes no arguments")
				}
				path := *db
				if path == "" {
					dir, err := os.MkdirTemp("", "khabar-demo-")
					if err != nil {
						return err
					}
					path = filepath.Join(dir, "khabar.db")
				}
				arts, err := reader.Samples()
				if err != nil {
					return fmt.Errorf("demo: %w", err)
				}
				st, _, err := openStore(e, path)
				if err != nil {
					return err
				}
				defer st.Close()
				an, err := analyze.New(analyze.Options{})
				if err != nil {
					return err
				}
				sum, err := ingest.New(an, st, ingest.Options{}).Articles(e.ctx, arts)
				if err != nil {
					return err
				}
				writeIngestSummary(e.stdout, sum, path)
				return demoReport(e, st, path)
			}
		},
	}
}

func demoReport(e *env, st store.Store, path string) error {
	w := e.stdout
	list, err := st.List(e.ctx, store.ListOptions{Limit: 50})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nArticles, newest first:\n")
	for _, s := range list {
		fmt.Fprintf(w, "  %s  %s  %s\n     %d entity mentions, %d events, %d quotes\n", s.ID, day(s.Published), s.Title,
			s.Entities, s.Events, s.Quotes)
	}
	ents, err := st.Entities(e.ctx, store.EntityOptions{Limit: 12})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nMost mentioned entities:\n")
	for _, en := range ents {
		fmt.Fprintf(w, "  %-38s %-12s %3d mentions in %d articles\n", en.Name, en.Type, en.Mentions, en.Articles)
	}
	evs, err := st.Events(e.ctx, store.EventFilter{Limit: 12})
	if err != nil {
		return err
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Confidence > evs[j].Confidence })
	fmt.Fprintf(w, "\nEvents (PLOVER), most confident first:\n")
	for _, ev := range evs {
		fmt.Fprintf(w, "  %s\n", eventLine(ev.Event))
	}
	st2, err := st.Stats(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nIn all: %d articles, %d distinct entities (%d mentions), %d events, %d quotes.\n",
		st2.Articles, st2.Entities, st2.Mentions, st2.Events, st2.Quotes)
	seed := ""
	if len(list) > 0 {
		seed = list[0].ID
	}
	fmt.Fprintf(w, "\nTry next:\n")
	fmt.Fprintf(w, "  khabar search --db %s 'نخست وزیر'\n", path)
	fmt.Fprintf(w, "  khabar search --db %s --facets 'entity:پوتین'\n", path)
	fmt.Fprintf(w, "  khabar show --db %s %s\n", path, seed)
	fmt.Fprintf(w, "  khabar serve --db %s    # then open http://127.0.0.1:8080\n", path)
	return nil
}
