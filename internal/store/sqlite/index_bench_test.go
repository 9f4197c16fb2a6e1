package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store/storetest"
)

// BenchmarkIndexWrite measures how fast the FTS index alone takes the rows of $KHABAR_BENCH_ARTICLES synthetic
// articles (5,000 by default; keys computed before the timer), in transactions of 500 as an ingest writes them,
// then compacted: with each transaction's rows in arrival (publication-random) order or in rowid order (as
// writer.index writes them), and with FTS5's merge settings or a bulk load's. It reports articles/s over the
// inserts and the compaction, and the segments the inserts left.
func BenchmarkIndexWrite(b *testing.B) {
	ctx := context.Background()
	recs := storetest.Generate(storetest.BenchArticles(), 21)
	ix := search.NewIndexer()
	rows := make([]ftsRow, len(recs))
	for i := range recs {
		unix, _ := publication(&recs[i])
		rowid, err := ftsRowid(unix, int64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		rows[i] = ftsRow{rowid, indexRow(ix, &recs[i], mentionKeys(ix, &recs[i]))}
	}
	for _, sorted := range []bool{false, true} {
		for _, m := range []struct {
			name string
			s    mergeSettings
		}{{"normal", normalMerge}, {"bulk", bulkMerge}} {
			order := "arrival"
			if sorted {
				order = "rowid"
			}
			b.Run(fmt.Sprintf("order=%s/merge=%s", order, m.name), func(b *testing.B) {
				var segments int
				for b.Loop() {
					segments = writeIndex(ctx, b, filepath.Join(b.TempDir(), "i.db"), rows, sorted, m.s)
				}
				b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "articles/s")
				b.ReportMetric(float64(segments), "segments")
			})
		}
	}
}

// writeIndex writes rows into a new bare FTS table at path as BenchmarkIndexWrite describes, and returns the
// number of segments before the compaction.
func writeIndex(ctx context.Context, b *testing.B, path string, rows []ftsRow, sorted bool, m mergeSettings) int {
	b.StopTimer()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(wal)&_pragma=synchronous(normal)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	exec := func(q string, args ...any) {
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	exec(`CREATE VIRTUAL TABLE fts USING fts5 (title, body, extra, meta, content = '', contentless_delete = 1, tokenize = 'ascii')`)
	if err := setMerge(ctx, db, "fts", m); err != nil {
		b.Fatal(err)
	}
	batch := make([]ftsRow, 0, 500)
	b.StartTimer()
	for i := 0; i < len(rows); i += cap(batch) {
		batch = append(batch[:0], rows[i:min(i+cap(batch), len(rows))]...)
		if sorted {
			sortRows(batch)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.PrepareContext(ctx, writerSQL[stFTS])
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range batch {
			if _, err := st.ExecContext(ctx, r.rowid, r.cols[0], r.cols[1], r.cols[2], r.cols[3]); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM fts_idx`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	b.StartTimer()
	exec(`INSERT INTO fts (fts) VALUES ('optimize')`)
	return n
}
