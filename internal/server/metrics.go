package server

import (
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/khabar/khabar/internal/jobs"
)

// latencyBuckets are the upper bounds, in seconds, of the request duration histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// routeStats are the counters of one route.
type routeStats struct {
	codes   map[int]uint64
	buckets []uint64 // cumulative counts per latencyBuckets bound
	count   uint64
	sum     float64
}

// metrics counts requests and their latencies per route, for /metrics in the Prometheus text format.
type metrics struct {
	mu     sync.Mutex
	routes map[string]*routeStats
}

func newMetrics() *metrics { return &metrics{routes: map[string]*routeStats{}} }

// observe records one request.
func (m *metrics) observe(route string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	rs := m.routes[route]
	if rs == nil {
		rs = &routeStats{codes: map[int]uint64{}, buckets: make([]uint64, len(latencyBuckets))}
		m.routes[route] = rs
	}
	rs.codes[status]++
	rs.count++
	rs.sum += sec
	for i, b := range latencyBuckets {
		if sec <= b {
			rs.buckets[i]++
		}
	}
}

// write renders the metrics in the Prometheus text exposition format (version 0.0.4).
func (m *metrics) write(b *strings.Builder) {
	m.mu.Lock()
	defer m.mu.Unlock()
	routes := make([]string, 0, len(m.routes))
	for r := range m.routes {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	b.WriteString("# HELP khabar_http_requests_total HTTP requests served, by route and status code.\n")
	b.WriteString("# TYPE khabar_http_requests_total counter\n")
	for _, r := range routes {
		rs := m.routes[r]
		codes := make([]int, 0, len(rs.codes))
		for c := range rs.codes {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(b, "khabar_http_requests_total{route=%s,code=\"%d\"} %d\n", label(r), c, rs.codes[c])
		}
	}
	b.WriteString("# HELP khabar_http_request_duration_seconds HTTP request latencies, by route.\n")
	b.WriteString("# TYPE khabar_http_request_duration_seconds histogram\n")
	for _, r := range routes {
		rs := m.routes[r]
		for i, bound := range latencyBuckets {
			fmt.Fprintf(b, "khabar_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", label(r),
				strconv.FormatFloat(bound, 'g', -1, 64), rs.buckets[i])
		}
		fmt.Fprintf(b, "khabar_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(r), rs.count)
		fmt.Fprintf(b, "khabar_http_request_duration_seconds_sum{route=%s} %s\n", label(r),
			strconv.FormatFloat(rs.sum, 'g', -1, 64))
		fmt.Fprintf(b, "khabar_http_request_duration_seconds_count{route=%s} %d\n", label(r), rs.count)
	}
}

// label quotes a Prometheus label value.
func label(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// serveMetrics answers /metrics.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	s.metrics.write(&b)
	st, err := s.cfg.Store.Stats(r.Context())
	up := 1
	if err != nil {
		up = 0
	}
	b.WriteString("# HELP khabar_store_up Whether the store answered the last scrape.\n# TYPE khabar_store_up gauge\n")
	fmt.Fprintf(&b, "khabar_store_up %d\n", up)
	if err == nil {
		for _, g := range []struct {
			name, help string
			v          int
		}{
			{"khabar_articles", "Articles in the store.", st.Articles},
			{"khabar_entities", "Distinct entities in the store.", st.Entities},
			{"khabar_events", "Events in the store.", st.Events},
			{"khabar_quotes", "Quotes in the store.", st.Quotes},
		} {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", g.name, g.help, g.name, g.name, g.v)
		}
		fmt.Fprintf(&b, "# HELP khabar_store_size_bytes Size of the store.\n# TYPE khabar_store_size_bytes gauge\nkhabar_store_size_bytes %d\n", st.SizeBytes)
	}
	held, waiting := s.searches.state()
	fmt.Fprintf(&b, "# HELP khabar_searches_running Store searches running now.\n# TYPE khabar_searches_running gauge\nkhabar_searches_running %d\n", held)
	fmt.Fprintf(&b, "# HELP khabar_searches_waiting Searches waiting for their turn (at most %d run at once).\n# TYPE khabar_searches_waiting gauge\nkhabar_searches_waiting %d\n",
		s.searches.size, waiting)
	if s.cfg.Queue != nil {
		writeQueueMetrics(&b, s.cfg.Queue, r)
	}
	fmt.Fprintf(&b, "# HELP go_goroutines Goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n",
		runtime.NumGoroutine())
	fmt.Fprintf(&b, "# HELP khabar_uptime_seconds Seconds since the server started.\n# TYPE khabar_uptime_seconds gauge\nkhabar_uptime_seconds %d\n",
		int64(s.cfg.Now().Sub(s.started).Seconds()))
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

// writeQueueMetrics writes the job queue's figures: jobs by kind and state, depth, age of the oldest ready job,
// expired leases, workers, and the latency and failures of the jobs finished in the last jobs.StatsWindow.
func writeQueueMetrics(b *strings.Builder, q *jobs.Queue, r *http.Request) {
	st, err := q.Stats(r.Context())
	up := 1
	if err != nil {
		up = 0
	}
	b.WriteString("# HELP khabar_queue_up Whether the job queue answered the last scrape.\n# TYPE khabar_queue_up gauge\n")
	fmt.Fprintf(b, "khabar_queue_up %d\n", up)
	if err != nil {
		return
	}
	b.WriteString("# HELP khabar_jobs Jobs in the queue by kind and state.\n# TYPE khabar_jobs gauge\n")
	for _, kind := range jobs.Kinds {
		c := st.ByKind[kind]
		for _, sc := range []struct {
			state string
			n     int
		}{{jobs.StateQueued, c.Queued}, {jobs.StateRunning, c.Running}, {jobs.StateDone, c.Done}, {jobs.StateDead, c.Dead}} {
			fmt.Fprintf(b, "khabar_jobs{kind=%q,state=%q} %d\n", kind, sc.state, sc.n)
		}
	}
	win := int(jobs.StatsWindow.Minutes())
	for _, g := range []struct {
		name, help string
		v          float64
	}{
		{"khabar_queue_depth", "Queued jobs whose time has come.", float64(st.Ready)},
		{"khabar_queue_retrying", "Queued jobs that failed at least once.", float64(st.Retrying)},
		{"khabar_queue_oldest_ready_seconds", "Age of the oldest ready job: how far behind the workers are.", st.OldestReady.Seconds()},
		{"khabar_queue_expired_leases", "Running jobs whose lease expired (their worker died).", float64(st.Expired)},
		{"khabar_queue_workers", "Workers holding a lease.", float64(st.Workers)},
		{"khabar_job_latency_seconds", fmt.Sprintf("Mean time from enqueue to done of the jobs finished in the last %d minutes.", win), st.Latency.Seconds()},
		{"khabar_jobs_finished_recent", fmt.Sprintf("Jobs finished in the last %d minutes.", win), float64(st.Finished)},
		{"khabar_job_failures_recent", fmt.Sprintf("Failed attempts of the jobs finished or dead in the last %d minutes.", win), float64(st.Failures)},
	} {
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", g.name, g.help, g.name, g.name, g.v)
	}
}
