package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
	"github.com/khabar/khabar/internal/store/storetest"
)

// TestMigrateFromEveryVersion builds a database at every earlier schema version (with articles in it once the
// articles table exists) and checks that Open migrates it to the newest, keeping the data.
func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	recs := storetest.Records()
	for v := 0; v < Migrations(); v++ {
		schema := pgtest.Schema(t)
		old, err := open(ctx, u, Options{Schema: schema}, v)
		if err != nil {
			t.Fatalf("open at version %d: %v", v, err)
		}
		if v >= 1 {
			if got, err := old.SchemaVersion(ctx); err != nil || got != v {
				t.Fatalf("schema version %d, %v; want %d", got, err, v)
			}
			if _, err := old.Put(ctx, recs); err != nil {
				t.Fatalf("put at version %d: %v", v, err)
			}
		}
		old.Close()
		st, err := OpenWith(ctx, u, Options{Schema: schema})
		if err != nil {
			t.Fatalf("migrate from version %d: %v", v, err)
		}
		if got, err := st.SchemaVersion(ctx); err != nil || got != Migrations() {
			t.Errorf("from version %d: schema version %d, %v; want %d", v, got, err, Migrations())
		}
		res, err := st.Put(ctx, recs)
		if err != nil {
			t.Fatalf("put after migrating from %d: %v", v, err)
		}
		if v >= 1 && len(res.Duplicate) != len(recs) {
			t.Errorf("from version %d: the old articles were lost: %+v", v, res)
		}
		q, _ := search.Parse("نخست‌وزیر", search.ParseOptions{})
		if r, err := st.Search(ctx, store.SearchRequest{Query: q}); err != nil || r.Total != 3 {
			t.Errorf("from version %d: search after migration: %d hits, %v", v, r.Total, err)
		}
		var jobs int
		if err := st.pool.QueryRow(ctx, `SELECT count(*) FROM jobs`).Scan(&jobs); err != nil {
			t.Errorf("from version %d: jobs table: %v", v, err)
		}
		st.Close()
	}
}

// TestOpenConcurrently starts several stores on one new schema at once, as workers starting together do:
// the schema is migrated once and every Open succeeds.
func TestOpenConcurrently(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	schema := pgtest.Schema(t)
	errs := make(chan error, 6)
	for range 6 {
		go func() {
			st, err := OpenWith(ctx, u, Options{Schema: schema, MaxConns: 2})
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestKeysStayWhole checks that every search key is one lexeme of the stored tsvector: none is split at ZWNJ,
// digits or punctuation, and no lexeme is anything but a key.
func TestKeysStayWhole(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	text := "نخست‌وزیر و رئیس‌جمهور در ۱۴۰۴/۰۸/۲۰ با U.S. و putin's گفت‌وگو کردند؛ تماس‌ها ۴۹٬۵۰۰ مورد بود. a'b \\ c:*"
	rec := article.Record{ID: "k1", Title: "گفت‌وگوی نخست‌وزیر", Text: text, AnalyzerVersion: "1"}
	if _, err := st.Put(ctx, []article.Record{rec}); err != nil {
		t.Fatal(err)
	}
	rows, err := st.pool.Query(ctx, `SELECT word FROM ts_stat('SELECT tsv FROM articles')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			t.Fatal(err)
		}
		got[w] = true
	}
	storetest.CheckKeysWhole(t, rec, nil, got)
}

func TestVector(t *testing.T) {
	title := search.Keys{Words: []string{"a", "b"}, Extra: []string{"ab"}}
	body := search.Keys{Words: []string{"b", search.Break, "it's"}}
	want := `'a':1A 'b':2A,5B '` + search.Break + `':6B 'it''s':7B 'ab':16383C`
	if got := vector(title, body); got != want {
		t.Errorf("vector = %s\nwant %s", got, want)
	}
	if got := quoteLexeme(`a\'b`); got != `'a\\''b'` {
		t.Errorf("quoteLexeme = %s", got)
	}
}

// openTest opens a store in a fresh schema, closed when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	st, err := OpenWith(context.Background(), pgtest.URL(t), Options{Schema: pgtest.Schema(t), MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestOpenReadOnly opens a current schema in read-only transactions, as on a streaming replica: opening writes
// nothing, and reads work.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	schema := pgtest.Schema(t)
	st, err := OpenWith(ctx, u, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, storetest.Records()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cfgURL := u + "&default_transaction_read_only=on"
	if !strings.Contains(u, "?") {
		cfgURL = u + "?default_transaction_read_only=on"
	}
	ro, err := OpenWith(ctx, cfgURL, Options{Schema: schema})
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer ro.Close()
	if s, err := ro.Stats(ctx); err != nil || s.Articles != len(storetest.Records()) {
		t.Errorf("read-only stats: %+v, %v", s, err)
	}
	if _, err := ro.Put(ctx, storetest.Generate(1, 3)); err == nil {
		t.Error("a write succeeded in read-only transactions")
	}
}

// TestRankWindow runs the shared rank-window check with a window of 30.
func TestRankWindow(t *testing.T) {
	ctx := context.Background()
	st, err := OpenWith(ctx, pgtest.URL(t), Options{Schema: pgtest.Schema(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.CheckRankWindow(t, st, func(n int) { st.rankWindow = n }, func(id string) int64 {
		var seq int64
		if err := st.pool.QueryRow(ctx, `SELECT seq FROM articles WHERE id = $1`, id).Scan(&seq); err != nil {
			t.Fatal(err)
		}
		return seq
	})
}

// TestOptimize checks that Optimize refreshes the planner's statistics of the articles table (ranking reads
// them) and leaves search results alone.
func TestOptimize(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	if _, err := st.Put(ctx, storetest.Records()); err != nil {
		t.Fatal(err)
	}
	q, err := search.Parse("ایران", search.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := st.Search(ctx, store.SearchRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var analyzed int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'articles'`).Scan(&analyzed); err != nil {
		t.Fatal(err)
	}
	if analyzed == 0 {
		t.Error("no planner statistics for articles after Optimize")
	}
	after, err := st.Search(ctx, store.SearchRequest{Query: q})
	if err != nil || after.Total != before.Total || len(after.Hits) != len(before.Hits) {
		t.Errorf("search after Optimize: %d hits (total %d), %v; before %d (total %d)", len(after.Hits), after.Total, err, len(before.Hits), before.Total)
	}
}
