package server

import (
	"context"
	"sync"
)

// gate lets at most size holders in at once and queues the others first come, first served. Unlike a pool of
// database connections, which hands a freed connection to a random waiter, it never lets a late request
// overtake an early one, so that under load every request waits about as long as the queue ahead of it.
type gate struct {
	mu      sync.Mutex
	size    int
	held    int
	waiters []chan struct{} // in arrival order; closed when their turn comes
}

func newGate(size int) *gate { return &gate{size: size} }

// acquire waits for a turn until ctx ends. On success the caller must release.
func (g *gate) acquire(ctx context.Context) error {
	g.mu.Lock()
	if g.held < g.size && len(g.waiters) == 0 {
		g.held++
		g.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	g.waiters = append(g.waiters, turn)
	g.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		for i, w := range g.waiters {
			if w == turn {
				g.waiters = append(g.waiters[:i], g.waiters[i+1:]...)
				g.mu.Unlock()
				return ctx.Err()
			}
		}
		g.mu.Unlock()
		g.release() // the turn came as the context ended: pass it on
		return ctx.Err()
	}
}

// release ends a turn, handing it to the longest waiter if there is one.
func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.waiters) > 0 {
		close(g.waiters[0])
		g.waiters = g.waiters[1:]
		return // the turn passes on: held stays the same
	}
	g.held--
}

// state returns how many hold a turn and how many wait.
func (g *gate) state() (held, waiting int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held, len(g.waiters)
}
