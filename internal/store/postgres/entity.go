package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// Entities returns the most mentioned entities.
func (s *Store) Entities(ctx context.Context, opts store.EntityOptions) ([]store.EntityCount, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var w where
	if opts.Type != "" {
		w.add("type = ?", clean(opts.Type))
	}
	w.dayWindow("day", opts.From, opts.To)
	rows, err := s.pool.Query(ctx, number(`SELECT entity, max(name), max(type), count(*), count(DISTINCT article)
		FROM mentions`+w.String()+` GROUP BY entity ORDER BY 4 DESC, 5 DESC, 1 LIMIT ?`, 1),
		append(w.args, store.ClampLimit(opts.Limit))...)
	if err != nil {
		return nil, fmt.Errorf("entities: %w", err)
	}
	defer rows.Close()
	out := []store.EntityCount{}
	for rows.Next() {
		var e store.EntityCount
		if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Mentions, &e.Articles); err != nil {
			return nil, fmt.Errorf("entities: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Entity returns the profile of one entity.
func (s *Store) Entity(ctx context.Context, id string) (store.EntityProfile, error) {
	p := store.EntityProfile{Surfaces: []store.FacetValue{}, ByDay: []search.DayCount{}, ByMonth: []search.Bucket{},
		AsActor: []store.FacetValue{}, AsRecipient: []store.FacetValue{}, Partners: []store.FacetValue{},
		Quotes: []store.QuoteRecord{}}
	if err := s.check(); err != nil {
		return p, err
	}
	p.ID = id
	key := clean(id)
	var name, typ, first, last *string
	err := s.pool.QueryRow(ctx, `SELECT max(name), max(type), count(*), count(DISTINCT article), min(day), max(day)
		FROM mentions WHERE entity = $1`, key).Scan(&name, &typ, &p.Mentions, &p.Articles, &first, &last)
	if err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	p.Name, p.Type, p.First, p.Last = deref(name), deref(typ), deref(first), deref(last)
	if p.Surfaces, err = s.values(ctx, `SELECT surface, '', count(*) FROM mentions WHERE entity = $1
		GROUP BY surface ORDER BY 3 DESC, 1 LIMIT 20`, key); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	days, err := s.values(ctx, `SELECT day, '', count(*) FROM mentions WHERE entity = $1 AND day IS NOT NULL
		GROUP BY day ORDER BY day`, key)
	if err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	for _, d := range days {
		p.ByDay = append(p.ByDay, search.DayCount{Day: d.Value, Count: d.Count})
	}
	p.ByMonth = search.Histogram(p.ByDay, search.Month, search.Gregorian)
	if p.AsActor, err = s.values(ctx, `SELECT e.type, max(e.quad), count(*) FROM event_parties p
		JOIN events e ON e.article = p.article AND e.idx = p.idx WHERE p.entity = $1 AND p.role = 'actor'
		GROUP BY e.type ORDER BY 3 DESC, 1`, key); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if p.AsRecipient, err = s.values(ctx, `SELECT e.type, max(e.quad), count(*) FROM event_parties p
		JOIN events e ON e.article = p.article AND e.idx = p.idx WHERE p.entity = $1 AND p.role = 'recipient'
		GROUP BY e.type ORDER BY 3 DESC, 1`, key); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if p.Partners, err = s.values(ctx, `SELECT o.entity, max(o.name), count(*) FROM event_parties p
		JOIN event_parties o ON o.article = p.article AND o.idx = p.idx AND o.role <> p.role
		WHERE p.entity = $1 AND o.entity <> p.entity GROUP BY o.entity ORDER BY 3 DESC, 1 LIMIT 20`, key); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM quotes WHERE speaker = $1`, key).Scan(&p.QuoteCount); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.source, a.published, q.data FROM quotes q
		JOIN articles a ON a.seq = q.article WHERE q.speaker = $1
		ORDER BY a.published_unix DESC NULLS LAST, q.article DESC, q.idx LIMIT 20`, key)
	if err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var q store.QuoteRecord
		var data []byte
		if err := rows.Scan(&q.ArticleID, &q.Source, &q.Published, &data); err != nil {
			return p, fmt.Errorf("entity %s: %w", id, err)
		}
		if err := json.Unmarshal(data, &q.Quote); err != nil {
			return p, fmt.Errorf("entity %s: decode quote: %w", id, err)
		}
		p.Quotes = append(p.Quotes, q)
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	if p.Mentions == 0 && p.QuoteCount == 0 && len(p.AsActor) == 0 && len(p.AsRecipient) == 0 {
		return p, fmt.Errorf("entity %q: %w", id, store.ErrNotFound)
	}
	if p.Name == "" {
		p.Name = s.partyName(ctx, key)
	}
	return p, nil
}

func (s *Store) partyName(ctx context.Context, id string) string {
	var n *string
	_ = s.pool.QueryRow(ctx, `SELECT max(name) FROM event_parties WHERE entity = $1`, id).Scan(&n)
	return deref(n)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// values runs a query returning (value, label, count) rows.
func (s *Store) values(ctx context.Context, query string, args ...any) ([]store.FacetValue, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.FacetValue{}
	for rows.Next() {
		var v store.FacetValue
		var label *string
		if err := rows.Scan(&v.Value, &label, &v.Count); err != nil {
			return nil, err
		}
		v.Label = deref(label)
		out = append(out, v)
	}
	return out, rows.Err()
}

// eventWhere builds the conditions of an EventFilter over events e.
func eventWhere(f store.EventFilter) (where, error) {
	var w where
	if f.Role != "" && f.Role != store.RoleActor && f.Role != store.RoleRecipient {
		return w, fmt.Errorf("%w: role %q: want actor or recipient", store.ErrInvalid, f.Role)
	}
	if f.Offset < 0 {
		return w, fmt.Errorf("%w: negative offset", store.ErrInvalid)
	}
	if f.Type != "" {
		w.add("e.type = ?", clean(strings.ToUpper(f.Type)))
	}
	if f.Key != "" {
		w.add("e.key = ?", clean(f.Key))
	}
	if f.Entity != "" {
		if f.Role != "" {
			w.add("EXISTS (SELECT 1 FROM event_parties p WHERE p.article = e.article AND p.idx = e.idx AND p.entity = ? AND p.role = ?)", clean(f.Entity), f.Role)
		} else {
			w.add("EXISTS (SELECT 1 FROM event_parties p WHERE p.article = e.article AND p.idx = e.idx AND p.entity = ?)", clean(f.Entity))
		}
	}
	w.dayWindow("e.day", f.From, f.To)
	return w, nil
}

// Events returns events matching the filter.
func (s *Store) Events(ctx context.Context, f store.EventFilter) ([]store.EventRecord, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	w, err := eventWhere(f)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	order := "e.day DESC NULLS LAST, a.published_unix DESC NULLS LAST, e.article DESC, e.idx"
	if f.OldestFirst {
		order = "e.day NULLS LAST, a.published_unix NULLS LAST, e.article, e.idx"
	}
	rows, err := s.pool.Query(ctx, number(`SELECT a.id, e.idx, a.source, a.published, e.day, e.quad, e.data
		FROM events e JOIN articles a ON a.seq = e.article`+w.String()+` ORDER BY `+order+` LIMIT ? OFFSET ?`, 1),
		append(w.args, store.ClampLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	out := []store.EventRecord{}
	for rows.Next() {
		var e store.EventRecord
		var day *string
		var data []byte
		if err := rows.Scan(&e.ArticleID, &e.Index, &e.Source, &e.Published, &day, &e.Quad, &data); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.Day = deref(day)
		if err := json.Unmarshal(data, &e.Event); err != nil {
			return nil, fmt.Errorf("events: decode: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EventClusters groups events by Event.Key.
func (s *Store) EventClusters(ctx context.Context, f store.EventFilter) ([]store.EventCluster, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	w, err := eventWhere(f)
	if err != nil {
		return nil, fmt.Errorf("event clusters: %w", err)
	}
	w.add("e.key <> ''")
	rows, err := s.pool.Query(ctx, number(`SELECT e.key, max(e.type), max(e.quad), min(e.day), count(*),
		count(DISTINCT a.source), array_agg(DISTINCT a.id), (array_agg(e.data ORDER BY e.data DESC))[1]
		FROM events e JOIN articles a ON a.seq = e.article`+w.String()+`
		GROUP BY e.key ORDER BY 5 DESC, 6 DESC, 1 LIMIT ? OFFSET ?`, 1),
		append(w.args, store.ClampLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("event clusters: %w", err)
	}
	defer rows.Close()
	out := []store.EventCluster{}
	for rows.Next() {
		var c store.EventCluster
		var day *string
		var data []byte
		if err := rows.Scan(&c.Key, &c.Type, &c.Quad, &day, &c.Mentions, &c.Sources, &c.Articles, &data); err != nil {
			return nil, fmt.Errorf("event clusters: %w", err)
		}
		c.Day = deref(day)
		sort.Strings(c.Articles)
		var ev struct {
			Actors     []string `json:"actors"`
			Recipients []string `json:"recipients"`
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			return nil, fmt.Errorf("event clusters: decode: %w", err)
		}
		c.Actors, c.Recipients = nonNil(ev.Actors), nonNil(ev.Recipients)
		out = append(out, c)
	}
	return out, rows.Err()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Timeline returns the events of an entity, oldest first.
func (s *Store) Timeline(ctx context.Context, entity string, from, to time.Time) ([]store.EventRecord, error) {
	if entity == "" {
		return nil, fmt.Errorf("timeline: %w: no entity", store.ErrInvalid)
	}
	return s.Events(ctx, store.EventFilter{Entity: entity, From: from, To: to, Limit: store.MaxLimit, OldestFirst: true})
}

// Graph returns actor→recipient edges.
func (s *Store) Graph(ctx context.Context, opts store.GraphOptions) ([]store.Edge, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	w := where{args: quadArgs()}
	if opts.Type != "" {
		w.add("e.type = ?", clean(strings.ToUpper(opts.Type)))
	}
	w.dayWindow("e.day", opts.From, opts.To)
	limit := opts.Limit
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.pool.Query(ctx, number(`SELECT pa.entity, max(pa.name), pr.entity, max(pr.name),
		count(*), count(DISTINCT e.article), avg(e.goldstein),
		count(*) FILTER (WHERE e.quad = ?), count(*) FILTER (WHERE e.quad = ?),
		count(*) FILTER (WHERE e.quad = ?), count(*) FILTER (WHERE e.quad = ?)
		FROM events e
		JOIN event_parties pa ON pa.article = e.article AND pa.idx = e.idx AND pa.role = 'actor'
		JOIN event_parties pr ON pr.article = e.article AND pr.idx = e.idx AND pr.role = 'recipient'`+w.String()+`
		GROUP BY pa.entity, pr.entity`, 1), w.args...)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	defer rows.Close()
	out := []store.Edge{}
	for rows.Next() {
		e := store.Edge{Quads: map[string]int{}}
		var qn [4]int
		if err := rows.Scan(&e.Actor, &e.ActorName, &e.Recipient, &e.RecipientName, &e.Count, &e.Articles,
			&e.Goldstein, &qn[0], &qn[1], &qn[2], &qn[3]); err != nil {
			return nil, fmt.Errorf("graph: %w", err)
		}
		best := 0
		for i, q := range quads {
			if qn[i] > 0 {
				e.Quads[q] = qn[i]
			}
			if qn[i] > best {
				e.Quad, best = q, qn[i]
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if out[i].Actor != out[j].Actor {
			return out[i].Actor < out[j].Actor
		}
		return out[i].Recipient < out[j].Recipient
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// quads are the PLOVER quad classes in the order Graph counts them.
var quads = [4]string{search.VerbalCooperation, search.MaterialCooperation, search.VerbalConflict, search.MaterialConflict}

func quadArgs() []any { return []any{quads[0], quads[1], quads[2], quads[3]} }
