// Package store defines Khabar's storage contract: the Store interface that every backend (SQLite now,
// PostgreSQL later) implements, its sentinel errors, and the backend-neutral option and result types. SQL lives
// only in the backend packages (store/sqlite, store/postgres); the Go logic they share (validation, building
// these types from scanned rows, facets and highlights) is in store/internal/backend. The contract is asserted by
// the store/storetest suite, which every backend runs.
//
// # Search contract for backends
//
// A backend indexes, for the title and the body of each record, the word keys of search.IndexKeys (Words, one
// per word, with search.Break between words that punctuation separates, so that phrases keep positions) and,
// apart, the Extra keys (compound parts and adjacent-pair keys). Before running a query it rewrites the text
// node with search.JoinCompounds, whose WordLookup reports whether a key occurs among the title or body word
// keys. A Term matches its key in any stream (a prefix Term any key with that prefix); a Phrase matches its Keys
// as adjacent word keys, or its PairKey in any stream, or its Joined or Split variants as adjacent word keys.
// Title matches weigh more than body matches. Snippets and highlights come from search.MakeSnippet over the
// stored body. The storetest suite checks all of this, spelling equivalence included.
//
// Entities are keyed by their knowledge-base ID, or by their canonical name when the recogniser found no ID.
// Days are YYYY-MM-DD in the publication's own zone; time windows are half-open [From, To), and a zero bound
// means unbounded.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
)

// Sentinel errors; backends wrap them, so test with errors.Is.
var (
	// ErrNotFound is returned when an article or entity does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid is returned for an argument or record the store cannot accept.
	ErrInvalid = errors.New("invalid")
	// ErrClosed is returned by every method after Close.
	ErrClosed = errors.New("store closed")
)

// Optimizer is a store whose search index can be compacted after a bulk load: a store that implements it
// answers searches faster afterwards. Optimize may take a minute at a million articles; searches may run
// meanwhile, writes to an SQLite store wait for it.
type Optimizer interface {
	Optimize(ctx context.Context) error
}

// BulkLoader is a store that loads many articles faster when it knows a bulk load is under way: BeginBulk puts
// off the search index's merging of its segments (which otherwise rewrites each posting several times as the
// index grows), and the end function it returns finishes the load. With compact set, end compacts the index as
// Optimizer.Optimize does; without, it merges what the load left into the shape the index keeps in normal use.
// end must run even when the load fails; it restores the normal settings before anything else.
type BulkLoader interface {
	BeginBulk(ctx context.Context) (end func(ctx context.Context, compact bool) error, err error)
}

// BeginLoad starts a load of many articles into st, in bulk mode when st is a BulkLoader. The end it returns
// finishes the load: it compacts the index when compact is set (Optimizer.Optimize for a store that is no
// BulkLoader) and ends bulk mode; like BulkLoader's, it must run even when the load fails.
func BeginLoad(ctx context.Context, st Store) (end func(ctx context.Context, compact bool) error, err error) {
	if b, ok := st.(BulkLoader); ok {
		return b.BeginBulk(ctx)
	}
	return func(ctx context.Context, compact bool) error {
		if o, ok := st.(Optimizer); ok && compact {
			return o.Optimize(ctx)
		}
		return nil
	}, nil
}

// BatchPreparer is a store whose Put does work that needs no database (search keys, record encoding) before
// its write transaction: PreparePut does that part alone, so that a pipeline prepares one batch while the
// previous one is written. PreparePut(recs).Put(ctx) is Put(ctx, recs).
type BatchPreparer interface {
	PreparePut(recs []article.Record) PreparedPut
}

// PreparedPut is a batch of records made ready by BatchPreparer.PreparePut.
type PreparedPut interface {
	Put(ctx context.Context) (PutResult, error)
}

// Store is Khabar's article store. Implementations are safe for concurrent use.
type Store interface {
	// Put stores records in one transaction. It is idempotent by Record.ID: a record already stored with the
	// same or a newer analyser version is a duplicate, one stored with an older version is replaced (Updated).
	// Invalid records are skipped and reported; any other error rolls the whole batch back, so that no article
	// is ever half written.
	Put(ctx context.Context, recs []article.Record) (PutResult, error)
	// Get returns the record with the given ID, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id string) (article.Record, error)
	// List returns article summaries, newest first (articles with no publication time last).
	List(ctx context.Context, opts ListOptions) ([]Summary, error)
	// Stats returns counts over the whole store.
	Stats(ctx context.Context) (Stats, error)
	// Search runs a parsed query. A query the backend cannot run is an error wrapping ErrInvalid, never a
	// raw database error.
	Search(ctx context.Context, req SearchRequest) (Results, error)
	// Entities returns the most mentioned entities, optionally in a time window.
	Entities(ctx context.Context, opts EntityOptions) ([]EntityCount, error)
	// Entity returns the profile of one entity by KB ID (or canonical name), or an error wrapping ErrNotFound.
	Entity(ctx context.Context, id string) (EntityProfile, error)
	// Events returns events matching the filter, newest first unless filter.OldestFirst.
	Events(ctx context.Context, f EventFilter) ([]EventRecord, error)
	// EventClusters groups events by Event.Key across articles, most reported first.
	EventClusters(ctx context.Context, f EventFilter) ([]EventCluster, error)
	// Timeline returns the events an entity took part in (as actor or recipient), oldest first.
	Timeline(ctx context.Context, entity string, from, to time.Time) ([]EventRecord, error)
	// Graph returns actor→recipient edges aggregated over events.
	Graph(ctx context.Context, opts GraphOptions) ([]Edge, error)
	// Close releases the store. Calling it twice is harmless.
	Close() error
}

// PutResult reports what Put did with each record, by ID, in input order.
type PutResult struct {
	New       []string   `json:"new"`       // stored for the first time
	Updated   []string   `json:"updated"`   // replaced a record from an older analyser version
	Duplicate []string   `json:"duplicate"` // already stored (or repeated within the batch)
	Invalid   []PutError `json:"invalid"`   // skipped
}

// PutError names a record Put skipped and why.
type PutError struct {
	Index int    `json:"index"` // position in the batch
	ID    string `json:"id"`
	Err   string `json:"error"`
}

// ListOptions select and page a listing.
type ListOptions struct {
	Limit    int       // 0 means DefaultLimit
	Offset   int       //
	Source   string    // exact source name, case-insensitive; "" for all
	From, To time.Time // publication window
}

// DefaultLimit is the page size when a Limit is 0.
const DefaultLimit = 20

// MaxLimit bounds every page size.
const MaxLimit = 1000

// Summary is an article in a listing.
type Summary struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	Source          string `json:"source,omitempty"`
	URL             string `json:"url,omitempty"`
	Published       string `json:"published,omitempty"`
	AnalyzerVersion string `json:"analyzer_version"`
	Entities        int    `json:"entities"` // mentions
	Events          int    `json:"events"`
	Quotes          int    `json:"quotes"`
}

// Stats are counts over the whole store.
type Stats struct {
	Articles      int            `json:"articles"`
	Sources       int            `json:"sources"`
	Entities      int            `json:"entities"` // distinct entities
	Mentions      int            `json:"mentions"`
	Events        int            `json:"events"`
	EventKeys     int            `json:"event_keys"` // distinct cross-article event identities
	Quotes        int            `json:"quotes"`
	Oldest        string         `json:"oldest,omitempty"` // first publication day
	Newest        string         `json:"newest,omitempty"` // last publication day
	SizeBytes     int64          `json:"size_bytes"`
	SchemaVersion int            `json:"schema_version"`
	Analyzers     map[string]int `json:"analyzers"` // articles per analyser version
}

// Defaults a caller may use for SearchRequest's recency boost.
const (
	DefaultRecencyBoost    = 0.5
	DefaultRecencyHalfLife = 30.0 // days
)

// SearchRequest is a search to run.
type SearchRequest struct {
	Query  *search.Query
	Sort   search.Sort // used unless the query says sort:; "" means relevance
	Limit  int         // 0 means DefaultLimit
	Offset int
	// RecencyBoost multiplies the BM25 score by 1 + RecencyBoost·h/(h+age), where h is RecencyHalfLife in days
	// and age is the article's age in days at Now. 0 turns the boost off.
	RecencyBoost    float64
	RecencyHalfLife float64   // days; 0 means 30
	Now             time.Time // reference for recency; zero means the time of the call
	Facets          FacetOptions
	SnippetRunes    int // 0 means search.DefaultSnippetRunes
	// ExactTotal counts every match. Without it a store may stop counting a text query's matches past its rank
	// window (both stores rank the 5,000 newest): Results.Total is then the window and Results.TotalAtLeast is
	// set. Counting every match of a common word scans its whole posting list: tens of milliseconds at a million
	// articles, more than finding and ranking the page.
	ExactTotal bool
}

// FacetOptions choose the facets computed over all matches (not only the page).
type FacetOptions struct {
	Size      int             // values per facet (entities, sources, types); 0 computes none
	Histogram search.Interval // "" computes no date histogram
	Calendar  search.Calendar // labels of histogram buckets; "" means Gregorian
}

// Results are the answer to a search.
type Results struct {
	Total  int    `json:"total"` // matching articles
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
	// Executed is the query as run, after compounds were joined, for explanations and debugging.
	Executed string `json:"executed"`
	// Ranked, when not 0, says that relevance ranked only the Ranked newest matches of Total, and that pages end
	// there (both backends rank the 5,000 newest of a text query without filters). sort:date and filters reach
	// every match.
	Ranked int `json:"ranked,omitempty"`
	// TotalAtLeast says that counting stopped: there are more than Total matches (see SearchRequest.ExactTotal).
	TotalAtLeast bool `json:"total_at_least,omitempty"`
}

// Hit is one matching article.
type Hit struct {
	ID              string         `json:"id"`
	Title           string         `json:"title"`
	TitleHighlights []search.Range `json:"title_highlights"` // byte ranges in Title
	Source          string         `json:"source,omitempty"`
	URL             string         `json:"url,omitempty"`
	Published       string         `json:"published,omitempty"`
	Score           float64        `json:"score"` // higher is better; 0 when the query has no words
	Snippet         search.Snippet `json:"snippet"`
}

// Facets count matching articles by value.
type Facets struct {
	Entities []FacetValue    `json:"entities,omitempty"`
	Sources  []FacetValue    `json:"sources,omitempty"`
	Types    []FacetValue    `json:"types,omitempty"`
	Dates    []search.Bucket `json:"dates,omitempty"`
	// Sample, when not 0, says that the facets count only the best Sample matches in result order, not all
	// Total (a backend may sample a query with very many matches; the SQLite backend samples 2,000).
	Sample int `json:"sample,omitempty"`
}

// FacetValue is one value of a facet with its article count.
type FacetValue struct {
	Value string `json:"value"`           // entity key, source or PLOVER category
	Label string `json:"label,omitempty"` // display name (entities)
	Count int    `json:"count"`
}

// EntityOptions select entities for Entities.
type EntityOptions struct {
	Limit    int       // 0 means DefaultLimit
	Type     string    // person, organization, location; "" for all
	From, To time.Time // publication window
}

// EntityCount is an entity with its mention counts.
type EntityCount struct {
	ID       string `json:"id"` // KB ID, or canonical name when unlinked
	Name     string `json:"name"`
	Type     string `json:"type"`
	Mentions int    `json:"mentions"`
	Articles int    `json:"articles"`
}

// EntityProfile is what an entity page shows. Aliases come from the knowledge base, not the store.
type EntityProfile struct {
	EntityCount
	First    string            `json:"first,omitempty"` // first day mentioned
	Last     string            `json:"last,omitempty"`
	Surfaces []FacetValue      `json:"surfaces"` // how the text wrote it, by mention count
	ByDay    []search.DayCount `json:"by_day"`   // mentions per publication day; regroup with search.Histogram
	ByMonth  []search.Bucket   `json:"by_month"` // mentions per Gregorian month
	// AsActor and AsRecipient count the entity's events by PLOVER category.
	AsActor     []FacetValue  `json:"as_actor"`
	AsRecipient []FacetValue  `json:"as_recipient"`
	Partners    []FacetValue  `json:"partners"` // the entities it shares events with, by event count
	Quotes      []QuoteRecord `json:"quotes"`   // its latest quotes (at most 20)
	QuoteCount  int           `json:"quote_count"`
}

// QuoteRecord is a stored quote with its article.
type QuoteRecord struct {
	ArticleID string `json:"article_id"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	article.Quote
}

// Event roles for EventFilter.Role.
const (
	RoleActor     = "actor"
	RoleRecipient = "recipient"
)

// EventFilter selects events. Days are event days (the event's own date when known to the day, else the
// publication day).
type EventFilter struct {
	Entity      string    // KB ID or canonical name; "" for all
	Role        string    // RoleActor, RoleRecipient, or "" for either
	Type        string    // PLOVER category; "" for all
	Key         string    // Event.Key; "" for all
	From, To    time.Time // event-day window
	Limit       int       // 0 means DefaultLimit
	Offset      int
	OldestFirst bool
}

// EventRecord is a stored event with its article.
type EventRecord struct {
	ArticleID string `json:"article_id"`
	Index     int    `json:"index"` // position in the record's Events
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	Day       string `json:"day,omitempty"`
	Quad      string `json:"quad"`
	article.Event
}

// EventCluster is one cross-article event identity (Event.Key) with how widely it was reported.
type EventCluster struct {
	Key        string   `json:"key"`
	Type       string   `json:"type"`
	Quad       string   `json:"quad"`
	Day        string   `json:"day,omitempty"`
	Actors     []string `json:"actors"`
	Recipients []string `json:"recipients"`
	Mentions   int      `json:"mentions"` // events with this key
	Sources    int      `json:"sources"`  // distinct sources reporting it
	Articles   []string `json:"articles"` // article IDs
}

// GraphOptions select the events a graph aggregates.
type GraphOptions struct {
	From, To time.Time
	Type     string // PLOVER category; "" for all
	Limit    int    // edges, heaviest first; 0 means 500
}

// Edge is an actor→recipient relation aggregated over events.
type Edge struct {
	Actor         string         `json:"actor"` // entity key
	ActorName     string         `json:"actor_name"`
	Recipient     string         `json:"recipient"`
	RecipientName string         `json:"recipient_name"`
	Count         int            `json:"count"`    // events
	Articles      int            `json:"articles"` // distinct articles
	Goldstein     float64        `json:"goldstein"`
	Quads         map[string]int `json:"quads"` // events per quad class
	Quad          string         `json:"quad"`  // the most frequent quad class ("" when no event has one)
}

// ClampLimit applies DefaultLimit and MaxLimit to a requested page size.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}
