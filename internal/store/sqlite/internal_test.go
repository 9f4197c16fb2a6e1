package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/storetest"
	"github.com/khabar/khabar/internal/timex"
)

// TestKeysStayWhole checks that FTS5 keeps every search key as one token: the vocabulary of the index holds
// exactly the encoded keys, none split at ZWNJ, digits or Persian letters.
func TestKeysStayWhole(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	text := "نخست‌وزیر و رئیس‌جمهور در ۱۴۰۴/۰۸/۲۰ با U.S. و putin's گفت‌وگو کردند؛ تماس‌ها ۴۹٬۵۰۰ مورد بود."
	rec := article.Record{ID: "k1", Title: "گفت‌وگوی نخست‌وزیر", Text: text, AnalyzerVersion: "1"}
	if _, err := st.Put(ctx, []article.Record{rec}); err != nil {
		t.Fatal(err)
	}
	rows, err := st.db.QueryContext(ctx, `SELECT DISTINCT term FROM fts_vocab`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			t.Fatal(err)
		}
		got[term] = true
	}
	storetest.CheckKeysWhole(t, rec, ftsToken, got)
}

func TestReopenMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "r.db")
	for range 2 {
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := st.SchemaVersion(ctx)
		if err != nil || v != Migrations() {
			t.Errorf("schema version %d, %v; want %d", v, err, Migrations())
		}
		var mode string
		if err := st.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal mode %q, %v", mode, err)
		}
		// Every pool connection is opened with the store's settings (the writer is any of them).
		for pragma, want := range map[string]int64{"wal_autocheckpoint": 16384, "journal_size_limit": 64 << 20, "mmap_size": 0} {
			var got int64
			if err := st.db.QueryRowContext(ctx, `PRAGMA `+pragma).Scan(&got); err != nil || got != want {
				t.Errorf("PRAGMA %s = %d, %v; want %d", pragma, got, err, want)
			}
		}
		// Migration 6 dropped the mention indexes nothing reads.
		var dropped int
		if err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
			WHERE name IN ('mentions_name', 'mentions_skey')`).Scan(&dropped); err != nil || dropped != 0 {
			t.Errorf("%d unused mention indexes left, %v", dropped, err)
		}
		st.Close()
	}
	if _, err := Open(ctx, ":memory:"); err == nil {
		t.Error("Open(:memory:) succeeded")
	}
}

func TestFTSToken(t *testing.T) {
	for in, want := range map[string]string{"نخستوزیر": "نخستوزیر", "1404/08/20": "14040820", "u.s": "us", `a"b`: "ab", "": ""} {
		if got := ftsToken(in); got != want {
			t.Errorf("ftsToken(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMigrateFromEveryVersion builds a database at each earlier schema version, stores the corpus, then opens it
// with Open: it must migrate to the newest version and keep every article readable and searchable.
func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	recs := storetest.Records()
	for v := 1; v < Migrations(); v++ {
		path := filepath.Join(t.TempDir(), "m.db")
		old, err := openAt(ctx, path, v)
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		if got, _ := old.SchemaVersion(ctx); got != v {
			t.Fatalf("built version %d, want %d", got, v)
		}
		if err := legacyPut(ctx, old, v, recs); err != nil {
			t.Fatalf("put at version %d: %v", v, err)
		}
		old.Close()
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("migrate from %d: %v", v, err)
		}
		if got, _ := st.SchemaVersion(ctx); got != Migrations() {
			t.Errorf("from %d: version %d, want %d", v, got, Migrations())
		}
		for _, r := range recs {
			if _, err := st.Get(ctx, r.ID); err != nil {
				t.Errorf("from %d: Get(%s): %v", v, r.ID, err)
			}
		}
		q, _ := search.Parse("نخست وزیر", search.ParseOptions{})
		res, err := st.Search(ctx, store.SearchRequest{Query: q})
		if err != nil || res.Total != 3 {
			t.Errorf("from %d: search after migration: %d hits, %v", v, res.Total, err)
		}
		// Recency and filters read article_meta, which the migration fills.
		boosted, err := st.Search(ctx, store.SearchRequest{Query: q, RecencyBoost: store.DefaultRecencyBoost})
		if err != nil || boosted.Total != 3 {
			t.Errorf("from %d: boosted search after migration: %d hits, %v", v, boosted.Total, err)
		}
		fq, _ := search.Parse("source:"+recs[0].Source, search.ParseOptions{})
		if fr, err := st.Search(ctx, store.SearchRequest{Query: fq}); err != nil || fr.Total == 0 {
			t.Errorf("from %d: source:%s after migration: %d hits, %v", v, recs[0].Source, fr.Total, err)
		}
		// Entity and date filters are tokens that migration 5 indexes from the stored records.
		for q, want := range map[string]int{"entity:putin": 2, "date:2025-11-12": 2, "پوتین date:2025-11": 2} {
			pq, _ := search.Parse(q, search.ParseOptions{})
			if fr, err := st.Search(ctx, store.SearchRequest{Query: pq}); err != nil || fr.Total != want {
				t.Errorf("from %d: %s after migration: %d hits, %v; want %d", v, q, fr.Total, err, want)
			}
		}
		for _, h := range res.Hits {
			if len(h.Snippet.Highlights) == 0 {
				t.Errorf("from %d: no snippet highlight in %q (body not migrated)", v, h.Snippet.Text)
			}
		}
		// A rebuild (from before 5) loads in bulk and gives the index FTS5's usual merge settings back.
		if got := mergeOf(t, st); got != normalMerge {
			t.Errorf("from %d: index merge settings %+v after migration, want %+v", v, got, normalMerge)
		}
		// New articles go in beside the migrated ones.
		extra := storetest.Generate(3, 9)
		if r, err := st.Put(ctx, append(extra, recs[0])); err != nil || len(r.New) != 3 || len(r.Duplicate) != 1 {
			t.Errorf("from %d: put after migration: %+v, %v", v, r, err)
		}
		st.Close()
	}
}

// openAt opens a new database migrated only up to version v.
func openAt(ctx context.Context, path string, v int) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, indexers: make(chan *search.Indexer, 1)}
	s.indexers <- search.NewIndexer()
	if err := s.migrateTo(ctx, v); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// legacyPut writes records as schema version v did: plain JSON records, the body column from version 3 on, and
// from 5 on as Put does.
func legacyPut(ctx context.Context, s *Store, v int, recs []article.Record) error {
	if v >= 5 { // the write path of 5 is today's; later versions changed indexes only
		_, err := s.Put(ctx, recs)
		return err
	}
	for _, r := range recs {
		js, err := json.Marshal(r)
		if err != nil {
			return err
		}
		unix, day := publication(&r)
		res, err := s.db.ExecContext(ctx, `INSERT INTO articles (id, source, url, title, published, published_unix,
			day, analyzer_version, stored_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
			r.ID, r.Source, r.URL, r.Title, r.Published, unix, day, r.AnalyzerVersion, js)
		if err != nil {
			return err
		}
		seq, _ := res.LastInsertId()
		if v >= 3 {
			if _, err := s.db.ExecContext(ctx, `UPDATE articles SET text = ? WHERE seq = ?`, r.Text, seq); err != nil {
				return err
			}
		}
		tk, bk := search.IndexKeys(r.Title), search.IndexKeys(r.Text)
		if _, err := s.db.ExecContext(ctx, `INSERT INTO fts (rowid, title, body, extra) VALUES (?, ?, ?, ?)`, seq,
			ftsTokens(tk.Words), ftsTokens(bk.Words), ftsTokens(append(tk.Extra, bk.Extra...))); err != nil {
			return err
		}
	}
	return nil
}

// TestFacetSample checks that a query with more than FacetSample matches gets facets over its best FacetSample
// matches, says so, and returns the same page with facets as without.
func TestFacetSample(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	recs := storetest.Generate(FacetSample+100, 3)
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	word := strings.Fields(recs[0].Title)[0]
	facets := store.FacetOptions{Size: 5, Histogram: search.Month}
	for _, tc := range []struct {
		q      string
		offset int
	}{{"date:2000..2100", 0}, {"date:2000..2100", 2090}, {word, 0}, {word, 3}, {word + " sort:date", 1}} {
		q, err := search.Parse(tc.q, search.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		req := store.SearchRequest{Query: q, Limit: 7, Offset: tc.offset, RecencyBoost: store.DefaultRecencyBoost,
			Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		plain, err := st.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		req.Facets = facets
		faceted, err := st.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if faceted.Total != plain.Total || !reflect.DeepEqual(faceted.Hits, plain.Hits) {
			t.Errorf("%q offset %d: with facets %d hits of %d, without %d of %d", tc.q, tc.offset,
				len(faceted.Hits), faceted.Total, len(plain.Hits), plain.Total)
		}
		if strings.HasPrefix(tc.q, "date:") && plain.Total != len(recs) {
			t.Errorf("%q: total %d, want every article (%d)", tc.q, plain.Total, len(recs))
		}
		want := min(plain.Total, FacetSample)
		if (plain.Total > FacetSample) != (faceted.Facets.Sample == FacetSample) {
			t.Errorf("%q: total %d, sample %d", tc.q, plain.Total, faceted.Facets.Sample)
		}
		n := 0
		for _, v := range faceted.Facets.Sources {
			n += v.Count
		}
		if len(faceted.Facets.Sources) < 5 && n != want {
			t.Errorf("%q: sources count %d articles, want %d", tc.q, n, want)
		}
		n = 0
		for _, b := range faceted.Facets.Dates {
			n += b.Count
		}
		if n > want || n == 0 {
			t.Errorf("%q: histogram counts %d articles, want at most %d", tc.q, n, want)
		}
	}
}

// TestRankWindow runs the shared rank-window check with a window of 30: the window holds the most recently
// published matches (publication time, then seq: the order of FTS rowids).
func TestRankWindow(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	storetest.CheckRankWindow(t, st, func(n int) { st.rankWindow = n }, func(id string) int64 {
		var seq, pub int64
		if err := st.db.QueryRowContext(ctx, `SELECT seq, published_unix FROM articles WHERE id = ?`, id).Scan(&seq, &pub); err != nil {
			t.Fatal(err)
		}
		return pub<<32 | seq
	})
}

// TestFTSRowid checks that FTS rowids order articles by publication, unknown publications last, seq breaking
// ties, and that the seq is read back from the rowid.
func TestFTSRowid(t *testing.T) {
	order := []struct {
		unix any
		seq  int64
	}{{int64(1764000000), 1}, {int64(1764000000), 2}, {int64(1764000001), 1}, {int64(4102444800), 3}}
	var prev int64
	for i, c := range append([]struct {
		unix any
		seq  int64
	}{{nil, 9}, {int64(-5), 7}, {int64(0), 8}}, order...) {
		r, err := ftsRowid(c.unix, c.seq)
		if err != nil {
			t.Fatal(err)
		}
		if r&seqMask != c.seq {
			t.Errorf("rowid %d of %v: seq %d, want %d", r, c, r&seqMask, c.seq)
		}
		if i > 0 && r <= prev {
			t.Errorf("rowid of %v = %d, not after %d", c, r, prev)
		}
		prev = r
	}
	if _, err := ftsRowid(nil, seqMask+1); err == nil {
		t.Error("a seq beyond the rowid's bits was accepted")
	}
	if r, err := ftsRowid(int64(1<<62), 5); err != nil || r < 0 {
		t.Errorf("a far-future publication: %d, %v", r, err)
	}
}

// TestFilterTokens checks filters run as FTS terms on the meta column (and the SQL conditions they fall back
// to: a date range that does not start at midnight in Tehran, exclusions alone) against the records themselves,
// over generated articles published at every hour of two years.
func TestFilterTokens(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	recs := storetest.Generate(400, 7)
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	tehran := timex.DefaultLocation()
	in := func(r article.Record, d search.DateRange) bool {
		p, _ := time.Parse(time.RFC3339, r.Published)
		return !p.Before(d.From) && p.Before(d.To)
	}
	entity := func(r article.Record, f search.EntityFilter) bool {
		for _, m := range r.Entities {
			k := m.ID
			if k == "" {
				k = m.Name
			}
			if k == f.Value || slices.Contains(f.IDs, k) || strings.EqualFold(m.Name, f.Value) ||
				surfaceKeys(m.Text) == surfaceKeys(f.Value) {
				return true
			}
		}
		return false
	}
	typed := func(r article.Record, typ string) bool {
		return slices.ContainsFunc(r.Events, func(e article.Event) bool { return strings.ToUpper(e.Type) == typ })
	}
	// Sources and types: any wanted value, no excluded one; entities: every filter.
	anyOf := func(fs []search.Filter, has func(string) bool) bool {
		wanted, hit := false, false
		for _, f := range fs {
			if f.Negated && has(f.Value) {
				return false
			}
			if !f.Negated {
				wanted, hit = true, hit || has(f.Value)
			}
		}
		return !wanted || hit
	}
	matches := func(r article.Record, q *search.Query) bool {
		if !anyOf(q.Sources, func(v string) bool { return strings.EqualFold(r.Source, v) }) ||
			!anyOf(q.Types, func(v string) bool { return typed(r, v) }) {
			return false
		}
		for _, f := range q.Entities {
			if entity(r, f) == f.Negated {
				return false
			}
		}
		if len(q.Dates) > 0 && !slices.ContainsFunc(q.Dates, func(d search.DateRange) bool { return in(r, d) }) {
			return false
		}
		return true
	}
	month := func(y int, m time.Month) search.DateRange {
		return search.DateRange{From: time.Date(y, m, 1, 0, 0, 0, 0, tehran), To: time.Date(y, m+1, 1, 0, 0, 0, 0, tehran)}
	}
	days := func(y int, m time.Month, d, n int) search.DateRange {
		return search.DateRange{From: time.Date(y, m, d, 0, 0, 0, 0, tehran), To: time.Date(y, m, d+n, 0, 0, 0, 0, tehran)}
	}
	noon := search.DateRange{From: time.Date(2025, 1, 10, 13, 0, 0, 0, tehran), To: time.Date(2025, 2, 3, 13, 0, 0, 0, tehran)}
	year := search.DateRange{From: time.Date(2025, 1, 1, 0, 0, 0, 0, tehran), To: time.Date(2026, 1, 1, 0, 0, 0, 0, tehran)}
	jalali := search.DateRange{From: time.Date(2024, 10, 22, 0, 0, 0, 0, tehran), To: time.Date(2025, 3, 21, 0, 0, 0, 0, tehran)} // 1403-08-01 … 1403-12-30
	r0 := recs[0]
	queries := []*search.Query{
		{Sources: []search.Filter{{Value: r0.Source}}},
		{Sources: []search.Filter{{Value: strings.ToUpper(r0.Source)}, {Value: recs[1].Source}}},
		{Sources: []search.Filter{{Value: r0.Source, Negated: true}}}, // exclusion alone: SQL
		{Types: []search.Filter{{Value: "CONSULT"}}},
		{Types: []search.Filter{{Value: "SANCTION"}, {Value: "AID"}}, Sources: []search.Filter{{Value: r0.Source, Negated: true}}},
		{Entities: []search.EntityFilter{{Value: "putin"}}},
		{Entities: []search.EntityFilter{{Value: "vladimir PUTIN"}}},
		{Entities: []search.EntityFilter{{Value: "پوتین"}}},
		{Entities: []search.EntityFilter{{Value: "رئیس جمهور", IDs: []string{"iran", "usa"}}}},
		{Entities: []search.EntityFilter{{Value: "iran"}, {Value: "russia", Negated: true}}},
		{Entities: []search.EntityFilter{{Value: "iran", Negated: true}}, Types: []search.Filter{{Value: "AGREE", Negated: true}}},
		{Dates: []search.DateRange{month(2025, 2)}},
		{Dates: []search.DateRange{days(2024, 12, 30, 5), month(2025, 6)}},
		{Dates: []search.DateRange{year}, Types: []search.Filter{{Value: "ACCUSE"}}},
		{Dates: []search.DateRange{jalali}, Entities: []search.EntityFilter{{Value: "china"}}},
		{Dates: []search.DateRange{noon}}, // not whole days: SQL
		{Dates: []search.DateRange{noon}, Sources: []search.Filter{{Value: r0.Source}}},
		{Dates: []search.DateRange{days(2025, 3, 1, 0)}}, // empty
		{Dates: []search.DateRange{{From: time.Date(1960, 1, 1, 0, 0, 0, 0, tehran), To: time.Date(2025, 2, 1, 0, 0, 0, 0, tehran)}},
			Sources: []search.Filter{{Value: r0.Source}}}, // before 1970: not a rowid range
	}
	for _, q := range queries {
		var want []string
		for _, r := range recs {
			if matches(r, q) {
				want = append(want, r.ID)
			}
		}
		res, err := st.Search(ctx, store.SearchRequest{Query: q, Sort: search.ByDate, Limit: store.MaxLimit})
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		var got []string
		var prev time.Time
		for i, h := range res.Hits {
			got = append(got, h.ID)
			p, err := time.Parse(time.RFC3339, h.Published)
			if err != nil {
				t.Fatalf("hit %s published %q: %v", h.ID, h.Published, err)
			}
			if i > 0 && p.After(prev) {
				t.Errorf("%s: hit %d published %s after hit %d's %s: not newest first", q, i, p, i-1, prev)
			}
			prev = p
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || res.Total != len(want) {
			t.Errorf("%s: %d hits (total %d), want %d", q, len(got), res.Total, len(want))
		}
		if len(want) == len(recs) {
			t.Logf("%s: %d of %d match: a weak case", q, len(want), len(recs))
		}
	}
}

// TestOptimize checks that Optimize leaves the search index in one segment with the same results.
func TestOptimize(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	recs := storetest.Generate(300, 11)
	for i := 0; i < len(recs); i += 20 { // a transaction a batch: a segment each, merged only now and then
		if _, err := st.Put(ctx, recs[i:i+20]); err != nil {
			t.Fatal(err)
		}
	}
	segments := func() int {
		var n int
		if err := st.db.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM fts_idx`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	word := strings.Fields(recs[0].Title)[0]
	results := func() []string {
		var out []string
		for _, q := range []string{word, word + " sort:date", "source:" + recs[0].Source, "type:CONSULT -" + word} {
			pq, err := search.Parse(q, search.ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := st.Search(ctx, store.SearchRequest{Query: pq, Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				out = append(out, fmt.Sprintf("%s %s %.6f", q, h.ID, h.Score))
			}
		}
		return out
	}
	before, n := results(), segments()
	if n < 2 {
		t.Fatalf("%d segments before: the test needs several", n)
	}
	if err := st.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if n := segments(); n != 1 {
		t.Errorf("%d segments after Optimize, want 1", n)
	}
	if after := results(); !slices.Equal(before, after) {
		t.Errorf("results changed by Optimize: %d lines before, %d after", len(before), len(after))
	}
}

// TestPendingRebuild checks that a database before schema 5 reports the articles its upgrade reindexes, and a
// current or missing one none.
func TestPendingRebuild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if n, err := PendingRebuild(ctx, filepath.Join(dir, "missing.db")); n != 0 || err != nil {
		t.Errorf("missing database: %d, %v", n, err)
	}
	path := filepath.Join(dir, "v4.db")
	old, err := openAt(ctx, path, rebuildVersion()-1)
	if err != nil {
		t.Fatal(err)
	}
	recs := storetest.Records()
	if err := legacyPut(ctx, old, rebuildVersion()-1, recs); err != nil {
		t.Fatal(err)
	}
	old.Close()
	if n, err := PendingRebuild(ctx, path); n != len(recs) || err != nil {
		t.Errorf("version %d: %d, %v; want %d", rebuildVersion()-1, n, err, len(recs))
	}
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if n, err := PendingRebuild(ctx, path); n != 0 || err != nil {
		t.Errorf("after the upgrade: %d, %v", n, err)
	}
}

// TestDateTokens checks how a range of Tehran days is covered: whole years, then whole months, then days.
func TestDateTokens(t *testing.T) {
	loc := timex.DefaultLocation()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, loc) }
	cases := []struct {
		from, to time.Time
		want     string
		ok       bool
	}{
		{d(2024, 1, 1), d(2026, 3, 3), "0zy2024 0zy2025 0zm202601 0zm202602 0zd20260301 0zd20260302", true},
		{d(2025, 10, 23), d(2025, 11, 22), "0zd20251023 0zd20251024 0zd20251025 0zd20251026 0zd20251027 0zd20251028 0zd20251029 0zd20251030 0zd20251031 0zm202511 0zd20251201", false},
		{d(2025, 11, 15), d(2025, 11, 15), "", true},
		{d(2025, 11, 15).Add(time.Hour), d(2025, 11, 16), "", false},
		{d(1800, 1, 1), d(2100, 1, 1), "", false}, // too many tokens: the publication column instead
	}
	cases[1].to, cases[1].ok = d(2025, 12, 2), true // 1404-08-01 … 1404-09-10, across a whole month
	for _, c := range cases {
		toks, ok := dateTokens(c.from, c.to)
		if got := strings.Join(toks, " "); ok != c.ok || got != c.want {
			t.Errorf("dateTokens(%s, %s) = %q, %v; want %q, %v", c.from, c.to, got, ok, c.want, c.ok)
		}
	}
}

// openTemp opens a new store in a temporary directory, closed when the test ends.
func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestRankApart checks that ranking the words of a filtered query apart from its filters gives the same page,
// scores, totals and facets as ranking them together, with every match ranked and with a window of 40, and
// that the count decides: the words are ranked apart only when they match at most rankApartMax rows.
func TestRankApart(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	if _, err := st.Put(ctx, storetest.Generate(1500, 11)); err != nil {
		t.Fatal(err)
	}
	queries := []string{
		"ایران source:IRNA", "وزیر entity:putin", "نخست‌وزیر type:CONSULT", "تحریم -مذاکرات", "مذاکرات source:Fars date:2025",
		"تماس‌ها entity:iran -source:ISNA", `"سازمان ملل" entity:un`, "دولت OR مجلس source:Mehr", "نفت date:2024-01..2024-12",
		"قیمت entity:china type:AGREE", "گاز -entity:russia", "بودجه source:Tasnim -تورم",
	}
	now := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) // one reference for the recency boost of both runs
	run := func(q string, apartMax, window int) (store.Results, error) {
		st.rankApartMax, st.rankWindow = apartMax, window
		pq, err := search.Parse(q, search.ParseOptions{})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return st.Search(ctx, store.SearchRequest{Query: pq, Limit: 15, RecencyBoost: store.DefaultRecencyBoost,
			Now: now, Facets: store.FacetOptions{Size: 5}})
	}
	for _, window := range []int{RankWindow, 40} {
		for _, q := range queries {
			together, err := run(q, 0, window)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			apart, err := run(q, 1<<30, window)
			if err != nil {
				t.Fatalf("%s apart: %v", q, err)
			}
			if len(together.Hits) == 0 {
				t.Errorf("%s: no hits; the query tests nothing", q)
			}
			if !reflect.DeepEqual(together, apart) {
				t.Errorf("%s (window %d): ranked apart differs:\n together %+v\n apart    %+v", q, window, together, apart)
			}
		}
	}
	// The choice: apart only when the words match at most rankApartMax rows.
	st.rankWindow = RankWindow
	c, _, err := st.compile(ctx, store.SearchRequest{Query: mustParse(t, "ایران source:IRNA")})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM fts WHERE fts MATCH ?`, c.rank).Scan(&n); err != nil || n < 2 {
		t.Fatalf("the words match %d rows, %v", n, err)
	}
	for limit, want := range map[int]bool{n: true, n - 1: false, 0: false} {
		st.rankApartMax = limit
		if got, err := st.rankApart(ctx, st.db, c, 0); err != nil || got != want {
			t.Errorf("rankApart with %d matches, at most %d: %v, %v; want %v", n, limit, got, err, want)
		}
	}
	if c, _, _ := st.compile(ctx, store.SearchRequest{Query: mustParse(t, "ایران")}); c.rank != "" {
		t.Errorf("words alone ranked apart: %q", c.rank)
	}
}

func mustParse(t *testing.T, q string) *search.Query {
	t.Helper()
	pq, err := search.Parse(q, search.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return pq
}

// TestConjunctionPairs checks end to end that the conjunction و forms no word with a neighbour: an article with
// "و زیر" is no match for وزیر, and the query "کوه و رود" asks for رود, not ورود.
func TestConjunctionPairs(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	recs := []article.Record{
		{ID: "c1", Title: "گزارش", Text: "این طرح و زیر نظر شورا اجرا شد.", AnalyzerVersion: "1"},
		{ID: "c2", Title: "گزارش", Text: "وزیر امور خارجه به تهران رفت.", AnalyzerVersion: "1"},
		{ID: "c3", Title: "گزارش", Text: "کوه و رود در این استان زیباست.", AnalyzerVersion: "1"},
		{ID: "c4", Title: "گزارش", Text: "ورود کوه‌نوردان به منطقه ممنوع شد.", AnalyzerVersion: "1"},
	}
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{"وزیر": {"c2"}, "کوه و رود": {"c3"}, `"و زیر"`: {"c1"}, "زیر نظر": {"c1"}} {
		res, err := st.Search(ctx, store.SearchRequest{Query: mustParse(t, q)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
}

// TestBulkLoad checks that a bulk load leaves merging to its end, and that its end puts back FTS5's merge
// settings and merges (or compacts) the segments the load left, with the same search results as a load
// without it; and that Optimize puts the settings back after a bulk load that never ended.
func TestBulkLoad(t *testing.T) {
	ctx := context.Background()
	recs := storetest.Generate(600, 12)
	load := func(st *Store) {
		for i := 0; i < len(recs); i += 20 { // a transaction a batch: a segment each
			if _, err := st.Put(ctx, recs[i:i+20]); err != nil {
				t.Fatal(err)
			}
		}
	}
	segments := func(st *Store) int {
		var n int
		if err := st.db.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM fts_idx`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	word := strings.Fields(recs[0].Title)[0]
	results := func(st *Store) []string {
		var out []string
		for _, q := range []string{word, word + " sort:date", "source:" + recs[0].Source, "type:CONSULT -" + word} {
			res, err := st.Search(ctx, store.SearchRequest{Query: mustParse(t, q), Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				out = append(out, fmt.Sprintf("%s %s %.6f", q, h.ID, h.Score))
			}
		}
		return out
	}

	normal := openTemp(t)
	load(normal)
	want, normalSegs := results(normal), segments(normal)

	for _, compact := range []bool{false, true} {
		st := openTemp(t)
		end, err := st.BeginBulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := mergeOf(t, st); got != bulkMerge {
			t.Fatalf("settings during the load %+v, want %+v", got, bulkMerge)
		}
		load(st)
		during := segments(st)
		if during <= normalSegs {
			t.Errorf("%d segments after the bulk load, %d after a normal one: merging was not put off", during, normalSegs)
		}
		if err := end(ctx, compact); err != nil {
			t.Fatal(err)
		}
		if got := mergeOf(t, st); got != normalMerge {
			t.Errorf("compact=%v: settings after the load %+v, want %+v", compact, got, normalMerge)
		}
		after := segments(st)
		switch {
		case compact && after != 1:
			t.Errorf("compacted: %d segments, want 1", after)
		case !compact && (after > normalSegs || after >= during):
			t.Errorf("merged: %d segments (%d during the load, %d after a normal load)", after, during, normalSegs)
		}
		if got := results(st); !slices.Equal(got, want) {
			t.Errorf("compact=%v: results differ from a normal load: %d lines, want %d", compact, len(got), len(want))
		}
	}

	st := openTemp(t)
	if _, err := st.BeginBulk(ctx); err != nil { // never ended
		t.Fatal(err)
	}
	load(st)
	if err := st.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if got := mergeOf(t, st); got != normalMerge {
		t.Errorf("settings after Optimize %+v, want %+v", got, normalMerge)
	}
}

// TestIndexOrder checks that a batch reaches the FTS index in rowid order, as one segment, whatever the order of
// its records' publication: FTS5 writes a segment whenever a rowid is below the previous one.
func TestIndexOrder(t *testing.T) {
	ctx := context.Background()
	recs := storetest.Generate(60, 13)
	slices.SortFunc(recs, func(a, b article.Record) int { return strings.Compare(b.Published, a.Published) }) // newest first
	if recs[0].Published == recs[len(recs)-1].Published {
		t.Fatal("the test needs records published at different times")
	}
	st := openTemp(t)
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.db.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM fts_idx`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("one batch of %d articles, newest first, wrote %d index segments, want 1", len(recs), n)
	}
}

// mergeOf reads the merge settings of a store's FTS index, FTS5's defaults where unset.
func mergeOf(t *testing.T, st *Store) mergeSettings {
	t.Helper()
	m := normalMerge
	for k, v := range map[string]*int{"automerge": &m.automerge, "crisismerge": &m.crisismerge} {
		err := st.db.QueryRowContext(context.Background(), `SELECT v FROM fts_config WHERE k = ?`, k).Scan(v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
	}
	return m
}
