package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
	"github.com/khabar/khabar/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t) })
}

// FuzzSearch runs arbitrary queries against a small store: a query either fails to parse with a positioned
// error, or runs; the store never answers with a raw database error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"ایران", `"نخست وزیر" -هند`, "a OR (b c) OR d*", "entity:پوتین type:CONSULT",
		"date:۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵", `"AND" NEAR(x y)`, "col:x", "^a", `x"y`, "تماس* -type:ASSAULT sort:date",
		`a'b`, `\`, "a:*", "!x", "x <-> y", "'", "a & b | c"} {
		f.Add(s)
	}
	st := openTest(f)
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

// openTest opens a store in a fresh schema, closed when the test ends.
func openTest(t testing.TB) *postgres.Store {
	t.Helper()
	st, err := postgres.OpenWith(context.Background(), pgtest.URL(t), postgres.Options{Schema: pgtest.Schema(t), MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
