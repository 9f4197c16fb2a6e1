package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store/internal/backend"
	"github.com/khabar/khabar/internal/timex"
)

// FTS rowids put articles in publication order: the publication time (unix seconds clamped at 1970, plus one;
// 0 when unknown) above seqBits bits of the article's seq. FTS5 walks doclists in rowid order, so the most
// recently published matches of a query come first without reading a row: the rank window and sort:date are
// walks of the index.
const (
	seqBits = 28 // articles.seq stays below 2^28, 268 million articles
	seqMask = 1<<seqBits - 1
	maxPub  = 1<<(63-seqBits) - 2 // the year 3058
)

// ftsSeq is the SQL of the article seq of an FTS row.
const ftsSeq = "(fts.rowid & 268435455)"

// ftsPub is the SQL of the publication time of an FTS row, unix seconds, 0 when unknown (or before 1970).
const ftsPub = "max((fts.rowid >> 28) - 1, 0)"

// nullable returns a nullable integer column's value as ftsRowid and the insert statements take it: an int64,
// or nil.
func nullable(n sql.NullInt64) any {
	if n.Valid {
		return n.Int64
	}
	return nil
}

// ftsRowid returns the FTS rowid of article seq published at unix (an int64, or nil when unknown).
func ftsRowid(unix any, seq int64) (int64, error) {
	if seq <= 0 || seq > seqMask {
		return 0, fmt.Errorf("article seq %d out of the index's range (1..%d)", seq, int64(seqMask))
	}
	var pub int64
	if u, ok := unix.(int64); ok {
		pub = min(max(u, 0), maxPub) + 1
	}
	return pub<<seqBits | seq, nil
}

// Filter tokens: the meta column of the FTS index holds, for each article, one token per source, entity key,
// entity name, mention surface, event type and publication day, month and year. A filter is then a term of the
// FTS5 query, so that `word source:X entity:Y` is an intersection of doclists inside the index instead of a
// subquery over the annotation tables per match. The tokens start with "0z" and a letter for their kind, then
// the value in hex (the ascii tokenizer would split or fold most characters of a raw value): no word key has
// that shape, and the meta column's BM25 weight is 0, so the tokens never change a score.
const (
	metaSource  = "0zs" // source name, ASCII letters folded (as COLLATE NOCASE)
	metaEntity  = "0ze" // entity key (KB ID, else canonical name)
	metaName    = "0zn" // entity canonical name, ASCII letters folded
	metaSurface = "0zk" // search keys of a mention's surface, space-separated
	metaType    = "0zt" // event type (PLOVER category, upper case)
	metaDay     = "0zd" // publication day in Asia/Tehran: 0zd20251115
	metaMonth   = "0zm" // publication month: 0zm202511
	metaYear    = "0zy" // publication year: 0zy2025
)

// metaToken returns the filter token of a value of a kind.
func metaToken(kind, value string) string { return kind + hex.EncodeToString([]byte(value)) }

// foldASCII lower-cases ASCII letters only, as SQLite's NOCASE collation compares.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// metaTokens returns the meta column of a record: its filter tokens, each once, space-separated. skeys are the
// search keys of its mentions' surfaces (mentionKeys).
func metaTokens(r *article.Record, skeys []string) string {
	seen := map[string]bool{}
	var toks []string
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			toks = append(toks, t)
		}
	}
	if r.Source != "" {
		add(metaToken(metaSource, foldASCII(r.Source)))
	}
	for i, m := range r.Entities {
		k := backend.EntityKey(m.ID, m.Name)
		if k == "" {
			continue
		}
		add(metaToken(metaEntity, k))
		add(metaToken(metaName, foldASCII(m.Name)))
		add(metaToken(metaSurface, skeys[i]))
	}
	for _, e := range r.Events {
		add(metaToken(metaType, strings.ToUpper(e.Type)))
	}
	if t, _ := backend.Publication(r); !t.IsZero() {
		for _, d := range dayTokens(t) {
			add(d)
		}
	}
	return strings.Join(toks, " ")
}

// dayTokens returns the day, month and year tokens of an instant, in Asia/Tehran (the zone of date: filters).
func dayTokens(t time.Time) [3]string {
	d := t.In(timex.DefaultLocation()).Format("20060102")
	return [3]string{metaDay + d, metaMonth + d[:6], metaYear + d[:4]}
}

// midnight reports whether t is the start of a day in Asia/Tehran.
func midnight(t time.Time) bool {
	y, m, d := t.In(timex.DefaultLocation()).Date()
	return t.Equal(time.Date(y, m, d, 0, 0, 0, 0, timex.DefaultLocation()))
}

// maxDateTokens bounds the tokens of one date range; a range needing more (never for whole days, months and
// years) is filtered on the publication column instead.
const maxDateTokens = 200

// dateTokens returns the tokens that together cover the days of [from, to) in Asia/Tehran: whole years as year
// tokens, whole months as month tokens, the other days as day tokens. ok is false when a bound is not the start
// of a day there (a range given in another zone), or the range needs too many tokens.
func dateTokens(from, to time.Time) (toks []string, ok bool) {
	if !midnight(from) || !midnight(to) {
		return nil, false
	}
	// Civil dates, stepped in UTC: Tehran's old daylight-saving days began at 01:00.
	civil := func(t time.Time) time.Time {
		y, m, d := t.In(timex.DefaultLocation()).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	d, end := civil(from), civil(to)
	for d.Before(end) {
		var next time.Time
		switch {
		case d.YearDay() == 1 && !d.AddDate(1, 0, 0).After(end):
			next = d.AddDate(1, 0, 0)
			toks = append(toks, metaYear+d.Format("2006"))
		case d.Day() == 1 && !d.AddDate(0, 1, 0).After(end):
			next = d.AddDate(0, 1, 0)
			toks = append(toks, metaMonth+d.Format("200601"))
		default:
			next = d.AddDate(0, 0, 1)
			toks = append(toks, metaDay+d.Format("20060102"))
		}
		if len(toks) > maxDateTokens {
			return nil, false
		}
		d = next
	}
	return toks, true
}

// reindexBatch is how many articles reindexFTS reads at a time.
const reindexBatch = 512

// reindexFTS fills fts_next (migration 5) from every stored article, with rowids in publication order, then
// puts it in the place of fts. Keys
// are computed on every core; a record that no longer decodes is indexed from its row (title, text, source,
// publication) so that no article drops out of search.
func reindexFTS(ctx context.Context, tx *sql.Tx) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO fts_next (rowid, title, body, extra, meta) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	defer ins.Close()
	// The rebuild is a bulk load: merging waits for the compaction at its end (see bulkMerge).
	if err := setMerge(ctx, tx, "fts_next", bulkMerge); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	workers := runtime.GOMAXPROCS(0)
	ixs := make([]*search.Indexer, workers)
	for i := range ixs {
		ixs[i] = search.NewIndexer()
	}
	type doc struct {
		seq, rowid                     int64
		title, text, source, published string
		blob                           []byte
		cols                           [4]string
	}
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, `SELECT seq, published_unix, title, text, source, published, record
			FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`, after, reindexBatch)
		if err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		var docs []doc
		for rows.Next() {
			var d doc
			var unix sql.NullInt64
			if err := rows.Scan(&d.seq, &unix, &d.title, &d.text, &d.source, &d.published, &d.blob); err != nil {
				rows.Close()
				return fmt.Errorf("reindex: %w", err)
			}
			if d.rowid, err = ftsRowid(nullable(unix), d.seq); err != nil {
				rows.Close()
				return fmt.Errorf("reindex: %w", err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		if len(docs) == 0 {
			break
		}
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(docs); i += workers {
					d := &docs[i]
					rec, err := unpackRecord(d.blob, d.text)
					if err != nil {
						rec = article.Record{Source: d.source, Published: d.published}
					}
					rec.Title, rec.Text = d.title, d.text
					d.cols = indexRow(ixs[w], &rec, mentionKeys(ixs[w], &rec))
				}
			}()
		}
		wg.Wait()
		after = docs[len(docs)-1].seq
		// In rowid order, FTS5 writes the batch as one segment (see writer.index).
		slices.SortFunc(docs, func(a, b doc) int { return cmp.Compare(a.rowid, b.rowid) })
		for _, d := range docs {
			if _, err := ins.ExecContext(ctx, d.rowid, d.cols[0], d.cols[1], d.cols[2], d.cols[3]); err != nil {
				return fmt.Errorf("reindex article %d: %w", d.seq, err)
			}
		}
	}
	// One segment: the index was written in one go, and a query would otherwise merge tens of its segments.
	// Then the index merges as usual again.
	if err := setMerge(ctx, tx, "fts_next", normalMerge); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	for _, q := range []string{`INSERT INTO fts_next (fts_next) VALUES ('optimize')`, `DROP TABLE fts`,
		`ALTER TABLE fts_next RENAME TO fts`,
		`CREATE VIRTUAL TABLE fts_vocab USING fts5vocab (fts, 'col')`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
	}
	return nil
}
