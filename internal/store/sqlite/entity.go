package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// Entities returns the most mentioned entities.
func (s *Store) Entities(ctx context.Context, opts store.EntityOptions) ([]store.EntityCount, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var w backend.Where
	if opts.Type != "" {
		w.Add("type = ?", opts.Type)
	}
	w.DayWindow("day", opts.From, opts.To)
	out, err := queryAll(ctx, s.db, backend.ScanEntityCounts,
		`SELECT entity, max(name), max(type), count(*), count(DISTINCT article)
		FROM mentions`+w.String()+` GROUP BY entity ORDER BY 4 DESC, 5 DESC, 1 LIMIT ?`,
		append(w.Args, store.ClampLimit(opts.Limit))...)
	if err != nil {
		return nil, fmt.Errorf("entities: %w", err)
	}
	return out, nil
}

// Entity returns the profile of one entity.
func (s *Store) Entity(ctx context.Context, id string) (store.EntityProfile, error) {
	p := backend.NewProfile()
	if err := s.check(); err != nil {
		return p, err
	}
	p.ID = id
	var name, typ, first, last *string
	err := s.db.QueryRowContext(ctx, `SELECT max(name), max(type), count(*), count(DISTINCT article), min(day), max(day)
		FROM mentions WHERE entity = ?`, id).Scan(&name, &typ, &p.Mentions, &p.Articles, &first, &last)
	if err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	p.Name, p.Type, p.First, p.Last = backend.Deref(name), backend.Deref(typ), backend.Deref(first), backend.Deref(last)
	if p.Surfaces, err = s.values(ctx, `SELECT surface, '', count(*) FROM mentions WHERE entity = ?
		GROUP BY surface ORDER BY 3 DESC, 1 LIMIT 20`, id); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	days, err := s.values(ctx, `SELECT day, '', count(*) FROM mentions WHERE entity = ? AND day IS NOT NULL
		GROUP BY day ORDER BY day`, id)
	if err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	backend.SetDays(&p, days)
	if p.AsActor, err = s.values(ctx, `SELECT e.type, e.quad, count(*) FROM event_parties p
		JOIN events e ON e.article = p.article AND e.idx = p.idx WHERE p.entity = ? AND p.role = 'actor'
		GROUP BY e.type ORDER BY 3 DESC, 1`, id); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if p.AsRecipient, err = s.values(ctx, `SELECT e.type, e.quad, count(*) FROM event_parties p
		JOIN events e ON e.article = p.article AND e.idx = p.idx WHERE p.entity = ? AND p.role = 'recipient'
		GROUP BY e.type ORDER BY 3 DESC, 1`, id); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if p.Partners, err = s.values(ctx, `SELECT o.entity, max(o.name), count(*) FROM event_parties p
		JOIN event_parties o ON o.article = p.article AND o.idx = p.idx AND o.role <> p.role
		WHERE p.entity = ? AND o.entity <> p.entity GROUP BY o.entity ORDER BY 3 DESC, 1 LIMIT 20`, id); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM quotes WHERE speaker = ?`, id).Scan(&p.QuoteCount); err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	p.Quotes, err = queryAll(ctx, s.db, backend.ScanQuotes, `SELECT a.id, a.source, a.published, q.data FROM quotes q
		JOIN articles a ON a.seq = q.article WHERE q.speaker = ?
		ORDER BY a.published_unix DESC NULLS LAST, q.article DESC, q.idx LIMIT 20`, id)
	if err != nil {
		return p, fmt.Errorf("entity %s: %w", id, err)
	}
	if err := backend.ProfileFound(p); err != nil {
		return p, err
	}
	if p.Name == "" {
		p.Name = s.partyName(ctx, id)
	}
	return p, nil
}

func (s *Store) partyName(ctx context.Context, id string) string {
	var n *string
	_ = s.db.QueryRowContext(ctx, `SELECT max(name) FROM event_parties WHERE entity = ?`, id).Scan(&n)
	return backend.Deref(n)
}

// values runs a query returning (value, label, count) rows.
func (s *Store) values(ctx context.Context, query string, args ...any) ([]store.FacetValue, error) {
	return queryAll(ctx, s.db, backend.ScanValues, query, args...)
}

// eventWhere builds the conditions of an EventFilter over events e.
func eventWhere(f store.EventFilter) (backend.Where, error) {
	var w backend.Where
	if err := backend.CheckEventFilter(f); err != nil {
		return w, err
	}
	if f.Type != "" {
		w.Add("e.type = ?", strings.ToUpper(f.Type))
	}
	if f.Key != "" {
		w.Add("e.key = ?", f.Key)
	}
	if f.Entity != "" {
		if f.Role != "" {
			w.Add("EXISTS (SELECT 1 FROM event_parties p WHERE p.article = e.article AND p.idx = e.idx AND p.entity = ? AND p.role = ?)", f.Entity, f.Role)
		} else {
			w.Add("EXISTS (SELECT 1 FROM event_parties p WHERE p.article = e.article AND p.idx = e.idx AND p.entity = ?)", f.Entity)
		}
	}
	w.DayWindow("e.day", f.From, f.To)
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
	out, err := queryAll(ctx, s.db, backend.ScanEvents,
		`SELECT a.id, e.idx, a.source, a.published, e.day, e.quad, e.data
		FROM events e JOIN articles a ON a.seq = e.article`+w.String()+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(w.Args, store.ClampLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return out, nil
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
	w.Add("e.key <> ''")
	rows, err := s.db.QueryContext(ctx, `SELECT e.key, max(e.type), max(e.quad), min(e.day), count(*),
		count(DISTINCT a.source), group_concat(DISTINCT a.id), max(e.data)
		FROM events e JOIN articles a ON a.seq = e.article`+w.String()+`
		GROUP BY e.key ORDER BY 5 DESC, 6 DESC, 1 LIMIT ? OFFSET ?`,
		append(w.Args, store.ClampLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("event clusters: %w", err)
	}
	defer rows.Close()
	out := []store.EventCluster{}
	for rows.Next() {
		var c store.EventCluster
		var day *string
		var ids string
		var data []byte
		if err := rows.Scan(&c.Key, &c.Type, &c.Quad, &day, &c.Mentions, &c.Sources, &ids, &data); err != nil {
			return nil, fmt.Errorf("event clusters: %w", err)
		}
		c.Articles = strings.Split(ids, ",")
		if err := backend.FinishCluster(&c, day, data); err != nil {
			return nil, fmt.Errorf("event clusters: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Timeline returns the events of an entity, oldest first.
func (s *Store) Timeline(ctx context.Context, entity string, from, to time.Time) ([]store.EventRecord, error) {
	f, err := backend.TimelineFilter(entity, from, to)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return s.Events(ctx, f)
}

// Graph returns actor→recipient edges.
func (s *Store) Graph(ctx context.Context, opts store.GraphOptions) ([]store.Edge, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var w backend.Where
	if opts.Type != "" {
		w.Add("e.type = ?", strings.ToUpper(opts.Type))
	}
	w.DayWindow("e.day", opts.From, opts.To)
	rows, err := s.db.QueryContext(ctx, `SELECT pa.entity, max(pa.name), pr.entity, max(pr.name),
		count(*), count(DISTINCT e.article), avg(e.goldstein),
		sum(e.quad = ?), sum(e.quad = ?), sum(e.quad = ?), sum(e.quad = ?)
		FROM events e
		JOIN event_parties pa ON pa.article = e.article AND pa.idx = e.idx AND pa.role = 'actor'
		JOIN event_parties pr ON pr.article = e.article AND pr.idx = e.idx AND pr.role = 'recipient'`+w.String()+`
		GROUP BY pa.entity, pr.entity`, append(backend.QuadArgs(), w.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	defer rows.Close()
	out, err := backend.ScanEdges(rows, opts.Limit)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	return out, nil
}
