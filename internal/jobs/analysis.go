package jobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/store"
)

// AnalyzeJob returns the job that analyses and stores an article. Its key hashes what the article ID is made
// of (title, body and publication day) plus the source and URL, so that the same input enqueued twice is one
// job.
func AnalyzeJob(a article.Article) (NewJob, error) {
	payload, err := json.Marshal(a)
	if err != nil {
		return NewJob{}, fmt.Errorf("analyze job: %w", err)
	}
	h := sha256.New()
	for _, s := range []string{a.Source, a.URL, a.Title, a.BodyText()} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if !a.Published.IsZero() {
		h.Write([]byte(a.Published.UTC().Format(time.RFC3339)))
	}
	return NewJob{Kind: KindAnalyze, Key: hex.EncodeToString(h.Sum(nil))[:32], Payload: payload}, nil
}

// ReanalyzePayload is the input of a re-analysis job.
type ReanalyzePayload struct {
	ID string `json:"id"`
	// Force replaces the record even when its analyser version is not older than this build's.
	Force bool `json:"force,omitempty"`
}

// ReanalyzeJob returns the job that re-analyses a stored article with analyser version (this build's,
// analyze.Version): one job per article and version, so that running `khabar reanalyze` twice queues once.
func ReanalyzeJob(id, version string, force bool) NewJob {
	key := id + "@" + version
	if force {
		key += "+force"
	}
	payload, _ := json.Marshal(ReanalyzePayload{ID: id, Force: force})
	return NewJob{Kind: KindReanalyze, Key: key, Payload: payload}
}

// Replacer is implemented by stores that can replace a record whatever its analyser version (the PostgreSQL
// store), for forced re-analysis.
type Replacer interface {
	Replace(ctx context.Context, recs []article.Record) (store.PutResult, error)
}

// AnalyzeHandler analyses the article in the payload and stores the record.
func AnalyzeHandler(an *analyze.Analyzer, st store.Store) Handler {
	return func(ctx context.Context, j Job) error {
		var a article.Article
		if err := json.Unmarshal(j.Payload, &a); err != nil {
			return Permanent(fmt.Errorf("analyze job %s: payload: %w", j.Key, err))
		}
		rec, err := an.Article(ctx, a)
		if err != nil {
			return fmt.Errorf("analyze job %s: %w", j.Key, err)
		}
		res, err := st.Put(ctx, []article.Record{rec})
		if err != nil {
			return fmt.Errorf("analyze job %s: store: %w", j.Key, err)
		}
		if len(res.Invalid) > 0 {
			return Permanent(fmt.Errorf("analyze job %s: %s", j.Key, res.Invalid[0].Err))
		}
		return nil
	}
}

// ArticleOf rebuilds the article a record was analysed from: its metadata and its (normalised) body blocks.
func ArticleOf(rec article.Record) article.Article {
	a := article.Article{Source: rec.Source, URL: rec.URL, Title: rec.Title, Dateline: rec.Dateline,
		Language: rec.Language, Raw: rec.Raw, Published: rec.PublishedTime, DateOnly: len(rec.Published) == 10}
	if rec.Fetched != "" {
		a.Fetched, _ = time.Parse(time.RFC3339, rec.Fetched)
	}
	a.Body = append(a.Body, rec.Blocks...)
	if len(a.Body) == 0 && rec.Text != "" {
		a.Body = []article.Block{{Text: rec.Text}}
	}
	return a
}

// ReanalyzeHandler analyses a stored article again and stores the new record under the same ID. A record
// already at this build's analyser version (or newer) is left alone unless the job is forced; an article
// deleted meanwhile is nothing to do.
func ReanalyzeHandler(an *analyze.Analyzer, st store.Store) Handler {
	return func(ctx context.Context, j Job) error {
		var p ReanalyzePayload
		if err := json.Unmarshal(j.Payload, &p); err != nil || p.ID == "" {
			return Permanent(fmt.Errorf("reanalyze job %s: bad payload", j.Key))
		}
		old, err := st.Get(ctx, p.ID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reanalyze %s: %w", p.ID, err)
		}
		if !p.Force && store.CompareVersions(old.AnalyzerVersion, analyze.Version) >= 0 {
			return nil
		}
		rec, err := an.Article(ctx, ArticleOf(old))
		if err != nil {
			return fmt.Errorf("reanalyze %s: %w", p.ID, err)
		}
		rec.ID = old.ID // a better normaliser must not fork the article
		rec.Raw = old.Raw
		var res store.PutResult
		if r, ok := st.(Replacer); ok && p.Force {
			res, err = r.Replace(ctx, []article.Record{rec})
		} else {
			res, err = st.Put(ctx, []article.Record{rec})
		}
		if err != nil {
			return fmt.Errorf("reanalyze %s: store: %w", p.ID, err)
		}
		if len(res.Invalid) > 0 {
			return Permanent(fmt.Errorf("reanalyze %s: %s", p.ID, res.Invalid[0].Err))
		}
		return nil
	}
}
