package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// BM25 column weights: title, body, extra (compound parts and pair keys); the meta column (filter tokens) weighs
// 0.
const (
	weightTitle = 10.0
	weightBody  = 1.0
	weightExtra = 0.5
)

// isWord reports whether key occurs in the title or body column, that is as a whole word (not only as a compound
// part or pair key in the extra column).
func (s *Store) isWord(ctx context.Context) search.WordLookup {
	return func(key string) (bool, error) {
		var one int
		// A MATCH with LIMIT 1 stops at the first document; fts5vocab would read the term's whole doclist.
		err := s.db.QueryRowContext(ctx, `SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1`, "{title body} : "+ftsString(key)).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
}

// ftsString quotes keys (space-separated) as an FTS5 string, encoded as at indexing.
func ftsString(keys string) string {
	ks := strings.Fields(keys)
	for i, k := range ks {
		ks[i] = ftsToken(k)
	}
	return `"` + strings.ReplaceAll(strings.Join(ks, " "), `"`, `""`) + `"`
}

// metaAny returns the FTS5 expression matching an article whose meta column holds any of the tokens.
func metaAny(toks []string) string {
	return "meta : (" + strings.Join(toks, " OR ") + ")"
}

// ftsExpr compiles a text node to an FTS5 query expression. A node FTS5 cannot express (an And of exclusions
// only, or a key that is empty) is an error wrapping ErrInvalid.
func ftsExpr(n search.Node) (string, error) {
	return backend.CompileText(n, backend.BoolSyntax{And: " AND ", Or: " OR ", AndNot: " NOT "}, ftsLeaf)
}

// ftsLeaf compiles a Term or Phrase: a Term matches its key in any column, a Phrase its keys as adjacent title or
// body words, or its pair key, or its joined or split variants.
func ftsLeaf(n search.Node) (string, error) {
	switch n := n.(type) {
	case *search.Term:
		if n.Key == "" {
			return "", fmt.Errorf("%w: word %q has no searchable letters", store.ErrInvalid, n.Word)
		}
		if n.Prefix { // kept off the meta column, whose tokens a short prefix could reach
			return "{title body extra} : " + ftsString(n.Key) + "*", nil
		}
		return ftsString(n.Key), nil
	case *search.Phrase:
		alts := []string{"{title body} : " + ftsString(strings.Join(n.Keys, " "))}
		if k := n.PairKey(); k != "" {
			alts = append(alts, ftsString(k))
		}
		if len(n.Joined) == 1 {
			alts = append(alts, ftsString(n.Joined[0]))
		} else if len(n.Joined) > 1 {
			alts = append(alts, "{title body} : "+ftsString(strings.Join(n.Joined, " ")))
		}
		if len(n.Split) > 1 {
			alts = append(alts, "{title body} : "+ftsString(strings.Join(n.Split, " ")))
		}
		if len(alts) == 1 {
			return alts[0], nil
		}
		return "(" + strings.Join(alts, " OR ") + ")", nil
	}
	return "", fmt.Errorf("%w: unknown query node %T", store.ErrInvalid, n)
}

// compiled is a search as SQL: the rows that match (from and where, with their arguments) and how a match
// scores. hits builds the CTE "hits(seq, score, pub, r)" over them; r is the FTS rowid (publication order, see
// ftsRowid) when the rows come from the index, pub is the publication time (unix seconds) when
// the rows read it (pub true), else NULL. Without words to match (text false) the CTE reads article_meta alone.
type compiled struct {
	text      bool
	from      string // "fts", or fts joined to article_meta m
	where     []string
	whereArgs []any
	score     string // the score expression, 0.0 without words
	scoreArgs []any
	pub       bool
	filtered  bool // conditions beyond the text match
	// rank is the MATCH of the words alone when the query also has filter terms or exclusions (where[0] matches
	// them all): see rankApart.
	rank string
}

// hits returns the CTE of the matches, only those whose FTS rowid is at least floor when floor > 0 (the most
// recently published matches: rowids sort by publication). apart ranks the words apart from the filters (see
// rankApart).
func (c compiled) hits(floor int64, apart bool) (string, []any) {
	seq, pub, r := ftsSeq, "NULL", "fts.rowid"
	if !c.text {
		seq, r = "m.seq", "NULL"
	}
	if c.pub {
		pub = "m.published_unix"
	}
	where, args := c.ranged(floor)
	if apart {
		// The words are matched and scored; the rows the whole query matches are a set they must be in (the
		// + keeps SQLite from handing the IN to FTS5 as one lookup per rowid, each scanning for bm25 again).
		rest, restArgs := where[1:], args[1:]
		where = append([]string{"fts MATCH ?"}, rest...)
		where = append(where, "+fts.rowid IN (SELECT fts.rowid FROM fts"+whereSQL(c.where[:1:1])+andSQL(rest)+")")
		args = append(append(append([]any{c.rank}, restArgs...), args[0]), restArgs...)
	}
	return `hits AS (SELECT ` + seq + ` AS seq, ` + c.score + ` AS score, ` + pub + ` AS pub, ` + r + ` AS r FROM ` + c.from +
		whereSQL(where) + `)`, append(append([]any{}, c.scoreArgs...), args...)
}

// ranged returns the conditions of the matches and their arguments, only those whose FTS rowid is at least floor
// when floor > 0.
func (c compiled) ranged(floor int64) ([]string, []any) {
	where, args := c.where, c.whereArgs
	if floor > 0 {
		where = append(where[:len(where):len(where)], "fts.rowid >= ?")
		args = append(args[:len(args):len(args)], floor)
	}
	return where, args
}

// andSQL returns conds as further AND terms of a WHERE clause.
func andSQL(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(conds, " AND ")
}

// RankApartMax bounds ranking apart: a query with filter terms ranks its words alone when they match at most
// this many articles within the rows it ranks (see Store.rankApart).
const RankApartMax = 25000

// rankApart reports whether the words of c are to be ranked apart from its filters, over the rows with FTS
// rowid floor or more. bm25() scans the whole doclist of every phrase of the MATCH once for its inverse document
// frequency, filter tokens included, though their weight is 0: a filter on a common entity or source is a scan
// of hundreds of thousands of rows. Matching and scoring the words alone, restricted to the rows the whole query
// matches, gives the same scores (a filter phrase adds 0 to every score) without those scans, but reads every
// match of the words in the range, so it is chosen when those are at most RankApartMax (counted without
// scoring, which stops there).
func (s *Store) rankApart(ctx context.Context, db querier, c compiled, floor int64) (bool, error) {
	if c.rank == "" || c.filtered || s.rankApartMax <= 0 {
		return false, nil
	}
	where, args := c.ranged(floor)
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ?`+andSQL(where[1:])+` LIMIT ?)`,
		append(append([]any{c.rank}, args[1:]...), s.rankApartMax+1)...).Scan(&n)
	return n <= s.rankApartMax, err
}

// count returns the statement that counts the matches without scoring them: scoring costs many times more than
// finding a match.
func (c compiled) count() (string, []any) {
	return `SELECT count(*) FROM ` + c.matchFrom() + whereSQL(c.where), c.whereArgs
}

// matchFrom is what finding the matches needs to read: the FTS index alone when no filter reads article_meta.
func (c compiled) matchFrom() string {
	if c.text && !c.filtered {
		return "fts"
	}
	return c.from
}

// newest returns the statement giving how many of the n most recently published matches there are and the
// FTS rowid of the oldest of them.
func (c compiled) newest(n int) (string, []any) {
	return `SELECT count(*), min(r) FROM (SELECT fts.rowid AS r FROM ` + c.matchFrom() + whereSQL(c.where) +
		` ORDER BY fts.rowid DESC LIMIT ?)`, append(append([]any{}, c.whereArgs...), n)
}

func whereSQL(conds []string) string { return (&backend.Where{Conds: conds}).String() }

func (s *Store) compile(ctx context.Context, req store.SearchRequest) (compiled, search.Node, error) {
	q := req.Query
	var c compiled
	var text search.Node
	if q.Text != nil {
		t, err := search.JoinCompounds(q.Text, search.LimitLookups(s.isWord(ctx), search.MaxLookups))
		if err != nil {
			return c, nil, fmt.Errorf("search: %w", err)
		}
		text = t
	}
	pos, neg := backend.SplitNegative(text)
	// Filters become terms of the FTS5 query on the meta column (see meta.go) where they can. What cannot be a
	// term stays a condition in SQL (w): a date range whose bounds are not whole days in Asia/Tehran, and every
	// exclusion when nothing positive is left to exclude from (FTS5's NOT needs a left side).
	must, mustNot := indexFilters(q)
	var w backend.Where
	var expr string
	if pos != nil {
		e, err := ftsExpr(pos)
		if err != nil {
			return c, text, err
		}
		must = append([]string{e}, must...)
	}
	// Dates: either range.
	rowRange, dateTerm, ok := dateFilter(q.Dates, len(must) > 0)
	switch {
	case !ok:
		w.Ranges("m.published_unix", q.Dates)
	case dateTerm != "":
		must = append(must, dateTerm)
	}
	if len(must) > 0 {
		expr = strings.Join(must, " AND ")
		for _, n := range neg {
			e, err := ftsExpr(n)
			if err != nil {
				return c, text, err
			}
			mustNot = append(mustNot, e)
		}
		for _, x := range mustNot {
			expr = "(" + expr + ") NOT " + x
		}
	} else {
		// Nothing to match in the index: exclusions only, read from article_meta.
		for _, n := range neg {
			e, err := ftsExpr(n)
			if err != nil {
				return c, text, err
			}
			w.Add("m.seq NOT IN (SELECT "+ftsSeq+" FROM fts WHERE fts MATCH ?)", e)
		}
		for _, x := range mustNot {
			w.Add("m.seq NOT IN (SELECT "+ftsSeq+" FROM fts WHERE fts MATCH ?)", x)
		}
		c.from, c.where, c.whereArgs, c.score, c.pub = "article_meta m", w.Conds, w.Args, "0.0", true
		return c, text, nil
	}
	c.text = true
	if pos != nil && expr != must[0] { // filter terms or exclusions beside the words
		c.rank = must[0]
	}
	now, half := backend.Recency(req)
	c.score = "0.0"
	if pos != nil {
		c.score = fmt.Sprintf("-bm25(fts, %g, %g, %g, 0.0)", weightTitle, weightBody, weightExtra)
	}
	if req.RecencyBoost > 0 && pos != nil { // the publication time is in the rowid: see ftsRowid
		c.score += " * (1.0 + ? * ? / (? + max(0.0, (? - " + ftsPub + ") / 86400.0)))"
		c.scoreArgs = []any{req.RecencyBoost, half, half, now.Unix()}
	}
	c.where, c.whereArgs = []string{"fts MATCH ?"}, []any{expr}
	if rowRange != nil {
		c.where, c.whereArgs = append(c.where, "fts.rowid >= ?", "fts.rowid < ?"), append(c.whereArgs, rowRange...)
	}
	c.where, c.whereArgs = append(c.where, w.Conds...), append(c.whereArgs, w.Args...)
	c.filtered = len(w.Conds) > 0
	if len(w.Conds) == 0 { // no condition outside the index: match, rank and sort from the index alone
		c.from = "fts"
		return c, text, nil
	}
	// The narrow article_meta row gives the columns of the conditions left in SQL; the article row is read only
	// for the page. CROSS JOIN keeps the match as the outer loop: the planner otherwise may walk a source and
	// date index and probe the FTS doclist of a common word once per article (370 ms instead of 30 at 100k).
	c.from, c.pub = "fts CROSS JOIN article_meta m ON m.seq = "+ftsSeq, true
	return c, text, nil
}

// indexFilters returns the source, type and entity filters of q as FTS5 expressions on the meta column: the
// groups an article must match (each matches when any of its tokens does) and the groups it must not.
func indexFilters(q *search.Query) (must, mustNot []string) {
	tok := func(kind string, fold func(string) string) func(string) string {
		return func(v string) string { return metaToken(kind, fold(v)) }
	}
	same := func(v string) string { return v }
	// Sources and types: either value; exclusions all apply.
	srcIn, srcOut := backend.SplitFilters(q.Sources, tok(metaSource, foldASCII))
	typIn, typOut := backend.SplitFilters(q.Types, tok(metaType, same))
	for _, g := range [][]string{srcIn, typIn} {
		if len(g) > 0 {
			must = append(must, metaAny(g))
		}
	}
	for _, g := range [][]string{srcOut, typOut} {
		if len(g) > 0 {
			mustNot = append(mustNot, metaAny(g))
		}
	}
	// Entities: every filter must match; each matches by resolved ID, entity key, canonical name or surface.
	for _, e := range q.Entities {
		toks := []string{metaToken(metaEntity, e.Value)}
		for _, id := range e.IDs {
			toks = append(toks, metaToken(metaEntity, id))
		}
		toks = append(toks, metaToken(metaName, foldASCII(e.Value)), metaToken(metaSurface, surfaceKeys(e.Value)))
		if e.Negated {
			mustNot = append(mustNot, metaAny(toks))
		} else {
			must = append(must, metaAny(toks))
		}
	}
	return must, mustNot
}

// dateFilter places date ranges (an article matches when it falls in any). One range beside something to match
// (matching) is a range of FTS rowids, which hold the publication time (see ftsRowid): FTS5 seeks to it, and it
// adds no term for bm25 to weigh; rowRange is then {lo, hi}, for rowid >= lo AND rowid < hi. Otherwise whole
// days in Asia/Tehran are day, month and year tokens (term, for the MATCH). ok is false when neither can say
// it: the ranges must be a condition on the publication column.
func dateFilter(ds []search.DateRange, matching bool) (rowRange []any, term string, ok bool) {
	if len(ds) == 0 {
		return nil, "", true
	}
	if len(ds) == 1 && matching && ds[0].From.Unix() >= 0 {
		lo, _ := ftsRowid(ds[0].From.Unix(), 1)
		hi, _ := ftsRowid(ds[0].To.Unix(), 1)
		return []any{lo - 1, hi - 1}, "", true // the instants [From, To): seq bits 0 up to the next second's
	}
	var toks []string
	for _, d := range ds {
		t, whole := dateTokens(d.From, d.To)
		if !whole {
			return nil, "", false
		}
		toks = append(toks, t...)
	}
	if len(toks) == 0 { // empty ranges
		return nil, "", false
	}
	return nil, metaAny(toks), true
}

// ordering is the order of a result list over "hits h": key is the first sort key (selected as k), by the ORDER
// BY over hits, outer the same order over the selected columns (k, seq).
type ordering struct{ key, by, outer string }

// order returns the FROM clause (hits h, joined to article_meta m when the hits lack the publication) and the
// ordering of the results: by score, or by publication (unknown last), newest first; seq breaks ties. Matches
// from the index are in publication order already: their rowids.
func (c compiled) order(byDate bool) (string, ordering) {
	if !byDate {
		return "hits h", ordering{"h.score", "h.score DESC, h.seq DESC", "h.k DESC, h.seq DESC"}
	}
	if c.text {
		return "hits h", ordering{"h.r", "h.r DESC", "h.k DESC"}
	}
	if c.pub {
		return "hits h", ordering{"h.pub", "h.pub DESC NULLS LAST, h.seq DESC", "h.k DESC NULLS LAST, h.seq DESC"}
	}
	return "hits h JOIN article_meta m ON m.seq = h.seq",
		ordering{"m.published_unix", "m.published_unix DESC NULLS LAST, h.seq DESC", "h.k DESC NULLS LAST, h.seq DESC"}
}

// RankWindow bounds relevance ranking: a query with more matches ranks only its RankWindow most recently
// published matches, and Results.Ranked says so. Scoring a match costs about twenty times more than finding
// it, so ranking every match of a common word would cost a second at a million articles. Counting stops at the
// window too (Results.TotalAtLeast) unless the request asks for the exact total; sort:date, date: and other
// filters reach every match.
const RankWindow = 5000

// Search runs a parsed query.
func (s *Store) Search(ctx context.Context, req store.SearchRequest) (store.Results, error) {
	res := store.Results{Hits: []store.Hit{}}
	if err := s.check(); err != nil {
		return res, err
	}
	if err := backend.CheckSearch(req); err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	c, text, err := s.compile(ctx, req)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	if text != nil {
		res.Executed = text.String()
	}
	byDate := backend.SortOf(req) == search.ByDate || text == nil
	var db querier = s.db
	from, order := c.order(byDate)
	m := search.NewMatcher(text)
	limit := store.ClampLimit(req.Limit)
	faceted := req.Facets.Size > 0 || req.Facets.Histogram != ""
	var floor int64
	win := s.rankWindow
	// overTotal: the total comes with the page, as a window count over all matches. That is cheapest when
	// matching costs little next to ranking (no words), or when filters make matching the dominant cost: they
	// would run once for the count, once for the window and once for the page.
	overTotal := !c.text || c.filtered
	if !overTotal {
		// The newest matches, found without scoring: win+1 of them say whether there are more than the window.
		// Within it their number is the total; beyond it a relevance ranking keeps to the window, whose pages end
		// there, and the total is counted only on request (ExactTotal).
		newestSQL, newestArgs := c.newest(win + 1)
		var oldest sql.NullInt64
		if err := db.QueryRowContext(ctx, newestSQL, newestArgs...).Scan(&res.Total, &oldest); err != nil {
			return res, fmt.Errorf("search: %w", queryErr(err))
		}
		if res.Total == 0 {
			return res, nil
		}
		if res.Total > win {
			res.Total, res.TotalAtLeast = win, true
			if req.ExactTotal {
				countSQL, countArgs := c.count()
				if err := db.QueryRowContext(ctx, countSQL, countArgs...).Scan(&res.Total); err != nil {
					return res, fmt.Errorf("search: %w", queryErr(err))
				}
				res.TotalAtLeast = false
			}
			if !byDate {
				// The window is the win newest matches: every rowid above the (win+1)-th.
				res.Ranked, floor = win, oldest.Int64+1
				if req.Offset >= win {
					return res, nil
				}
				limit = min(limit, win-req.Offset)
			}
		}
	}
	apart, err := s.rankApart(ctx, db, c, floor)
	if err != nil {
		return res, fmt.Errorf("search: %w", queryErr(err))
	}
	cte, args := c.hits(floor, apart)
	over, overOuter := ", 0", ", 0"
	if overTotal {
		over, overOuter = ", count(*) OVER ()", ", h.total"
	}
	var total int
	dest := func(d ...any) []any { return append(d, &total) }
	if faceted {
		// The best hits (the page and the facet sample), then the page's article rows and the facets over the
		// sample, both by seq.
		n := max(FacetSample, req.Offset+limit)
		rows, err := db.QueryContext(ctx, `WITH `+cte+` SELECT h.seq, h.score`+over+` FROM `+from+`
			ORDER BY `+order.by+` LIMIT ?`, append(args, n)...)
		if err != nil {
			return res, fmt.Errorf("search: %w", queryErr(err))
		}
		var seqs []int64
		var scores []float64
		for rows.Next() {
			var seq int64
			var score float64
			if err := rows.Scan(dest(&seq, &score)...); err != nil {
				rows.Close()
				return res, fmt.Errorf("search: %w", err)
			}
			seqs, scores = append(seqs, seq), append(scores, score)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, fmt.Errorf("search: %w", queryErr(err))
		}
		if overTotal {
			res.Total = total
		}
		if req.Offset < len(seqs) {
			end := min(len(seqs), req.Offset+limit)
			if res.Hits, err = hitsBySeq(ctx, db, seqs[req.Offset:end], scores[req.Offset:end], m, req.SnippetRunes); err != nil {
				return res, fmt.Errorf("search: %w", err)
			}
		}
		if len(seqs) > FacetSample {
			seqs = seqs[:FacetSample]
		}
		if res.Total > len(seqs) {
			res.Facets.Sample = len(seqs)
		}
		if err := facets(ctx, db, seqs, req.Facets, &res.Facets); err != nil {
			return res, fmt.Errorf("search: facets: %w", queryErr(err))
		}
		return res, nil
	}
	// The page is cut before the join, so only its rows are read from the articles table.
	page := `WITH ` + cte + `
		SELECT a.id, a.title, a.source, a.url, a.published, h.score, a.text` + overOuter + `
		FROM (SELECT h.seq AS seq, h.score AS score, ` + order.key + ` AS k` + over + ` AS total FROM ` + from + `
		      ORDER BY ` + order.by + ` LIMIT ? OFFSET ?) h
		JOIN articles a ON a.seq = h.seq ORDER BY ` + order.outer
	rows, err := db.QueryContext(ctx, page, append(args, limit, req.Offset)...)
	if err != nil {
		return res, fmt.Errorf("search: %w", queryErr(err))
	}
	for rows.Next() {
		var h store.Hit
		var body sql.NullString
		if err := rows.Scan(dest(&h.ID, &h.Title, &h.Source, &h.URL, &h.Published, &h.Score, &body)...); err != nil {
			rows.Close()
			return res, fmt.Errorf("search: %w", err)
		}
		res.Hits = append(res.Hits, backend.Highlight(h, body.String, m, req.SnippetRunes))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("search: %w", queryErr(err))
	}
	if overTotal {
		res.Total = total
		if len(res.Hits) == 0 && req.Offset > 0 { // past the last page: count separately
			countSQL, countArgs := c.count()
			if err := db.QueryRowContext(ctx, countSQL, countArgs...).Scan(&res.Total); err != nil {
				return res, fmt.Errorf("search: %w", queryErr(err))
			}
		}
	}
	return res, nil
}

// seqList encodes article seqs as a JSON array, read in SQL through json_each.
func seqList(seqs []int64) string {
	b := make([]byte, 0, 8*len(seqs)+2)
	b = append(b, '[')
	for i, s := range seqs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, s, 10)
	}
	return string(append(b, ']'))
}

// hitsBySeq reads the articles of a page, in the order of seqs, with their scores.
func hitsBySeq(ctx context.Context, db querier, seqs []int64, scores []float64, m *search.Matcher, snippetRunes int) ([]store.Hit, error) {
	rows, err := db.QueryContext(ctx, `SELECT a.seq, a.id, a.title, a.source, a.url, a.published, a.text
		FROM articles a WHERE a.seq IN (SELECT value FROM json_each(?))`, seqList(seqs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type row struct {
		h    store.Hit
		body string
	}
	bySeq := make(map[int64]row, len(seqs))
	for rows.Next() {
		var seq int64
		var r row
		if err := rows.Scan(&seq, &r.h.ID, &r.h.Title, &r.h.Source, &r.h.URL, &r.h.Published, &r.body); err != nil {
			return nil, err
		}
		bySeq[seq] = r
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hits := make([]store.Hit, 0, len(seqs))
	for i, seq := range seqs {
		r, ok := bySeq[seq]
		if !ok { // removed since the match: skip
			continue
		}
		r.h.Score = scores[i]
		hits = append(hits, backend.Highlight(r.h, r.body, m, snippetRunes))
	}
	return hits, nil
}

// queryErr turns an FTS5 syntax error (which a well-formed AST should never produce) into ErrInvalid so that
// callers never show a raw SQL error as a server failure.
func queryErr(err error) error {
	if err != nil && strings.Contains(err.Error(), "fts5") {
		return fmt.Errorf("%w: %v", store.ErrInvalid, err)
	}
	return err
}

// querier is what *sql.DB and *sql.Conn share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// FacetSample is the number of top matches (in result order) that facets are counted over: a query with more
// matches gets facets of its best FacetSample matches, and Facets.Sample says so. Counting every match of a
// common word costs a read of every match's annotations, which is seconds at a million articles.
const FacetSample = 2000

// facets computes every requested facet in one statement over the articles top (the best hits, in result
// order, at most FacetSample).
func facets(ctx context.Context, db querier, top []int64, opts store.FacetOptions, f *store.Facets) error {
	var arms []string
	var args []any
	if opts.Size > 0 {
		arms = append(arms,
			`SELECT * FROM (SELECT 's', m.source, '', count(*) FROM top t JOIN article_meta m ON m.seq = t.seq
				WHERE m.source <> '' GROUP BY m.source ORDER BY 4 DESC, 2 LIMIT ?)`,
			`SELECT * FROM (SELECT 'e', m.entity, max(m.name), count(DISTINCT m.article) FROM top t
				JOIN mentions m ON m.article = t.seq GROUP BY m.entity ORDER BY 4 DESC, 2 LIMIT ?)`,
			`SELECT * FROM (SELECT 't', e.type, '', count(DISTINCT e.article) FROM top t
				JOIN events e ON e.article = t.seq GROUP BY e.type ORDER BY 4 DESC, 2 LIMIT ?)`)
		args = append(args, opts.Size, opts.Size, opts.Size)
	}
	if opts.Histogram != "" {
		arms = append(arms, `SELECT 'd', m.day, '', count(*) FROM top t JOIN article_meta m ON m.seq = t.seq
			WHERE m.day IS NOT NULL GROUP BY m.day`)
	}
	if len(arms) == 0 {
		return nil
	}
	q := `WITH top AS MATERIALIZED (SELECT DISTINCT value AS seq FROM json_each(?))`
	qargs := []any{seqList(top)}
	rows, err := db.QueryContext(ctx, q+` `+strings.Join(arms, " UNION ALL "), append(qargs, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return backend.ScanFacets(rows, opts, f)
}
