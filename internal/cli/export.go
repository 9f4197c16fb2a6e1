package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/timex"
)

func exportCmd() command {
	return command{
		name: "export",
		summary: "Export stored events (PLOVER JSONL or GDELT-like CSV) or quotes, optionally filtered by date and actor.\n" +
			"Dates may be Gregorian or Jalali (2025-11, 1404-08-24, ۱۴۰۴/۰۸/۲۴); --actor takes a name or any alias.",
		usage: "events|quotes [--format jsonl|csv] [--from DATE] [--to DATE] [--actor NAME]",
		example: "khabar export events --format csv > events.csv\n" +
			"khabar export events --actor پوتین --from 1404-08 --to 1404-09\n" +
			"khabar export quotes --actor 'Abbas Araghchi'",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			format := fs.String("format", "jsonl", "jsonl or csv")
			from := fs.String("from", "", "first day (inclusive), Gregorian or Jalali")
			to := fs.String("to", "", "last day (inclusive), Gregorian or Jalali")
			actor := fs.String("actor", "", "only events with this actor or recipient (quotes: this speaker)")
			return func(e *env, args []string) error {
				if len(args) < 1 || (args[0] != "events" && args[0] != "quotes") {
					return usageErr("want: events or quotes")
				}
				what := args[0]
				// Flags may follow the subcommand: export events --format csv.
				if err := fs.Parse(args[1:]); err != nil {
					return usageErr("%v", err)
				}
				if fs.NArg() > 0 {
					return usageErr("unexpected argument %q", fs.Arg(0))
				}
				if *format != "jsonl" && *format != "csv" {
					return usageErr("--format must be jsonl or csv, not %q", *format)
				}
				f, err := newExportFilter(*from, *to, *actor)
				if err != nil {
					return usageErr("%v", err)
				}
				st, _, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				bw := bufio.NewWriter(e.stdout)
				defer bw.Flush()
				var write func(rec *article.Record) error
				enc := json.NewEncoder(bw)
				enc.SetEscapeHTML(false)
				cw := csv.NewWriter(bw)
				switch {
				case what == "events" && *format == "csv":
					cw.Write(event.CSVHeader)
					write = func(rec *article.Record) error {
						for i, ev := range rec.Events {
							if f.event(ev) {
								cw.Write(event.CSVRow(rec, i))
							}
						}
						return cw.Error()
					}
				case what == "events":
					write = func(rec *article.Record) error {
						for i, ev := range rec.Events {
							if f.event(ev) {
								if err := enc.Encode(event.PLOVER(rec, i)); err != nil {
									return err
								}
							}
						}
						return nil
					}
				case *format == "csv":
					cw.Write(event.QuoteCSVHeader)
					write = func(rec *article.Record) error {
						for _, q := range rec.Quotes {
							if f.quote(rec, q) {
								cw.Write(event.QuoteCSVRow(rec, q))
							}
						}
						return cw.Error()
					}
				default:
					write = func(rec *article.Record) error {
						for _, q := range rec.Quotes {
							if f.quote(rec, q) {
								if err := enc.Encode(event.QuoteRecord{ArticleID: rec.ID, Published: rec.Published,
									Quote: q, Source: rec.Source, URL: rec.URL}); err != nil {
									return err
								}
							}
						}
						return nil
					}
				}
				const page = 200
				for off := 0; ; off += page {
					items, err := st.List(e.ctx, store.ListOptions{Limit: page, Offset: off})
					if err != nil {
						return err
					}
					for _, s := range items {
						if (what == "events" && s.Events == 0) || (what == "quotes" && s.Quotes == 0) {
							continue
						}
						rec, err := st.Get(e.ctx, s.ID)
						if err != nil {
							return fmt.Errorf("export %s: %w", s.ID, err)
						}
						if err := write(&rec); err != nil {
							return fmt.Errorf("export %s: %w", s.ID, err)
						}
					}
					if len(items) < page {
						break
					}
				}
				cw.Flush()
				if err := cw.Error(); err != nil {
					return err
				}
				return bw.Flush()
			}
		},
	}
}

// exportFilter selects events and quotes by day and party.
type exportFilter struct {
	from, to string          // YYYY-MM-DD bounds, inclusive; "" for open
	names    map[string]bool // canonical names and IDs of the actor; nil for any
}

func newExportFilter(from, to, actor string) (exportFilter, error) {
	var f exportFilter
	if from != "" {
		start, _, err := timex.ParseRange(from, nil)
		if err != nil {
			return f, fmt.Errorf("--from: %w", err)
		}
		f.from = start.Format("2006-01-02")
	}
	if to != "" {
		_, end, err := timex.ParseRange(to, nil)
		if err != nil {
			return f, fmt.Errorf("--to: %w", err)
		}
		f.to = end.Add(-time.Hour * 12).Format("2006-01-02")
	}
	if actor != "" {
		f.names = map[string]bool{strings.ToLower(actor): true}
		kb, err := entity.LoadKB()
		if err != nil {
			return f, err
		}
		for _, en := range kb.Find(actor) {
			f.names[strings.ToLower(en.Name)] = true
			f.names[strings.ToLower(en.ID)] = true
		}
	}
	return f, nil
}

func (f exportFilter) day(d string) bool {
	if f.from == "" && f.to == "" {
		return true
	}
	if len(d) < 4 {
		return false // undated events fall outside any window
	}
	// A coarse date (2025-10) is in the window when its span overlaps it.
	if f.from != "" && d < f.from[:min(len(d), 10)] {
		return false
	}
	if f.to != "" && len(d) >= 10 && d[:10] > f.to {
		return false
	}
	if f.to != "" && len(d) < 10 && d > f.to[:len(d)] {
		return false
	}
	return true
}

func (f exportFilter) party(names []string, info []article.Party) bool {
	if f.names == nil {
		return true
	}
	for _, n := range names {
		if f.names[strings.ToLower(n)] {
			return true
		}
	}
	for _, p := range info {
		if f.names[strings.ToLower(p.ID)] {
			return true
		}
	}
	return false
}

func (f exportFilter) event(ev article.Event) bool {
	return f.day(ev.Date) && (f.party(ev.Actors, ev.ActorInfo) || f.party(ev.Recipients, ev.RecipientInfo))
}

func (f exportFilter) quote(rec *article.Record, q article.Quote) bool {
	return f.day(rec.Published) && f.party([]string{q.Speaker, q.SpeakerID}, nil)
}
