package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

func searchCmd() command {
	return command{
		name: "search",
		summary: "Search stored articles. Spelling-insensitive: نخست‌وزیر, نخست وزیر and نخستوزیر find the same.\n" +
			"Query language: words, \"phrases\", -exclusion, OR, prefix*, entity:, type:, source:, date:\n" +
			"(date:1404-08, date:2025-11-10..2025-11-16, date:۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵), sort:date.",
		usage: "[flags] QUERY",
		example: "khabar search 'نخست وزیر اسرائیل'\n" +
			"khabar search 'entity:پوتین type:CONSULT date:1404-08'\n" +
			"khabar search --json --limit 5 '\"انرژی اتمی\" -روسیه'",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print results and facets as JSON")
			limit := fs.Int("limit", 10, "results per page")
			offset := fs.Int("offset", 0, "results to skip")
			sortBy := fs.String("sort", "", "relevance (default) or date")
			facets := fs.Bool("facets", false, "also print facets (entities, sources, event types, months)")
			calendar := fs.String("calendar", "jalali", "calendar of the date histogram: jalali or gregorian")
			exact := fs.Bool("exact-total", false, "count every match (by default counting stops past the 5,000 newest)")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				if len(args) == 0 {
					return usageErr("want a QUERY")
				}
				srt, err := search.ParseSort(*sortBy)
				if err != nil {
					return usageErr("%v", err)
				}
				kb, err := entity.LoadKB()
				if err != nil {
					return err
				}
				var nopts persian.Options
				if err := lexicons(&nopts); err != nil {
					return err
				}
				raw := strings.Join(args, " ")
				q, err := analyze.NewQueryParser(nopts, kb, nil).Parse(raw)
				if err != nil {
					var qe *search.Error
					if errors.As(err, &qe) {
						return usageErr("%v\n  %s\n  %s^", err, qe.Query, strings.Repeat(" ", qe.Column()-1))
					}
					return usageErr("%v", err)
				}
				st, _, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				req := store.SearchRequest{Query: q, Sort: srt, Limit: *limit, Offset: *offset, RecencyBoost: 0.2,
					ExactTotal: *exact}
				if *facets || *asJSON {
					req.Facets = store.FacetOptions{Size: 10, Histogram: search.Month, Calendar: search.Calendar(*calendar)}
				}
				res, err := st.Search(e.ctx, req)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e.stdout, res)
				}
				more := ""
				if res.TotalAtLeast {
					more = "more than "
				}
				fmt.Fprintf(e.stdout, "%s%d articles match %s\n", more, res.Total, raw)
				if res.Ranked > 0 {
					fmt.Fprintf(e.stdout, "(ranked by relevance among the %d newest; --sort date reaches them all, a date: range narrows them", res.Ranked)
					if res.TotalAtLeast {
						fmt.Fprint(e.stdout, ", --exact-total counts them")
					}
					fmt.Fprintln(e.stdout, ")")
				}
				for i, h := range res.Hits {
					fmt.Fprintf(e.stdout, "\n%2d. %s\n    %s · %s · %s · score %.2f\n    %s\n", *offset+i+1, h.Title,
						h.ID, day(h.Published), orDash(h.Source), h.Score, h.Snippet.Highlighted("[", "]"))
				}
				if *facets {
					printFacet := func(name string, vs []store.FacetValue) {
						var parts []string
						for _, v := range vs {
							l := v.Label
							if l == "" || name == "types" {
								l = v.Value
							}
							parts = append(parts, fmt.Sprintf("%s (%d)", l, v.Count))
						}
						fmt.Fprintf(e.stdout, "%-9s %s\n", name, strings.Join(parts, ", "))
					}
					fmt.Fprintln(e.stdout)
					printFacet("entities", res.Facets.Entities)
					printFacet("sources", res.Facets.Sources)
					printFacet("types", res.Facets.Types)
					var bs []string
					for _, b := range res.Facets.Dates {
						bs = append(bs, fmt.Sprintf("%s (%d)", b.Label, b.Count))
					}
					fmt.Fprintf(e.stdout, "%-9s %s\n", "months", strings.Join(bs, ", "))
				}
				return nil
			}
		},
	}
}
