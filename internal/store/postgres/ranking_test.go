package postgres_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
	"github.com/khabar/khabar/internal/store/storetest"
)

// TestRankingCloseToSQLite puts one synthetic corpus in both stores and compares the first ten hits of
// relevance-ranked queries: ts_rank weighted by inverse document frequency over the same keys and weights is not
// BM25 (another length and term-frequency normalisation), so the orders differ in detail, but the top hits must
// mostly agree and the match sets must be identical.
func TestRankingCloseToSQLite(t *testing.T) {
	ctx := context.Background()
	pg := openTest(t)
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	recs := storetest.Generate(600, 11)
	for _, st := range []store.Store{pg, lite} {
		if _, err := st.Put(ctx, recs); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"تحریم", "ایران", "نخست وزیر", "نفت OR گاز", "مذاکرات هسته‌ای", `"وزیر امور خارجه"`,
		"انرژی -تحریم", "روسیه چین", "بودجه مجلس", "سازمان ملل", "اعتراض", "دادگاه حکم"}
	// First with document frequencies counted exactly (no planner statistics yet), then from the statistics.
	for _, mode := range []string{"counted", "statistics"} {
		if mode == "statistics" {
			if _, err := pg.Pool().Exec(ctx, `ANALYZE articles`); err != nil {
				t.Fatal(err)
			}
		}
		var overlap, compared, first float64
		for _, qs := range queries {
			q, err := search.Parse(qs, search.ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			req := store.SearchRequest{Query: q, Limit: 10}
			a, err := pg.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			b, err := lite.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if a.Total != b.Total {
				t.Errorf("%q: %d matches on PostgreSQL, %d on SQLite", qs, a.Total, b.Total)
			}
			if len(b.Hits) == 0 {
				continue
			}
			top := map[string]bool{}
			for _, h := range b.Hits {
				top[h.ID] = true
			}
			same := 0
			for _, h := range a.Hits {
				if top[h.ID] {
					same++
				}
			}
			firstSame := len(a.Hits) > 0 && a.Hits[0].ID == b.Hits[0].ID
			t.Logf("%s: %-22q %4d matches, top-10 overlap %d/%d, first hit same: %v", mode, qs, a.Total, same,
				len(b.Hits), firstSame)
			overlap += float64(same) / float64(len(b.Hits))
			compared++
			if firstSame {
				first++
			}
		}
		mean := overlap / compared
		t.Logf("%s: mean top-10 overlap with SQLite's BM25 %.2f, same first hit %d of %d", mode, mean, int(first), int(compared))
		if mean < 0.8 {
			t.Errorf("%s: mean top-10 overlap %.2f: the ranking strays too far from SQLite's", mode, mean)
		}
	}
}
