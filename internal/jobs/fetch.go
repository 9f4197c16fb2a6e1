package jobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/feed"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/watch"
)

// FeedPayload is the input of a fetch-feed job.
type FeedPayload struct {
	Source int64  `json:"source"`
	URL    string `json:"url"` // for people reading `khabar jobs`
}

// FetchFeedJob returns the job that polls a source once. Its key is the source and the start of the polling
// interval that at falls in, so that every `khabar watch --workers` (or `serve --watch --workers`) in one
// interval enqueues one poll per source, and the next interval enqueues the next.
func FetchFeedJob(src store.Source, at time.Time, every time.Duration) NewJob {
	if every <= 0 {
		every = watch.DefaultInterval
	}
	payload, _ := json.Marshal(FeedPayload{Source: src.ID, URL: src.URL}) // cannot fail: ints and strings
	key := strconv.FormatInt(src.ID, 10) + "@" + at.UTC().Truncate(every).Format(time.RFC3339)
	return NewJob{Kind: KindFetchFeed, Key: key, Payload: payload}
}

// PagePayload is the input of a fetch-page job: a feed item of a source.
type PagePayload struct {
	Source    int64           `json:"source"`
	GUID      string          `json:"guid,omitempty"`
	Link      string          `json:"link,omitempty"`
	Title     string          `json:"title,omitempty"`
	Summary   []article.Block `json:"summary,omitempty"`
	Author    string          `json:"author,omitempty"`
	Published time.Time       `json:"published,omitzero"`
	DateOnly  bool            `json:"date_only,omitempty"`
}

// Item returns the feed item of the payload.
func (p PagePayload) Item() feed.Item {
	return feed.Item{GUID: p.GUID, Link: p.Link, Title: p.Title, Summary: p.Summary, Author: p.Author,
		Published: p.Published, DateOnly: p.DateOnly}
}

// FetchPageJob returns the job that fetches, analyses and commits one feed item. Its key hashes the source and
// the item's key, so that a feed polled again before its items are read adds no second job.
func FetchPageJob(sourceID int64, it feed.Item) (NewJob, error) {
	if it.Key() == "" {
		return NewJob{}, fmt.Errorf("fetch-page job: item %q has no GUID and no link", it.Title)
	}
	payload, err := json.Marshal(PagePayload{Source: sourceID, GUID: it.GUID, Link: it.Link, Title: it.Title,
		Summary: it.Summary, Author: it.Author, Published: it.Published, DateOnly: it.DateOnly})
	if err != nil {
		return NewJob{}, fmt.Errorf("fetch-page job: %w", err)
	}
	h := sha256.Sum256([]byte(strconv.FormatInt(sourceID, 10) + "\x00" + it.Key()))
	return NewJob{Kind: KindFetchPage, Key: hex.EncodeToString(h[:16]), Payload: payload}, nil
}

// DeferTo returns a watch.Options.Defer that enqueues each new item as a fetch-page job.
func DeferTo(q *Queue) func(ctx context.Context, src store.Source, it feed.Item) error {
	return func(ctx context.Context, src store.Source, it feed.Item) error {
		j, err := FetchPageJob(src.ID, it)
		if err != nil {
			return err
		}
		_, err = q.Enqueue(ctx, j)
		return err
	}
}

// EnqueuePolls enqueues a fetch-feed job for every source due now (not in backoff) and returns how many jobs
// were new and how many sources were due.
func EnqueuePolls(ctx context.Context, q *Queue, w *watch.Watcher, now time.Time, every time.Duration) (added, due int, err error) {
	srcs, _, err := w.Due(ctx)
	if err != nil {
		return 0, 0, err
	}
	if len(srcs) == 0 {
		return 0, 0, nil
	}
	js := make([]NewJob, len(srcs))
	for i, s := range srcs {
		js[i] = FetchFeedJob(s, now, every)
	}
	added, err = q.Enqueue(ctx, js...)
	return added, len(srcs), err
}

// FetchFeedHandler runs fetch-feed jobs with a watcher whose Options.Defer enqueues the new items (DeferTo). A
// feed that fails is not a failed job: the watcher keeps the error and the backoff on the source (khabar
// sources list), and the next interval polls it again. A source removed since the job was queued ends the job
// for good.
func FetchFeedHandler(w *watch.Watcher) Handler {
	return func(ctx context.Context, j Job) error {
		var p FeedPayload
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return Permanent(fmt.Errorf("fetch-feed job %s: payload: %w", j.Key, err))
		}
		if _, err := w.PollSource(ctx, p.Source); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return Permanent(fmt.Errorf("fetch-feed job %s: %w", j.Key, err))
			}
			return fmt.Errorf("fetch-feed job %s: %w", j.Key, err)
		}
		return nil
	}
}

// FetchPageHandler runs fetch-page jobs: it reads, analyses, deduplicates and commits the item (watch.Watcher's
// ReadItem). A page that cannot be read and has no feed summary fails the job, which is retried with backoff and
// lands in the dead-letter state after its attempts.
func FetchPageHandler(w *watch.Watcher) Handler {
	return func(ctx context.Context, j Job) error {
		var p PagePayload
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return Permanent(fmt.Errorf("fetch-page job %s: payload: %w", j.Key, err))
		}
		ir, err := w.ReadItem(ctx, p.Source, p.Item())
		switch {
		case errors.Is(err, store.ErrNotFound):
			return Permanent(fmt.Errorf("fetch-page job %s: %w", j.Key, err))
		case err != nil:
			return fmt.Errorf("fetch-page job %s: %w", j.Key, err)
		case ir.Err != nil:
			return ir.Err
		}
		return nil
	}
}
