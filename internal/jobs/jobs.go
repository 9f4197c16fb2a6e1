// Package jobs is Khabar's work queue on PostgreSQL: the jobs table (fetch feed, fetch page, analyse,
// re-analyse), leased with SELECT … FOR UPDATE SKIP LOCKED so that any number of `khabar worker` processes on
// any number of machines share the work without a broker.
//
// A leased job belongs to one worker until its lease expires. A worker that dies (SIGKILL, a lost machine)
// simply stops renewing its leases; the next worker to look for work puts the expired jobs back in the queue,
// after a backoff, or in the dead-letter state once they have used up their attempts. A handler that fails is
// retried the same way. Because handlers store their results idempotently (store.Store.Put is idempotent by
// article ID), a job that runs twice — its first worker died after storing but before saying so — leaves one
// result, never two.
//
// Each job has a key unique within its kind: enqueueing the same work item twice adds it once.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/postgres"
)

// Job kinds.
const (
	KindFetchFeed = "fetch_feed" // poll a feed and enqueue its new items
	KindFetchPage = "fetch_page" // fetch one page and enqueue its analysis
	KindAnalyze   = "analyze"    // analyse an article read elsewhere and store the record
	KindReanalyze = "reanalyze"  // analyse a stored article again with this build's analyser
)

// Kinds lists every job kind.
var Kinds = []string{KindFetchFeed, KindFetchPage, KindAnalyze, KindReanalyze}

// Job states.
const (
	StateQueued  = "queued"  // waiting for a worker (maybe for a retry time)
	StateRunning = "running" // leased by a worker
	StateDone    = "done"    // finished
	StateDead    = "dead"    // failed MaxAttempts times, or failed permanently: the dead-letter state
)

// Errors.
var (
	// ErrNotPostgres is returned by Open for a store that is not PostgreSQL: the queue needs one.
	ErrNotPostgres = errors.New("the job queue needs the PostgreSQL store (--db postgres://…)")
	// ErrLeaseLost is returned when a worker reports on a job whose lease it no longer holds (it expired and
	// the job was requeued or taken by another worker).
	ErrLeaseLost = errors.New("lease lost")
)

// Options tune a Queue. The zero value uses the defaults.
type Options struct {
	MaxAttempts int           // attempts before a job is dead; 0 means DefaultMaxAttempts
	Lease       time.Duration // how long a lease lasts unless renewed; 0 means DefaultLease
	BackoffBase time.Duration // delay before the first retry, doubled each attempt; 0 means DefaultBackoff
	BackoffMax  time.Duration // longest retry delay; 0 means DefaultBackoffMax
}

// Defaults of Options.
const (
	DefaultMaxAttempts = 5
	DefaultLease       = time.Minute
	DefaultBackoff     = 5 * time.Second
	DefaultBackoffMax  = 10 * time.Minute
)

func (o Options) withDefaults() Options {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = DefaultBackoff
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = DefaultBackoffMax
	}
	return o
}

// Queue is the job queue of one database schema. It is safe for concurrent use.
type Queue struct {
	pool *pgxpool.Pool
	opts Options
}

// New returns the queue on a PostgreSQL store's database.
func New(st *postgres.Store, opts Options) *Queue {
	return &Queue{pool: st.Pool(), opts: opts.withDefaults()}
}

// Open returns the queue of a store, or an error wrapping ErrNotPostgres when the store is not PostgreSQL.
func Open(st store.Store, opts Options) (*Queue, error) {
	pg, ok := st.(*postgres.Store)
	if !ok {
		return nil, ErrNotPostgres
	}
	return New(pg, opts), nil
}

// Options returns the queue's options with defaults applied.
func (q *Queue) Options() Options { return q.opts }

// Job is a unit of work.
type Job struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Key         string    `json:"key"`
	Payload     []byte    `json:"-"`
	State       string    `json:"state"`
	Attempts    int       `json:"attempts"` // leases taken so far, this one included while running
	MaxAttempts int       `json:"max_attempts"`
	RunAt       time.Time `json:"run_at"`
	LeasedUntil time.Time `json:"leased_until,omitzero"`
	LeasedBy    string    `json:"leased_by,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	FinishedAt  time.Time `json:"finished_at,omitzero"`
}

// NewJob is a job to enqueue.
type NewJob struct {
	Kind        string
	Key         string    // unique within Kind: enqueueing an existing kind and key does nothing
	Payload     []byte    // the handler's input, typically JSON
	RunAt       time.Time // not before; zero means now
	MaxAttempts int       // 0 means the queue's MaxAttempts
}

// Enqueue adds jobs in one statement and returns how many were new; jobs whose kind and key exist already (in
// any state) are skipped.
func (q *Queue) Enqueue(ctx context.Context, jobs ...NewJob) (int, error) {
	if len(jobs) == 0 {
		return 0, nil
	}
	kinds := make([]string, len(jobs))
	keys := make([]string, len(jobs))
	payloads := make([][]byte, len(jobs))
	runAt := make([]*time.Time, len(jobs))
	maxAttempts := make([]int32, len(jobs))
	for i, j := range jobs {
		if j.Kind == "" || j.Key == "" {
			return 0, fmt.Errorf("enqueue: %w: job %d has no kind or key", store.ErrInvalid, i)
		}
		kinds[i], keys[i], payloads[i] = j.Kind, j.Key, j.Payload
		if payloads[i] == nil {
			payloads[i] = []byte{}
		}
		if !j.RunAt.IsZero() {
			t := j.RunAt
			runAt[i] = &t
		}
		maxAttempts[i] = int32(q.opts.MaxAttempts)
		if j.MaxAttempts > 0 {
			maxAttempts[i] = int32(j.MaxAttempts)
		}
	}
	tag, err := q.pool.Exec(ctx, `INSERT INTO jobs (kind, key, payload, run_at, max_attempts)
		SELECT kind, key, payload, coalesce(run_at, now()), max_attempts
		FROM unnest($1::text[], $2::text[], $3::bytea[], $4::timestamptz[], $5::int[])
			AS u(kind, key, payload, run_at, max_attempts)
		ON CONFLICT (kind, key) DO NOTHING`, kinds, keys, payloads, runAt, maxAttempts)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// backoffSQL is the retry delay of a job after its attempts-th attempt: BackoffBase·2^(attempts−1), at most
// BackoffMax, with ±25% jitter so that jobs failing together do not return together. $b and $m are seconds.
const backoffSQL = `make_interval(secs => least(%s::float8, %s::float8 * power(2, greatest(attempts - 1, 0))) * (0.75 + random() / 2))`

// Reap returns jobs whose lease expired to the queue (after a backoff) or, once they have used up their
// attempts, to the dead-letter state. Lease calls it; it is exported for operators and tests.
func (q *Queue) Reap(ctx context.Context) (requeued, dead int, err error) {
	rows, err := q.pool.Query(ctx, `UPDATE jobs SET
			state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
			run_at = now() + `+fmt.Sprintf(backoffSQL, "$2", "$1")+`,
			finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
			last_error = 'lease expired: worker ' || leased_by || ' stopped or stalled',
			leased_until = NULL, leased_by = ''
		WHERE state = 'running' AND leased_until < now()
		RETURNING state`, q.opts.BackoffBase.Seconds(), q.opts.BackoffMax.Seconds())
	if err != nil {
		return 0, 0, fmt.Errorf("reap: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return requeued, dead, fmt.Errorf("reap: %w", err)
		}
		if s == StateDead {
			dead++
		} else {
			requeued++
		}
	}
	return requeued, dead, rows.Err()
}

// Lease takes up to n ready jobs of the given kinds (all kinds when none is given) for a worker, oldest first,
// skipping jobs other workers hold. Expired leases are reaped first.
func (q *Queue) Lease(ctx context.Context, worker string, n int, kinds ...string) ([]Job, error) {
	if n <= 0 {
		return nil, nil
	}
	if _, _, err := q.Reap(ctx); err != nil {
		return nil, err
	}
	if len(kinds) == 0 {
		kinds = Kinds
	}
	rows, err := q.pool.Query(ctx, `WITH c AS (
			SELECT id FROM jobs WHERE state = 'queued' AND run_at <= now() AND kind = ANY($3)
			ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
		UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, leased_by = $1,
			leased_until = now() + make_interval(secs => $4::float8), started_at = coalesce(j.started_at, now())
		FROM c WHERE j.id = c.id
		RETURNING j.id, j.kind, j.key, j.payload, j.state, j.attempts, j.max_attempts, j.run_at, j.leased_until,
			j.leased_by, j.last_error, j.created_at`, worker, n, kinds, q.opts.Lease.Seconds())
	if err != nil {
		return nil, fmt.Errorf("lease: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Job, error) {
		var j Job
		err := r.Scan(&j.ID, &j.Kind, &j.Key, &j.Payload, &j.State, &j.Attempts, &j.MaxAttempts, &j.RunAt,
			&j.LeasedUntil, &j.LeasedBy, &j.LastError, &j.CreatedAt)
		return j, err
	})
	if err != nil {
		return nil, fmt.Errorf("lease: %w", err)
	}
	return out, nil
}

// Extend renews a lease the worker still holds.
func (q *Queue) Extend(ctx context.Context, j Job) error {
	tag, err := q.pool.Exec(ctx, `UPDATE jobs SET leased_until = now() + make_interval(secs => $3::float8)
		WHERE id = $1 AND state = 'running' AND attempts = $2 AND leased_by = $4`,
		j.ID, j.Attempts, q.opts.Lease.Seconds(), j.LeasedBy)
	if err != nil {
		return fmt.Errorf("extend job %d: %w", j.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("extend job %d: %w", j.ID, ErrLeaseLost)
	}
	return nil
}

// Complete marks a leased job done. It returns ErrLeaseLost when the lease was lost: the job will run again
// elsewhere, which idempotent handlers make harmless.
func (q *Queue) Complete(ctx context.Context, j Job) error {
	tag, err := q.pool.Exec(ctx, `UPDATE jobs SET state = 'done', finished_at = now(), leased_until = NULL,
		last_error = '' WHERE id = $1 AND state = 'running' AND attempts = $2 AND leased_by = $3`,
		j.ID, j.Attempts, j.LeasedBy)
	if err != nil {
		return fmt.Errorf("complete job %d: %w", j.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("complete job %d: %w", j.ID, ErrLeaseLost)
	}
	return nil
}

// permanent marks an error that retrying cannot fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps an error that no retry can fix (a malformed payload): Fail sends the job straight to the
// dead-letter state.
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// Fail records a failed attempt: the job is queued again after a backoff, or is dead when it has used up its
// attempts or the error is permanent. It reports whether the job is now dead.
func (q *Queue) Fail(ctx context.Context, j Job, cause error) (dead bool, err error) {
	msg := "failed"
	if cause != nil {
		msg = cause.Error()
	}
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	var state string
	err = q.pool.QueryRow(ctx, `UPDATE jobs SET
			state = CASE WHEN attempts >= max_attempts OR $4 THEN 'dead' ELSE 'queued' END,
			run_at = now() + `+fmt.Sprintf(backoffSQL, "$7", "$6")+`,
			finished_at = CASE WHEN attempts >= max_attempts OR $4 THEN now() END,
			last_error = $5, leased_until = NULL, leased_by = ''
		WHERE id = $1 AND state = 'running' AND attempts = $2 AND leased_by = $3
		RETURNING state`, j.ID, j.Attempts, j.LeasedBy, IsPermanent(cause), clean(msg),
		q.opts.BackoffBase.Seconds(), q.opts.BackoffMax.Seconds()).Scan(&state)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("fail job %d: %w", j.ID, ErrLeaseLost)
	}
	if err != nil {
		return false, fmt.Errorf("fail job %d: %w", j.ID, err)
	}
	return state == StateDead, nil
}

// Release gives a leased job back without counting the attempt, for a worker that stops before finishing it.
func (q *Queue) Release(ctx context.Context, j Job) error {
	tag, err := q.pool.Exec(ctx, `UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0),
		leased_until = NULL, leased_by = '', run_at = now()
		WHERE id = $1 AND state = 'running' AND attempts = $2 AND leased_by = $3`, j.ID, j.Attempts, j.LeasedBy)
	if err != nil {
		return fmt.Errorf("release job %d: %w", j.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("release job %d: %w", j.ID, ErrLeaseLost)
	}
	return nil
}

// Retry puts dead jobs back in the queue with fresh attempts: the job with the given ID, or every dead job
// when id is 0. It returns how many were requeued.
func (q *Queue) Retry(ctx context.Context, id int64) (int, error) {
	tag, err := q.pool.Exec(ctx, `UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL
		WHERE state = 'dead' AND ($1 = 0 OR id = $1)`, id)
	if err != nil {
		return 0, fmt.Errorf("retry: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Purge deletes done jobs finished before a time and returns how many. Their keys can then be enqueued again.
func (q *Queue) Purge(ctx context.Context, before time.Time) (int, error) {
	tag, err := q.pool.Exec(ctx, `DELETE FROM jobs WHERE state = 'done' AND finished_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// ListOptions select jobs for List.
type ListOptions struct {
	State string // "" for all
	Kind  string // "" for all
	Limit int    // 0 means store.DefaultLimit
}

// List returns jobs, the most recently changed first.
func (q *Queue) List(ctx context.Context, opts ListOptions) ([]Job, error) {
	rows, err := q.pool.Query(ctx, `SELECT id, kind, key, payload, state, attempts, max_attempts, run_at,
			leased_until, leased_by, last_error, created_at, finished_at
		FROM jobs WHERE ($1 = '' OR state = $1) AND ($2 = '' OR kind = $2)
		ORDER BY coalesce(finished_at, run_at) DESC, id DESC LIMIT $3`, opts.State, opts.Kind, store.ClampLimit(opts.Limit))
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Job, error) {
		var j Job
		var until, fin *time.Time
		err := r.Scan(&j.ID, &j.Kind, &j.Key, &j.Payload, &j.State, &j.Attempts, &j.MaxAttempts, &j.RunAt,
			&until, &j.LeasedBy, &j.LastError, &j.CreatedAt, &fin)
		if until != nil {
			j.LeasedUntil = *until
		}
		if fin != nil {
			j.FinishedAt = *fin
		}
		return j, err
	})
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	return out, nil
}

// clean makes an error message storable in a text column.
func clean(s string) string {
	b := []rune{}
	for _, r := range s {
		if r != 0 {
			b = append(b, r)
		}
	}
	return string(b)
}
