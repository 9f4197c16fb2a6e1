package store

import (
	"context"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// Source kinds. A source added without a kind is detected at its first poll.
const (
	KindAuto = ""     // not yet known
	KindFeed = "feed" // RSS 2.0, Atom or JSON Feed
	KindPage = "page" // one HTML page, itself the article
)

// Source is a followed feed or page with its polling state.
type Source struct {
	ID    int64     `json:"id"`
	URL   string    `json:"url"`
	Name  string    `json:"name"`
	Zone  string    `json:"zone,omitempty"` // IANA zone for dates without an offset, "" for Asia/Tehran
	Kind  string    `json:"kind,omitempty"` // KindFeed, KindPage, or KindAuto
	Added time.Time `json:"added"`

	// Polling state, written by the watcher.
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPoll     time.Time `json:"last_poll,omitempty"`
	LastOK       time.Time `json:"last_ok,omitempty"`
	LastError    string    `json:"last_error,omitempty"` // "" after a clean poll
	Failures     int       `json:"failures"`             // consecutive failed polls
	NextPoll     time.Time `json:"next_poll,omitempty"`  // not before this (backoff); zero means now
	Items        int       `json:"items"`                // feed items committed from this source
}

// Item outcomes recorded by CommitItem.
const (
	ItemNew     = "new"     // the item became a new article
	ItemMention = "mention" // the item is another copy of an article already stored
)

// ItemCommit is everything the watcher writes for one feed item, committed in one transaction.
type ItemCommit struct {
	SourceID int64
	Key      string    // the item's identity in its source: GUID, else canonical URL
	URL      string    // canonical URL of the item's page
	Seen     time.Time // when it was fetched
	// Record is the analysed article. When Duplicate is set, Record is not stored (only a mention is).
	Record article.Record
	// Duplicate is the ID of a stored article this item republishes (near-duplicate text or same URL); "" when
	// the item is a new article.
	Duplicate string
	SimHash   uint64 // fingerprint of the normalised text
	Story     string // story ID for a new article ("" makes the article its own story)
}

// CommitResult says what CommitItem did.
type CommitResult struct {
	Article string `json:"article"` // the article the item is now a mention of
	Outcome string `json:"outcome"` // ItemNew or ItemMention
	// Already is true when the item had been committed before (for example before a crash): nothing changed.
	Already bool `json:"already"`
}

// Mention is one copy of an article: the outlet and URL it was seen at.
type Mention struct {
	Article string    `json:"article"`
	Source  string    `json:"source"`
	URL     string    `json:"url"`
	Seen    time.Time `json:"seen"`
}

// Fingerprint is what the deduplicator keeps of a stored article.
type Fingerprint struct {
	Article   string
	Story     string
	SimHash   uint64
	URL       string
	Title     string
	Text      string
	Published time.Time // publication time, else the first time it was seen
}

// StoryOptions select stories.
type StoryOptions struct {
	Limit    int       // 0 means DefaultLimit
	From, To time.Time // window on the story's last article time
}

// Story is a group of articles reporting one happening, with the outlets that carried it.
type Story struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"` // title of the first article
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	Articles []string  `json:"articles"` // article IDs, oldest first
	Outlets  []string  `json:"outlets"`  // distinct sources of all mentions, sorted
	Mentions int       `json:"mentions"` // copies seen across outlets
}

// SourceStore is the optional part of a backend that follows sources: sources with their polling state, feed
// items, article mentions across outlets and stories. The watcher type-asserts a Store to it.
type SourceStore interface {
	// AddSource stores a new source; a URL already followed is an error wrapping ErrInvalid.
	AddSource(ctx context.Context, src Source) (Source, error)
	// Sources returns every source in the order added.
	Sources(ctx context.Context) ([]Source, error)
	// RemoveSource forgets a source by ID, URL or name (its articles stay), or returns ErrNotFound.
	RemoveSource(ctx context.Context, ref string) error
	// UpdateSource writes a source's polling state and kind.
	UpdateSource(ctx context.Context, src Source) error
	// SeenItems returns which of the given item keys of a source were committed already.
	SeenItems(ctx context.Context, sourceID int64, keys []string) (map[string]bool, error)
	// ArticleByURL returns the ID of the article a canonical URL was seen at (as a mention), or ErrNotFound.
	ArticleByURL(ctx context.Context, url string) (string, error)
	// CommitItem writes an item's state together with its article (or its mention of an existing article) in
	// one transaction, so that a crash leaves either both or neither. Committing the same item twice is a
	// no-op reported as Already.
	CommitItem(ctx context.Context, it ItemCommit) (CommitResult, error)
	// Fingerprints returns the articles whose time (publication, else first seen) is since a time, oldest first,
	// for rebuilding dedup indexes; Title and Text are filled only when text is true.
	Fingerprints(ctx context.Context, since time.Time, text bool) ([]Fingerprint, error)
	// Mentions returns the copies of an article, oldest first.
	Mentions(ctx context.Context, articleID string) ([]Mention, error)
	// Stories returns stories, most recently updated first.
	Stories(ctx context.Context, opts StoryOptions) ([]Story, error)
}
