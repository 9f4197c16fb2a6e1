package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"time"
)

// Handler does the work of one job. An error wrapped by Permanent sends the job to the dead letters at once;
// any other error is retried with backoff. Handlers must be idempotent: a job may run again after its worker
// died between doing the work and reporting it.
type Handler func(ctx context.Context, j Job) error

// Worker runs jobs from a queue with a number of concurrent handlers.
type Worker struct {
	Queue       *Queue
	Handlers    map[string]Handler // by job kind; the worker leases only these kinds
	Name        string             // names the worker in leases; "" means host:pid
	Concurrency int                // jobs at once; 0 means 1
	// Poll is how long to wait when the queue has no ready job; 0 means one second (with jitter).
	Poll time.Duration
	// Grace is how long Run lets running jobs finish after its context is cancelled before it gives them back
	// to the queue; 0 means 30 seconds.
	Grace time.Duration
	Log   *slog.Logger // nil logs nothing
	// OnDone, when set, is called after each job with its outcome (nil, or the handler's error).
	OnDone func(j Job, err error)
}

// DefaultName returns host:pid, the default worker name.
func DefaultName() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "worker"
	}
	return fmt.Sprintf("%s:%d", h, os.Getpid())
}

// Run leases and runs jobs until ctx is cancelled, then stops leasing, waits up to Grace for the running jobs
// and releases those still running. It returns nil after a clean stop.
func (w *Worker) Run(ctx context.Context) error {
	if w.Queue == nil || len(w.Handlers) == 0 {
		return errors.New("worker: no queue or no handlers")
	}
	name := w.Name
	if name == "" {
		name = DefaultName()
	}
	conc := max(w.Concurrency, 1)
	poll := w.Poll
	if poll <= 0 {
		poll = time.Second
	}
	grace := w.Grace
	if grace <= 0 {
		grace = 30 * time.Second
	}
	log := w.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	kinds := make([]string, 0, len(w.Handlers))
	for k := range w.Handlers {
		kinds = append(kinds, k)
	}
	// Handlers run under work, which outlives ctx by the grace period.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	bg := context.WithoutCancel(ctx) // for reporting outcomes, which must not be lost to a cancellation

	slots := make(chan struct{}, conc)
	var wg sync.WaitGroup
	var leaseErrs int
	for ctx.Err() == nil {
		// Wait for a free slot.
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		free := 1
		for len(slots) < conc {
			slots <- struct{}{}
			free++
		}
		jobs, err := w.Queue.Lease(ctx, name, free, kinds...)
		if err != nil {
			for range free {
				<-slots
			}
			if ctx.Err() != nil {
				break
			}
			leaseErrs++
			log.Warn("lease failed", "err", err, "in_a_row", leaseErrs)
			sleep(ctx, min(time.Duration(leaseErrs)*poll, 30*time.Second))
			continue
		}
		leaseErrs = 0
		for range free - len(jobs) {
			<-slots
		}
		for _, j := range jobs {
			wg.Add(1)
			go func(j Job) {
				defer wg.Done()
				defer func() { <-slots }()
				w.run(work, bg, log, j)
			}(j)
		}
		if len(jobs) == 0 {
			sleep(ctx, poll/2+rand.N(poll))
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		log.Warn("grace period over: releasing running jobs", "grace", grace)
		cancelWork()
		<-done
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// run runs one job with its lease renewed until the handler returns, then reports the outcome.
func (w *Worker) run(work, bg context.Context, log *slog.Logger, j Job) {
	h := w.Handlers[j.Kind]
	jctx, cancel := context.WithCancel(work)
	defer cancel()
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(w.Queue.opts.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
				if err := w.Queue.Extend(bg, j); err != nil {
					log.Warn("lease renewal failed", "job", j.ID, "err", err)
					if errors.Is(err, ErrLeaseLost) {
						cancel() // another worker has it now
						return
					}
				}
			}
		}
	}()
	start := time.Now()
	err := h(jctx, j)
	lost := jctx.Err() != nil && work.Err() == nil // the renewal found the lease gone
	cancel()
	<-renewed
	switch {
	case err == nil:
		if cerr := w.Queue.Complete(bg, j); cerr != nil {
			log.Warn("complete", "job", j.ID, "err", cerr)
		} else {
			log.Debug("done", "job", j.ID, "kind", j.Kind, "key", j.Key, "took", time.Since(start))
		}
	case work.Err() != nil: // shutting down after the grace period: give the job back uncounted
		if rerr := w.Queue.Release(bg, j); rerr != nil {
			log.Warn("release", "job", j.ID, "err", rerr)
		}
	case lost:
		log.Warn("lease lost while running", "job", j.ID)
	default:
		dead, ferr := w.Queue.Fail(bg, j, err)
		if ferr != nil {
			log.Warn("fail", "job", j.ID, "err", ferr)
		}
		log.Warn("job failed", "job", j.ID, "kind", j.Kind, "key", j.Key, "attempt", j.Attempts, "dead", dead, "err", err)
	}
	if w.OnDone != nil {
		w.OnDone(j, err)
	}
}
