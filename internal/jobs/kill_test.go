package jobs

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"net/url"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/bench"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
)

var killN = flag.Int("kill.n", 5000, "articles the kill test queues")

// process is one `khabar worker` child.
type process struct {
	name string
	cmd  *exec.Cmd
	log  *bytes.Buffer
	done chan error
}

// syncBuffer is a bytes.Buffer safe for the child's output goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

// TestKillWorkers is the kill -9 test: it queues sample and synthetic articles, starts 4 worker processes,
// SIGKILLs two of them while each holds a lease, starts replacements, and checks when the queue drains that
// every article was analysed exactly once in the final state: no missing record, no duplicate row, no job
// left in a lease, no dead letter.
func TestKillWorkers(t *testing.T) {
	base := pgtest.URL(t)
	if testing.Short() {
		t.Skip("the kill test builds the binary and runs worker processes")
	}
	schema := pgtest.Schema(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	qv := u.Query()
	qv.Set("search_path", schema)
	u.RawQuery = qv.Encode()
	dbURL := u.String()

	dir := t.TempDir()
	bin := filepath.Join(dir, "khabar")
	build := exec.Command("go", "build", "-o", bin, "github.com/khabar/khabar/cmd/khabar")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	st, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := New(st, Options{})

	// The queue: the sample articles, then synthetic ones up to N.
	arts := sampleArticles(t)
	err = bench.Corpus(ctx, bench.CorpusOptions{Articles: max(*killN-len(arts), 0), Seed: 5000}, func(_ int, a article.Article) error {
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	arts = arts[:min(len(arts), max(*killN, 1))]
	var js []NewJob
	for _, a := range arts {
		j, err := AnalyzeJob(a)
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, j)
	}
	for i := 0; i < len(js); i += 1000 {
		if _, err := q.Enqueue(ctx, js[i:min(i+1000, len(js))]...); err != nil {
			t.Fatal(err)
		}
	}
	n := len(arts)
	t.Logf("queued %d articles", n)

	var procs []*process
	start := func(name string) *process {
		var log syncBuffer
		// Each worker's connections carry its name, so that the test can wait for them to close after a kill.
		cmd := exec.Command(bin, "worker", "--db", dbURL+"&application_name="+url.QueryEscape(name), "--name", name, "--concurrency", "2",
			"--lease", "2s", "--backoff", "100ms", "--poll", "100ms", "--grace", "20s")
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		p := &process{name: name, cmd: cmd, log: &log.Buffer, done: make(chan error, 1)}
		go func() { p.done <- cmd.Wait() }()
		procs = append(procs, p)
		return p
	}
	defer func() {
		for _, p := range procs {
			p.cmd.Process.Kill()
		}
		if t.Failed() {
			for _, p := range procs {
				t.Logf("worker %s:\n%s", p.name, tail(p.log.String(), 1500))
			}
		}
	}()
	workers := []*process{start("w1"), start("w2"), start("w3"), start("w4")}

	// holding waits until a worker holds a lease and returns that job's ID.
	holding := func(name string) int64 {
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			var id int64
			err := st.Pool().QueryRow(ctx, `SELECT id FROM jobs WHERE state = 'running' AND leased_by = $1 LIMIT 1`, name).Scan(&id)
			if err == nil {
				return id
			}
			time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		}
		t.Fatalf("worker %s never held a job", name)
		return 0
	}
	doneCount := func() int {
		s, err := q.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Done
	}
	// Kill two workers at random moments (after random shares of the work), each while it holds a lease, and
	// start a replacement for each.
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 42))
	var killed []int64
	for k, victim := range []int{rng.IntN(2), 2 + rng.IntN(2)} {
		at := n * (15 + rng.IntN(25) + 35*k) / 100
		for doneCount() < at {
			time.Sleep(20 * time.Millisecond)
		}
		w := workers[victim]
		holding(w.name)
		time.Sleep(time.Duration(rng.IntN(10)) * time.Millisecond)
		if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-w.done
		// Once its connections are closed (a statement in flight when it died has finished on the server), what
		// the dead worker held is still leased to it in the database.
		gone := time.Now().Add(30 * time.Second)
		for {
			var conns int
			if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, w.name).Scan(&conns); err != nil {
				t.Fatal(err)
			}
			if conns == 0 {
				break
			}
			if time.Now().After(gone) {
				t.Fatalf("the connections of killed worker %s stay open", w.name)
			}
			time.Sleep(10 * time.Millisecond)
		}
		rows, err := st.Pool().Query(ctx, `SELECT id FROM jobs WHERE state = 'running' AND leased_by = $1`, w.name)
		if err != nil {
			t.Fatal(err)
		}
		var held []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			held = append(held, id)
		}
		rows.Close()
		killed = append(killed, held...)
		t.Logf("killed %s at %d/%d done, holding jobs %v", w.name, doneCount(), n, held)
		workers[victim] = start(w.name + "-replacement")
	}

	// Wait for the queue to drain.
	deadline := time.Now().Add(10 * time.Minute)
	for {
		s, err := q.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Queued+s.Running == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue did not drain: %+v", s)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The survivors stop gracefully on SIGTERM.
	for _, w := range workers {
		w.cmd.Process.Signal(syscall.SIGTERM)
	}
	for _, w := range workers {
		select {
		case err := <-w.done:
			if err != nil {
				t.Errorf("worker %s after SIGTERM: %v", w.name, err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("worker %s did not stop on SIGTERM", w.name)
		}
	}

	// Every job is done, none dead, none leased.
	s, err := q.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Done != n || s.Dead != 0 || s.Running != 0 || s.Queued != 0 {
		t.Errorf("jobs after the drain: %+v", s.Counts)
	}
	var leased int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM jobs WHERE leased_until IS NOT NULL OR state <> 'done'`).Scan(&leased)
	if leased != 0 {
		t.Errorf("%d jobs still hold a lease or are not done", leased)
	}
	// The killed workers' jobs were retried after their leases expired.
	if len(killed) == 0 {
		t.Error("neither killed worker held a lease when it died")
	}
	for _, id := range killed {
		var attempts int
		var state string
		st.Pool().QueryRow(ctx, `SELECT attempts, state FROM jobs WHERE id = $1`, id).Scan(&attempts, &state)
		if attempts < 2 || state != StateDone {
			t.Errorf("job %d held by a killed worker: %d attempts, %s", id, attempts, state)
		}
	}
	// Every article is stored once, by this analyser: N done jobs each store one record, so N records means
	// none is missing and none collapsed; the ID's unique index forbids a second row, and annotation rows match
	// the records' counts (a doubled write would double them).
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != n || stats.Analyzers[analyze.Version] != n {
		t.Errorf("%d articles stored (%v), want %d", stats.Articles, stats.Analyzers, n)
	}
	var rows, distinct, mentionRows, mentionSum, eventRows, eventSum int
	st.Pool().QueryRow(ctx, `SELECT count(*), count(DISTINCT id), (SELECT count(*) FROM mentions),
		coalesce(sum(n_mentions), 0), (SELECT count(*) FROM events), coalesce(sum(n_events), 0) FROM articles`).Scan(
		&rows, &distinct, &mentionRows, &mentionSum, &eventRows, &eventSum)
	if rows != distinct || eventRows != eventSum || mentionRows > mentionSum {
		t.Errorf("rows %d, distinct IDs %d, mentions %d of %d, events %d of %d", rows, distinct, mentionRows, mentionSum, eventRows, eventSum)
	}
	// Spot check: records match an in-process analysis of their input.
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, n / 2, n - 1} {
		want, err := an.Article(ctx, arts[i])
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, want.ID)
		if err != nil || got.Title != want.Title || len(got.Entities) != len(want.Entities) || len(got.Events) != len(want.Events) {
			t.Errorf("article %d (%s): %v", i, want.ID, err)
		}
	}
	t.Logf("drained: %d done, %d failed attempts in the last %s, mean latency %s", s.Done, s.Failures, s.Window, s.Latency)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
