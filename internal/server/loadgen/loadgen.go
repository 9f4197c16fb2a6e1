// Package loadgen is Khabar's HTTP load generator: it holds a fixed number of concurrent connections against the
// search API of a running server for a bounded time, and reports throughput, latency percentiles and errors.
// `khabar bench http` (or any caller) wires it to a command line.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultQueries are typical searches: words in several spellings, phrases, filters and exclusions.
var DefaultQueries = []string{
	"نخست وزیر", "نخست‌وزیر", "ایران", "آژانس بین‌المللی انرژی اتمی", `"انرژی اتمی"`, "entity:پوتین",
	"type:CONSULT", "تهران -اسرائیل", "گفت‌وگو", "تورم OR نقدینگی", "بودجه sort:date", "زلزله", "مذاکره*",
	"date:1404-08 ایران", "روسیه اسرائیل",
}

// Config configures a run.
type Config struct {
	BaseURL     string        // server root, for example http://127.0.0.1:8080
	Path        string        // endpoint; "" means /api/articles
	Queries     []string      // q values, used round-robin; nil means DefaultQueries
	Params      url.Values    // extra parameters on every request (limit, facets, …)
	Concurrency int           // concurrent connections; 0 means 100
	Duration    time.Duration // how long to run; 0 means 30 s
	Timeout     time.Duration // per request; 0 means 10 s
	Client      *http.Client  // nil builds one sized for Concurrency
}

// Result is the outcome of a run.
type Result struct {
	Requests int `json:"requests"`
	Errors   int `json:"errors"` // transport errors and responses other than 200
	// Unfinished counts requests still waiting for an answer when the run ended; they are in no other figure.
	Unfinished  int           `json:"unfinished"`
	StatusCodes map[int]int   `json:"statuses"` // responses by status code
	Bytes       int64         `json:"bytes"`    // response bytes read
	Elapsed     time.Duration `json:"elapsed_ns"`
	Throughput  float64       `json:"requests_per_second"`
	Mean        time.Duration `json:"mean_ns"`
	P50         time.Duration `json:"p50_ns"`
	P90         time.Duration `json:"p90_ns"`
	P99         time.Duration `json:"p99_ns"`
	Max         time.Duration `json:"max_ns"`
	Concurrency int           `json:"concurrency"`
	// ErrorSamples holds the first few distinct error messages.
	ErrorSamples []string `json:"error_samples,omitempty"`
}

// String summarises a result on a few lines.
func (r Result) String() string {
	return fmt.Sprintf("%d requests in %s with %d connections: %.1f req/s, %d errors, %d unfinished\n"+
		"latency mean %s  p50 %s  p90 %s  p99 %s  max %s",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Concurrency, r.Throughput, r.Errors, r.Unfinished,
		r.Mean.Round(time.Microsecond), r.P50.Round(time.Microsecond), r.P90.Round(time.Microsecond),
		r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond))
}

// maxErrorSamples bounds Result.ErrorSamples.
const maxErrorSamples = 5

// worker is the tally of one connection.
type worker struct {
	lat        []time.Duration
	unfinished int
	errs       int
	codes      map[int]int
	bytes      int64
	sample     []string
}

// Run sends requests from cfg.Concurrency goroutines until cfg.Duration passes or ctx is cancelled, and returns
// what it measured. Each goroutine sends one request at a time and reads the whole body.
func Run(ctx context.Context, cfg Config) Result {
	if cfg.Path == "" {
		cfg.Path = "/api/articles"
	}
	if len(cfg.Queries) == 0 {
		cfg.Queries = DefaultQueries
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 100
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 30 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{Timeout: cfg.Timeout, Transport: &http.Transport{
			MaxIdleConns: cfg.Concurrency, MaxIdleConnsPerHost: cfg.Concurrency, MaxConnsPerHost: cfg.Concurrency,
			IdleConnTimeout: 30 * time.Second, DisableCompression: true}}
		defer client.CloseIdleConnections()
	}
	targets := make([]string, len(cfg.Queries))
	base := strings.TrimRight(cfg.BaseURL, "/") + cfg.Path
	for i, q := range cfg.Queries {
		v := url.Values{}
		for k, vs := range cfg.Params {
			v[k] = vs
		}
		v.Set("q", q)
		targets[i] = base + "?" + v.Encode()
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var next atomic.Uint64
	workers := make([]*worker, cfg.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		w := &worker{codes: map[int]int{}}
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				target := targets[next.Add(1)%uint64(len(targets))]
				t0 := time.Now()
				code, n, err := get(ctx, client, target)
				if ctx.Err() != nil && err != nil {
					w.unfinished++ // the run ended mid-request: counted apart, not as a server error
					return
				}
				w.lat = append(w.lat, time.Since(t0))
				w.bytes += n
				if err != nil {
					w.errs++
					if len(w.sample) < maxErrorSamples {
						w.sample = append(w.sample, err.Error())
					}
					continue
				}
				w.codes[code]++
				if code != http.StatusOK {
					w.errs++
					if len(w.sample) < maxErrorSamples {
						w.sample = append(w.sample, fmt.Sprintf("%s: status %d", target, code))
					}
				}
			}
		}()
	}
	wg.Wait()
	return summarize(workers, time.Since(start), cfg.Concurrency)
}

// get sends one GET and drains the body.
func get(ctx context.Context, c *http.Client, target string) (int, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, n, err
}

// summarize merges the workers' tallies.
func summarize(ws []*worker, elapsed time.Duration, conc int) Result {
	r := Result{StatusCodes: map[int]int{}, Elapsed: elapsed, Concurrency: conc}
	var all []time.Duration
	seen := map[string]bool{}
	for _, w := range ws {
		all = append(all, w.lat...)
		r.Errors += w.errs
		r.Unfinished += w.unfinished
		r.Bytes += w.bytes
		for c, n := range w.codes {
			r.StatusCodes[c] += n
		}
		for _, s := range w.sample {
			if !seen[s] && len(r.ErrorSamples) < maxErrorSamples {
				seen[s] = true
				r.ErrorSamples = append(r.ErrorSamples, s)
			}
		}
	}
	r.Requests = len(all)
	if r.Requests == 0 {
		return r
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	var sum time.Duration
	for _, d := range all {
		sum += d
	}
	r.Mean = sum / time.Duration(len(all))
	r.P50, r.P90, r.P99 = Percentile(all, 50), Percentile(all, 90), Percentile(all, 99)
	r.Max = all[len(all)-1]
	r.Throughput = float64(r.Requests) / elapsed.Seconds()
	return r
}

// Percentile returns the p-th percentile (nearest rank) of sorted durations.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted)) + 0.999999)
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}
