package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
)

// TestQueuedWrites runs the server on PostgreSQL with Enqueue: POST /api/articles queues analysis jobs (once per
// article, however often it is posted), /metrics shows the queue, and a worker's results are searchable.
func TestQueuedWrites(t *testing.T) {
	ctx := context.Background()
	st, err := postgres.OpenWith(ctx, pgtest.URL(t), postgres.Options{Schema: pgtest.Schema(t), MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := jobs.New(st, jobs.Options{})
	if _, err := New(Config{Store: st, Enqueue: true}); err == nil {
		t.Error("Enqueue without a queue was accepted")
	}
	s := newTestServer(t, func(c *Config) { c.Store, c.Queue, c.Enqueue, c.Analyzer = st, q, true, nil })
	h := s.Handler()
	auth := []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/x-ndjson"}
	body := `{"title":"افتتاح تصفیه‌خانه در اصفهان","text":"دومین تصفیه‌خانه آب شرب اصفهان افتتاح شد.","published":"2025-11-17"}
{"title":"بارش برف در جاده چالوس","text":"پلیس راه از بسته شدن جاده چالوس خبر داد.","published":"2025-11-18"}
{not json
`
	for i, want := range []struct{ queued, already int }{{2, 0}, {0, 2}} {
		rec := do(t, h, "POST", "/api/articles", strings.NewReader(body), auth...)
		var res queuedResult
		if err := json.Unmarshal(rec.Body.Bytes(), &res); rec.Code != http.StatusAccepted || err != nil {
			t.Fatalf("post #%d: status %d, %v: %s", i+1, rec.Code, err, rec.Body)
		}
		if res.Read != 2 || res.Queued != want.queued || res.AlreadyQueued != want.already || len(res.Jobs) != 2 || len(res.Failed) != 1 {
			t.Errorf("post #%d: %+v", i+1, res)
		}
	}
	if rec := do(t, h, "POST", "/api/articles", strings.NewReader(body)); rec.Code != http.StatusUnauthorized {
		t.Errorf("queued write without a token: status %d", rec.Code)
	}
	metrics := func() string {
		rec := do(t, h, "GET", "/metrics", nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("/metrics: %d", rec.Code)
		}
		return rec.Body.String()
	}
	m := metrics()
	for _, line := range []string{"khabar_queue_up 1\n", `khabar_jobs{kind="analyze",state="queued"} 2` + "\n",
		"khabar_queue_depth 2\n", "khabar_queue_workers 0\n", "# TYPE khabar_job_latency_seconds gauge\n"} {
		if !strings.Contains(m, line) {
			t.Errorf("/metrics lacks %q:\n%s", line, m)
		}
	}
	if rec := do(t, h, "GET", "/api/articles?q=اصفهان", nil); !strings.Contains(rec.Body.String(), `"total":0`) {
		t.Errorf("an article was stored before any worker ran: %s", rec.Body)
	}

	an, _, _ := sampleRecords(t)
	wctx, stop := context.WithCancel(ctx)
	w := &jobs.Worker{Queue: q, Handlers: map[string]jobs.Handler{jobs.KindAnalyze: jobs.AnalyzeHandler(an, st)},
		Poll: 20 * time.Millisecond}
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if strings.Contains(metrics(), `khabar_jobs{kind="analyze",state="done"} 2`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker did not finish:\n%s", metrics())
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	m = metrics()
	for _, line := range []string{"khabar_queue_depth 0\n", "khabar_jobs_finished_recent 2\n", "khabar_job_failures_recent 0\n"} {
		if !strings.Contains(m, line) {
			t.Errorf("after the worker, /metrics lacks %q", line)
		}
	}
	if rec := do(t, h, "GET", "/api/articles?q=اصفهان", nil); !strings.Contains(rec.Body.String(), `"total":1`) {
		t.Errorf("the worker's article is not searchable: %s", rec.Body)
	}
}

// TestMetricsWithoutQueue: a server without a queue (SQLite) reports no queue figures.
func TestMetricsWithoutQueue(t *testing.T) {
	s := newTestServer(t, nil)
	rec := do(t, s.Handler(), "GET", "/metrics", nil)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "khabar_queue") {
		t.Errorf("/metrics without a queue: %d\n%s", rec.Code, rec.Body)
	}
}
