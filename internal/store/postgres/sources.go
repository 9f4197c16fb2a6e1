package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/khabar/khabar/internal/article"
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
	src.URL = clean(strings.TrimSpace(src.URL))
	if err := backend.CheckSource(&src); err != nil {
		return src, fmt.Errorf("add source: %w", err)
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO sources (url, name, zone, kind, added) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (url) DO NOTHING RETURNING id`,
		src.URL, clean(src.Name), clean(src.Zone), clean(src.Kind), src.Added.Unix()).Scan(&src.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return src, fmt.Errorf("add source %s: %w: already followed", src.URL, store.ErrInvalid)
	}
	if err != nil {
		return src, fmt.Errorf("add source %s: %w", src.URL, err)
	}
	return src, nil
}

// sourceCols are the columns of a source row, in the order of backend.ScanSource.
const sourceCols = `s.id, s.url, s.name, s.zone, s.kind, s.added, s.etag, s.last_modified, s.last_poll, s.last_ok,
	s.last_error, s.failures, s.next_poll, (SELECT count(*) FROM feed_items f WHERE f.source = s.id)`

// Sources returns every source in the order added; see store.SourceStore.
func (s *Store) Sources(ctx context.Context) ([]store.Source, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, s.pool, backend.ScanSources, `SELECT `+sourceCols+` FROM sources s ORDER BY s.id`)
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
	ref = clean(strings.TrimSpace(ref))
	id, _ := strconv.ParseInt(ref, 10, 64)
	tag, err := s.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1 OR url = $2 OR (name <> '' AND name = $2)`, id, ref)
	if err != nil {
		return fmt.Errorf("remove source %s: %w", ref, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("remove source %s: %w", ref, store.ErrNotFound)
	}
	return nil
}

// UpdateSource writes a source's polling state and kind; see store.SourceStore.
func (s *Store) UpdateSource(ctx context.Context, src store.Source) error {
	if err := s.check(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE sources SET kind = $1, etag = $2, last_modified = $3, last_poll = $4,
		last_ok = $5, last_error = $6, failures = $7, next_poll = $8 WHERE id = $9`,
		clean(src.Kind), clean(src.ETag), clean(src.LastModified), backend.UnixOrZero(src.LastPoll),
		backend.UnixOrZero(src.LastOK), clean(src.LastError), src.Failures, backend.UnixOrZero(src.NextPoll), src.ID)
	if err != nil {
		return fmt.Errorf("update source %d: %w", src.ID, err)
	}
	if tag.RowsAffected() == 0 {
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
	if len(keys) == 0 {
		return seen, nil
	}
	byClean := map[string][]string{}
	cleaned := make([]string, 0, len(keys))
	for _, k := range keys {
		c := clean(k)
		byClean[c] = append(byClean[c], k)
		cleaned = append(cleaned, c)
	}
	rows, err := s.pool.Query(ctx, `SELECT key FROM feed_items WHERE source = $1 AND key = ANY($2)`, sourceID, cleaned)
	if err != nil {
		return nil, fmt.Errorf("seen items of source %d: %w", sourceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("seen items of source %d: %w", sourceID, err)
		}
		for _, orig := range byClean[k] {
			seen[orig] = true
		}
	}
	return seen, rows.Err()
}

// ArticleByURL returns the article a canonical URL was seen at; see store.SourceStore.
func (s *Store) ArticleByURL(ctx context.Context, url string) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	url = clean(url)
	var id string
	err := s.pool.QueryRow(ctx, `SELECT article FROM article_mentions WHERE url = $1 ORDER BY seen, seq LIMIT 1`, url).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) && url != "" {
		err = s.pool.QueryRow(ctx, `SELECT id FROM articles WHERE url = $1 ORDER BY seq LIMIT 1`, url).Scan(&id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("article at %s: %w", url, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("article at %s: %w", url, err)
	}
	return id, nil
}

// CommitItem writes an item's state with its article or mention in one transaction; see store.SourceStore.
// Two watchers committing the same item, or items of the same article, at once are serialised by advisory
// locks on the item and the article.
func (s *Store) CommitItem(ctx context.Context, it store.ItemCommit) (store.CommitResult, error) {
	var res store.CommitResult
	if err := s.check(); err != nil {
		return res, err
	}
	if err := backend.CheckItem(&it, validate); err != nil {
		return res, err
	}
	var b batch
	if it.Duplicate == "" {
		ix := s.ixPool.Get().(*search.Indexer)
		err := b.add(ix, &it.Record)
		s.ixPool.Put(ix)
		if err != nil {
			return res, fmt.Errorf("commit item %s: %w", it.Key, err)
		}
	}
	key := clean(it.Key)
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("commit item %s: begin: %w", it.Key, err)
	}
	defer tx.Rollback(ctx)
	locks := []int64{lockKey(fmt.Sprintf("khabar-item:%d:%s", it.SourceID, key))}
	if it.Duplicate == "" {
		locks = append(locks, lockKey("khabar-article:"+it.Record.ID))
	}
	sort.Slice(locks, func(i, j int) bool { return locks[i] < locks[j] })
	for _, l := range locks {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, l); err != nil {
			return res, fmt.Errorf("commit item %s: lock: %w", it.Key, err)
		}
	}

	// The item committed before (a crash after commit, or two runs at once): nothing to do.
	var prev, outcome string
	err = tx.QueryRow(ctx, `SELECT article, outcome FROM feed_items WHERE source = $1 AND key = $2`,
		it.SourceID, key).Scan(&prev, &outcome)
	switch {
	case err == nil:
		return store.CommitResult{Article: prev, Outcome: outcome, Already: true}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return res, fmt.Errorf("commit item %s: %w", it.Key, err)
	}

	var name string
	if err := tx.QueryRow(ctx, `SELECT name FROM sources WHERE id = $1`, it.SourceID).Scan(&name); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return res, fmt.Errorf("commit item %s: source %d: %w", it.Key, it.SourceID, store.ErrNotFound)
		}
		return res, fmt.Errorf("commit item %s: %w", it.Key, err)
	}
	if it.Record.Source != "" {
		name = clean(it.Record.Source)
	}

	res.Article, res.Outcome = clean(it.Duplicate), store.ItemMention
	if it.Duplicate == "" {
		r := &it.Record
		res.Article = r.ID
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM articles WHERE id = $1`, r.ID).Scan(&n); err != nil {
			return res, fmt.Errorf("commit item %s: %w", it.Key, err)
		}
		if n == 0 { // the same text under the same ID is a mention, not a second article
			if err := b.write(ctx, tx, []bool{true}); err != nil {
				return res, fmt.Errorf("commit item %s: %w", it.Key, err)
			}
			res.Outcome = store.ItemNew
			story := clean(it.Story)
			if story == "" {
				story = r.ID
			}
			at := r.PublishedTime
			if at.IsZero() {
				at = it.Seen
			}
			if _, err := tx.Exec(ctx, `INSERT INTO fingerprints (article, simhash, story, at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (article) DO UPDATE SET simhash = excluded.simhash, story = excluded.story, at = excluded.at`,
				r.ID, int64(it.SimHash), story, at.Unix()); err != nil {
				return res, fmt.Errorf("commit item %s: fingerprint: %w", it.Key, err)
			}
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO article_mentions (article, source, url, seen) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, res.Article, name, clean(it.URL), it.Seen.Unix()); err != nil {
		return res, fmt.Errorf("commit item %s: mention: %w", it.Key, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO feed_items (source, key, article, outcome, seen) VALUES ($1, $2, $3, $4, $5)`,
		it.SourceID, key, res.Article, res.Outcome, it.Seen.Unix()); err != nil {
		return res, fmt.Errorf("commit item %s: state: %w", it.Key, err)
	}
	if err := tx.Commit(ctx); err != nil {
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
	rows, err := s.pool.Query(ctx, `SELECT f.article, f.story, f.simhash, f.at, a.url, CASE WHEN $2 THEN a.record END
		FROM fingerprints f JOIN articles a ON a.id = f.article WHERE f.at >= $1 ORDER BY f.at, a.seq`, from, text)
	if err != nil {
		return nil, fmt.Errorf("fingerprints: %w", err)
	}
	defer rows.Close()
	var out []store.Fingerprint
	for rows.Next() {
		var fp store.Fingerprint
		var sh, at int64
		var blob []byte
		if err := rows.Scan(&fp.Article, &fp.Story, &sh, &at, &fp.URL, &blob); err != nil {
			return nil, fmt.Errorf("fingerprints: %w", err)
		}
		fp.SimHash, fp.Published = uint64(sh), time.Unix(at, 0).UTC()
		if text {
			var rec article.Record
			if err := decodeRecord(blob, &rec); err != nil {
				return nil, fmt.Errorf("fingerprints: %s: %w", fp.Article, err)
			}
			fp.Title, fp.Text = rec.Title, rec.Text
		}
		out = append(out, fp)
	}
	return out, rows.Err()
}

// Mentions returns the copies of an article, oldest first; see store.SourceStore.
func (s *Store) Mentions(ctx context.Context, articleID string) ([]store.Mention, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, s.pool, backend.ScanMentions, `SELECT article, source, url, seen FROM article_mentions
		WHERE article = $1 ORDER BY seen, seq`, clean(articleID))
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
	rows, err := s.pool.Query(ctx, `SELECT story, min(at), max(at) FROM fingerprints GROUP BY story
		HAVING max(at) >= $1 AND max(at) < $2 ORDER BY max(at) DESC, story LIMIT $3`, from, to, limit)
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
	rows, err := s.pool.Query(ctx, `SELECT f.article, a.title FROM fingerprints f JOIN articles a ON a.id = f.article
		WHERE f.story = $1 ORDER BY f.at, a.seq`, st.ID)
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
