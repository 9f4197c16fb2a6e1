package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
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
	storetest.FuzzSearch(f, openTest(f), `a'b`, `\`, "a:*", "!x", "x <-> y", "'", "a & b | c")
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

// FuzzPut stores records with arbitrary titles and texts: Put never fails on text (quotes, backslashes, NUL,
// tsquery syntax, invalid UTF-8 are either stored or reported invalid), Get returns what was stored, and a word
// of the title finds the record.
func FuzzPut(f *testing.F) {
	for _, s := range []string{"نخست‌وزیر و رئیس‌جمهور", `a'b \ c:* & | ! <-> "x"`, "\x00nul\x00", "\xff\xfe", "",
		strings.Repeat("کلمه ", 300), "1404/08/20 U.S. putin's", "'''", `\\'`} {
		f.Add(s, s+" متن")
	}
	st := openTest(f)
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, title, text string) {
		n++
		rec := article.Record{ID: fmt.Sprintf("fuzz-%d", n), Title: title, Text: text, AnalyzerVersion: "1"}
		res, err := st.Put(ctx, []article.Record{rec})
		if err != nil {
			t.Fatalf("Put(%q, %q): %v", title, text, err)
		}
		if len(res.Invalid) > 0 {
			return
		}
		got, err := st.Get(ctx, rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != title || got.Text != text {
			t.Errorf("round trip: %q %q, want %q %q", got.Title, got.Text, title, text)
		}
		for _, w := range search.Tokens(title) {
			if w.Key == "" || len(w.Key) > 2046 { // longer keys are not indexed (documented)
				continue
			}
			word := title[w.Start:w.End]
			q := &search.Query{Text: &search.Term{Word: word, Key: w.Key}}
			r, err := st.Search(ctx, store.SearchRequest{Query: q, Limit: store.MaxLimit})
			if err != nil {
				if errors.Is(err, store.ErrInvalid) {
					continue
				}
				t.Fatalf("search %q: %v", w.Key, err)
			}
			found := false
			for _, h := range r.Hits {
				found = found || h.ID == rec.ID
			}
			if !found && r.Total < store.MaxLimit {
				t.Errorf("title word %q (key %q) does not find its record", word, w.Key)
			}
			break
		}
	})
}
