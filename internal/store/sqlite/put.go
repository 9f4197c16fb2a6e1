package sqlite

import (
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// Put stores records in one transaction; see store.Store.
func (s *Store) Put(ctx context.Context, recs []article.Record) (store.PutResult, error) {
	return s.PreparePut(recs).Put(ctx)
}

var _ store.BatchPreparer = (*Store)(nil)

// PreparePut computes what a Put of recs needs no database for (search keys, the encoded record) on every core,
// so that an ingest can prepare one batch while the previous one is written: the write transaction is serial.
func (s *Store) PreparePut(recs []article.Record) store.PreparedPut {
	p := &preparedPut{s: s, recs: recs}
	if len(recs) > 0 && s.check() == nil {
		p.preps = s.prepareAll(recs)
	}
	return p
}

// preparedPut is a batch made ready by PreparePut.
type preparedPut struct {
	s     *Store
	recs  []article.Record
	preps []prepared // nil only without records or on a closed store, where Put returns before reading it
}

// Put writes the prepared batch in one transaction.
func (p *preparedPut) Put(ctx context.Context) (store.PutResult, error) {
	s, recs, preps := p.s, p.recs, p.preps
	res := store.PutResult{New: []string{}, Updated: []string{}, Duplicate: []string{}, Invalid: []store.PutError{}}
	if err := s.check(); err != nil {
		return res, err
	}
	if len(recs) == 0 {
		return res, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("put: begin: %w", err)
	}
	defer tx.Rollback()
	seen := map[string]bool{}
	w := &writer{tx: tx}
	defer w.close()
	var out store.PutResult
	out.New, out.Updated, out.Duplicate, out.Invalid = []string{}, []string{}, []string{}, []store.PutError{}
	for i := range recs {
		r := &recs[i]
		if err := validate(r); err != nil {
			out.Invalid = append(out.Invalid, store.PutError{Index: i, ID: r.ID, Err: err.Error()})
			continue
		}
		if seen[r.ID] {
			out.Duplicate = append(out.Duplicate, r.ID)
			continue
		}
		seen[r.ID] = true
		var seq int64
		var version string
		lookup, err := w.stmt(ctx, stLookup)
		if err != nil {
			return res, fmt.Errorf("put %s: %w", r.ID, err)
		}
		err = lookup.QueryRowContext(ctx, r.ID).Scan(&seq, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := w.insert(ctx, r, preps[i]); err != nil {
				return res, fmt.Errorf("put %s: %w", r.ID, err)
			}
			out.New = append(out.New, r.ID)
		case err != nil:
			return res, fmt.Errorf("put %s: %w", r.ID, err)
		case store.CompareVersions(r.AnalyzerVersion, version) > 0:
			if err := remove(ctx, tx, seq); err != nil {
				return res, fmt.Errorf("put %s: replace: %w", r.ID, err)
			}
			if err := w.insert(ctx, r, preps[i]); err != nil {
				return res, fmt.Errorf("put %s: %w", r.ID, err)
			}
			out.Updated = append(out.Updated, r.ID)
		default:
			out.Duplicate = append(out.Duplicate, r.ID)
		}
	}
	if err := w.index(ctx); err != nil {
		return res, fmt.Errorf("put: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("put: commit: %w", err)
	}
	return out, nil
}

// validate rejects records that cannot be stored.
func validate(r *article.Record) error { return backend.ValidateRecord(r, false) }

func remove(ctx context.Context, tx *sql.Tx, seq int64) error {
	var unix sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT published_unix FROM article_meta WHERE seq = ?`, seq).Scan(&unix); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return err
	}
	rowid, err := ftsRowid(nullable(unix), seq)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fts WHERE rowid = ?`, rowid); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM articles WHERE seq = ?`, seq)
	return err
}

// publication returns the publication instant (nil when unknown) and day of a record, as column values.
func publication(r *article.Record) (unix any, day any) {
	t, d := backend.Publication(r)
	if t.IsZero() {
		return nil, nil
	}
	return t.Unix(), d
}

// surfaceKeys returns the space-separated word keys of a surface form.
func surfaceKeys(text string) string { return backend.SurfaceKeys(search.NewIndexer(), text) }

// insert writes one record in tx; Put uses one writer for the whole batch instead.
func insert(ctx context.Context, tx *sql.Tx, ix *search.Indexer, r *article.Record) error {
	w := &writer{tx: tx}
	defer w.close()
	if err := w.insert(ctx, r, prepare(ix, r)); err != nil {
		return err
	}
	return w.index(ctx)
}

// prepared is what storing a record computes without the database: its FTS columns, its compressed record, the
// search keys of its mentions' surfaces and the JSON of its events and quotes.
type prepared struct {
	row    [4]string
	blob   []byte
	err    error // from encoding the record, its events or quotes
	skeys  []string
	events [][]byte
	quotes [][]byte
}

// prepare computes a record's prepared part with ix.
func prepare(ix *search.Indexer, r *article.Record) prepared {
	p := prepared{skeys: mentionKeys(ix, r)}
	p.row = indexRow(ix, r, p.skeys)
	if p.blob, p.err = encodeRecord(r); p.err != nil {
		return p
	}
	p.events, p.quotes = make([][]byte, len(r.Events)), make([][]byte, len(r.Quotes))
	for i := range r.Events {
		if p.events[i], p.err = json.Marshal(r.Events[i]); p.err != nil {
			return p
		}
	}
	for i := range r.Quotes {
		if p.quotes[i], p.err = json.Marshal(r.Quotes[i]); p.err != nil {
			return p
		}
	}
	return p
}

// mentionKeys returns the search keys of each mention's surface, in the order of r.Entities.
func mentionKeys(ix *search.Indexer, r *article.Record) []string {
	ks := make([]string, len(r.Entities))
	for i, m := range r.Entities {
		ks[i] = backend.SurfaceKeys(ix, m.Text)
	}
	return ks
}

// withIndexer runs f with one of the store's key caches, which it holds meanwhile.
func (s *Store) withIndexer(f func(ix *search.Indexer)) {
	ix := <-s.indexers
	defer func() { s.indexers <- ix }()
	f(ix)
}

// prepareAll prepares records on every core, each worker with an indexer (and its key cache) of the store's.
func (s *Store) prepareAll(recs []article.Record) []prepared {
	out := make([]prepared, len(recs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(cap(s.indexers), len(recs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.withIndexer(func(ix *search.Indexer) {
				for i := int(next.Add(1) - 1); i < len(recs); i = int(next.Add(1) - 1) {
					out[i] = prepare(ix, &recs[i])
				}
			})
		}()
	}
	wg.Wait()
	return out
}

// Statements of a writer, indexes into writer.stmts.
const (
	stArticle = iota
	stMeta
	stFTS
	stMention
	stEvent
	stParty
	stQuote
	stLookup
	nStmts
)

var writerSQL = [nStmts]string{
	stArticle: `INSERT INTO articles
		(id, source, url, title, published, published_unix, day, analyzer_version, stored_at,
		 n_mentions, n_events, n_quotes, record, text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	stMeta:    `INSERT INTO article_meta (seq, published_unix, day, source) VALUES (?, ?, ?, ?)`,
	stFTS:     `INSERT INTO fts (rowid, title, body, extra, meta) VALUES (?, ?, ?, ?, ?)`,
	stMention: `INSERT INTO mentions (article, entity, name, type, surface, skey, day) VALUES (?, ?, ?, ?, ?, ?, ?)`,
	stEvent:   `INSERT INTO events (article, idx, key, type, quad, day, goldstein, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	stParty:   `INSERT INTO event_parties (article, idx, role, entity, name) VALUES (?, ?, ?, ?, ?)`,
	stQuote:   `INSERT INTO quotes (article, idx, speaker, day, data) VALUES (?, ?, ?, ?, ?)`,
	stLookup:  `SELECT seq, analyzer_version FROM articles WHERE id = ?`,
}

// writer inserts records in one transaction, preparing each statement once for the whole batch. Their index
// rows wait in pending until index writes them, in rowid order.
type writer struct {
	tx      *sql.Tx
	stmts   [nStmts]*sql.Stmt
	pending []ftsRow
}

// ftsRow is a row of the FTS index: its rowid (see ftsRowid) and columns.
type ftsRow struct {
	rowid int64
	cols  [4]string
}

// index writes the pending index rows in rowid order. FTS5 keeps a transaction's new postings in memory and
// writes them out as a new segment whenever a row's rowid is below the previous row's; rowids follow publication
// and a batch comes in any order, so unsorted rows made a segment of every second article or so (a batch of 500,
// hundreds of tiny segments for the index to merge) where sorted rows make one.
func (w *writer) index(ctx context.Context) error {
	sortRows(w.pending)
	for _, r := range w.pending {
		if _, err := w.exec(ctx, stFTS, r.rowid, r.cols[0], r.cols[1], r.cols[2], r.cols[3]); err != nil {
			return fmt.Errorf("index: %w", err)
		}
	}
	w.pending = w.pending[:0]
	return nil
}

// sortRows puts index rows in rowid order, the order FTS5 writes as one segment (see writer.index).
func sortRows(rows []ftsRow) {
	slices.SortFunc(rows, func(a, b ftsRow) int { return cmp.Compare(a.rowid, b.rowid) })
}

// exec runs statement i, preparing it on first use.
func (w *writer) exec(ctx context.Context, i int, args ...any) (sql.Result, error) {
	st, err := w.stmt(ctx, i)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// stmt returns statement i, preparing it on first use.
func (w *writer) stmt(ctx context.Context, i int) (*sql.Stmt, error) {
	if w.stmts[i] == nil {
		st, err := w.tx.PrepareContext(ctx, writerSQL[i])
		if err != nil {
			return nil, err
		}
		w.stmts[i] = st
	}
	return w.stmts[i], nil
}

// close finalises the prepared statements.
func (w *writer) close() {
	for _, st := range w.stmts {
		if st != nil {
			st.Close()
		}
	}
}

func (w *writer) insert(ctx context.Context, r *article.Record, p prepared) error {
	if p.err != nil {
		return fmt.Errorf("encode: %w", p.err)
	}
	blob := p.blob
	unix, day := publication(r)
	res, err := w.exec(ctx, stArticle,
		r.ID, r.Source, r.URL, r.Title, r.Published, unix, day, r.AnalyzerVersion, time.Now().Unix(),
		len(r.Entities), len(r.Events), len(r.Quotes), blob, r.Text)
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if _, err := w.exec(ctx, stMeta, seq, unix, day, r.Source); err != nil {
		return fmt.Errorf("insert article meta: %w", err)
	}

	rowid, err := ftsRowid(unix, seq)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	w.pending = append(w.pending, ftsRow{rowid, p.row})

	if len(r.Entities) > 0 {
		for i, m := range r.Entities {
			k := backend.EntityKey(m.ID, m.Name)
			if k == "" {
				continue
			}
			skey := p.skeys[i]
			if _, err := w.exec(ctx, stMention, seq, k, m.Name, m.Type, m.Text, skey, day); err != nil {
				return fmt.Errorf("insert mention: %w", err)
			}
		}
	}

	if len(r.Events) > 0 {
		for i, e := range r.Events {
			data := p.events[i]
			eday := day
			if len(e.Date) >= 10 {
				eday = e.Date[:10]
			}
			typ := strings.ToUpper(e.Type)
			if _, err := w.exec(ctx, stEvent, seq, i, e.Key, typ, event.Quad(typ), eday, e.Goldstein, data); err != nil {
				return fmt.Errorf("insert event: %w", err)
			}
			for _, p := range backend.Parties(e.Actors, e.ActorInfo) {
				if _, err := w.exec(ctx, stParty, seq, i, store.RoleActor, p[0], p[1]); err != nil {
					return err
				}
			}
			for _, p := range backend.Parties(e.Recipients, e.RecipientInfo) {
				if _, err := w.exec(ctx, stParty, seq, i, store.RoleRecipient, p[0], p[1]); err != nil {
					return err
				}
			}
		}
	}

	if len(r.Quotes) > 0 {
		for i, q := range r.Quotes {
			data := p.quotes[i]
			if _, err := w.exec(ctx, stQuote, seq, i, backend.EntityKey(q.SpeakerID, q.Speaker), day, data); err != nil {
				return fmt.Errorf("insert quote: %w", err)
			}
		}
	}
	return nil
}

// indexRow returns the FTS columns of a record: title and body word keys, which keep positions for phrases;
// extra, the compound parts and adjacent-pair keys of both; meta, the filter tokens (skeys: mentionKeys of r).
func indexRow(ix *search.Indexer, r *article.Record, skeys []string) [4]string {
	tk, bk := ix.IndexKeys(r.Title), ix.IndexKeys(r.Text)
	extra := append(append([]string{}, tk.Extra...), bk.Extra...)
	return [4]string{ftsTokens(tk.Words), ftsTokens(bk.Words), ftsTokens(extra), metaTokens(r, skeys)}
}

// ftsToken encodes a search key as one token of the FTS5 ascii tokenizer, which treats every non-ASCII
// character as part of a token and every ASCII character other than a letter or digit as a separator: those
// are dropped ("1404/08/20" → "14040820", "u.s" → "us"), so no key is ever split. Queries encode the same way.
func ftsToken(k string) string {
	clean := true
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x80 && !isASCIIAlnum(c) {
			clean = false
			break
		}
	}
	if clean {
		return k
	}
	b := make([]byte, 0, len(k))
	for i := 0; i < len(k); i++ {
		if c := k[i]; c >= 0x80 || isASCIIAlnum(c) {
			b = append(b, c)
		}
	}
	return string(b)
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ftsTokens encodes keys as a space-separated FTS5 column value.
func ftsTokens(keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		if t := ftsToken(k); t != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(t)
		}
	}
	return b.String()
}

// deflaters pools the record compressors.
var deflaters sync.Pool

// encodeRecord returns the stored form of a record: its JSON without the body text (kept in its own column),
// deflate-compressed.
func encodeRecord(r *article.Record) ([]byte, error) {
	c := *r
	c.Text = ""
	js, err := json.Marshal(&c)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(js) / 3)
	// A flate.Writer allocates about 1 MB of tables: writers are reused.
	zw, _ := deflaters.Get().(*flate.Writer)
	if zw == nil {
		if zw, err = flate.NewWriter(&buf, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		zw.Reset(&buf)
	}
	defer deflaters.Put(zw)
	if _, err := zw.Write(js); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// unpackRecord reads a stored record: deflated JSON, or plain JSON (rows written before schema version 3). text
// is the body column, used when the blob has no body.
func unpackRecord(blob []byte, text string) (article.Record, error) {
	var rec article.Record
	js := blob
	if len(blob) == 0 || blob[0] != '{' {
		var err error
		if js, err = io.ReadAll(flate.NewReader(bytes.NewReader(blob))); err != nil {
			return rec, fmt.Errorf("inflate: %w", err)
		}
	}
	if err := json.Unmarshal(js, &rec); err != nil {
		return rec, err
	}
	if rec.Text == "" {
		rec.Text = text
	}
	return rec, nil
}
