// Package storetest is the conformance suite of the store.Store contract, and of store.SourceStore for a backend
// that implements it. Every backend runs it:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
//	}
//
// The factory returns a fresh, empty store for each subtest; the suite closes it.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	plover "github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// Factory returns a fresh, empty store.
type Factory func(t *testing.T) store.Store

// Run runs every conformance test against stores from the factory.
func Run(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"PutIdempotent", testPutIdempotent},
		{"PutInvalid", testPutInvalid},
		{"PutNewerVersion", testPutNewerVersion},
		{"BatchAtomicity", testBatchAtomicity},
		{"GetRoundTrip", testGetRoundTrip},
		{"NotFound", testNotFound},
		{"ListOrder", testListOrder},
		{"Stats", testStats},
		{"SpellingEquivalence", testSpelling},
		{"SpellingNormalised", testSpellingNormalised},
		{"Snippets", testSnippets},
		{"Operators", testOperators},
		{"Filters", testFilters},
		{"Ranking", testRanking},
		{"Facets", testFacets},
		{"InvalidQuery", testInvalidQuery},
		{"Entities", testEntities},
		{"Events", testEvents},
		{"Graph", testGraph},
		{"Concurrent", testConcurrent},
		{"SourcesCRUD", testSourcesCRUD},
		{"CommitItem", testCommitItem},
		{"Closed", testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := open(t)
			defer st.Close()
			tc.fn(t, st)
		})
	}
}

var ctx = context.Background()

// loaded puts the corpus into st and returns ID → corpus index.
func loaded(t *testing.T, st store.Store) map[string]int {
	t.Helper()
	recs := Records()
	res, err := st.Put(ctx, recs)
	if err != nil {
		t.Fatalf("Put corpus: %v", err)
	}
	if len(res.New) != len(recs) {
		t.Fatalf("Put corpus: %d new, want %d (%+v)", len(res.New), len(recs), res)
	}
	idx := map[string]int{}
	for i, r := range recs {
		idx[r.ID] = i
	}
	return idx
}

// resolver is a tiny knowledge base for entity: filters.
type resolver map[string][]string

// Resolve looks s up, case-insensitively.
func (r resolver) Resolve(s string) []string { return r[strings.ToLower(s)] }

var kb = resolver{"پوتین": {"putin"}, "vladimir putin": {"putin"}, "لاریجانی": {"larijani"}}

func parse(t *testing.T, q string) *search.Query {
	t.Helper()
	pq, err := search.Parse(q, search.ParseOptions{Resolver: kb})
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return pq
}

// hits runs q and returns the corpus indices of all hits, sorted.
func hits(t *testing.T, st store.Store, idx map[string]int, q string) []int {
	t.Helper()
	res, err := st.Search(ctx, store.SearchRequest{Query: parse(t, q), Limit: 100})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	if res.Total != len(res.Hits) {
		t.Errorf("Search(%q): total %d, %d hits", q, res.Total, len(res.Hits))
	}
	out := []int{}
	for _, h := range res.Hits {
		out = append(out, idx[h.ID])
	}
	sort.Ints(out)
	return out
}

func testPutIdempotent(t *testing.T, st store.Store) {
	recs := Records()
	res, err := st.Put(ctx, recs[:3])
	if err != nil {
		t.Fatal(err)
	}
	if len(res.New) != 3 || len(res.Duplicate) != 0 {
		t.Fatalf("first put: %+v", res)
	}
	// The same articles again, plus new ones, plus one repeated within the batch.
	batch := append(append([]article.Record{}, recs...), recs[4])
	res, err = st.Put(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.New) != len(recs)-3 || len(res.Duplicate) != 4 {
		t.Fatalf("second put: %d new, %d duplicate; want %d, 4", len(res.New), len(res.Duplicate), len(recs)-3)
	}
	for _, id := range res.Duplicate[:3] {
		if !slices.Contains([]string{recs[0].ID, recs[1].ID, recs[2].ID}, id) {
			t.Errorf("duplicate %s is not one of the first three", id)
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != len(recs) {
		t.Errorf("articles = %d, want %d", stats.Articles, len(recs))
	}
	// A duplicate never doubles the index: a word of article 0 still finds exactly one article.
	idx := map[string]int{}
	for i, r := range recs {
		idx[r.ID] = i
	}
	if got := hits(t, st, idx, "عراق"); !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("عراق after re-put: %v, want [0]", got)
	}
}

func testPutInvalid(t *testing.T, st store.Store) {
	recs := Records()[:2]
	bad := recs[0]
	bad.ID = ""
	res, err := st.Put(ctx, []article.Record{recs[0], bad, recs[1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.New) != 2 || len(res.Invalid) != 1 || res.Invalid[0].Index != 1 || res.Invalid[0].Err == "" {
		t.Fatalf("put with an invalid record: %+v", res)
	}
	res, err = st.Put(ctx, nil)
	if err != nil || len(res.New)+len(res.Duplicate) != 0 {
		t.Errorf("empty put: %+v, %v", res, err)
	}
}

func testPutNewerVersion(t *testing.T, st store.Store) {
	d := Corpus()[0]
	old := d.Record()
	if _, err := st.Put(ctx, []article.Record{old}); err != nil {
		t.Fatal(err)
	}
	// Same ID, a newer analyser that found no entities and a different title (the ID is kept on purpose).
	d.Version = "1.10.0"
	d.Entities = nil
	newer := d.Record()
	newer.ID = old.ID
	newer.Title = "عنوان تازه بازنویسی"
	res, err := st.Put(ctx, []article.Record{newer})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Updated, []string{old.ID}) {
		t.Fatalf("newer version: %+v, want updated", res)
	}
	got, err := st.Get(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AnalyzerVersion != "1.10.0" || len(got.Entities) != 0 || got.Title != newer.Title {
		t.Errorf("after update: version %q, %d entities, title %q", got.AnalyzerVersion, len(got.Entities), got.Title)
	}
	// An older analyser never replaces a newer one.
	res, err = st.Put(ctx, []article.Record{old})
	if err != nil || len(res.Duplicate) != 1 {
		t.Errorf("older version: %+v, %v; want duplicate", res, err)
	}
	// The index follows the replacement: the old title's words are gone, the new ones are found.
	idx := map[string]int{old.ID: 0}
	if got := hits(t, st, idx, "دیدار عراق"); len(got) != 1 {
		t.Errorf("body words after update: %v", got)
	}
	if got := hits(t, st, idx, "بازنویسی"); len(got) != 1 {
		t.Errorf("new title word: %v", got)
	}
	if got := hits(t, st, idx, "رئیس‌جمهور دیدار نخست‌وزیر عراق entity:iraq"); len(got) != 0 {
		t.Errorf("mentions of the old version survive: %v", got)
	}
	stats, _ := st.Stats(ctx)
	if stats.Articles != 1 || stats.Mentions != 0 {
		t.Errorf("stats after update: %+v", stats)
	}
}

// testBatchAtomicity puts a batch whose third record cannot be encoded (a NaN Goldstein score has no JSON
// form); the whole batch must fail and leave nothing behind.
func testBatchAtomicity(t *testing.T, st store.Store) {
	recs := Records()
	batch := append([]article.Record{}, recs[:5]...)
	batch[2].Events = []article.Event{{Type: "CONSULT", Goldstein: math.NaN(), Actors: []string{}, Recipients: []string{}}}
	if _, err := st.Put(ctx, batch); err == nil {
		t.Fatal("Put of a batch with an unencodable record succeeded")
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 0 || stats.Mentions != 0 || stats.Events != 0 {
		t.Errorf("failed batch left %+v", stats)
	}
	for _, r := range recs[:2] {
		if _, err := st.Get(ctx, r.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(%s) after failed batch: %v, want ErrNotFound", r.ID, err)
		}
	}
	// The store still works.
	res, err := st.Put(ctx, recs[:5])
	if err != nil || len(res.New) != 5 {
		t.Errorf("put after failed batch: %+v, %v", res, err)
	}
}

func testGetRoundTrip(t *testing.T, st store.Store) {
	recs := Records()
	loaded(t, st)
	for _, want := range recs {
		got, err := st.Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.PublishedTime.Equal(want.PublishedTime) {
			t.Errorf("%s: published %v, want %v", want.ID, got.PublishedTime, want.PublishedTime)
		}
		got.PublishedTime, want.PublishedTime = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Get(%s) = %+v\nwant %+v", want.ID, got, want)
		}
	}
}

func testNotFound(t *testing.T, st store.Store) {
	loaded(t, st)
	if _, err := st.Get(ctx, "0000000000000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get missing: %v", err)
	}
	if _, err := st.Entity(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entity missing: %v", err)
	}
}

func testListOrder(t *testing.T, st store.Store) {
	idx := loaded(t, st)
	all, err := st.List(ctx, store.ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(idx) {
		t.Fatalf("list: %d, want %d", len(all), len(idx))
	}
	recs := Records()
	for i := 1; i < len(all); i++ {
		a, b := recs[idx[all[i-1].ID]].PublishedTime, recs[idx[all[i].ID]].PublishedTime
		if !b.IsZero() && (a.IsZero() || a.Before(b)) {
			t.Errorf("list order: %s (%v) before %s (%v)", all[i-1].ID, a, all[i].ID, b)
		}
	}
	if last := all[len(all)-1]; last.Published != "" {
		t.Errorf("undated article not last: %+v", last)
	}
	if all[0].Title != recs[9].Title || all[0].Entities != 2 || all[0].Events != 2 {
		t.Errorf("newest: %+v", all[0])
	}
	page, err := st.List(ctx, store.ListOptions{Limit: 2, Offset: 1})
	if err != nil || len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
		t.Errorf("page 2: %+v, %v", page, err)
	}
	isna, err := st.List(ctx, store.ListOptions{Source: "isna", Limit: 100})
	if err != nil || len(isna) != 3 {
		t.Errorf("source isna: %d, %v", len(isna), err)
	}
	nov, err := st.List(ctx, store.ListOptions{From: time.Date(2025, 11, 12, 0, 0, 0, 0, tehran), To: time.Date(2025, 11, 15, 0, 0, 0, 0, tehran)})
	if err != nil || len(nov) != 3 {
		t.Errorf("window: %d, %v", len(nov), err)
	}
}

func testStats(t *testing.T, st store.Store) {
	loaded(t, st)
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Articles: 11, Sources: 5, Entities: 8, Mentions: 14, Events: 6, EventKeys: 5, Quotes: 1,
		Oldest: "2025-08-01", Newest: "2025-11-16"}
	if s.Articles != want.Articles || s.Sources != want.Sources || s.Entities != want.Entities ||
		s.Mentions != want.Mentions || s.Events != want.Events || s.EventKeys != want.EventKeys ||
		s.Quotes != want.Quotes || s.Oldest != want.Oldest || s.Newest != want.Newest {
		t.Errorf("stats = %+v\nwant %+v", s, want)
	}
	if s.SizeBytes <= 0 || s.SchemaVersion < 1 || s.Analyzers["1.0.0"] != 11 {
		t.Errorf("stats size %d, schema %d, analyzers %v", s.SizeBytes, s.SchemaVersion, s.Analyzers)
	}
}

func testSpelling(t *testing.T, st store.Store) {
	idx := loaded(t, st)
	groups := []struct {
		name    string
		queries []string
		want    []int
	}{
		{"compound", []string{"نخست‌وزیر", "نخست وزیر", "نخستوزیر", `"نخست وزیر"`, `"نخست‌وزیر"`, "نخست\u200cوزير"}, []int{0, 1, 2}},
		{"compound in context", []string{"نخست‌وزیر هند", "نخست وزیر هند", "نخستوزیر هند"}, []int{1, 2}},
		{"phrase with compound", []string{`"نخست‌وزیر هند"`, `"نخست وزیر هند"`, `"نخستوزیر هند"`}, []int{1, 2}},
		{"yeh and kaf", []string{"لاريجاني", "لاریجانی", "علي لاريجاني", "علی لاریجانی"}, []int{5, 6}},
		{"digits", []string{"۱۴۰۴", "١٤٠٤", "1404"}, []int{5, 6, 7}},
		{"plural", []string{"تماس‌ها", "تماسها", "تماس ها", "تماس"}, []int{1, 2, 7, 8}},
		{"diacritics", []string{"گفت‌وگو", "گفتوگو", "گُفت‌وگو"}, []int{0, 1}},
	}
	for _, g := range groups {
		var first []int
		for i, q := range g.queries {
			got := hits(t, st, idx, q)
			if i == 0 {
				first = got
			}
			if !reflect.DeepEqual(got, first) {
				t.Errorf("%s: %q → %v, but %q → %v", g.name, q, got, g.queries[0], first)
			}
			if g.want != nil && !reflect.DeepEqual(got, g.want) {
				t.Errorf("%s: %q → %v, want %v", g.name, q, got, g.want)
			}
		}
	}
}

func testSnippets(t *testing.T, st store.Store) {
	recs := Records()
	loaded(t, st)
	for _, q := range []string{"نخست‌وزیر", "نخست وزیر", "نخستوزیر"} {
		res, err := st.Search(ctx, store.SearchRequest{Query: parse(t, q), Limit: 10, Facets: store.FacetOptions{}})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{recs[0].ID: "نخست‌وزیر", recs[1].ID: "نخست وزیر", recs[2].ID: "نخستوزیر"}
		for _, h := range res.Hits {
			sn := h.Snippet
			body := recs[slices.IndexFunc(recs, func(r article.Record) bool { return r.ID == h.ID })].Text
			if body[sn.Start:sn.Start+len(sn.Text)] != sn.Text {
				t.Errorf("%q: snippet %q is not at offset %d of the text", q, sn.Text, sn.Start)
			}
			if len(sn.Highlights) == 0 {
				t.Errorf("%q: %s: no highlight in %q", q, h.ID, sn.Text)
				continue
			}
			hl := sn.Text[sn.Highlights[0].Start:sn.Highlights[0].End]
			if hl != want[h.ID] {
				t.Errorf("%q: %s: highlight %q, want %q", q, h.ID, hl, want[h.ID])
			}
		}
		// Title highlights: article 0's title holds the ZWNJ spelling.
		for _, h := range res.Hits {
			if h.ID == recs[0].ID {
				if len(h.TitleHighlights) != 1 || h.Title[h.TitleHighlights[0].Start:h.TitleHighlights[0].End] != "نخست‌وزیر" {
					t.Errorf("%q: title highlights %v in %q", q, h.TitleHighlights, h.Title)
				}
			}
		}
	}
}

func testOperators(t *testing.T, st store.Store) {
	idx := loaded(t, st)
	cases := []struct {
		q    string
		want []int
	}{
		{"پوتین", []int{1, 2}},
		{"پوتین هند", []int{1, 2}},
		{"پوتین -تلفنی", []int{2}},
		{"بورس OR بیروت", []int{4, 5}},
		{"مسکو OR (بورس شاخص)", []int{3, 4, 8}},
		{"تحریم*", []int{9}},
		{"لاریج*", []int{5, 6}},
		{`"همتای روس"`, []int{3}},
		{`"روس همتای"`, []int{}},
		{"ایران -source:IRNA", []int{8}},
		{"-ایران source:IRNA", []int{7}},
		{"کلمه‌ای‌که‌نیست", []int{}},
	}
	for _, c := range cases {
		if got := hits(t, st, idx, c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q → %v, want %v", c.q, got, c.want)
		}
	}
}

func testFilters(t *testing.T, st store.Store) {
	idx := loaded(t, st)
	cases := []struct {
		q    string
		want []int
	}{
		{"source:ISNA", []int{1, 5, 8}},
		{"source:isna source:Tasnim", []int{1, 2, 5, 6, 8}},
		{"type:CONSULT", []int{0, 1, 2}},
		{"type:consult -source:IRNA", []int{1, 2}},
		{"type:SANCTION type:REQUEST", []int{8, 9}},
		{"entity:putin", []int{1, 2}},
		{"entity:پوتین", []int{1, 2}},
		{`entity:"Vladimir Putin"`, []int{1, 2}},
		{`entity:"Ali Larijani"`, []int{5, 6}},
		{"entity:لاریجانی", []int{5, 6}},
		{"entity:iran entity:usa", []int{9}},
		{"entity:iran -entity:usa", []int{0, 3, 8}},
		{"entity:nobody", []int{}},
		{"date:2025-11", []int{0, 1, 2, 3, 8, 9}},
		{"date:2025-11-12", []int{1, 2}},
		{"date:2025-11-10..2025-11-12", []int{0, 1, 2}},
		{"date:1404-08", []int{0, 1, 2, 3, 8, 9}},        // 1404-08-01 = 2025-10-23 … 1404-08-30 = 2025-11-21
		{"date:۱۴۰۴/۰۸/۱۹..۱۴۰۴/۰۸/۲۱", []int{0, 1, 2}},  // 2025-11-10 … 2025-11-12
		{"date:1404-07 date:2025-11-16", []int{4, 6, 9}}, // 1404-07 = 2025-09-23 … 2025-10-22
		{"پوتین date:2025-11-12 source:ISNA", []int{1}},
	}
	for _, c := range cases {
		if got := hits(t, st, idx, c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q → %v, want %v", c.q, got, c.want)
		}
	}
}

func testRanking(t *testing.T, st store.Store) {
	recs := Records()
	loaded(t, st)
	// "هند" is in the title of article 2 and only in the body of article 1: the title weighs more.
	res, err := st.Search(ctx, store.SearchRequest{Query: parse(t, "هند"), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].ID != recs[2].ID || res.Hits[0].Score <= res.Hits[1].Score {
		t.Errorf("title weight: %+v", res.Hits)
	}
	// "لاریجانی" is in the titles of 5 (older) and 6 (newer); a strong recency boost puts the newer first.
	now := time.Date(2025, 9, 26, 0, 0, 0, 0, tehran)
	res, err = st.Search(ctx, store.SearchRequest{Query: parse(t, "لاریجانی"), RecencyBoost: 50, RecencyHalfLife: 1, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].ID != recs[6].ID {
		t.Errorf("recency boost: %+v", res.Hits)
	}
	// Sort by date: newest first, whatever the score.
	res, err = st.Search(ctx, store.SearchRequest{Query: parse(t, "ایران sort:date"), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.Published)
	}
	if !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) || len(got) != 4 {
		t.Errorf("sort by date: %v", got)
	}
	// sort: in the query wins over the request's default.
	res, err = st.Search(ctx, store.SearchRequest{Query: parse(t, "ایران sort:date"), Sort: search.ByRelevance, Limit: 10})
	if err != nil || len(res.Hits) != 4 || res.Hits[0].Published != got[0] || res.Hits[3].Published != got[3] {
		t.Errorf("sort:date with a relevance default: %+v, %v", res.Hits, err)
	}
	// Paging.
	p2, err := st.Search(ctx, store.SearchRequest{Query: parse(t, "ایران"), Sort: search.ByDate, Limit: 2, Offset: 2})
	if err != nil || len(p2.Hits) != 2 || p2.Total != 4 || p2.Hits[0].Published != got[2] {
		t.Errorf("page 2: %+v, %v", p2, err)
	}
}

func testFacets(t *testing.T, st store.Store) {
	loaded(t, st)
	res, err := st.Search(ctx, store.SearchRequest{Query: parse(t, "ایران OR گزارش"), Limit: 1,
		Facets: store.FacetOptions{Size: 3, Histogram: search.Month, Calendar: search.Jalali}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 || len(res.Hits) != 1 {
		t.Fatalf("total %d, %d hits", res.Total, len(res.Hits))
	}
	f := res.Facets
	wantSources := []store.FacetValue{{Value: "IRNA", Count: 4}, {Value: "ISNA", Count: 1}}
	if !reflect.DeepEqual(f.Sources, wantSources) {
		t.Errorf("sources = %+v, want %+v", f.Sources, wantSources)
	}
	if len(f.Entities) != 3 || f.Entities[0].Value != "iran" || f.Entities[0].Count != 4 || f.Entities[0].Label != "Iran" {
		t.Errorf("entities = %+v", f.Entities)
	}
	wantTypes := map[string]int{"CONSULT": 1, "SANCTION": 1, "ACCUSE": 1}
	gotTypes := map[string]int{}
	for _, v := range f.Types {
		gotTypes[v.Value] = v.Count
	}
	if len(f.Types) != 3 || gotTypes["CONSULT"] != 1 || len(gotTypes) != 3 {
		t.Errorf("types = %+v, want three of %v", f.Types, wantTypes)
	}
	// 2025-08-01 (1404-05-10); 2025-11-10, -14, -15, -16 (all 1404-08).
	wantDates := []search.Bucket{{Label: "1404-05", Start: "2025-07-23", Count: 1}, {Label: "1404-08", Start: "2025-10-23", Count: 4}}
	if !reflect.DeepEqual(f.Dates, wantDates) {
		t.Errorf("dates = %+v, want %+v", f.Dates, wantDates)
	}
	res, err = st.Search(ctx, store.SearchRequest{Query: parse(t, "source:IRNA"), Facets: store.FacetOptions{Histogram: search.Day}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Facets.Dates) != 4 || res.Facets.Dates[0].Label != "2025-08-01" || res.Facets.Sources != nil {
		t.Errorf("day histogram = %+v, sources %v", res.Facets.Dates, res.Facets.Sources)
	}
}

func testInvalidQuery(t *testing.T, st store.Store) {
	loaded(t, st)
	// An AST that the parser never produces but a caller could build: an OR whose branch only excludes.
	q := &search.Query{Text: &search.Or{Nodes: []search.Node{
		&search.Term{Word: "ایران", Key: search.Key("ایران")},
		&search.And{Nodes: []search.Node{&search.Not{Node: &search.Term{Word: "هند", Key: search.Key("هند")}}}},
	}}}
	if _, err := st.Search(ctx, store.SearchRequest{Query: q}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("OR of an exclusion: %v, want ErrInvalid", err)
	}
	if _, err := st.Search(ctx, store.SearchRequest{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("nil query: %v, want ErrInvalid", err)
	}
	// Keys with FTS syntax characters are quoted, never interpreted.
	for _, w := range []string{`"`, "AND", "NOT", "NEAR", "col:", "*", "^x"} {
		q := &search.Query{Text: &search.Term{Word: w, Key: w}}
		if _, err := st.Search(ctx, store.SearchRequest{Query: q}); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("key %q: raw error %v", w, err)
		}
	}
}

func testEntities(t *testing.T, st store.Store) {
	loaded(t, st)
	top, err := st.Entities(ctx, store.EntityOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 3 || top[0].ID != "iran" || top[0].Mentions != 4 || top[0].Articles != 4 || top[0].Name != "Iran" {
		t.Errorf("top entities = %+v", top)
	}
	people, err := st.Entities(ctx, store.EntityOptions{Type: article.Person, From: time.Date(2025, 11, 1, 0, 0, 0, 0, tehran)})
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].ID != "putin" || people[0].Mentions != 2 {
		t.Errorf("people in November = %+v", people)
	}
	p, err := st.Entity(ctx, "putin")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Vladimir Putin" || p.Mentions != 2 || p.Articles != 2 || p.First != "2025-11-12" || p.QuoteCount != 1 {
		t.Errorf("putin profile = %+v", p)
	}
	if len(p.Surfaces) != 2 || len(p.ByDay) != 1 || p.ByDay[0] != (search.DayCount{Day: "2025-11-12", Count: 2}) {
		t.Errorf("putin surfaces %+v, by day %+v", p.Surfaces, p.ByDay)
	}
	if len(p.ByMonth) != 1 || p.ByMonth[0].Label != "2025-11" || p.ByMonth[0].Count != 2 {
		t.Errorf("putin by month %+v", p.ByMonth)
	}
	if len(p.AsActor) != 1 || p.AsActor[0] != (store.FacetValue{Value: "CONSULT", Label: plover.VerbalCooperation, Count: 2}) {
		t.Errorf("putin as actor %+v", p.AsActor)
	}
	if len(p.Partners) != 1 || p.Partners[0].Value != "india" || p.Partners[0].Count != 2 {
		t.Errorf("putin partners %+v", p.Partners)
	}
	if len(p.Quotes) != 1 || p.Quotes[0].Speaker != "Vladimir Putin" || p.Quotes[0].Source != "Tasnim" {
		t.Errorf("putin quotes %+v", p.Quotes)
	}
	iran, err := st.Entity(ctx, "iran")
	if err != nil {
		t.Fatal(err)
	}
	if len(iran.AsRecipient) != 3 || len(iran.AsActor) != 1 || iran.AsActor[0].Value != "ACCUSE" {
		t.Errorf("iran roles: actor %+v recipient %+v", iran.AsActor, iran.AsRecipient)
	}
}

func testEvents(t *testing.T, st store.Store) {
	recs := Records()
	loaded(t, st)
	all, err := st.Events(ctx, store.EventFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 || all[0].Day != "2025-11-16" {
		t.Fatalf("events = %+v", all)
	}
	// Event 8 has no date of its own: its day is the publication day.
	for _, e := range all {
		if e.ArticleID == recs[8].ID && e.Day != "2025-11-15" {
			t.Errorf("undated event day %q, want publication day", e.Day)
		}
		if e.Quad != plover.Quad(e.Type) {
			t.Errorf("event %s quad %q", e.Type, e.Quad)
		}
	}
	asRecipient, err := st.Events(ctx, store.EventFilter{Entity: "iran", Role: store.RoleRecipient})
	if err != nil || len(asRecipient) != 3 {
		t.Errorf("iran as recipient: %d, %v", len(asRecipient), err)
	}
	consult, err := st.Events(ctx, store.EventFilter{Type: "consult", From: time.Date(2025, 11, 11, 0, 0, 0, 0, tehran)})
	if err != nil || len(consult) != 2 || consult[0].Actors[0] != "Vladimir Putin" {
		t.Errorf("consult from 11-11: %+v, %v", consult, err)
	}
	if _, err := st.Events(ctx, store.EventFilter{Role: "witness"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad role: %v", err)
	}
	clusters, err := st.EventClusters(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(clusters) != 5 || clusters[0].Key != "putin|CONSULT|india|2025-11-12" || clusters[0].Mentions != 2 ||
		clusters[0].Sources != 2 || len(clusters[0].Articles) != 2 || clusters[0].Actors[0] != "Vladimir Putin" {
		t.Errorf("clusters = %+v", clusters)
	}
	tl, err := st.Timeline(ctx, "iran", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for _, e := range tl {
		days = append(days, e.Day)
	}
	if !reflect.DeepEqual(days, []string{"2025-11-10", "2025-11-15", "2025-11-16", "2025-11-16"}) {
		t.Errorf("iran timeline days = %v", days)
	}
	tl, err = st.Timeline(ctx, "iran", time.Date(2025, 11, 11, 0, 0, 0, 0, tehran), time.Date(2025, 11, 16, 0, 0, 0, 0, tehran))
	if err != nil || len(tl) != 1 {
		t.Errorf("iran timeline window: %d, %v", len(tl), err)
	}
}

func testGraph(t *testing.T, st store.Store) {
	loaded(t, st)
	edges, err := st.Graph(ctx, store.GraphOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 5 {
		t.Fatalf("edges = %+v", edges)
	}
	e := edges[0]
	if e.Actor != "putin" || e.Recipient != "india" || e.Count != 2 || e.Articles != 2 || e.Quad != plover.VerbalCooperation ||
		e.Quads[plover.VerbalCooperation] != 2 || e.ActorName != "Vladimir Putin" || e.Goldstein != 1 {
		t.Errorf("heaviest edge = %+v", e)
	}
	conflict, err := st.Graph(ctx, store.GraphOptions{Type: "SANCTION"})
	if err != nil || len(conflict) != 1 || conflict[0].Quad != plover.MaterialConflict || conflict[0].Goldstein != -5 {
		t.Errorf("sanction graph = %+v, %v", conflict, err)
	}
	window, err := st.Graph(ctx, store.GraphOptions{From: time.Date(2025, 11, 15, 0, 0, 0, 0, tehran)})
	if err != nil || len(window) != 3 {
		t.Errorf("graph from 11-15: %+v, %v", window, err)
	}
}

func testClosed(t *testing.T, st store.Store) {
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := st.Get(ctx, "x"); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Get after Close: %v", err)
	}
	if _, err := st.Put(ctx, Records()[:1]); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Put after Close: %v", err)
	}
}

// testConcurrent puts overlapping batches and searches from several goroutines: every article is stored once
// and no call fails on a lock.
func testConcurrent(t *testing.T, st store.Store) {
	recs := Generate(200, 7)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	newCount := make(chan int, 16)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			n := 0
			for i := 0; i < len(recs); i += 25 {
				j := (i + w*50) % len(recs)
				res, err := st.Put(ctx, recs[j:min(j+25, len(recs))])
				if err != nil {
					errs <- err
					return
				}
				n += len(res.New)
				q, _ := search.Parse("ایران OR روسیه", search.ParseOptions{})
				if _, err := st.Search(ctx, store.SearchRequest{Query: q, Facets: store.FacetOptions{Size: 3}}); err != nil {
					errs <- err
					return
				}
			}
			newCount <- n
		}(w)
	}
	wg.Wait()
	close(errs)
	close(newCount)
	for err := range errs {
		t.Fatalf("concurrent: %v", err)
	}
	total := 0
	for n := range newCount {
		total += n
	}
	distinct := map[string]bool{}
	for _, r := range recs {
		distinct[r.ID] = true
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(distinct) || stats.Articles != len(distinct) {
		t.Errorf("concurrent puts: %d reported new, %d stored, want %d", total, stats.Articles, len(distinct))
	}
}

// testSpellingNormalised stores texts as the analyser does, after persian normalisation, and checks that every
// spelling of a query still finds the same articles, for compounds the lexicon knows and for ones it does not.
func testSpellingNormalised(t *testing.T, st store.Store) {
	norm := persian.NewNormalizer(persian.Options{})
	raw := []string{
		"نخست‌وزیر عراق به تهران رفت.",          // 0 ZWNJ
		"نخست وزیر هند با پوتین دیدار کرد.",     // 1 spaced
		"نخستوزیر پاکستان استعفا داد.",          // 2 fused
		"در گام نخست، وزیر نفت سخن گفت.",        // 3 both parts, apart
		"آمریکا یک ابرقدرت نظامی است.",          // 4 unknown compound, fused
		"چین به ابر قدرت اقتصادی بدل شد.",       // 5 unknown compound, spaced
		"ابر‌قدرت‌ها در شورای امنیت رای دادند.", // 6 unknown compound, ZWNJ, plural
		"ابر باران‌زا بر فراز تهران دیده شد.",   // 7 one part only
	}
	var recs []article.Record
	idx := map[string]int{}
	for i, r := range raw {
		d := Doc{Source: "S", Title: fmt.Sprintf("خبر %d", i+1), Text: norm.String(r), Published: day(2025, 11, 1+i)}
		rec := d.Record()
		recs = append(recs, rec)
		idx[rec.ID] = i
	}
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	groups := []struct {
		queries []string
		want    []int
	}{
		{[]string{"نخست‌وزیر", "نخست وزیر", "نخستوزیر", `"نخست وزیر"`}, []int{0, 1, 2}},
		{[]string{"ابرقدرت", "ابر قدرت", "ابر‌قدرت", `"ابر قدرت"`, "ابرقدرت‌ها"}, []int{4, 5, 6}},
	}
	for _, g := range groups {
		for _, q := range g.queries {
			if got := hits(t, st, idx, q); !reflect.DeepEqual(got, g.want) {
				t.Errorf("normalised corpus: %q → %v, want %v", q, got, g.want)
			}
		}
	}
}
