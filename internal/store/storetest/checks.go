package storetest

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// FuzzSearch puts the corpus into st and runs arbitrary queries against it, from the common seeds and seeds:
// a query either fails to parse with a positioned error, or runs; the store never answers with a raw database
// error. Every backend runs it as its FuzzSearch.
func FuzzSearch(f *testing.F, st store.Store, seeds ...string) {
	for _, s := range append([]string{"ایران", `"نخست وزیر" -هند`, "a OR (b c) OR d*", "entity:پوتین type:CONSULT",
		"date:۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵", `"AND" NEAR(x y)`, "col:x", "^a", `x"y`, "تماس* -type:ASSAULT sort:date"},
		seeds...) {
		f.Add(s)
	}
	if _, err := st.Put(ctx, Records()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := search.Parse(s, search.ParseOptions{})
		if err != nil {
			var qe *search.Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): %v", s, err)
			}
			return
		}
		_, err = st.Search(ctx, store.SearchRequest{Query: q, Limit: 5,
			Facets: store.FacetOptions{Size: 3, Histogram: search.Week, Calendar: search.Jalali}})
		if err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("Search(%q): %v", s, err)
		}
	})
}

// CheckKeysWhole checks that a backend's text index keeps every search key as one term: terms, the index's
// vocabulary when it holds only rec, must be exactly the word and extra keys of rec's title and text, each
// encoded as the backend indexes it (encode nil keeps keys as they are), none split at ZWNJ, digits or
// punctuation.
func CheckKeysWhole(t testing.TB, rec article.Record, encode func(string) string, terms map[string]bool) {
	t.Helper()
	want := map[string]bool{}
	for _, s := range []string{rec.Title, rec.Text} {
		ks := search.IndexKeys(s)
		for _, k := range append(ks.Words, ks.Extra...) {
			if encode != nil {
				k = encode(k)
			}
			want[k] = true
		}
	}
	for k := range want {
		if !terms[k] {
			t.Errorf("key %q is not one term of the index", k)
		}
	}
	for k := range terms {
		if !want[k] {
			t.Errorf("index term %q is no key (a key was split)", k)
		}
	}
}

// CheckRankWindow checks a store's rank window: with the window lowered to 30 (setWindow), a relevance query on
// a common word reports Ranked 30 and a total of at least 30 (the exact total when asked), ranks the 30 newest
// matches (seqOf gives an article's place in the store's window order: storage order on PostgreSQL, publication
// order on SQLite) in the full ranking's order, ends its pages at the window, and leaves sort:date alone.
func CheckRankWindow(t *testing.T, st store.Store, setWindow func(int), seqOf func(id string) int64) {
	t.Helper()
	ctx := context.Background()
	recs := Generate(300, 5)
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	word := strings.Fields(recs[0].Title)[0]
	search2 := func(q string, offset, limit int, exact bool) store.Results {
		t.Helper()
		pq, err := search.Parse(q, search.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.Search(ctx, store.SearchRequest{Query: pq, Limit: limit, Offset: offset, ExactTotal: exact})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	search1 := func(q string, offset, limit int) store.Results {
		t.Helper()
		return search2(q, offset, limit, false)
	}
	full := search1(word, 0, store.MaxLimit)
	if full.Total < 40 || full.Ranked != 0 || full.TotalAtLeast {
		t.Fatalf("%q: %d matches, ranked %d: want a common word under the default window", word, full.Total, full.Ranked)
	}
	byDate := search1(word+" sort:date", 0, 10)

	// A window as large as the matches ranks and counts them all; one smaller stops counting at the window.
	setWindow(full.Total)
	if r := search1(word, 0, 10); r.Total != full.Total || r.TotalAtLeast || r.Ranked != 0 {
		t.Errorf("window of exactly the %d matches: total %d (at least %v), ranked %d", full.Total, r.Total, r.TotalAtLeast, r.Ranked)
	}
	setWindow(full.Total - 1)
	if r := search1(word, 0, 10); r.Total != full.Total-1 || !r.TotalAtLeast || r.Ranked != full.Total-1 {
		t.Errorf("window of one less than the %d matches: total %d (at least %v), ranked %d", full.Total, r.Total, r.TotalAtLeast, r.Ranked)
	}

	setWindow(30)
	res := search1(word, 0, store.MaxLimit)
	if res.Total != 30 || !res.TotalAtLeast || res.Ranked != 30 || len(res.Hits) != 30 {
		t.Fatalf("windowed: total %d (at least %v) ranked %d hits %d; want at least 30, 30 and 30", res.Total, res.TotalAtLeast, res.Ranked, len(res.Hits))
	}
	if ex := search2(word, 0, store.MaxLimit, true); ex.Total != full.Total || ex.TotalAtLeast || ex.Ranked != 30 || !reflect.DeepEqual(ex.Hits, res.Hits) {
		t.Errorf("windowed with the exact total: total %d (at least %v) ranked %d; want %d, the same 30 hits", ex.Total, ex.TotalAtLeast, ex.Ranked, full.Total)
	}
	// The window holds the 30 newest matches: the full ranking's hits, in its order.
	seqs := make([]int64, 0, len(full.Hits))
	bySeq := map[string]int64{}
	for _, h := range full.Hits {
		bySeq[h.ID] = seqOf(h.ID)
		seqs = append(seqs, bySeq[h.ID])
	}
	sort.Slice(seqs, func(i, j int) bool { return seqs[i] > seqs[j] })
	var want, got []string
	for _, h := range full.Hits {
		if bySeq[h.ID] >= seqs[29] {
			want = append(want, h.ID)
		}
	}
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("windowed ranking %v,\nwant the full ranking's order of the newest 30 %v", got, want)
	}
	if p := search1(word, 25, 10); len(p.Hits) != 5 || p.Hits[0].ID != got[25] {
		t.Errorf("the page across the window's end: %d hits", len(p.Hits))
	}
	if p := search1(word, 30, 10); len(p.Hits) != 0 || p.Total != 30 || !p.TotalAtLeast || p.Ranked != 30 {
		t.Errorf("a page past the window: %d hits, total %d, ranked %d", len(p.Hits), p.Total, p.Ranked)
	}
	// sort:date reaches every match; its total is exact or stops at the window, as the store counts.
	d := search1(word+" sort:date", 0, 10)
	if d.Ranked != 0 || !reflect.DeepEqual(d.Hits, byDate.Hits) {
		t.Errorf("sort:date changed under the window (ranked %d)", d.Ranked)
	}
	if d.TotalAtLeast && d.Total != 30 || !d.TotalAtLeast && d.Total != full.Total {
		t.Errorf("sort:date under the window: total %d (at least %v), want %d or at least 30", d.Total, d.TotalAtLeast, full.Total)
	}
	if last := search1(word+" sort:date", full.Total-5, 10); len(last.Hits) != 5 {
		t.Errorf("sort:date's last page under the window: %d hits, want 5", len(last.Hits))
	}
}
