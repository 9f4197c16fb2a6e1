package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/timex"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// staticHandler serves the embedded styles, script and icons.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic("server: static: " + err.Error()) // unreachable: the directory is embedded
	}
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// pages holds one parsed template set per page, each the layout plus the page's content.
type pages struct {
	sets map[string]*template.Template
}

// pageNames are the page templates under templates/.
var pageNames = []string{"home", "article", "search", "entity", "timeline", "network", "stories", "error"}

func newPages(s *Server) (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}}
	fm := template.FuncMap{
		"when":    s.when,
		"name":    s.faName,
		"parties": s.parties,
	}
	for k, f := range funcs {
		fm[k] = f
	}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(fm).ParseFS(templateFS, "templates/layout.html",
			"templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// funcs are the template helpers; none of them returns trusted HTML.
var funcs = template.FuncMap{
	"fa":        faDigits,
	"day":       dayLabel,
	"cat":       func(c string) string { return categoryFa[c] },
	"quadClass": quadClass,
	"quadFa":    func(q string) string { return quadFa[q] },
	"typeFa":    func(t string) string { return typeFa[t] },
	"entHref":   entityHref,
	"artHref":   articleHref,
	"pct":       func(f float64) string { return faDigits(int(f*100+0.5)) + "٪" },
	"pctW":      func(f float64) int { return max(0, min(100, int(f*100+0.5))) },
	"add":       func(a, b int) int { return a + b },
	"jalaliDay": func(t time.Time) string { return timex.FormatJalali(t) },
	"bucket":    bucketLabel,
}

// view is what every page template receives.
type view struct {
	Title  string
	Active string // nav item
	Q      string // the search box
	Status int
	Data   any
}

// Link is a labelled href.
type Link struct {
	Text, Href, Title string
	Count             int
	Active            bool
}

// parties turns event parties into entity links with Persian names.
func (s *Server) parties(names []string, info []article.Party) []Link {
	out := make([]Link, 0, len(names))
	for i, n := range names {
		key := n
		if i < len(info) && info[i].ID != "" {
			key = info[i].ID
		}
		out = append(out, Link{Text: s.faName(key, n), Href: entityHref(key), Title: n})
	}
	return out
}

// render executes a page into a buffer first, so that a template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	v.Status = status
	var buf bytes.Buffer
	if err := s.pages.sets[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pageError renders an error page.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	s.render(w, r, status, "error", view{Title: title, Data: map[string]string{"Title": title, "Message": msg}})
}

// pageFail renders a store error as a page.
func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	status, _, msg, _ := classify(err)
	switch status {
	case http.StatusNotFound:
		s.pageError(w, r, status, "پیدا نشد", "چنین موردی در پایگاه خبر نیست.")
	case http.StatusBadRequest:
		s.pageError(w, r, status, "درخواست نادرست", msg)
	default:
		s.log.Error("page", "path", r.URL.Path, "err", err)
		s.pageError(w, r, status, "خطا", "پاسخ دادن به این درخواست ممکن نشد. دوباره امتحان کنید.")
	}
}

// homeData is the home page.
type homeData struct {
	Stats    store.Stats
	Latest   []store.Summary
	Entities []store.EntityCount
	WeekOf   string
	Events   []store.EventRecord
}

// pageHome shows the latest articles, the week's top entities and recent events.
func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var d homeData
	var err error
	if d.Stats, err = s.cfg.Store.Stats(ctx); err != nil {
		s.pageFail(w, r, err)
		return
	}
	if d.Latest, err = s.cfg.Store.List(ctx, store.ListOptions{Limit: 12}); err != nil {
		s.pageFail(w, r, err)
		return
	}
	// "This week" is the seven days up to today, or up to the newest article when the store holds older news.
	end := s.cfg.Now().In(s.cfg.Location)
	if t, err := time.ParseInLocation("2006-01-02", d.Stats.Newest, s.cfg.Location); err == nil && t.Before(end) {
		end = t
	}
	day := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, s.cfg.Location)
	from, to := day.AddDate(0, 0, -6), day.AddDate(0, 0, 1)
	d.WeekOf = timex.FormatJalali(from) + " تا " + timex.FormatJalali(day)
	if d.Entities, err = s.cfg.Store.Entities(ctx, store.EntityOptions{Limit: 12, From: from, To: to}); err != nil {
		s.pageFail(w, r, err)
		return
	}
	if d.Events, err = s.cfg.Store.Events(ctx, store.EventFilter{Limit: 8}); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", view{Title: "خبر", Active: "home", Data: d})
}

// articleData is the article page.
type articleData struct {
	Rec      article.Record
	Blocks   []Block
	Dateline string
	Entities []Link
	Events   []store.EventRecord
}

// pageArticle shows an article with its annotations highlighted and its events and quotes beside it.
func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	rec, err := s.cfg.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d := articleData{Rec: rec, Blocks: s.annotate(&rec), Dateline: rec.Dateline}
	counts := map[string]*Link{}
	var order []string
	for _, m := range rec.Entities {
		key := m.ID
		if key == "" {
			key = m.Name
		}
		if key == "" {
			continue
		}
		l := counts[key]
		if l == nil {
			l = &Link{Text: s.faName(m.ID, m.Name), Href: entityHref(key), Title: typeFa[m.Type]}
			counts[key] = l
			order = append(order, key)
		}
		l.Count++
	}
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]].Count > counts[order[j]].Count })
	for _, k := range order {
		d.Entities = append(d.Entities, *counts[k])
	}
	for i, e := range rec.Events {
		d.Events = append(d.Events, store.EventRecord{ArticleID: rec.ID, Index: i, Quad: event.Quad(e.Type), Event: e})
	}
	s.render(w, r, http.StatusOK, "article", view{Title: rec.Title, Data: d})
}

// facetLink is a clickable facet value.
type facetLink struct {
	Label string
	Value string
	Count int
	Href  string
}

// searchData is the search page.
type searchData struct {
	Query     string
	Error     string
	Total     int
	AtLeast   bool   // counting stopped: more than Total match
	ExactHref string // the same search with every match counted
	Ranked    int    // relevance ranked only this many newest matches
	Hits      []hitView
	Entities  []facetLink
	Sources   []facetLink
	Types     []facetLink
	Chart     BarChart
	Prev      string
	Next      string
	From, To  int
	Sort      string
	SortHref  string
	Executed  string
	Searching bool
}

// hitView is one search result prepared for display.
type hitView struct {
	store.Hit
	TitlePieces   []Piece
	SnippetPieces []Piece
	SnippetTitle  bool // the snippet is the title
}

// searchHref links to a search.
func searchHref(q string, extra ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] != "" {
			v.Set(extra[i], extra[i+1])
		}
	}
	return "/search?" + v.Encode()
}

// addFilter appends field:value to a query, quoting values with spaces, unless the query already has it.
func addFilter(q, field, value string) string {
	if strings.ContainsAny(value, " \t\"") {
		value = `"` + strings.ReplaceAll(value, `"`, "") + `"`
	}
	f := field + ":" + value
	if strings.Contains(" "+q+" ", " "+f+" ") {
		return q
	}
	return strings.TrimSpace(q + " " + f)
}

// pageSearch runs a search and shows results, facets and a date histogram.
func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	raw := strings.TrimSpace(p.v.Get("q"))
	d := searchData{Query: raw}
	v := view{Title: "جستجو", Active: "search", Q: raw, Data: &d}
	if raw == "" {
		s.render(w, r, http.StatusOK, "search", v)
		return
	}
	v.Title = raw + " — جستجو"
	d.Searching = true
	q, err := s.parseQuery(raw)
	if err != nil {
		d.Error = err.Error()
		s.render(w, r, http.StatusBadRequest, "search", v)
		return
	}
	req := s.searchRequest(p, q, 10)
	req.Limit = p.intIn("limit", 10, 1, 100)
	if p.err != nil {
		d.Error = p.err.Error()
		s.render(w, r, http.StatusBadRequest, "search", v)
		return
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		status, _, msg, _ := classify(err)
		if status >= 500 {
			s.pageFail(w, r, err)
			return
		}
		d.Error = msg
		s.render(w, r, status, "search", v)
		return
	}
	d.Total, d.Executed, d.Ranked, d.AtLeast = res.Total, res.Executed, res.Ranked, res.TotalAtLeast
	d.Sort = string(req.Sort)
	if res.TotalAtLeast {
		d.ExactHref = searchHref(raw, "sort", string(req.Sort), "exact_total", "1")
	}
	if req.Sort == search.ByDate {
		d.SortHref = searchHref(raw)
	} else {
		d.SortHref = searchHref(raw, "sort", "date")
	}
	for _, h := range res.Hits {
		hv := hitView{Hit: h, TitlePieces: marked(h.Title, h.TitleHighlights)}
		if h.Snippet.Field == "title" {
			hv.SnippetTitle = true
		} else {
			hv.SnippetPieces = marked(h.Snippet.Text, h.Snippet.Highlights)
		}
		d.Hits = append(d.Hits, hv)
	}
	for _, f := range res.Facets.Entities {
		label := s.faName(f.Value, f.Label)
		d.Entities = append(d.Entities, facetLink{label, f.Value, f.Count, searchHref(addFilter(raw, "entity", f.Value), "sort", string(req.Sort))})
	}
	for _, f := range res.Facets.Sources {
		d.Sources = append(d.Sources, facetLink{f.Value, f.Value, f.Count, searchHref(addFilter(raw, "source", f.Value), "sort", string(req.Sort))})
	}
	for _, f := range res.Facets.Types {
		label := categoryFa[f.Value]
		if label == "" {
			label = f.Value
		}
		d.Types = append(d.Types, facetLink{label, f.Value, f.Count, searchHref(addFilter(raw, "type", f.Value), "sort", string(req.Sort))})
	}
	d.Chart = barChart(res.Facets.Dates, 320, 170, "خبر", func(b search.Bucket) string {
		return searchHref(addFilter(raw, "date", b.Label), "sort", string(req.Sort))
	})
	d.Chart.Title = "توزیع زمانی نتیجه‌ها"
	d.From, d.To = req.Offset+1, req.Offset+len(res.Hits)
	if req.Offset > 0 {
		d.Prev = searchHref(raw, "sort", string(req.Sort), "offset", strconv.Itoa(max(0, req.Offset-req.Limit)))
	}
	last := res.Total
	if res.Ranked > 0 {
		last = res.Ranked
	}
	// A total counted only up to the window is no last page under sort:date: a full page has a next.
	more := res.TotalAtLeast && res.Ranked == 0 && len(res.Hits) == req.Limit
	if (req.Offset+len(res.Hits) < last || more) && req.Offset+req.Limit <= MaxOffset {
		d.Next = searchHref(raw, "sort", string(req.Sort), "offset", strconv.Itoa(req.Offset+req.Limit))
	}
	s.render(w, r, http.StatusOK, "search", v)
}

// entityData is the entity page.
type entityData struct {
	entityDetail
	Chart    BarChart
	Partners []Link
	Aliases  []string
	Search   string
}

// pageEntity shows an entity: KB aliases and roles, mentions over time, events and quotes.
func (s *Server) pageEntity(w http.ResponseWriter, r *http.Request) {
	det, err := s.entityDetail(r, r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d := entityData{entityDetail: det}
	iv := search.Month
	if len(det.ByDay) > 0 {
		first, _ := time.Parse("2006-01-02", det.ByDay[0].Day)
		last, _ := time.Parse("2006-01-02", det.ByDay[len(det.ByDay)-1].Day)
		if last.Sub(first) < 120*24*time.Hour {
			iv = search.Week
		}
	}
	d.Chart = barChart(search.Histogram(det.ByDay, iv, search.Jalali), 640, 180, "بار", nil)
	d.Chart.Title = "شمار اشاره‌ها در طول زمان"
	for _, p := range det.Partners {
		d.Partners = append(d.Partners, Link{Text: s.faName(p.Value, p.Label), Href: entityHref(p.Value), Count: p.Count})
	}
	seen := map[string]bool{det.Persian: true}
	if det.KB != nil {
		for _, a := range append(append([]string{}, det.KB.Fa...), det.KB.En...) {
			if !seen[a] {
				seen[a] = true
				d.Aliases = append(d.Aliases, a)
			}
		}
	}
	d.Search = searchHref(addFilter("", "entity", det.ID), "sort", "date")
	s.render(w, r, http.StatusOK, "entity", view{Title: det.Persian, Data: d})
}

// timelineData is the timeline page.
type timelineData struct {
	Entity     string
	EntityName string
	Type       string
	From, To   string
	Types      []facetLink
	Known      []Link
	Chart      TimelineChart
	Days       []dayGroup
	Count      int
	Error      string
	Quads      []facetLink
}

// dayGroup is the events of one day.
type dayGroup struct {
	Day    string
	Label  string
	Events []store.EventRecord
}

// pageTimeline shows events on a time axis, filtered by entity, category and window.
func (s *Server) pageTimeline(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	d := timelineData{Entity: p.str("entity"), Type: p.category("type"), From: p.str("from"), To: p.str("to")}
	from, to := p.window()
	v := view{Title: "خط زمانی رویدادها", Active: "timeline", Data: &d}
	s.filterOptions(r, &d.Types, &d.Known, d.Type)
	d.Quads = quadLegend()
	if p.err != nil {
		d.Error = p.err.Error()
		s.render(w, r, http.StatusBadRequest, "timeline", v)
		return
	}
	var evs []store.EventRecord
	var err error
	if key := s.resolveEntity(d.Entity); key != "" {
		d.EntityName = s.faName(key, d.Entity)
		evs, err = s.cfg.Store.Timeline(r.Context(), key, from, to)
		if err == nil && d.Type != "" {
			kept := evs[:0]
			for _, e := range evs {
				if e.Type == d.Type {
					kept = append(kept, e)
				}
			}
			evs = kept
		}
	} else {
		evs, err = s.cfg.Store.Events(r.Context(), store.EventFilter{Type: d.Type, From: from, To: to,
			Limit: 500, OldestFirst: true})
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d.Count = len(evs)
	d.Chart = s.timelineChart(evs, 1100)
	for i := len(evs) - 1; i >= 0; i-- { // newest day first in the list
		e := evs[i]
		if n := len(d.Days); n == 0 || d.Days[n-1].Day != e.Day {
			label := "بی‌تاریخ"
			if e.Day != "" {
				label = dayLabel(e.Day)
			}
			d.Days = append(d.Days, dayGroup{Day: e.Day, Label: label})
		}
		d.Days[len(d.Days)-1].Events = append(d.Days[len(d.Days)-1].Events, e)
	}
	s.render(w, r, http.StatusOK, "timeline", v)
}

// quadLegend lists the quad classes for a legend.
func quadLegend() []facetLink {
	out := make([]facetLink, len(quadOrder))
	for i, q := range quadOrder {
		out[i] = facetLink{Label: quadFa[q], Value: quadClass(q)}
	}
	return out
}

// filterOptions fills the category options and the best-known entities of a filter form.
func (s *Server) filterOptions(r *http.Request, types *[]facetLink, known *[]Link, selected string) {
	for _, t := range event.Categories() {
		*types = append(*types, facetLink{Label: categoryFa[t], Value: t})
	}
	sort.SliceStable(*types, func(i, j int) bool { return (*types)[i].Label < (*types)[j].Label })
	if known == nil {
		return
	}
	ents, err := s.cfg.Store.Entities(r.Context(), store.EntityOptions{Limit: 40})
	if err != nil {
		return
	}
	for _, e := range ents {
		*known = append(*known, Link{Text: s.faName(e.ID, e.Name), Href: e.ID})
	}
}

// networkData is the network page.
type networkData struct {
	Type     string
	From, To string
	Types    []facetLink
	Net      Network
	Edges    []NetEdge
	Error    string
	Quads    []facetLink
}

// pageNetwork draws actors as nodes and events as edges coloured by quad class, in a time window.
func (s *Server) pageNetwork(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	d := networkData{Type: p.category("type"), From: p.str("from"), To: p.str("to"), Quads: quadLegend()}
	from, to := p.window()
	v := view{Title: "شبکه‌ی کنشگران", Active: "network", Data: &d}
	s.filterOptions(r, &d.Types, nil, d.Type)
	if p.err != nil {
		d.Error = p.err.Error()
		s.render(w, r, http.StatusBadRequest, "network", v)
		return
	}
	evs, err := s.cfg.Store.Events(r.Context(), store.EventFilter{Type: d.Type, From: from, To: to, Limit: store.MaxLimit})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d.Net = s.network(evs, 900)
	d.Edges = append([]NetEdge(nil), d.Net.Edges...)
	sort.SliceStable(d.Edges, func(i, j int) bool { return d.Edges[i].Count > d.Edges[j].Count })
	if len(d.Edges) > 20 {
		d.Edges = d.Edges[:20]
	}
	s.render(w, r, http.StatusOK, "network", v)
}
