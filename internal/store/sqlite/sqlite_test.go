package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
	"github.com/khabar/khabar/internal/store/storetest"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// FuzzSearch runs arbitrary queries against a small store: a query either fails to parse with a positioned
// error, or runs; the store never answers with a raw database error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"ایران", `"نخست وزیر" -هند`, "a OR (b c) OR d*", "entity:پوتین type:CONSULT",
		"date:۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵", `"AND" NEAR(x y)`, "col:x", "^a", `x"y`, "تماس* -type:ASSAULT sort:date"} {
		f.Add(s)
	}
	st := openTemp(f)
	defer st.Close()
	if _, err := st.Put(context.Background(), storetest.Records()); err != nil {
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
		_, err = st.Search(context.Background(), store.SearchRequest{Query: q, Limit: 5,
			Facets: store.FacetOptions{Size: 3, Histogram: search.Week, Calendar: search.Jalali}})
		if err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("Search(%q): %v", s, err)
		}
	})
}
