package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/khabar/khabar/internal/article"
)

// writeSummary prints a readable account of an analysed record.
func writeSummary(w io.Writer, r article.Record) {
	fmt.Fprintf(w, "%s\n", r.Title)
	meta := []string{"id " + r.ID}
	if r.Published != "" {
		meta = append(meta, "published "+r.Published)
	}
	if r.Dateline != "" {
		meta = append(meta, r.Dateline)
	}
	if r.Source != "" {
		meta = append(meta, "source "+r.Source)
	}
	fmt.Fprintf(w, "%s\n", strings.Join(meta, " · "))
	fmt.Fprintf(w, "%d paragraphs, %d bytes of normalised text\n", len(r.Blocks), len(r.Text))

	fmt.Fprintf(w, "\nDates (%d)\n", len(r.Dates))
	for _, d := range r.Dates {
		extra := ""
		if d.Jalali != "" {
			extra += " jalali " + d.Jalali
		}
		if d.Mod != "" {
			extra += " " + d.Mod
		}
		if d.Anchor != "" && d.Anchor != "published" {
			extra += " anchored to «" + d.Anchor + "»"
		}
		fmt.Fprintf(w, "  %-28s → %s%s\n", d.Text, d.Value, extra)
	}

	type ent struct {
		name, typ, country string
		forms              []string
		n                  int
	}
	byName := map[string]*ent{}
	var order []string
	for _, m := range r.Entities {
		e := byName[m.Name]
		if e == nil {
			e = &ent{name: m.Name, typ: m.Type, country: m.Country}
			byName[m.Name] = e
			order = append(order, m.Name)
		}
		e.n++
		if !contains(e.forms, m.Text) {
			e.forms = append(e.forms, m.Text)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return byName[order[i]].n > byName[order[j]].n })
	fmt.Fprintf(w, "\nEntities (%d distinct, %d mentions)\n", len(order), len(r.Entities))
	for _, name := range order {
		e := byName[name]
		c := ""
		if e.country != "" {
			c = ", " + e.country
		}
		fmt.Fprintf(w, "  %-36s %s%s ×%d: %s\n", e.name, e.typ, c, e.n, strings.Join(e.forms, "، "))
	}

	fmt.Fprintf(w, "\nEvents (%d)\n", len(r.Events))
	for _, ev := range r.Events {
		fmt.Fprintf(w, "  %s\n", eventLine(ev))
	}
	fmt.Fprintf(w, "\nQuotes (%d)\n", len(r.Quotes))
	for _, q := range r.Quotes {
		sp := q.Speaker
		if sp == "" {
			sp = "(unknown speaker)"
		}
		if q.ReportedBy != "" {
			sp += " via " + q.ReportedBy
		}
		kind := ""
		if q.Indirect {
			kind = " (indirect)"
		}
		fmt.Fprintf(w, "  %s%s: «%s»\n", sp, kind, q.Text)
	}
}

// eventLine is the one-line form of an event.
func eventLine(ev article.Event) string {
	cat := ev.Type
	if ev.Mode != "" {
		cat += "/" + ev.Mode
	}
	who := strings.Join(ev.Actors, " + ")
	if len(ev.Recipients) > 0 {
		who += " → " + strings.Join(ev.Recipients, " + ")
	}
	date := ev.Date
	if date == "" {
		date = "date unknown"
	}
	flags := ""
	if ev.Negated {
		flags += " negated"
	}
	if ev.Future {
		flags += " future"
	}
	return fmt.Sprintf("%-18s %s · %s · CAMEO %s · Goldstein %+.1f · confidence %.2f%s",
		cat, who, date, ev.CAMEO, ev.Goldstein, ev.Confidence, flags)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
