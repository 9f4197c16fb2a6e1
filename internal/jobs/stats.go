package jobs

import (
	"context"
	"fmt"
	"time"
)

// Counts are jobs by state.
type Counts struct {
	Queued  int `json:"queued"`  // waiting, retries included
	Running int `json:"running"` // leased
	Done    int `json:"done"`
	Dead    int `json:"dead"` // dead letters
}

// Stats describe the queue, for `khabar jobs` and /metrics.
type Stats struct {
	Counts
	Retrying int               `json:"retrying"` // queued jobs that failed at least once
	Ready    int               `json:"ready"`    // queued jobs whose time has come: the queue depth
	Expired  int               `json:"expired"`  // running jobs whose lease has expired (a worker died)
	ByKind   map[string]Counts `json:"by_kind"`
	// OldestReady is the age of the oldest ready job: how far behind the workers are.
	OldestReady time.Duration `json:"oldest_ready_ns"`
	// Latency is the mean time from enqueue to done over the jobs finished in the last Window; Finished counts
	// them, and Failures counts the failed attempts of all jobs finished or dead in that window.
	Latency  time.Duration `json:"latency_ns"`
	Finished int           `json:"finished"`
	Failures int           `json:"failures"`
	Window   time.Duration `json:"window_ns"`
	// Workers counts distinct workers holding a lease now.
	Workers int `json:"workers"`
}

// StatsWindow is the window over which Stats measures latency and failures.
const StatsWindow = 5 * time.Minute

// Stats returns the queue's figures.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	st := Stats{ByKind: map[string]Counts{}, Window: StatsWindow}
	rows, err := q.pool.Query(ctx, `SELECT kind, state, count(*) FROM jobs GROUP BY kind, state`)
	if err != nil {
		return st, fmt.Errorf("job stats: %w", err)
	}
	for rows.Next() {
		var kind, state string
		var n int
		if err := rows.Scan(&kind, &state, &n); err != nil {
			rows.Close()
			return st, fmt.Errorf("job stats: %w", err)
		}
		c := st.ByKind[kind]
		for _, p := range []*Counts{&c, &st.Counts} {
			switch state {
			case StateQueued:
				p.Queued += n
			case StateRunning:
				p.Running += n
			case StateDone:
				p.Done += n
			case StateDead:
				p.Dead += n
			}
		}
		st.ByKind[kind] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("job stats: %w", err)
	}
	var oldest, latency float64
	err = q.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM jobs WHERE state = 'queued' AND attempts > 0),
		(SELECT count(*) FROM jobs WHERE state = 'queued' AND run_at <= now()),
		(SELECT count(*) FROM jobs WHERE state = 'running' AND leased_until < now()),
		(SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0)::float8 FROM jobs WHERE state = 'queued' AND run_at <= now()),
		(SELECT coalesce(avg(extract(epoch FROM finished_at - created_at)), 0)::float8 FROM jobs
			WHERE state = 'done' AND finished_at > now() - make_interval(secs => $1)),
		(SELECT count(*) FROM jobs WHERE state = 'done' AND finished_at > now() - make_interval(secs => $1)),
		(SELECT coalesce(sum(CASE WHEN state = 'dead' THEN attempts ELSE attempts - 1 END), 0) FROM jobs
			WHERE state IN ('done', 'dead') AND finished_at > now() - make_interval(secs => $1)),
		(SELECT count(DISTINCT leased_by) FROM jobs WHERE state = 'running' AND leased_until >= now())`,
		StatsWindow.Seconds()).Scan(&st.Retrying, &st.Ready, &st.Expired, &oldest, &latency, &st.Finished,
		&st.Failures, &st.Workers)
	if err != nil {
		return st, fmt.Errorf("job stats: %w", err)
	}
	st.OldestReady = time.Duration(oldest * float64(time.Second))
	st.Latency = time.Duration(latency * float64(time.Second))
	return st, nil
}
