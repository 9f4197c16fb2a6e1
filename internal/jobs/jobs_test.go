package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
)

var ctx = context.Background()

// openQueue returns a queue in a fresh schema.
func openQueue(t *testing.T, opts Options) (*Queue, *postgres.Store) {
	t.Helper()
	st, err := postgres.OpenWith(ctx, pgtest.URL(t), postgres.Options{Schema: pgtest.Schema(t), MaxConns: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, opts), st
}

func someJobs(n int, kind string) []NewJob {
	out := make([]NewJob, n)
	for i := range out {
		out[i] = NewJob{Kind: kind, Key: fmt.Sprintf("k%04d", i), Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))}
	}
	return out
}

func TestEnqueueUniqueKeys(t *testing.T) {
	q, _ := openQueue(t, Options{})
	n, err := q.Enqueue(ctx, someJobs(10, KindAnalyze)...)
	if err != nil || n != 10 {
		t.Fatalf("first enqueue: %d, %v", n, err)
	}
	// The same keys again (and two new ones, and one repeated within the call): only the new ones are added.
	again := append(someJobs(12, KindAnalyze), NewJob{Kind: KindAnalyze, Key: "k0011"})
	n, err = q.Enqueue(ctx, again...)
	if err != nil || n != 2 {
		t.Fatalf("second enqueue: %d new, %v; want 2", n, err)
	}
	// A key is unique within its kind only.
	if n, err := q.Enqueue(ctx, NewJob{Kind: KindReanalyze, Key: "k0000"}); err != nil || n != 1 {
		t.Errorf("same key, other kind: %d, %v", n, err)
	}
	// Done jobs keep their key: enqueueing finished work does nothing.
	js, err := q.Lease(ctx, "w", 1, KindAnalyze)
	if err != nil || len(js) != 1 {
		t.Fatal(js, err)
	}
	if err := q.Complete(ctx, js[0]); err != nil {
		t.Fatal(err)
	}
	if n, _ := q.Enqueue(ctx, NewJob{Kind: KindAnalyze, Key: js[0].Key}); n != 0 {
		t.Errorf("re-enqueue of a done job added %d", n)
	}
	if _, err := q.Enqueue(ctx, NewJob{Kind: KindAnalyze}); err == nil {
		t.Error("a job without a key was accepted")
	}
	st, err := q.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Queued != 12 || st.Done != 1 || st.ByKind[KindAnalyze].Queued != 11 || st.Ready != 12 {
		t.Errorf("stats = %+v", st)
	}
}

// TestLeaseSkipsLocked has several leasers race for the same jobs: each job is leased exactly once.
func TestLeaseSkipsLocked(t *testing.T) {
	q, _ := openQueue(t, Options{})
	if _, err := q.Enqueue(ctx, someJobs(200, KindAnalyze)...); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 6 {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			for {
				js, err := q.Lease(ctx, name, 7)
				if err != nil {
					errs <- err
					return
				}
				if len(js) == 0 {
					return
				}
				mu.Lock()
				for _, j := range js {
					if prev, ok := seen[j.ID]; ok {
						errs <- fmt.Errorf("job %d leased by %s and %s", j.ID, prev, name)
					}
					seen[j.ID] = name
				}
				mu.Unlock()
				for _, j := range js {
					if err := q.Complete(ctx, j); err != nil {
						errs <- err
					}
				}
			}
		}(fmt.Sprintf("w%d", w))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(seen) != 200 {
		t.Errorf("%d jobs leased, want 200", len(seen))
	}
	if st, _ := q.Stats(ctx); st.Done != 200 || st.Queued+st.Running+st.Dead != 0 {
		t.Errorf("stats = %+v", st.Counts)
	}
}

// TestExpiredLeaseRetriedThenDead leases a job and never reports on it, as a killed worker would: it comes
// back after the lease and the backoff, and is dead after MaxAttempts leases.
func TestExpiredLeaseRetriedThenDead(t *testing.T) {
	q, _ := openQueue(t, Options{Lease: time.Second, BackoffBase: 50 * time.Millisecond, MaxAttempts: 3})
	if _, err := q.Enqueue(ctx, someJobs(1, KindAnalyze)...); err != nil {
		t.Fatal(err)
	}
	var last Job
	for attempt := 1; attempt <= 3; attempt++ {
		var js []Job
		deadline := time.Now().Add(5 * time.Second)
		for len(js) == 0 && time.Now().Before(deadline) {
			var err error
			if js, err = q.Lease(ctx, fmt.Sprintf("dying-%d", attempt), 1); err != nil {
				t.Fatal(err)
			}
			if len(js) == 0 {
				time.Sleep(50 * time.Millisecond)
			}
		}
		if len(js) != 1 || js[0].Attempts != attempt {
			t.Fatalf("attempt %d: leased %+v", attempt, js)
		}
		last = js[0]
		if attempt == 1 {
			// While the lease holds, nobody else gets the job.
			if again, _ := q.Lease(ctx, "other", 1); len(again) != 0 {
				t.Fatalf("a held job was leased again: %+v", again)
			}
		}
	}
	time.Sleep(1100 * time.Millisecond)
	requeued, dead, err := q.Reap(ctx)
	if err != nil || requeued != 0 || dead != 1 {
		t.Fatalf("reap after the last attempt: %d requeued, %d dead, %v", requeued, dead, err)
	}
	// The worker that lost its lease cannot complete the job any more.
	if err := q.Complete(ctx, last); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("complete after expiry: %v, want ErrLeaseLost", err)
	}
	deadJobs, err := q.List(ctx, ListOptions{State: StateDead})
	if err != nil || len(deadJobs) != 1 || deadJobs[0].LastError == "" || deadJobs[0].Attempts != 3 {
		t.Fatalf("dead letters: %+v, %v", deadJobs, err)
	}
	// An operator retries the dead letter: it is leasable again with fresh attempts.
	if n, err := q.Retry(ctx, 0); err != nil || n != 1 {
		t.Fatalf("retry: %d, %v", n, err)
	}
	if js, _ := q.Lease(ctx, "w", 1); len(js) != 1 || js[0].Attempts != 1 {
		t.Errorf("after retry: %+v", js)
	}
}

func TestFailBackoffAndPermanent(t *testing.T) {
	q, _ := openQueue(t, Options{BackoffBase: time.Hour, BackoffMax: 2 * time.Hour, MaxAttempts: 5})
	if _, err := q.Enqueue(ctx, someJobs(2, KindAnalyze)...); err != nil {
		t.Fatal(err)
	}
	js, err := q.Lease(ctx, "w", 2)
	if err != nil || len(js) != 2 {
		t.Fatal(js, err)
	}
	dead, err := q.Fail(ctx, js[0], errors.New("network down"))
	if err != nil || dead {
		t.Fatalf("transient failure: dead %v, %v", dead, err)
	}
	dead, err = q.Fail(ctx, js[1], Permanent(errors.New("malformed payload")))
	if err != nil || !dead {
		t.Fatalf("permanent failure: dead %v, %v", dead, err)
	}
	// The transient failure waits for its backoff (about an hour): nothing is ready now.
	if again, _ := q.Lease(ctx, "w", 2); len(again) != 0 {
		t.Errorf("a job in backoff was leased: %+v", again)
	}
	st, _ := q.Stats(ctx)
	if st.Queued != 1 || st.Retrying != 1 || st.Ready != 0 || st.Dead != 1 || st.Failures != 1 {
		t.Errorf("stats = %+v", st)
	}
	list, _ := q.List(ctx, ListOptions{State: StateQueued})
	if len(list) != 1 || time.Until(list[0].RunAt) < 40*time.Minute || list[0].LastError != "network down" {
		t.Errorf("retrying job: %+v", list)
	}
	// Fail on a job whose lease is gone reports it.
	if _, err := q.Fail(ctx, js[0], errors.New("again")); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("second fail: %v", err)
	}
}

func TestWorkerRunsAndStopsGracefully(t *testing.T) {
	q, _ := openQueue(t, Options{Lease: 2 * time.Second, BackoffBase: 10 * time.Millisecond, MaxAttempts: 3})
	if _, err := q.Enqueue(ctx, someJobs(40, KindAnalyze)...); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Enqueue(ctx, NewJob{Kind: KindAnalyze, Key: "flaky"}, NewJob{Kind: KindAnalyze, Key: "broken"},
		NewJob{Kind: KindFetchFeed, Key: "no-handler"}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	ran := map[string]int{}
	handler := func(ctx context.Context, j Job) error {
		mu.Lock()
		ran[j.Key]++
		n := ran[j.Key]
		mu.Unlock()
		switch {
		case j.Key == "flaky" && n == 1:
			return errors.New("first try fails")
		case j.Key == "broken":
			return errors.New("always fails")
		}
		time.Sleep(5 * time.Millisecond)
		return nil
	}
	wctx, stop := context.WithCancel(ctx)
	w := &Worker{Queue: q, Handlers: map[string]Handler{KindAnalyze: handler}, Concurrency: 4, Poll: 20 * time.Millisecond}
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		st, err := q.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Done == 41 && st.Dead == 1 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st, _ := q.Stats(ctx)
	if st.Done != 41 || st.Dead != 1 || st.Running != 0 || st.ByKind[KindFetchFeed].Queued != 1 {
		t.Errorf("after the run: %+v", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if ran["flaky"] != 2 || ran["broken"] != 3 || ran["no-handler"] != 0 {
		t.Errorf("runs: flaky %d, broken %d, no-handler %d", ran["flaky"], ran["broken"], ran["no-handler"])
	}
	for i := range 40 {
		if k := fmt.Sprintf("k%04d", i); ran[k] != 1 {
			t.Errorf("%s ran %d times", k, ran[k])
		}
	}
}

// TestWorkerGraceReleases stops a worker whose job outlasts the grace period: the job goes back to the queue
// without using up an attempt.
func TestWorkerGraceReleases(t *testing.T) {
	q, _ := openQueue(t, Options{})
	if _, err := q.Enqueue(ctx, someJobs(1, KindAnalyze)...); err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	slow := func(ctx context.Context, j Job) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}
	wctx, stop := context.WithCancel(ctx)
	w := &Worker{Queue: q, Handlers: map[string]Handler{KindAnalyze: slow}, Poll: 10 * time.Millisecond, Grace: 100 * time.Millisecond}
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	<-started
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	list, err := q.List(ctx, ListOptions{})
	if err != nil || len(list) != 1 || list[0].State != StateQueued || list[0].Attempts != 0 {
		t.Errorf("after a stop past the grace: %+v, %v", list, err)
	}
}
