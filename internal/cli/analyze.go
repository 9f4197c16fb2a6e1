package cli

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/reader"
)

func analyzeCmd() command {
	return command{
		name: "analyze",
		summary: "Analyse articles without storing them: normalised text, dates, entities, events and quotes.\n" +
			"With --json it prints one JSON record per article (one object for one article).",
		usage:   "[flags] FILE|DIR|-",
		example: "khabar analyze --json article.txt | jq .events\ncat article.txt | khabar analyze -",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			asJSON := fs.Bool("json", false, "print the analysed record as JSON")
			pretty := fs.Bool("pretty", false, "indent the JSON")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				var aopts analyze.Options
				if err := lexicons(&aopts.Normalize); err != nil {
					return err
				}
				if len(args) != 1 {
					return usageErr("want one FILE, DIR or - (standard input)")
				}
				an, err := analyze.New(aopts)
				if err != nil {
					return err
				}
				rd := reader.New(reader.Options{Stdin: e.stdin})
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				if *pretty {
					enc.SetIndent("", " ")
				}
				var failed, done int
				err = rd.Read(e.ctx, args[0], func(it reader.Item) error {
					if it.Err != nil {
						failed++
						fmt.Fprintf(e.stderr, "khabar analyze: %v\n", it.Err)
						return nil
					}
					rec, err := an.Article(e.ctx, it.Article)
					if err != nil {
						return fmt.Errorf("analyze %s: %w", it.Origin, err)
					}
					done++
					if *asJSON {
						return enc.Encode(rec)
					}
					if done > 1 {
						fmt.Fprintln(e.stdout)
					}
					writeSummary(e.stdout, rec)
					return nil
				})
				if err != nil {
					return err
				}
				if failed > 0 {
					return fmt.Errorf("%d input(s) could not be read", failed)
				}
				return nil
			}
		},
	}
}
