package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// lockKey maps a name to a transaction-level advisory lock key.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// Put stores records in one transaction; see store.Store. Concurrent Puts of the same IDs, from this process
// or others, are serialised by advisory locks on the IDs, taken in one order so that they never deadlock.
func (s *Store) Put(ctx context.Context, recs []article.Record) (store.PutResult, error) {
	return s.put(ctx, recs, false)
}

// Replace stores records like Put, but replaces a stored record whatever its analyser version (forced
// re-analysis with an unchanged version, after a data change).
func (s *Store) Replace(ctx context.Context, recs []article.Record) (store.PutResult, error) {
	return s.put(ctx, recs, true)
}

func (s *Store) put(ctx context.Context, recs []article.Record, force bool) (store.PutResult, error) {
	res := store.PutResult{New: []string{}, Updated: []string{}, Duplicate: []string{}, Invalid: []store.PutError{}}
	if err := s.check(); err != nil {
		return res, err
	}
	if len(recs) == 0 {
		return res, nil
	}
	out := store.PutResult{New: []string{}, Updated: []string{}, Duplicate: []string{}, Invalid: []store.PutError{}}
	// Validate and encode first: a record that cannot be encoded fails the batch before any SQL.
	seen := map[string]bool{}
	var todo []*article.Record // valid, first of their ID in the batch
	var locks []int64
	ids := []string{}
	for i := range recs {
		r := &recs[i]
		if err := validate(r); err != nil {
			out.Invalid = append(out.Invalid, store.PutError{Index: i, ID: r.ID, Err: err.Error()})
			continue
		}
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		todo = append(todo, r)
		ids = append(ids, r.ID)
		locks = append(locks, lockKey("khabar-article:"+r.ID))
	}
	if len(todo) == 0 {
		return out, nil
	}
	ix := s.ixPool.Get().(*search.Indexer)
	defer s.ixPool.Put(ix)
	var b batch
	for _, r := range todo {
		if err := b.add(ix, r); err != nil {
			return res, fmt.Errorf("put %s: %w", r.ID, err)
		}
	}
	slices.Sort(locks)
	locks = slices.Compact(locks)

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("put: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest($1::bigint[]) WITH ORDINALITY AS u(k, o) ORDER BY o) l`, locks); err != nil {
		return res, fmt.Errorf("put: lock: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT id, seq, analyzer_version FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return res, fmt.Errorf("put: %w", err)
	}
	type stored struct {
		seq     int64
		version string
	}
	have := map[string]stored{}
	for rows.Next() {
		var id string
		var st stored
		if err := rows.Scan(&id, &st.seq, &st.version); err != nil {
			rows.Close()
			return res, fmt.Errorf("put: %w", err)
		}
		have[id] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("put: %w", err)
	}
	// Decide per record, in input order.
	status := map[string]string{}
	var replace []int64
	var keep []bool
	for _, r := range todo {
		st, ok := have[r.ID]
		switch {
		case !ok:
			status[r.ID] = "new"
			keep = append(keep, true)
		case force || store.CompareVersions(r.AnalyzerVersion, st.version) > 0:
			status[r.ID] = "updated"
			replace = append(replace, st.seq)
			keep = append(keep, true)
		default:
			status[r.ID] = "duplicate"
			keep = append(keep, false)
		}
	}
	if len(replace) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM articles WHERE seq = ANY($1)`, replace); err != nil {
			return res, fmt.Errorf("put: replace: %w", err)
		}
	}
	if err := b.write(ctx, tx, keep); err != nil {
		return res, fmt.Errorf("put: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return res, fmt.Errorf("put: commit: %w", err)
	}
	// Report in input order; a repeat within the batch is a duplicate.
	reported := map[string]bool{}
	for i := range recs {
		r := &recs[i]
		if !seen[r.ID] || slices.ContainsFunc(out.Invalid, func(e store.PutError) bool { return e.Index == i }) {
			continue
		}
		if reported[r.ID] {
			out.Duplicate = append(out.Duplicate, r.ID)
			continue
		}
		reported[r.ID] = true
		switch status[r.ID] {
		case "new":
			out.New = append(out.New, r.ID)
		case "updated":
			out.Updated = append(out.Updated, r.ID)
		default:
			out.Duplicate = append(out.Duplicate, r.ID)
		}
	}
	return out, nil
}

// validate rejects records that cannot be stored, among them IDs that a text column cannot hold.
func validate(r *article.Record) error { return backend.ValidateRecord(r, true) }

// clean makes a string storable in a PostgreSQL text column, which holds neither NUL nor invalid UTF-8. The
// record itself is stored as JSON, where both survive as escapes.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}

// publication returns the publication instant (nil when unknown) and day of a record, as column values.
func publication(r *article.Record) (unix *int64, day *string) {
	t, d := backend.Publication(r)
	if t.IsZero() {
		return nil, nil
	}
	u := t.Unix()
	d = clean(d)
	return &u, &d
}

// batch holds the rows of a Put as column arrays, written with one INSERT … SELECT FROM unnest per table.
type batch struct {
	recs []*article.Record
	// articles
	id, source, url, title, published, version, tsv []string
	unix                                            []*int64
	day                                             []*string
	nm, ne, nq                                      []int32
	record                                          [][]byte
	// children, by record index in recs
	mentions []mentionRow
	events   []eventRow
	parties  []partyRow
	quotes   []quoteRow
}

type mentionRow struct {
	rec                              int
	entity, name, typ, surface, skey string
	day                              *string
}

type eventRow struct {
	rec, idx       int
	key, typ, quad string
	day            *string
	goldstein      float64
	data           []byte
}

type partyRow struct {
	rec, idx           int
	role, entity, name string
}

type quoteRow struct {
	rec, idx int
	speaker  string
	day      *string
	data     []byte
}

// add encodes one record into the batch.
func (b *batch) add(ix *search.Indexer, r *article.Record) error {
	blob, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	n := len(b.recs)
	b.recs = append(b.recs, r)
	unix, day := publication(r)
	b.id = append(b.id, r.ID)
	b.source = append(b.source, clean(r.Source))
	b.url = append(b.url, clean(r.URL))
	b.title = append(b.title, clean(r.Title))
	b.published = append(b.published, clean(r.Published))
	b.version = append(b.version, clean(r.AnalyzerVersion))
	b.unix = append(b.unix, unix)
	b.day = append(b.day, day)
	b.nm = append(b.nm, int32(len(r.Entities)))
	b.ne = append(b.ne, int32(len(r.Events)))
	b.nq = append(b.nq, int32(len(r.Quotes)))
	b.record = append(b.record, blob)
	b.tsv = append(b.tsv, vector(ix.IndexKeys(r.Title), ix.IndexKeys(r.Text)))

	for _, m := range r.Entities {
		k := clean(backend.EntityKey(m.ID, m.Name))
		if k == "" {
			continue
		}
		b.mentions = append(b.mentions, mentionRow{rec: n, entity: k, name: clean(m.Name), typ: clean(m.Type),
			surface: clean(m.Text), skey: clean(backend.SurfaceKeys(ix, m.Text)), day: day})
	}
	for i, e := range r.Events {
		data, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode event %d: %w", i, err)
		}
		eday := day
		if len(e.Date) >= 10 {
			d := clean(e.Date[:10])
			eday = &d
		}
		typ := clean(strings.ToUpper(e.Type))
		b.events = append(b.events, eventRow{rec: n, idx: i, key: clean(e.Key), typ: typ, quad: event.Quad(typ),
			day: eday, goldstein: e.Goldstein, data: data})
		for _, p := range backend.Parties(e.Actors, e.ActorInfo) {
			b.parties = append(b.parties, partyRow{rec: n, idx: i, role: store.RoleActor, entity: clean(p[0]), name: clean(p[1])})
		}
		for _, p := range backend.Parties(e.Recipients, e.RecipientInfo) {
			b.parties = append(b.parties, partyRow{rec: n, idx: i, role: store.RoleRecipient, entity: clean(p[0]), name: clean(p[1])})
		}
	}
	for i, q := range r.Quotes {
		data, err := json.Marshal(q)
		if err != nil {
			return fmt.Errorf("encode quote %d: %w", i, err)
		}
		speaker := clean(backend.EntityKey(q.SpeakerID, q.Speaker))
		b.quotes = append(b.quotes, quoteRow{rec: n, idx: i, speaker: speaker, day: day, data: data})
	}
	return nil
}

// pick returns the elements of xs whose record is kept.
func pick[T any](xs []T, keep []bool) []T {
	out := make([]T, 0, len(xs))
	for i, x := range xs {
		if keep[i] {
			out = append(out, x)
		}
	}
	return out
}

// write inserts the kept records and their annotations: the articles first (their sequence numbers come back
// in order), then each child table in one statement.
func (b *batch) write(ctx context.Context, tx pgx.Tx, keep []bool) error {
	if !slices.Contains(keep, true) {
		return nil
	}
	now := time.Now().Unix()
	rows, err := tx.Query(ctx, `INSERT INTO articles (id, source, url, title, published, published_unix, day,
		analyzer_version, stored_at, n_mentions, n_events, n_quotes, record, tsv)
		SELECT id, source, url, title, published, unix, day, version, $13, nm, ne, nq, record, tsv::tsvector
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
			$8::text[], $9::int[], $10::int[], $11::int[], $12::bytea[], $14::text[]) WITH ORDINALITY
			AS u(id, source, url, title, published, unix, day, version, nm, ne, nq, record, tsv, o)
		ORDER BY o RETURNING seq`,
		pick(b.id, keep), pick(b.source, keep), pick(b.url, keep), pick(b.title, keep), pick(b.published, keep),
		pick(b.unix, keep), pick(b.day, keep), pick(b.version, keep), pick(b.nm, keep), pick(b.ne, keep),
		pick(b.nq, keep), pick(b.record, keep), now, pick(b.tsv, keep))
	if err != nil {
		return fmt.Errorf("insert articles: %w", err)
	}
	seqs := make([]int64, len(b.recs))
	for i := range b.recs {
		if !keep[i] {
			continue
		}
		if !rows.Next() {
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("insert articles: %w", err)
			}
			return errors.New("insert articles: fewer rows than records")
		}
		if err := rows.Scan(&seqs[i]); err != nil {
			rows.Close()
			return fmt.Errorf("insert articles: %w", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("insert articles: %w", err)
	}

	var mArt []int64
	var mEnt, mName, mType, mSurf, mKey []string
	var mDay []*string
	for _, m := range b.mentions {
		if keep[m.rec] {
			mArt = append(mArt, seqs[m.rec])
			mEnt, mName, mType = append(mEnt, m.entity), append(mName, m.name), append(mType, m.typ)
			mSurf, mKey, mDay = append(mSurf, m.surface), append(mKey, m.skey), append(mDay, m.day)
		}
	}
	if len(mArt) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO mentions (article, entity, name, type, surface, skey, day)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
			mArt, mEnt, mName, mType, mSurf, mKey, mDay); err != nil {
			return fmt.Errorf("insert mentions: %w", err)
		}
	}
	var eArt []int64
	var eIdx []int32
	var eKey, eType, eQuad []string
	var eDay []*string
	var eGold []float64
	var eData [][]byte
	for _, e := range b.events {
		if keep[e.rec] {
			eArt, eIdx = append(eArt, seqs[e.rec]), append(eIdx, int32(e.idx))
			eKey, eType, eQuad = append(eKey, e.key), append(eType, e.typ), append(eQuad, e.quad)
			eDay, eGold, eData = append(eDay, e.day), append(eGold, e.goldstein), append(eData, e.data)
		}
	}
	if len(eArt) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO events (article, idx, key, type, quad, day, goldstein, data)
			SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
				$7::float8[], $8::bytea[])`, eArt, eIdx, eKey, eType, eQuad, eDay, eGold, eData); err != nil {
			return fmt.Errorf("insert events: %w", err)
		}
	}
	var pArt []int64
	var pIdx []int32
	var pRole, pEnt, pName []string
	for _, p := range b.parties {
		if keep[p.rec] {
			pArt, pIdx = append(pArt, seqs[p.rec]), append(pIdx, int32(p.idx))
			pRole, pEnt, pName = append(pRole, p.role), append(pEnt, p.entity), append(pName, p.name)
		}
	}
	if len(pArt) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO event_parties (article, idx, role, entity, name)
			SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[])`,
			pArt, pIdx, pRole, pEnt, pName); err != nil {
			return fmt.Errorf("insert event parties: %w", err)
		}
	}
	var qArt []int64
	var qIdx []int32
	var qSpeaker []string
	var qDay []*string
	var qData [][]byte
	for _, q := range b.quotes {
		if keep[q.rec] {
			qArt, qIdx = append(qArt, seqs[q.rec]), append(qIdx, int32(q.idx))
			qSpeaker, qDay, qData = append(qSpeaker, q.speaker), append(qDay, q.day), append(qData, q.data)
		}
	}
	if len(qArt) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO quotes (article, idx, speaker, day, data)
			SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::bytea[])`,
			qArt, qIdx, qSpeaker, qDay, qData); err != nil {
			return fmt.Errorf("insert quotes: %w", err)
		}
	}
	return nil
}

// Lexeme limits of tsvector: a lexeme is at most 2047 bytes and a position at most 16383 (larger positions
// are stored as 16383, where phrases no longer match).
const (
	maxLexeme   = 2046
	maxPosition = 16383
)

// vector builds the tsvector literal of a record's search keys: title word keys at positions 1…, weight A;
// body word keys after a gap, weight B; extra keys of both at the last position, weight C, where no phrase
// can use them. Each key is one quoted lexeme, so no key is ever split or stemmed.
func vector(title, body search.Keys) string {
	pos := map[string][]string{}
	var order []string
	addKey := func(k string, p int, w byte) {
		k = clean(k)
		if k == "" || len(k) > maxLexeme {
			return
		}
		if p > maxPosition {
			p = maxPosition
		}
		if _, ok := pos[k]; !ok {
			order = append(order, k)
		}
		pos[k] = append(pos[k], strconv.Itoa(p)+string(w))
	}
	p := 0
	for _, k := range title.Words {
		p++
		addKey(k, p, 'A')
	}
	p += 2 // a title phrase never runs into the body
	for _, k := range body.Words {
		p++
		addKey(k, p, 'B')
	}
	for _, k := range title.Extra {
		addKey(k, maxPosition, 'C')
	}
	for _, k := range body.Extra {
		addKey(k, maxPosition, 'C')
	}
	var sb strings.Builder
	for i, k := range order {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(quoteLexeme(k))
		sb.WriteByte(':')
		sb.WriteString(strings.Join(pos[k], ","))
	}
	return sb.String()
}

// quoteLexeme quotes a key for tsvector and tsquery input: in single quotes, with quotes doubled and
// backslashes escaped.
func quoteLexeme(k string) string {
	k = strings.ReplaceAll(k, `\`, `\\`)
	return "'" + strings.ReplaceAll(k, "'", "''") + "'"
}
