package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// ts_rank weights {D, C, B, A}: extra, body and title in the ratio of SQLite's BM25 column weights (0.5, 1, 10).
const rankWeights = "{0, 0.05, 0.1, 1.0}"

// rankNormalization divides the rank by 1 + log(document length), as BM25 discounts long documents.
const rankNormalization = 1

// isWord reports whether key occurs in the title or body, that is as a whole word (not only as a compound
// part or pair key).
func isWord(ctx context.Context, tx pgx.Tx) search.WordLookup {
	return func(key string) (bool, error) {
		q, err := lexeme(key, false, true)
		if err != nil {
			return false, nil
		}
		var one int
		err = tx.QueryRow(ctx, `SELECT 1 FROM articles WHERE tsv @@ $1::tsquery LIMIT 1`, q).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
}

// lexeme renders one key as a tsquery operand: prefix adds :*, words restricts it to title and body keys.
func lexeme(key string, prefix, words bool) (string, error) {
	k := clean(key)
	if k == "" {
		return "", fmt.Errorf("%w: word %q has no searchable letters", store.ErrInvalid, key)
	}
	if len(k) > maxLexeme {
		return "", fmt.Errorf("%w: word %.20q… is too long", store.ErrInvalid, key)
	}
	q := quoteLexeme(k)
	switch {
	case prefix && words:
		q += ":*AB"
	case prefix:
		q += ":*"
	case words:
		q += ":AB"
	}
	return q, nil
}

// phrase renders keys as adjacent title or body words.
func phrase(keys []string) (string, error) {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		l, err := lexeme(k, false, true)
		if err != nil {
			return "", err
		}
		parts = append(parts, l)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return "(" + strings.Join(parts, " <-> ") + ")", nil
}

// tsExpr compiles a text node to a tsquery, with the rules of the SQLite store: a Term matches its key
// anywhere, a Phrase its keys as adjacent words or its pair key or joined or split variants.
func tsExpr(n search.Node) (string, error) {
	return backend.CompileText(n, backend.BoolSyntax{And: " & ", Or: " | ", AndNot: " & !"}, tsLeaf)
}

// tsLeaf compiles a Term or Phrase to a tsquery.
func tsLeaf(n search.Node) (string, error) {
	switch n := n.(type) {
	case *search.Term:
		if n.Key == "" {
			return "", fmt.Errorf("%w: word %q has no searchable letters", store.ErrInvalid, n.Word)
		}
		return lexeme(n.Key, n.Prefix, false)
	case *search.Phrase:
		if len(n.Keys) == 0 {
			return "", fmt.Errorf("%w: empty phrase", store.ErrInvalid)
		}
		first, err := phrase(n.Keys)
		if err != nil {
			return "", err
		}
		alts := []string{first}
		if k := n.PairKey(); k != "" {
			if l, err := lexeme(k, false, false); err == nil {
				alts = append(alts, l)
			}
		}
		if len(n.Joined) == 1 {
			if l, err := lexeme(n.Joined[0], false, false); err == nil {
				alts = append(alts, l)
			}
		} else if len(n.Joined) > 1 {
			if p, err := phrase(n.Joined); err == nil {
				alts = append(alts, p)
			}
		}
		if len(n.Split) > 1 {
			if p, err := phrase(n.Split); err == nil {
				alts = append(alts, p)
			}
		}
		if len(alts) == 1 {
			return alts[0], nil
		}
		return "(" + strings.Join(alts, " | ") + ")", nil
	}
	return "", fmt.Errorf("%w: unknown query node %T", store.ErrInvalid, n)
}

// compiled is a search as SQL: a CTE "hits(seq, score)" and its arguments.
type compiled struct {
	cte  string
	args []any
	// match is the same CTE without the score, for the facets, which do not rank.
	match     string
	matchArgs []any
	// For a text query without filters: the text match alone, and the scored CTE over the matches stored at or
	// after a seq (windowed, with the floor as its last argument).
	plain        bool
	tsMatch      string
	windowed     string
	windowedArgs []any
}

func (s *Store) compile(ctx context.Context, tx pgx.Tx, req store.SearchRequest) (compiled, search.Node, error) {
	q := req.Query
	var c compiled
	var text search.Node
	if q.Text != nil {
		t, err := search.JoinCompounds(q.Text, isWord(ctx, tx))
		if err != nil {
			return c, nil, fmt.Errorf("search: %w", err)
		}
		text = t
	}
	var w backend.Where
	pos, neg := backend.SplitNegative(text)
	var negExprs []string
	for _, n := range neg {
		e, err := tsExpr(n)
		if err != nil {
			return c, text, err
		}
		if pos == nil {
			w.Add("NOT (a.tsv @@ ?::tsquery)", e)
		} else {
			negExprs = append(negExprs, e) // folded into the match: one evaluation per article
		}
	}
	srcIn, srcOut := backend.SplitFilters(q.Sources, func(v string) string { return strings.ToLower(clean(v)) })
	if len(srcIn) > 0 {
		w.Add("lower(a.source) = ANY(?)", srcIn)
	}
	if len(srcOut) > 0 {
		w.Add("NOT (lower(a.source) = ANY(?))", srcOut)
	}
	typIn, typOut := backend.SplitFilters(q.Types, clean)
	if len(typIn) > 0 {
		w.Add("a.seq IN (SELECT article FROM events WHERE type = ANY(?))", typIn)
	}
	if len(typOut) > 0 {
		w.Add("a.seq NOT IN (SELECT article FROM events WHERE type = ANY(?))", typOut)
	}
	ix := s.ixPool.Get().(*search.Indexer)
	defer s.ixPool.Put(ix)
	for _, e := range q.Entities {
		keys := []string{clean(e.Value)}
		for _, id := range e.IDs {
			keys = append(keys, clean(id))
		}
		cond := "a.seq IN (SELECT article FROM mentions WHERE entity = ANY(?) OR lower(name) = lower(?) OR skey = ?)"
		if e.Negated {
			cond = "a.seq NOT IN (SELECT article FROM mentions WHERE entity = ANY(?) OR lower(name) = lower(?) OR skey = ?)"
		}
		w.Add(cond, keys, clean(e.Value), clean(backend.SurfaceKeys(ix, e.Value)))
	}
	w.Ranges("a.published_unix", q.Dates)

	if pos == nil {
		c.cte = `hits AS (SELECT a.seq AS seq, 0.0::float8 AS score, a.published_unix AS pu FROM articles a` + w.String() + `)`
		c.args = w.Args
		return c, text, nil
	}
	expr, err := tsExpr(pos)
	if err != nil {
		return c, text, err
	}
	now, half := backend.Recency(req)
	score, args, err := s.rankExpr(ctx, tx, pos, expr)
	if err != nil {
		return c, text, err
	}
	if req.RecencyBoost > 0 {
		score += " * (1.0 + ?::float8 * ?::float8 / (?::float8 + greatest(0.0, (?::float8 - coalesce(a.published_unix, 0)) / 86400.0)))"
		args = append(args, req.RecencyBoost, half, half, float64(now.Unix()))
	}
	match := expr
	for _, e := range negExprs {
		match = "(" + match + " & !" + e + ")"
	}
	c.plain, c.tsMatch = len(w.Conds) == 0, match
	w.Conds = append([]string{"a.tsv @@ ?::tsquery"}, w.Conds...)
	w.Args = append([]any{match}, w.Args...)
	c.windowed = `hits AS (SELECT a.seq AS seq, ` + score + ` AS score, a.published_unix AS pu FROM articles a` +
		w.String() + ` AND a.seq >= ?)`
	c.cte = `hits AS (SELECT a.seq AS seq, ` + score + ` AS score, a.published_unix AS pu FROM articles a` + w.String() + `)`
	c.args = append(args, w.Args...)
	c.windowedArgs = append(append([]any{}, c.args...), int64(0))
	c.match = `hits AS (SELECT a.seq AS seq, 0.0::float8 AS score, a.published_unix AS pu FROM articles a` + w.String() + `)`
	c.matchArgs = w.Args
	return c, text, nil
}

// RankWindow bounds relevance ranking as in the SQLite store: a text query without filters that has more
// matches ranks only its RankWindow newest matches, and Results.Ranked says so.
const RankWindow = 5000

// maxRankLeaves bounds the words and phrases ranked apart; a longer query is ranked as a whole.
const maxRankLeaves = 6

// rankExpr returns the SQL score of a positive text node and its arguments. A query of one word or phrase is
// ranked by ts_rank. A query of several is ranked, like BM25, as the sum of each word's or phrase's ts_rank
// weighted by its inverse document frequency, so that a rare word counts for more than a common one (ts_rank
// alone has no document frequencies).
func (s *Store) rankExpr(ctx context.Context, tx pgx.Tx, pos search.Node, expr string) (string, []any, error) {
	one := fmt.Sprintf("ts_rank('%s', a.tsv, ?::tsquery, %d)::float8", rankWeights, rankNormalization)
	ls := leaves(pos, nil)
	if len(ls) < 2 || len(ls) > maxRankLeaves {
		return one, []any{expr}, nil
	}
	df, n, err := s.frequencies(ctx)
	if err != nil {
		return "", nil, err
	}
	var parts []string
	var args []any
	for _, l := range ls {
		e, err := tsExpr(l)
		if err != nil {
			return "", nil, err
		}
		f, err := docFreq(ctx, tx, l, e, df, n)
		if err != nil {
			return "", nil, err
		}
		idf := math.Log(1 + (float64(n)-f+0.5)/(f+0.5))
		parts = append(parts, fmt.Sprintf("%g * ", idf)+one)
		args = append(args, e)
	}
	return "(" + strings.Join(parts, " + ") + ")", args, nil
}

// leaves appends the words and phrases of a text node that are not excluded.
func leaves(n search.Node, out []search.Node) []search.Node {
	switch n := n.(type) {
	case *search.Term, *search.Phrase:
		return append(out, n)
	case *search.And:
		for _, c := range n.Nodes {
			out = leaves(c, out)
		}
	case *search.Or:
		for _, c := range n.Nodes {
			out = leaves(c, out)
		}
	}
	return out
}

// frequencies returns the share of articles holding each common key, from the planner's statistics on the
// search vector (most common elements, refreshed by ANALYZE and autovacuum), and the number of articles.
// Keys are absent when the table has no statistics yet.
func (s *Store) frequencies(ctx context.Context) (map[string]float64, float64, error) {
	s.freqMu.Lock()
	defer s.freqMu.Unlock()
	if s.freq != nil && time.Since(s.freqAt) < freqTTL {
		return s.freq, s.freqN, nil
	}
	var n float64
	if err := s.pool.QueryRow(ctx, `SELECT reltuples::float8 FROM pg_class WHERE oid = 'articles'::regclass`).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("rank: %w", err)
	}
	freq := map[string]float64{}
	if n >= 1 {
		var elems []string
		var freqs []float32
		err := s.pool.QueryRow(ctx, `SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats
			WHERE schemaname = current_schema() AND tablename = 'articles' AND attname = 'tsv'`).Scan(&elems, &freqs)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return nil, 0, fmt.Errorf("rank: %w", err)
		}
		for i, e := range elems {
			if i < len(freqs) {
				freq[e] = float64(freqs[i])
			}
		}
		if len(elems) > 0 && len(freqs) > len(elems) {
			freq[""] = float64(freqs[len(elems)]) // the smallest frequency listed: rarer keys are below it
		}
	}
	if len(freq) == 0 { // no statistics: count exactly (small or freshly loaded tables)
		if err := s.pool.QueryRow(ctx, `SELECT count(*)::float8 FROM articles`).Scan(&n); err != nil {
			return nil, 0, fmt.Errorf("rank: %w", err)
		}
		freq = nil
		return nil, n, nil
	}
	s.freq, s.freqN, s.freqAt = freq, n, time.Now()
	return freq, n, nil
}

// freqTTL is how long frequencies from the statistics are reused.
const freqTTL = time.Minute

// docFreq estimates how many articles hold a word or phrase: from the statistics when there are some (a phrase
// counts as its rarest word, a key missing from the list as half the rarest listed key), else by counting.
func docFreq(ctx context.Context, tx pgx.Tx, l search.Node, expr string, freq map[string]float64, n float64) (float64, error) {
	if freq != nil {
		var keys []string
		switch l := l.(type) {
		case *search.Term:
			if !l.Prefix {
				keys = []string{l.Key}
			}
		case *search.Phrase:
			keys = l.Keys
		}
		if len(keys) > 0 {
			best := 1.0
			for _, k := range keys {
				f, ok := freq[clean(k)]
				if !ok {
					f = freq[""] / 2
				}
				best = min(best, f)
			}
			return best * n, nil
		}
	}
	var c float64
	if err := tx.QueryRow(ctx, `SELECT count(*)::float8 FROM articles WHERE tsv @@ $1::tsquery`, expr).Scan(&c); err != nil {
		return 0, fmt.Errorf("rank: %w", queryErr(err))
	}
	return c, nil
}

// number rewrites ? placeholders as $1, $2, … from start.
func number(q string, start int) string {
	var b strings.Builder
	n := start
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			fmt.Fprintf(&b, "$%d", n)
			n++
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Search runs a parsed query.
func (s *Store) Search(ctx context.Context, req store.SearchRequest) (store.Results, error) {
	res := store.Results{Hits: []store.Hit{}}
	if err := s.check(); err != nil {
		return res, err
	}
	if err := backend.CheckSearch(req); err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	// The word lookups, the page, the count and the facets read one snapshot. Sequential scans are off for a
	// text search: the planner does not know that matching a tsvector on the heap means decompressing it, and a
	// bitmap scan of the GIN index needs no such recheck for plain words, which halves high-recall queries.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if req.Query.Text != nil {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return res, fmt.Errorf("search: %w", err)
		}
	}
	c, text, err := s.compile(ctx, tx, req)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	if text != nil {
		res.Executed = text.String()
	}
	sortBy := backend.SortOf(req)
	// One statement gives the page and the total (a window count over all hits), so the match runs once; the
	// page is cut from the hits before the join, so only its rows are read from the articles table. Ties in
	// score go to the newer article, as in SQLite.
	order := "score DESC, pu DESC NULLS LAST, seq DESC"
	if sortBy == search.ByDate || text == nil {
		order = "pu DESC NULLS LAST, seq DESC"
	}
	cte, args, limit := c.cte, c.args, store.ClampLimit(req.Limit)
	total, extra := "count(*) OVER ()", []any{}
	if c.plain && sortBy != search.ByDate {
		// As in SQLite: find the newest matches without ranking, one more than the window; within it their number
		// is the total; beyond it rank the window's matches only (ts_rank reads every ranked article's vector),
		// and count them all only on request.
		win := s.rankWindow
		var n int64
		var oldest *int64
		if err := tx.QueryRow(ctx, `SELECT count(*), min(seq) FROM (SELECT a.seq FROM articles a
			WHERE a.tsv @@ $1::tsquery ORDER BY a.seq DESC LIMIT $2) x`, c.tsMatch, win+1).Scan(&n, &oldest); err != nil {
			return res, fmt.Errorf("search: %w", queryErr(err))
		}
		if n > int64(win) {
			n = int64(win)
			res.TotalAtLeast = true
			if req.ExactTotal {
				if err := tx.QueryRow(ctx, `SELECT count(*) FROM articles a WHERE a.tsv @@ $1::tsquery`, c.tsMatch).Scan(&n); err != nil {
					return res, fmt.Errorf("search: %w", queryErr(err))
				}
				res.TotalAtLeast = false
			}
			res.Ranked = win
			if req.Offset >= win {
				res.Total = int(n)
				return res, nil
			}
			limit = min(limit, win-req.Offset)
			// The window: every seq above the (win+1)-th newest match's.
			cte, args = c.windowed, append(c.windowedArgs[:len(c.windowedArgs)-1:len(c.windowedArgs)-1], *oldest+1)
		}
		res.Total, extra = int(n), []any{n} // the total as the page's last parameter
	}
	n := len(args)
	if len(extra) > 0 {
		total = fmt.Sprintf("$%d::bigint", n+3)
	}
	rows, err := tx.Query(ctx, number(`WITH `+cte+`
		SELECT a.id, a.title, a.source, a.url, a.published, h.score, a.record, h.total
		FROM (SELECT seq, score, pu, total FROM (SELECT seq, score, pu, `+total+` AS total FROM hits) x
		      ORDER BY `+order+fmt.Sprintf(` LIMIT $%d OFFSET $%d`, n+1, n+2)+`) h
		JOIN articles a ON a.seq = h.seq ORDER BY `+strings.NewReplacer("score", "h.score", "pu", "h.pu", "seq", "h.seq").Replace(order), 1),
		append(append(args, limit, req.Offset), extra...)...)
	if err != nil {
		return res, fmt.Errorf("search: %w", queryErr(err))
	}
	m := search.NewMatcher(text)
	for rows.Next() {
		var h store.Hit
		var blob []byte
		var total int64
		if err := rows.Scan(&h.ID, &h.Title, &h.Source, &h.URL, &h.Published, &h.Score, &blob, &total); err != nil {
			rows.Close()
			return res, fmt.Errorf("search: %w", err)
		}
		res.Total = int(total)
		var body struct {
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(blob, &body); err != nil {
			rows.Close()
			return res, fmt.Errorf("search: decode %s: %w", h.ID, err)
		}
		h.Title = body.Title // exactly as stored, for highlight offsets
		res.Hits = append(res.Hits, backend.Highlight(h, body.Text, m, req.SnippetRunes))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("search: %w", queryErr(err))
	}
	if len(res.Hits) == 0 && req.Offset > 0 && res.Ranked == 0 { // past the last page: count separately
		var total int64
		if err := tx.QueryRow(ctx, number(`WITH `+c.cte+` SELECT count(*) FROM hits`, 1), c.args...).Scan(&total); err != nil {
			return res, fmt.Errorf("search: %w", queryErr(err))
		}
		res.Total = int(total)
	}
	if err := facets(ctx, tx, c, req.Facets, &res.Facets); err != nil {
		return res, fmt.Errorf("search: facets: %w", queryErr(err))
	}
	return res, nil
}

// queryErr turns a tsquery syntax error (which a well-formed AST should never produce) into ErrInvalid, so
// that callers never show a raw SQL error as a server failure.
func queryErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42601" || strings.Contains(pe.Message, "tsquery")) {
		return fmt.Errorf("%w: %v", store.ErrInvalid, pe.Message)
	}
	return err
}

// facets computes every facet in one statement over the hits, materialised once.
func facets(ctx context.Context, tx pgx.Tx, c compiled, opts store.FacetOptions, f *store.Facets) error {
	if opts.Size <= 0 && opts.Histogram == "" {
		return nil
	}
	cte, cargs := c.cte, c.args
	if c.match != "" { // facets count, they do not rank
		cte, cargs = c.match, c.matchArgs
	}
	var parts []string
	n := len(cargs)
	if opts.Size > 0 {
		size := fmt.Sprintf("$%d", n+1)
		parts = append(parts,
			`(SELECT 's', a.source, '', count(*) FROM hits h JOIN articles a ON a.seq = h.seq
				WHERE a.source <> '' GROUP BY a.source ORDER BY 4 DESC, 2 LIMIT `+size+`)`,
			`(SELECT 'e', m.entity, max(m.name), count(DISTINCT m.article) FROM hits h
				JOIN mentions m ON m.article = h.seq GROUP BY m.entity ORDER BY 4 DESC, 2 LIMIT `+size+`)`,
			`(SELECT 't', e.type, max(e.quad), count(DISTINCT e.article) FROM hits h
				JOIN events e ON e.article = h.seq GROUP BY e.type ORDER BY 4 DESC, 2 LIMIT `+size+`)`)
	}
	if opts.Histogram != "" {
		parts = append(parts, `(SELECT 'd', a.day, '', count(*) FROM hits h JOIN articles a ON a.seq = h.seq
			WHERE a.day IS NOT NULL GROUP BY a.day)`)
	}
	q := number(`WITH `+strings.Replace(cte, "hits AS (", "hits AS MATERIALIZED (", 1)+` `, 1) +
		strings.Join(parts, " UNION ALL ")
	args := cargs
	if opts.Size > 0 {
		args = append(append([]any{}, cargs...), opts.Size)
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return backend.ScanFacets(rows, opts, f)
}
