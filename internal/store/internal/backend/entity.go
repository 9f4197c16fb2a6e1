package backend

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// ScanEntityCounts reads (entity, name, type, mentions, articles) rows.
func ScanEntityCounts(rows Rows) ([]store.EntityCount, error) {
	out := []store.EntityCount{}
	for rows.Next() {
		var e store.EntityCount
		if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Mentions, &e.Articles); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ScanValues reads (value, label or NULL, count) rows.
func ScanValues(rows Rows) ([]store.FacetValue, error) {
	out := []store.FacetValue{}
	for rows.Next() {
		var v store.FacetValue
		var label *string
		if err := rows.Scan(&v.Value, &label, &v.Count); err != nil {
			return nil, err
		}
		v.Label = Deref(label)
		out = append(out, v)
	}
	return out, rows.Err()
}

// NewProfile returns an entity profile whose lists are empty rather than nil.
func NewProfile() store.EntityProfile {
	return store.EntityProfile{Surfaces: []store.FacetValue{}, ByDay: []search.DayCount{}, ByMonth: []search.Bucket{},
		AsActor: []store.FacetValue{}, AsRecipient: []store.FacetValue{}, Partners: []store.FacetValue{},
		Quotes: []store.QuoteRecord{}}
}

// SetDays fills a profile's ByDay and ByMonth from (day, "", mentions) values in day order.
func SetDays(p *store.EntityProfile, days []store.FacetValue) {
	for _, d := range days {
		p.ByDay = append(p.ByDay, search.DayCount{Day: d.Value, Count: d.Count})
	}
	p.ByMonth = search.Histogram(p.ByDay, search.Month, search.Gregorian)
}

// ScanQuotes reads (article ID, source, published, quote JSON) rows.
func ScanQuotes(rows Rows) ([]store.QuoteRecord, error) {
	out := []store.QuoteRecord{}
	for rows.Next() {
		var q store.QuoteRecord
		var data []byte
		if err := rows.Scan(&q.ArticleID, &q.Source, &q.Published, &data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &q.Quote); err != nil {
			return nil, fmt.Errorf("decode quote: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// ProfileFound reports an error wrapping ErrNotFound for a profile with no mention, quote or event.
func ProfileFound(p store.EntityProfile) error {
	if p.Mentions == 0 && p.QuoteCount == 0 && len(p.AsActor) == 0 && len(p.AsRecipient) == 0 {
		return fmt.Errorf("entity %q: %w", p.ID, store.ErrNotFound)
	}
	return nil
}

// CheckEventFilter rejects an EventFilter with an unknown role or a negative offset.
func CheckEventFilter(f store.EventFilter) error {
	if f.Role != "" && f.Role != store.RoleActor && f.Role != store.RoleRecipient {
		return fmt.Errorf("%w: role %q: want actor or recipient", store.ErrInvalid, f.Role)
	}
	if f.Offset < 0 {
		return fmt.Errorf("%w: negative offset", store.ErrInvalid)
	}
	return nil
}

// ScanEvents reads (article ID, index, source, published, day or NULL, quad, event JSON) rows.
func ScanEvents(rows Rows) ([]store.EventRecord, error) {
	out := []store.EventRecord{}
	for rows.Next() {
		var e store.EventRecord
		var day *string
		var data []byte
		if err := rows.Scan(&e.ArticleID, &e.Index, &e.Source, &e.Published, &day, &e.Quad, &data); err != nil {
			return nil, err
		}
		e.Day = Deref(day)
		if err := json.Unmarshal(data, &e.Event); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FinishCluster completes a scanned event cluster: its day (NULL for none), its articles sorted, and its actors
// and recipients from the JSON of one of its events.
func FinishCluster(c *store.EventCluster, day *string, event []byte) error {
	c.Day = Deref(day)
	sort.Strings(c.Articles)
	var ev struct {
		Actors     []string `json:"actors"`
		Recipients []string `json:"recipients"`
	}
	if err := json.Unmarshal(event, &ev); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	c.Actors, c.Recipients = NonNil(ev.Actors), NonNil(ev.Recipients)
	return nil
}

// TimelineFilter is the EventFilter of Store.Timeline: an entity's events in a window, oldest first.
func TimelineFilter(entity string, from, to time.Time) (store.EventFilter, error) {
	if entity == "" {
		return store.EventFilter{}, fmt.Errorf("%w: no entity", store.ErrInvalid)
	}
	return store.EventFilter{Entity: entity, From: from, To: to, Limit: store.MaxLimit, OldestFirst: true}, nil
}

// quads returns the PLOVER quad classes in the order Graph counts them.
func quads() [4]string {
	return [4]string{event.VerbalCooperation, event.MaterialCooperation, event.VerbalConflict,
		event.MaterialConflict}
}

// QuadArgs returns the quad classes as the arguments of a Graph query's four per-quad counts.
func QuadArgs() []any {
	q := quads()
	return []any{q[0], q[1], q[2], q[3]}
}

// ScanEdges reads (actor, actor name, recipient, recipient name, events, articles, mean Goldstein, and the
// events of each quad class in QuadArgs order) rows, and returns the heaviest limit edges (500 for limit ≤ 0).
func ScanEdges(rows Rows, limit int) ([]store.Edge, error) {
	out := []store.Edge{}
	qs := quads()
	for rows.Next() {
		e := store.Edge{Quads: map[string]int{}}
		var qn [4]int
		if err := rows.Scan(&e.Actor, &e.ActorName, &e.Recipient, &e.RecipientName, &e.Count, &e.Articles,
			&e.Goldstein, &qn[0], &qn[1], &qn[2], &qn[3]); err != nil {
			return nil, err
		}
		best := 0
		for i, q := range qs {
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
		return nil, err
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
	if limit <= 0 {
		limit = 500
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
