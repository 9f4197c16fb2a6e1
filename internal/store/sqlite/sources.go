package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

var _ store.SourceStore = (*Store)(nil)

// AddSource stores a new source; see store.SourceStore.
func (s *Store) AddSource(ctx context.Context, src store.Source) (store.Source, error) {
	if err := s.check(); err != nil {
		return src, err
	}
	src.URL = strings.TrimSpace(src.URL)
	if err := backend.CheckSource(&src); err != nil {
		return src, fmt.Errorf("add source: %w", err)
	}
	var exists int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE url = ?`, src.URL).Scan(&exists)
	if err != nil {
		return src, fmt.Errorf("add source %s: %w", src.URL, err)
	}
	if exists > 0 {
		return src, fmt.Errorf("add source %s: %w: already followed", src.URL, store.ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sources (url, name, zone, kind, added) VALUES (?, ?, ?, ?, ?)`,
		src.URL, src.Name, src.Zone, src.Kind, src.Added.Unix())
	if err != nil {
		return src, fmt.Errorf("add source %s: %w", src.URL, err)
	}
	src.ID, err = res.LastInsertId()
	return src, err
}

// sourceCols are the columns of a source row, in the order of backend.ScanSource.
const sourceCols = `s.id, s.url, s.name, s.zone, s.kind, s.added, s.etag, s.last_modified, s.last_poll, s.last_ok,
	s.last_error, s.failures, s.next_poll, (SELECT count(*) FROM feed_items f WHERE f.source = s.id)`

// Sources returns every source in the order added; see store.SourceStore.
func (s *Store) Sources(ctx context.Context) ([]store.Source, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, s.db, backend.ScanSources, `SELECT `+sourceCols+` FROM sources s ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// RemoveSource forgets a source by ID, URL or name; see store.SourceStore.
func (s *Store) RemoveSource(ctx context.Context, ref string) error {
	if err := s.check(); err != nil {
		return err
	}
	ref = strings.TrimSpace(ref)
	id, _ := strconv.ParseInt(ref, 10, 64)
	res, err := s.db.ExecContext(ctx, `DELETE FROM sources WHERE id = ? OR url = ? OR (name <> '' AND name = ?)`,
		id, ref, ref)
	if err != nil {
		return fmt.Errorf("remove source %s: %w", ref, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("remove source %s: %w", ref, store.ErrNotFound)
	}
	return nil
}

// UpdateSource writes a source's polling state and kind; see store.SourceStore.
func (s *Store) UpdateSource(ctx context.Context, src store.Source) error {
	if err := s.check(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE sources SET kind = ?, etag = ?, last_modified = ?, last_poll = ?,
		last_ok = ?, last_error = ?, failures = ?, next_poll = ? WHERE id = ?`,
		src.Kind, src.ETag, src.LastModified, backend.UnixOrZero(src.LastPoll), backend.UnixOrZero(src.LastOK),
		src.LastError, src.Failures, backend.UnixOrZero(src.NextPoll), src.ID)
	if err != nil {
		return fmt.Errorf("update source %d: %w", src.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update source %d: %w", src.ID, store.ErrNotFound)
	}
	return nil
}

// SeenItems returns which item keys of a source were committed; see store.SourceStore.
func (s *Store) SeenItems(ctx context.Context, sourceID int64, keys []string) (map[string]bool, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, k := range keys {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM feed_items WHERE source = ? AND key = ?`,
			sourceID, k).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("seen items of source %d: %w", sourceID, err)
		}
		if n > 0 {
			seen[k] = true
		}
	}
	return seen, nil
}

// ArticleByURL returns the article a canonical URL was seen at; see store.SourceStore. Only URLs the watcher
// recorded (article_mentions, indexed) are looked up, not the URLs of articles ingested from files.
func (s *Store) ArticleByURL(ctx context.Context, url string) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT article FROM article_mentions WHERE url = ? ORDER BY seen LIMIT 1`,
		url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("article at %s: %w", url, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("article at %s: %w", url, err)
	}
	return id, nil
}

// CommitItem writes an item's state with its article or mention in one transaction; see store.SourceStore.
func (s *Store) CommitItem(ctx context.Context, it store.ItemCommit) (store.CommitResult, error) {
	var res store.CommitResult
	if err := s.check(); err != nil {
		return res, err
	}
	if err := backend.CheckItem(&it, validate); err != nil {
		return res, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("commit item %s: begin: %w", it.Key, err)
	}
	defer tx.Rollback()

	// The item committed before (a crash after commit, or two runs at once): nothing to do.
	var prev, outcome string
	err = tx.QueryRowContext(ctx, `SELECT article, outcome FROM feed_items WHERE source = ? AND key = ?`,
		it.SourceID, it.Key).Scan(&prev, &outcome)
	switch {
	case err == nil:
		return store.CommitResult{Article: prev, Outcome: outcome, Already: true}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return res, fmt.Errorf("commit item %s: %w", it.Key, err)
	}

	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM sources WHERE id = ?`, it.SourceID).Scan(&name); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return res, fmt.Errorf("commit item %s: source %d: %w", it.Key, it.SourceID, store.ErrNotFound)
		}
		return res, fmt.Errorf("commit item %s: %w", it.Key, err)
	}
	if it.Record.Source != "" {
		name = it.Record.Source
	}

	res.Article, res.Outcome = it.Duplicate, store.ItemMention
	if it.Duplicate == "" {
		r := &it.Record
		res.Article = r.ID
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE id = ?`, r.ID).Scan(&n); err != nil {
			return res, fmt.Errorf("commit item %s: %w", it.Key, err)
		}
		if n == 0 { // the same text under the same ID is a mention, not a second article
			var err error
			s.withIndexer(func(ix *search.Indexer) { err = insert(ctx, tx, ix, r) })
			if err != nil {
				return res, fmt.Errorf("commit item %s: %w", it.Key, err)
			}
			res.Outcome = store.ItemNew
			story := it.Story
			if story == "" {
				story = r.ID
			}
			at := r.PublishedTime
			if at.IsZero() {
				at = it.Seen
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO fingerprints (article, simhash, story, at)
				VALUES (?, ?, ?, ?)`, r.ID, int64(it.SimHash), story, at.Unix()); err != nil {
				return res, fmt.Errorf("commit item %s: fingerprint: %w", it.Key, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO article_mentions (article, source, url, seen)
		VALUES (?, ?, ?, ?)`, res.Article, name, it.URL, it.Seen.Unix()); err != nil {
		return res, fmt.Errorf("commit item %s: mention: %w", it.Key, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO feed_items (source, key, article, outcome, seen)
		VALUES (?, ?, ?, ?, ?)`, it.SourceID, it.Key, res.Article, res.Outcome, it.Seen.Unix()); err != nil {
		return res, fmt.Errorf("commit item %s: state: %w", it.Key, err)
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit item %s: commit: %w", it.Key, err)
	}
	return res, nil
}

// Fingerprints returns the articles seen since a time, oldest first; see store.SourceStore.
func (s *Store) Fingerprints(ctx context.Context, since time.Time, text bool) ([]store.Fingerprint, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var from int64 = math.MinInt64
	if !since.IsZero() {
		from = since.Unix()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT f.article, f.story, f.simhash, f.at, a.url
		FROM fingerprints f JOIN articles a ON a.id = f.article WHERE f.at >= ? ORDER BY f.at, a.seq`, from)
	if err != nil {
		return nil, fmt.Errorf("fingerprints: %w", err)
	}
	var out []store.Fingerprint
	for rows.Next() {
		var fp store.Fingerprint
		var sh, at int64
		if err := rows.Scan(&fp.Article, &fp.Story, &sh, &at, &fp.URL); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fingerprints: %w", err)
		}
		fp.SimHash, fp.Published = uint64(sh), time.Unix(at, 0).UTC()
		out = append(out, fp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fingerprints: %w", err)
	}
	for i := range out {
		if !text {
			break
		}
		rec, err := s.Get(ctx, out[i].Article)
		if err != nil {
			return nil, fmt.Errorf("fingerprints: %w", err)
		}
		out[i].Title, out[i].Text = rec.Title, rec.Text
	}
	return out, nil
}

// Mentions returns the copies of an article, oldest first; see store.SourceStore.
func (s *Store) Mentions(ctx context.Context, articleID string) ([]store.Mention, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, s.db, backend.ScanMentions, `SELECT article, source, url, seen FROM article_mentions
		WHERE article = ? ORDER BY seen, rowid`, articleID)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", articleID, err)
	}
	return out, nil
}

// Stories returns stories, most recently updated first; see store.SourceStore.
func (s *Store) Stories(ctx context.Context, opts store.StoryOptions) ([]store.Story, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	from, to, limit := backend.StoryWindow(opts)
	rows, err := s.db.QueryContext(ctx, `SELECT story, min(at), max(at) FROM fingerprints GROUP BY story
		HAVING max(at) >= ? AND max(at) < ? ORDER BY max(at) DESC, story LIMIT ?`, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	out, err := backend.ScanStories(rows)
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	for i := range out {
		if err := s.fillStory(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) fillStory(ctx context.Context, st *store.Story) error {
	rows, err := s.db.QueryContext(ctx, `SELECT f.article, a.title FROM fingerprints f JOIN articles a ON a.id = f.article
		WHERE f.story = ? ORDER BY f.at, a.seq`, st.ID)
	if err != nil {
		return fmt.Errorf("story %s: %w", st.ID, err)
	}
	err = backend.ScanStoryArticles(rows, st)
	rows.Close()
	if err != nil {
		return fmt.Errorf("story %s: %w", st.ID, err)
	}
	return backend.AddOutlets(ctx, st, s.Mentions)
}
