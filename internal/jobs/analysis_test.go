package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store/postgres"
)

func sampleArticles(t *testing.T) []article.Article {
	t.Helper()
	arts, err := reader.Samples()
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < 3 {
		t.Fatalf("%d sample articles", len(arts))
	}
	return arts
}

// drain runs a worker until the queue has no queued or running job.
func drain(t *testing.T, q *Queue, handlers map[string]Handler) {
	t.Helper()
	wctx, stop := context.WithCancel(ctx)
	w := &Worker{Queue: q, Handlers: handlers, Concurrency: 2, Poll: 20 * time.Millisecond}
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		st, err := q.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Queued+st.Running == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue did not drain: %+v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestAnalyzeAndReanalyze(t *testing.T) {
	q, st := openQueue(t, Options{BackoffBase: 10 * time.Millisecond})
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts := sampleArticles(t)
	var js []NewJob
	for _, a := range arts {
		j, err := AnalyzeJob(a)
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, j, j) // twice: queued once
	}
	js = append(js, NewJob{Kind: KindAnalyze, Key: "garbage", Payload: []byte("{not json")})
	n, err := q.Enqueue(ctx, js...)
	if err != nil || n != len(arts)+1 {
		t.Fatalf("enqueue: %d, %v; want %d", n, err, len(arts)+1)
	}
	handlers := map[string]Handler{KindAnalyze: AnalyzeHandler(an, st), KindReanalyze: ReanalyzeHandler(an, st)}
	drain(t, q, handlers)
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != len(arts) || stats.Analyzers[analyze.Version] != len(arts) {
		t.Fatalf("after analysis: %+v", stats)
	}
	qs, _ := q.Stats(ctx)
	if qs.Done != len(arts) || qs.Dead != 1 {
		t.Errorf("queue after analysis: %+v", qs.Counts)
	}
	// The same record inline and through the queue.
	want, err := an.Article(ctx, arts[0])
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(ctx, want.ID)
	if err != nil || got.Title != want.Title || len(got.Entities) != len(want.Entities) {
		t.Fatalf("queued analysis differs from inline: %v", err)
	}

	// Age one record as if an older analyser had written it; only it is stale.
	old := got
	old.AnalyzerVersion = "0.0.1"
	old.Entities = []article.Mention{}
	if _, err := st.Replace(ctx, []article.Record{old}); err != nil {
		t.Fatal(err)
	}
	ids, err := st.StaleIDs(ctx, postgres.StaleOptions{Version: analyze.Version})
	if err != nil || len(ids) != 1 || ids[0] != old.ID {
		t.Fatalf("stale: %v, %v", ids, err)
	}
	all, _ := st.StaleIDs(ctx, postgres.StaleOptions{Version: analyze.Version, All: true})
	if len(all) != len(arts) {
		t.Errorf("all: %d ids", len(all))
	}
	for range 2 {
		if _, err := q.Enqueue(ctx, ReanalyzeJob(ids[0], analyze.Version, false)); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, q, handlers)
	re, err := st.Get(ctx, old.ID)
	if err != nil || re.AnalyzerVersion != analyze.Version || len(re.Entities) != len(want.Entities) {
		t.Fatalf("after re-analysis: version %q, %d entities, %v", re.AnalyzerVersion, len(re.Entities), err)
	}
	if s, _ := st.Stats(ctx); s.Articles != len(arts) {
		t.Errorf("re-analysis forked an article: %d articles", s.Articles)
	}
	if qs, _ := q.Stats(ctx); qs.ByKind[KindReanalyze].Done != 1 {
		t.Errorf("re-analysis jobs: %+v", qs.ByKind)
	}
}
