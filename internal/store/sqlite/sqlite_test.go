package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
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
	st := openTemp(f)
	defer st.Close()
	storetest.FuzzSearch(f, st)
}

// FuzzPutSearch stores arbitrary text and checks that it reads back unchanged and that every word of its
// title finds it: no key is lost or split on the way into the index.
func FuzzPutSearch(f *testing.F) {
	for _, s := range [][2]string{
		{"نخست‌وزیر عراق", "دیدار نخست وزیر و نخستوزیر؛ ۱۴۰۴/۰۸/۲۰ و U.S. «نقل»"},
		{"a·b \"quoted\" NEAR(x)", "col:value AND OR NOT * ^"},
		{"تماس‌ها", "\u200c\u200cتماسها\u200c"},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	st := openTemp(f)
	defer st.Close()
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, title, text string) {
		n++
		rec := article.Record{ID: fmt.Sprintf("fz%d", n), Title: title, Text: text, AnalyzerVersion: "1"}
		res, err := st.Put(ctx, []article.Record{rec})
		if err != nil {
			t.Fatalf("Put: %v", err)
		}
		if !utf8.ValidString(title) || !utf8.ValidString(text) {
			if len(res.Invalid) != 1 {
				t.Fatalf("invalid UTF-8 stored: %+v", res)
			}
			return
		}
		got, err := st.Get(ctx, rec.ID)
		if err != nil || got.Title != title || got.Text != text {
			t.Fatalf("Get = %q %q, %v", got.Title, got.Text, err)
		}
		for i, tok := range search.Tokens(title) {
			if i == 3 {
				break
			}
			q := &search.Query{Text: &search.Term{Word: title[tok.Start:tok.End], Key: tok.Key}}
			r, err := st.Search(ctx, store.SearchRequest{Query: q, Limit: store.MaxLimit})
			if err != nil {
				if errors.Is(err, store.ErrInvalid) {
					continue // a key with no letter FTS5 can hold, e.g. only punctuation
				}
				t.Fatalf("Search(%q): %v", tok.Key, err)
			}
			found := false
			for _, h := range r.Hits {
				found = found || h.ID == rec.ID
			}
			if !found && strings.Trim(tok.Key, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") != "" {
				t.Fatalf("word %q (key %q) of the title does not find the article", title[tok.Start:tok.End], tok.Key)
			}
		}
	})
}
