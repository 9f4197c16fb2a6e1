package backend

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/store"
)

// CheckSource rejects a source to add with an empty URL (trimmed by the caller), and dates it now when it has
// no Added time.
func CheckSource(src *store.Source) error {
	if src.URL == "" {
		return fmt.Errorf("%w: empty URL", store.ErrInvalid)
	}
	if src.Added.IsZero() {
		src.Added = time.Now().UTC()
	}
	return nil
}

// ScanSource reads a source row: id, url, name, zone, kind, added, etag, last modified, last poll, last OK, last
// error, failures, next poll (times in unix seconds, 0 for none) and the number of items committed.
func ScanSource(sc Scanner) (store.Source, error) {
	var src store.Source
	var added, poll, ok, next int64
	err := sc.Scan(&src.ID, &src.URL, &src.Name, &src.Zone, &src.Kind, &added, &src.ETag, &src.LastModified,
		&poll, &ok, &src.LastError, &src.Failures, &next, &src.Items)
	src.Added, src.LastPoll, src.LastOK, src.NextPoll = TimeOrZero(added), TimeOrZero(poll), TimeOrZero(ok),
		TimeOrZero(next)
	return src, err
}

// ScanSources reads the source rows of ScanSource.
func ScanSources(rows Rows) ([]store.Source, error) {
	out := []store.Source{}
	for rows.Next() {
		src, err := ScanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// CheckItem rejects an item to commit with no key, or with a new article that validate rejects (an error
// wrapping ErrInvalid), and dates it now when it has no Seen time.
func CheckItem(it *store.ItemCommit, validate func(*article.Record) error) error {
	if it.Key == "" {
		return fmt.Errorf("commit item: %w: empty key", store.ErrInvalid)
	}
	if it.Duplicate == "" {
		if err := validate(&it.Record); err != nil {
			return fmt.Errorf("commit item %s: %w: %v", it.Key, store.ErrInvalid, err)
		}
	}
	if it.Seen.IsZero() {
		it.Seen = time.Now()
	}
	return nil
}

// ScanMentions reads (article, source, url, seen in unix seconds) rows.
func ScanMentions(rows Rows) ([]store.Mention, error) {
	out := []store.Mention{}
	for rows.Next() {
		var m store.Mention
		var seen int64
		if err := rows.Scan(&m.Article, &m.Source, &m.URL, &seen); err != nil {
			return nil, err
		}
		m.Seen = time.Unix(seen, 0).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// StoryWindow returns the bounds of StoryOptions in unix seconds, [from, to), and the page size.
func StoryWindow(opts store.StoryOptions) (from, to int64, limit int) {
	to = int64(1<<62 - 1)
	if !opts.To.IsZero() {
		to = opts.To.Unix()
	}
	return UnixOrZero(opts.From), to, store.ClampLimit(opts.Limit)
}

// ScanStories reads (story, first, last in unix seconds) rows.
func ScanStories(rows Rows) ([]store.Story, error) {
	out := []store.Story{}
	for rows.Next() {
		var st store.Story
		var first, last int64
		if err := rows.Scan(&st.ID, &first, &last); err != nil {
			return nil, err
		}
		st.First, st.Last = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		out = append(out, st)
	}
	return out, rows.Err()
}

// ScanStoryArticles reads a story's (article ID, title) rows, oldest first: the story's articles, and its title
// from the first.
func ScanStoryArticles(rows Rows, st *store.Story) error {
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return err
		}
		if st.Title == "" {
			st.Title = title
		}
		st.Articles = append(st.Articles, id)
	}
	return rows.Err()
}

// AddOutlets counts the mentions of a story's articles, read with mentions, and lists their sources, sorted.
func AddOutlets(ctx context.Context, st *store.Story,
	mentions func(ctx context.Context, articleID string) ([]store.Mention, error)) error {
	outlets := map[string]bool{}
	for _, id := range st.Articles {
		ms, err := mentions(ctx, id)
		if err != nil {
			return err
		}
		st.Mentions += len(ms)
		for _, m := range ms {
			outlets[m.Source] = true
		}
	}
	st.Outlets = make([]string, 0, len(outlets))
	for o := range outlets {
		st.Outlets = append(st.Outlets, o)
	}
	sort.Strings(st.Outlets)
	return nil
}
