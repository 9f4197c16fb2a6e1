package backend

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// CheckSearch rejects a SearchRequest without a query or with a negative offset.
func CheckSearch(req store.SearchRequest) error {
	if req.Query == nil {
		return fmt.Errorf("%w: no query", store.ErrInvalid)
	}
	if req.Offset < 0 {
		return fmt.Errorf("%w: negative offset", store.ErrInvalid)
	}
	return nil
}

// SortOf returns the order of a search: the query's sort:, else the request's Sort.
func SortOf(req store.SearchRequest) search.Sort {
	if req.Query.Sort != "" {
		return req.Query.Sort
	}
	return req.Sort
}

// Recency returns the reference time (now when unset) and the half-life in days (30 when unset) of a request's
// recency boost.
func Recency(req store.SearchRequest) (now time.Time, halfLife float64) {
	now, halfLife = req.Now, req.RecencyHalfLife
	if now.IsZero() {
		now = time.Now()
	}
	if halfLife <= 0 {
		halfLife = store.DefaultRecencyHalfLife
	}
	return now, halfLife
}

// SplitNegative separates a top-level text node into its positive part (nil when none) and its top-level
// exclusions, so that a query such as `-word source:X` runs as NOT.
func SplitNegative(n search.Node) (pos search.Node, neg []search.Node) {
	switch n := n.(type) {
	case *search.Not:
		return nil, []search.Node{n.Node}
	case *search.And:
		var ps []search.Node
		for _, c := range n.Nodes {
			if nt, ok := c.(*search.Not); ok {
				neg = append(neg, nt.Node)
			} else {
				ps = append(ps, c)
			}
		}
		switch len(ps) {
		case 0:
			return nil, neg
		case 1:
			return ps[0], neg
		}
		return &search.And{Nodes: ps}, neg
	}
	return n, nil
}

// BoolSyntax spells the operators of a backend's text-query language, each with the spaces around it: And and
// Or join operands, AndNot joins an operand and an exclusion from it.
type BoolSyntax struct {
	And, Or, AndNot string
}

// CompileText compiles a text node to a backend's text-query language: leaf compiles each Term and Phrase,
// and syn joins them under And, Or and the exclusions of an And, each group in parentheses. A node the
// language cannot express (an exclusion with nothing to exclude from) is an error wrapping ErrInvalid.
func CompileText(n search.Node, syn BoolSyntax, leaf func(search.Node) (string, error)) (string, error) {
	switch n := n.(type) {
	case *search.Term, *search.Phrase:
		return leaf(n)
	case *search.Or:
		if len(n.Nodes) == 0 {
			return "", fmt.Errorf("%w: empty OR", store.ErrInvalid)
		}
		parts := make([]string, len(n.Nodes))
		for i, c := range n.Nodes {
			e, err := CompileText(c, syn, leaf)
			if err != nil {
				return "", err
			}
			parts[i] = e
		}
		return "(" + strings.Join(parts, syn.Or) + ")", nil
	case *search.And:
		var pos, neg []string
		for _, c := range n.Nodes {
			if nt, ok := c.(*search.Not); ok {
				e, err := CompileText(nt.Node, syn, leaf)
				if err != nil {
					return "", err
				}
				neg = append(neg, e)
				continue
			}
			e, err := CompileText(c, syn, leaf)
			if err != nil {
				return "", err
			}
			pos = append(pos, e)
		}
		if len(pos) == 0 {
			return "", fmt.Errorf("%w: a group cannot only exclude", store.ErrInvalid)
		}
		e := "(" + strings.Join(pos, syn.And) + ")"
		for _, x := range neg {
			e = "(" + e + syn.AndNot + x + ")"
		}
		return e, nil
	case *search.Not:
		return "", fmt.Errorf("%w: an exclusion needs a word to exclude from", store.ErrInvalid)
	}
	return "", fmt.Errorf("%w: unknown query node %T", store.ErrInvalid, n)
}

// SplitFilters separates the values of field filters into the wanted and the excluded, each through conv.
func SplitFilters[T any](fs []search.Filter, conv func(string) T) (in, out []T) {
	for _, f := range fs {
		if f.Negated {
			out = append(out, conv(f.Value))
		} else {
			in = append(in, conv(f.Value))
		}
	}
	return in, out
}

// Ranges adds the condition that a unix-seconds column falls in any of the half-open date ranges; no range
// adds none.
func (w *Where) Ranges(col string, rs []search.DateRange) {
	if len(rs) == 0 {
		return
	}
	var ors []string
	for _, d := range rs {
		ors = append(ors, "("+col+" >= ? AND "+col+" < ?)")
		w.Args = append(w.Args, d.From.Unix(), d.To.Unix())
	}
	w.Conds = append(w.Conds, "("+strings.Join(ors, " OR ")+")")
}

// Highlight adds the title highlights and the snippet of the body to a hit.
func Highlight(h store.Hit, body string, m *search.Matcher, snippetRunes int) store.Hit {
	h.TitleHighlights = m.Ranges(h.Title)
	if h.TitleHighlights == nil {
		h.TitleHighlights = []search.Range{}
	}
	h.Snippet = search.MakeSnippet("body", body, m, snippetRunes)
	return h
}

// ScanFacets reads the (kind, value, label or NULL, count) rows of a facet query into f. Kind s counts a
// source, e an entity, t an event type (labelled with its quad class when the row has no label) and d a
// publication day, which the date histogram of opts groups. The value facets are sorted by count, then value,
// and are empty rather than nil when opts asks for them.
func ScanFacets(rows Rows, opts store.FacetOptions, f *store.Facets) error {
	var days []search.DayCount
	for rows.Next() {
		var kind string
		var v store.FacetValue
		var label *string
		if err := rows.Scan(&kind, &v.Value, &label, &v.Count); err != nil {
			return err
		}
		v.Label = Deref(label)
		switch kind {
		case "s":
			f.Sources = append(f.Sources, v)
		case "e":
			f.Entities = append(f.Entities, v)
		case "t":
			if v.Label == "" {
				v.Label = event.Quad(v.Value)
			}
			f.Types = append(f.Types, v)
		case "d":
			days = append(days, search.DayCount{Day: v.Value, Count: v.Count})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if opts.Size > 0 {
		for _, p := range []*[]store.FacetValue{&f.Sources, &f.Entities, &f.Types} {
			if *p == nil {
				*p = []store.FacetValue{}
			}
			// UNION ALL does not promise to keep each part's order: restore it.
			sort.SliceStable(*p, func(i, j int) bool {
				a, b := (*p)[i], (*p)[j]
				if a.Count != b.Count {
					return a.Count > b.Count
				}
				return a.Value < b.Value
			})
		}
	}
	if opts.Histogram != "" {
		cal := opts.Calendar
		if cal == "" {
			cal = search.Gregorian
		}
		f.Dates = search.Histogram(days, opts.Histogram, cal)
	}
	return nil
}
