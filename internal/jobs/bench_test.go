package jobs

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/bench"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
)

// BenchmarkQueueOverhead measures what the queue costs per job, with a handler that does nothing: enqueue (in
// batches of 1,000), then lease, run and complete by a worker with 4 concurrent slots, and the PostgreSQL
// server's CPU per job (when it runs on this machine).
func BenchmarkQueueOverhead(b *testing.B) {
	q, _ := openQueueB(b)
	js := make([]NewJob, b.N)
	for i := range js {
		js[i] = NewJob{Kind: KindAnalyze, Key: fmt.Sprintf("k%d", i), Payload: []byte(`{}`)}
	}
	b.ResetTimer()
	pg0 := postgresCPU()
	start := time.Now()
	for i := 0; i < len(js); i += 1000 {
		if _, err := q.Enqueue(ctx, js[i:min(i+1000, len(js))]...); err != nil {
			b.Fatal(err)
		}
	}
	enq := time.Since(start)
	wctx, stop := context.WithCancel(ctx)
	var done int64
	finished := make(chan struct{})
	w := &Worker{Queue: q, Concurrency: 4, Poll: 5 * time.Millisecond,
		Handlers: map[string]Handler{KindAnalyze: func(context.Context, Job) error { return nil }},
		OnDone: func(Job, error) {
			if done++; done == int64(b.N) {
				close(finished)
			}
		}}
	run := time.Now()
	errc := make(chan error)
	go func() { errc <- w.Run(wctx) }()
	<-finished
	took := time.Since(run)
	stop()
	<-errc
	b.StopTimer()
	b.ReportMetric(float64((postgresCPU()-pg0).Microseconds())/float64(b.N), "µs-pg-cpu/job")
	b.ReportMetric(float64(enq.Microseconds())/float64(b.N), "µs-enqueue/job")
	b.ReportMetric(float64(took.Microseconds())/float64(b.N), "µs-lease+complete/job")
	b.ReportMetric(float64(b.N)/took.Seconds(), "jobs/s")
}

func openQueueB(b *testing.B) (*Queue, *postgres.Store) {
	b.Helper()
	st, err := postgres.OpenWith(ctx, pgtest.URL(b), postgres.Options{Schema: pgtest.Schema(b), MaxConns: 10})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return New(st, Options{}), st
}

// BenchmarkWorkers measures analysis throughput through the queue with 1, 2 and 4 `khabar worker` processes
// (one job at a time each) against one PostgreSQL, on $KHABAR_BENCH_ARTICLES synthetic articles (1,000 by
// default). Besides articles/s it reports the CPU the workers and the PostgreSQL server spent per article,
// which says what limits the throughput.
func BenchmarkWorkers(b *testing.B) {
	base := pgtest.URL(b)
	n, _ := strconv.Atoi(os.Getenv("KHABAR_BENCH_ARTICLES"))
	if n <= 0 {
		n = 1000
	}
	bin := filepath.Join(b.TempDir(), "khabar")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/khabar/khabar/cmd/khabar").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var js []NewJob
	err := bench.Corpus(ctx, bench.CorpusOptions{Articles: n, Seed: 7}, func(_ int, a article.Article) error {
		j, err := AnalyzeJob(a)
		js = append(js, j)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", k), func(b *testing.B) {
			var total, workerCPU, pgCPU time.Duration
			for b.Loop() {
				b.StopTimer()
				schema := pgtest.Schema(b)
				u, _ := url.Parse(base)
				qv := u.Query()
				qv.Set("search_path", schema)
				u.RawQuery = qv.Encode()
				st, err := postgres.Open(ctx, u.String())
				if err != nil {
					b.Fatal(err)
				}
				q := New(st, Options{})
				for i := 0; i < len(js); i += 1000 {
					if _, err := q.Enqueue(ctx, js[i:min(i+1000, len(js))]...); err != nil {
						b.Fatal(err)
					}
				}
				pg0 := postgresCPU()
				b.StartTimer()
				start := time.Now()
				var cmds []*exec.Cmd
				for w := range k {
					cmd := exec.Command(bin, "worker", "--db", u.String(), "--drain", "--poll", "100ms",
						"--name", fmt.Sprintf("bench-%d", w))
					if err := cmd.Start(); err != nil {
						b.Fatal(err)
					}
					cmds = append(cmds, cmd)
				}
				for _, cmd := range cmds {
					if err := cmd.Wait(); err != nil {
						b.Fatal(err)
					}
					workerCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				}
				total += time.Since(start)
				b.StopTimer()
				pgCPU += postgresCPU() - pg0
				s, _ := st.Stats(ctx)
				if s.Articles != n {
					b.Fatalf("%d articles stored, want %d", s.Articles, n)
				}
				st.Close()
				b.StartTimer()
			}
			arts := float64(n * b.N)
			b.ReportMetric(arts/total.Seconds(), "articles/s")
			b.ReportMetric(float64(workerCPU.Milliseconds())/arts, "worker-cpu-ms/article")
			b.ReportMetric(float64(pgCPU.Milliseconds())/arts, "pg-cpu-ms/article")
		})
	}
}

// postgresCPU sums the CPU time of every process named postgres on this machine (the local test cluster), the
// exited backends included (through the postmaster's children's time), from /proc; 0 where /proc is missing.
func postgresCPU() time.Duration {
	ents, _ := os.ReadDir("/proc")
	var ticks int64
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(data)
		open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closing < open || s[open+1:closing] != "postgres" {
			continue
		}
		f := strings.Fields(s[closing+1:])
		if len(f) < 15 {
			continue
		}
		// utime, stime, and cutime, cstime: the postmaster has waited for the backends that have exited.
		for _, x := range f[11:15] {
			v, _ := strconv.ParseInt(x, 10, 64)
			ticks += v
		}
	}
	return time.Duration(ticks) * (time.Second / 100) // USER_HZ is 100 on Linux
}
