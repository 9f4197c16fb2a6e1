package server

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/timex"
)

//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves the embedded OpenAPI 3 document.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPIDoc)
}

// MaxOffset bounds paging offsets, so that a deep page cannot make the store scan without end.
const MaxOffset = 100000

// paramError is a malformed query parameter.
type paramError struct{ name, msg string }

func (e *paramError) Error() string { return "parameter " + e.name + ": " + e.msg }

// params reads and validates query parameters, remembering the first error.
type params struct {
	v   url.Values
	loc *time.Location
	err error
}

func (p *params) fail(name, format string, a ...any) {
	if p.err == nil {
		p.err = &paramError{name, fmt.Sprintf(format, a...)}
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.v.Get(name)) }

// intIn reads an integer in [lo, hi], or def when absent.
func (p *params) intIn(name string, def, lo, hi int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(asciiDigits(s))
	if err != nil || n < lo || n > hi {
		p.fail(name, "want an integer from %d to %d, got %q", lo, hi, s)
		return def
	}
	return n
}

// date reads a day, month or year (Gregorian or Jalali); end chooses the end of the range it names.
func (p *params) date(name string, end bool) time.Time {
	s := p.str(name)
	if s == "" {
		return time.Time{}
	}
	from, to, err := timex.ParseRange(s, p.loc)
	if err != nil {
		p.fail(name, "want a date such as 2025-11-16 or 1404-08-25, got %q", s)
		return time.Time{}
	}
	if end {
		return to
	}
	return from
}

// window reads from and to as a half-open window, to inclusive of the day it names.
func (p *params) window() (time.Time, time.Time) {
	from, to := p.date("from", false), p.date("to", true)
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		p.fail("to", "must not be before from")
	}
	return from, to
}

// category reads a PLOVER category.
func (p *params) category(name string) string {
	s := strings.ToUpper(p.str(name))
	if s == "" {
		return ""
	}
	if !slices.Contains(event.Categories(), s) {
		p.fail(name, "unknown PLOVER category %q; want one of %s", s, strings.Join(event.Categories(), ", "))
		return ""
	}
	return s
}

// oneOf reads a value from a fixed set.
func (p *params) oneOf(name string, allowed ...string) string {
	s := strings.ToLower(p.str(name))
	if s == "" || slices.Contains(allowed, s) {
		return s
	}
	p.fail(name, "want one of %s, got %q", strings.Join(allowed, ", "), s)
	return ""
}

// boolean reads true or false (also 1 or 0); absent is false.
func (p *params) boolean(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	p.fail(name, "want true or false, got %q", p.str(name))
	return false
}

func (s *Server) params(r *http.Request) *params {
	return &params{v: r.URL.Query(), loc: s.cfg.Location}
}

// badParams writes a 400 for a parameter error.
func badParams(w http.ResponseWriter, err error) {
	writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
}

// parseQuery parses a search query typed by a user.
func (s *Server) parseQuery(q string) (*search.Query, error) {
	return s.queries.Parse(q)
}

// resolveEntity maps a KB ID, canonical name or alias to the key the store files an entity under.
func (s *Server) resolveEntity(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if _, ok := s.cfg.KB.Lookup(v); ok {
		return v
	}
	if es := s.cfg.KB.Find(v); len(es) > 0 {
		return es[0].ID
	}
	return v
}

// searchPage is the answer of GET /api/articles.
type searchPage struct {
	Query    string `json:"query,omitempty"`
	Executed string `json:"executed,omitempty"`
	Total    int    `json:"total"`
	Ranked   int    `json:"ranked,omitempty"` // relevance ranked only this many newest matches; pages end there
	// TotalAtLeast: counting stopped at the rank window, there are more than Total matches (exact_total=true counts them).
	TotalAtLeast bool            `json:"total_at_least,omitempty"`
	Offset       int             `json:"offset"`
	Limit        int             `json:"limit"`
	Hits         []store.Hit     `json:"hits,omitempty"`
	Articles     []store.Summary `json:"articles,omitempty"`
	Facets       *store.Facets   `json:"facets,omitempty"`
}

// searchRequest builds a store search from request parameters; facetsDefault is the facet size when the request
// names none (the API computes facets only on request, as the CLI does; the search page always shows them).
func (s *Server) searchRequest(p *params, q *search.Query, facetsDefault int) store.SearchRequest {
	srt := search.Sort(p.oneOf("sort", "relevance", "date"))
	req := store.SearchRequest{Query: q, Sort: srt, RecencyBoost: 0.2, Now: s.cfg.Now(),
		Limit:  p.intIn("limit", store.DefaultLimit, 1, store.MaxLimit),
		Offset: p.intIn("offset", 0, 0, MaxOffset), ExactTotal: p.boolean("exact_total")}
	req.Facets = store.FacetOptions{Size: p.intIn("facets", facetsDefault, 0, 100),
		Histogram: search.Interval(p.oneOf("histogram", "day", "week", "month")),
		Calendar:  search.Calendar(p.oneOf("calendar", "jalali", "gregorian"))}
	if req.Facets.Histogram == "" && req.Facets.Size > 0 {
		req.Facets.Histogram = search.Month
	}
	if req.Facets.Calendar == "" {
		req.Facets.Calendar = search.Jalali
	}
	return req
}

// apiSearch answers GET /api/articles: a search when q is given, else the latest articles.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	raw := p.v.Get("q")
	if strings.TrimSpace(raw) == "" {
		opts := store.ListOptions{Limit: p.intIn("limit", store.DefaultLimit, 1, store.MaxLimit),
			Offset: p.intIn("offset", 0, 0, MaxOffset), Source: p.str("source")}
		opts.From, opts.To = p.window()
		if p.err != nil {
			badParams(w, p.err)
			return
		}
		list, err := s.cfg.Store.List(r.Context(), opts)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		st, err := s.cfg.Store.Stats(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, searchPage{Total: st.Articles, Offset: opts.Offset, Limit: opts.Limit,
			Articles: nonNilSlice(list)})
		return
	}
	q, err := s.parseQuery(raw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := s.searchRequest(p, q, 0)
	if p.err != nil {
		badParams(w, p.err)
		return
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, searchPage{Query: raw, Executed: res.Executed, Total: res.Total,
		Offset: req.Offset, Limit: store.ClampLimit(req.Limit), Hits: nonNilSlice(res.Hits), Facets: &res.Facets, Ranked: res.Ranked,
		TotalAtLeast: res.TotalAtLeast})
}

// apiArticle answers GET /api/articles/{id} with the full record.
func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	rec, err := s.cfg.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// apiEntities answers GET /api/entities: the most mentioned entities.
func (s *Server) apiEntities(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	opts := store.EntityOptions{Limit: p.intIn("limit", store.DefaultLimit, 1, store.MaxLimit),
		Type: p.oneOf("type", article.Person, article.Organization, article.Location)}
	opts.From, opts.To = p.window()
	if p.err != nil {
		badParams(w, p.err)
		return
	}
	ents, err := s.cfg.Store.Entities(r.Context(), opts)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]entityJSON, len(ents))
	for i, e := range ents {
		out[i] = entityJSON{EntityCount: e, Persian: s.faName(e.ID, e.Name)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entities": out})
}

// entityJSON is an entity with its Persian display name.
type entityJSON struct {
	store.EntityCount
	Persian string `json:"persian,omitempty"`
}

// kbJSON is what the knowledge base knows of an entity.
type kbJSON struct {
	ID      string     `json:"id"`
	Type    string     `json:"type"`
	Subtype string     `json:"subtype,omitempty"`
	Name    string     `json:"name"`
	Country string     `json:"country,omitempty"`
	Sector  string     `json:"sector,omitempty"`
	Fa      []string   `json:"fa"`
	En      []string   `json:"en"`
	Roles   []roleJSON `json:"roles"`
	QID     string     `json:"wikidata,omitempty"`
}

type roleJSON struct {
	Title string `json:"title"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// entityDetail is the answer of GET /api/entities/{id}.
type entityDetail struct {
	store.EntityProfile
	Persian     string              `json:"persian,omitempty"`
	KB          *kbJSON             `json:"kb,omitempty"`
	ActorOf     []store.EventRecord `json:"events_as_actor"`
	RecipientOf []store.EventRecord `json:"events_as_recipient"`
}

// entityDetail gathers the profile, KB entry and events of an entity.
func (s *Server) entityDetail(r *http.Request, id string) (entityDetail, error) {
	ctx := r.Context()
	prof, err := s.cfg.Store.Entity(ctx, id)
	if err != nil && errors.Is(err, store.ErrNotFound) {
		if key := s.resolveEntity(id); key != id {
			id = key
			prof, err = s.cfg.Store.Entity(ctx, id)
		}
	}
	if err != nil {
		return entityDetail{}, err
	}
	d := entityDetail{EntityProfile: prof, Persian: s.faName(prof.ID, prof.Name)}
	if e, ok := s.cfg.KB.Lookup(prof.ID); ok {
		k := &kbJSON{ID: e.ID, Type: e.Type, Subtype: e.Subtype, Name: e.Name, Country: e.Country, Sector: e.Sector,
			Fa: nonNilSlice(e.Fa), En: nonNilSlice(e.En), Roles: []roleJSON{}, QID: e.QID}
		for _, ro := range e.Roles {
			k.Roles = append(k.Roles, roleJSON{ro.Title, ro.From, ro.To})
		}
		d.KB = k
	}
	if d.ActorOf, err = s.cfg.Store.Events(ctx, store.EventFilter{Entity: prof.ID, Role: store.RoleActor, Limit: 50}); err != nil {
		return d, err
	}
	if d.RecipientOf, err = s.cfg.Store.Events(ctx, store.EventFilter{Entity: prof.ID, Role: store.RoleRecipient, Limit: 50}); err != nil {
		return d, err
	}
	d.ActorOf, d.RecipientOf = nonNilSlice(d.ActorOf), nonNilSlice(d.RecipientOf)
	return d, nil
}

// apiEntity answers GET /api/entities/{id}: profile, mentions over time, events and quotes.
func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	d, err := s.entityDetail(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// eventFilter reads an event filter from request parameters.
func (s *Server) eventFilter(p *params) store.EventFilter {
	f := store.EventFilter{Entity: s.resolveEntity(p.str("entity")),
		Role:   p.oneOf("role", store.RoleActor, store.RoleRecipient),
		Type:   p.category("type"),
		Key:    p.str("key"),
		Limit:  p.intIn("limit", store.DefaultLimit, 1, store.MaxLimit),
		Offset: p.intIn("offset", 0, 0, MaxOffset)}
	f.From, f.To = p.window()
	f.OldestFirst = p.oneOf("order", "newest", "oldest") == "oldest"
	return f
}

// apiEvents answers GET /api/events, as JSON or, with format=jsonl, as JSON Lines for export.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	f := s.eventFilter(p)
	format := p.oneOf("format", "json", "jsonl")
	if p.err != nil {
		badParams(w, p.err)
		return
	}
	evs, err := s.cfg.Store.Events(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "jsonl" {
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="events.jsonl"`)
		enc := json.NewEncoder(w)
		for _, e := range evs {
			if err := enc.Encode(e); err != nil {
				return
			}
		}
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": nonNilSlice(evs), "offset": f.Offset,
		"limit": store.ClampLimit(f.Limit)})
}

// apiTimeline answers GET /api/timeline?entity=&from=&to=.
func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	ent := s.resolveEntity(p.str("entity"))
	if ent == "" {
		p.fail("entity", "required: a KB ID, canonical name or alias")
	}
	from, to := p.window()
	if p.err != nil {
		badParams(w, p.err)
		return
	}
	evs, err := s.cfg.Store.Timeline(r.Context(), ent, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entity": ent, "events": nonNilSlice(evs)})
}

// apiGraph answers GET /api/graph?from=&to=&type=.
func (s *Server) apiGraph(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	opts := store.GraphOptions{Type: p.category("type"), Limit: p.intIn("limit", 500, 1, 5000)}
	opts.From, opts.To = p.window()
	if p.err != nil {
		badParams(w, p.err)
		return
	}
	edges, err := s.cfg.Store.Graph(r.Context(), opts)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"edges": nonNilSlice(edges)})
}

// nonNilSlice makes an empty list encode as [] rather than null.
func nonNilSlice[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
