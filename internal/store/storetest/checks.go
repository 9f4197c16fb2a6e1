package storetest

import (
	"errors"
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
