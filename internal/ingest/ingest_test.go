package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/samples"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

func sampleArticles(t *testing.T) []article.Article {
	t.Helper()
	arts, err := reader.Samples()
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func newIngester(t *testing.T, batch int) (*Ingester, *sqlite.Store) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(an, st, Options{BatchSize: batch, Workers: 4}), st
}

func TestArticlesIdempotent(t *testing.T) {
	arts := sampleArticles(t)
	for _, batch := range []int{1, 3, 1000} {
		g, st := newIngester(t, batch)
		var calls int
		g.opts.OnProgress = func(Counts) { calls++ }
		sum, err := g.Articles(context.Background(), arts)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Read != len(arts) || sum.New != len(arts) || sum.Duplicate != 0 || sum.Failed != 0 {
			t.Errorf("batch %d: first run %+v, want %d new", batch, sum.Counts, len(arts))
		}
		if calls == 0 {
			t.Errorf("batch %d: no progress reported", batch)
		}
		// The same articles again, twice within one run: everything is a duplicate.
		sum, err = g.Articles(context.Background(), append(append([]article.Article{}, arts...), arts...))
		if err != nil {
			t.Fatal(err)
		}
		if sum.New != 0 || sum.Duplicate != 2*len(arts) {
			t.Errorf("batch %d: second run %+v, want all %d duplicate", batch, sum.Counts, 2*len(arts))
		}
		stats, err := st.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if stats.Articles != len(arts) {
			t.Errorf("batch %d: %d articles stored, want %d", batch, stats.Articles, len(arts))
		}
	}
}

func TestPathsReportsBadInputs(t *testing.T) {
	dir := t.TempDir()
	seed, _ := samples.Read(samples.Seed)
	os.WriteFile(filepath.Join(dir, "a.txt"), seed, 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("\xff\xfe\xfd"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.jsonl"), []byte(`{"title":"یک","text":"متن خبر یک."}`+"\n{broken\n"), 0o644)
	g, _ := newIngester(t, 10)
	sum, err := g.Paths(context.Background(), []string{dir, filepath.Join(dir, "missing.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 {
		t.Errorf("%d new, want 2 (the seed and the good JSONL line)", sum.New)
	}
	want := map[string]bool{
		filepath.Join(dir, "b.txt"):       true,
		filepath.Join(dir, "c.jsonl:2"):   true,
		filepath.Join(dir, "missing.txt"): true,
	}
	if sum.Failed != len(want) {
		t.Errorf("%d failed, want %d: %+v", sum.Failed, len(want), sum.Failures)
	}
	for _, f := range sum.Failures {
		if !want[f.Origin] {
			t.Errorf("unexpected failure %+v", f)
		}
		if f.Reason == "" {
			t.Errorf("failure %s has no reason", f.Origin)
		}
	}
}

func TestCancelled(t *testing.T) {
	g, _ := newIngester(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Articles(ctx, sampleArticles(t)); err == nil {
		t.Error("want the context's error")
	}
}

// gatedStore holds its first Put until the ingest has taken `need` articles from its source, or fails it after
// ten seconds: the analysers must go on while a batch is being written.
type gatedStore struct {
	store.Store // an interface: the SQLite store's PreparePut is not promoted
	taken       *atomic.Int64
	need        int64
	puts        int
}

func (s *gatedStore) Put(ctx context.Context, recs []article.Record) (store.PutResult, error) {
	if err := s.gate(); err != nil {
		return store.PutResult{}, err
	}
	return s.Store.Put(ctx, recs)
}

// gate holds the first call until need articles are taken.
func (s *gatedStore) gate() error {
	s.puts++
	if s.puts == 1 {
		deadline := time.Now().Add(10 * time.Second)
		for s.taken.Load() < s.need {
			if time.Now().After(deadline) {
				return fmt.Errorf("only %d articles taken while the first batch was written, want %d", s.taken.Load(), s.need)
			}
			time.Sleep(time.Millisecond)
		}
	}
	return nil
}

// gatedPreparer is gatedStore for a store.BatchPreparer: the first prepared batch's Put is held.
type gatedPreparer struct {
	*gatedStore
	bp       store.BatchPreparer
	prepared int
}

func (s *gatedPreparer) PreparePut(recs []article.Record) store.PreparedPut {
	s.prepared++
	return gatedPut{s.gatedStore, s.bp.PreparePut(recs)}
}

type gatedPut struct {
	s *gatedStore
	p store.PreparedPut
}

func (p gatedPut) Put(ctx context.Context) (store.PutResult, error) {
	if err := p.s.gate(); err != nil {
		return store.PutResult{}, err
	}
	return p.p.Put(ctx)
}

func TestWritesWhileAnalysing(t *testing.T) {
	_, st := newIngester(t, 4)
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts := sampleArticles(t)
	const n = 60
	for _, c := range []struct {
		name     string
		preparer bool
		need     int64
	}{
		// While batch 1 is written: batch 2 waits for the writer, batch 3 fills up, and the channels hold more
		// (18 in all). A writer in the analysers' loop would stop them after batch 1 and the few articles the
		// channels hold (10).
		{"writer", false, 12},
		// With a preparing stage, batch 3 is prepared and batch 4 waits for it while batch 5 fills (26 in all);
		// without the stage 18.
		{"preparer", true, 22},
	} {
		var taken atomic.Int64
		gs := &gatedStore{Store: st, taken: &taken, need: c.need}
		var target store.Store = gs
		gp := &gatedPreparer{gatedStore: gs, bp: st}
		if c.preparer {
			target = gp
		}
		g := New(an, target, Options{BatchSize: 4, Workers: 1})
		sum, err := g.Seq(context.Background(), func(yield func(article.Article) bool) {
			for i := range n {
				taken.Add(1)
				if !yield(arts[i%len(arts)]) {
					return
				}
			}
		})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if sum.Read != n || sum.Failed != 0 || sum.New+sum.Duplicate != n {
			t.Errorf("%s: summary %+v, want %d read, stored or found stored", c.name, sum.Counts, n)
		}
		if c.preparer && gp.prepared == 0 {
			t.Errorf("%s: the store's PreparePut was never called", c.name)
		}
	}
}

// TestProgressReportsFailures: inputs that fail before the store are reported as they pile up, not only when a
// batch of good articles is stored or at the end.
func TestProgressReportsFailures(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("bad%d.txt", i)), []byte("\xff\xfe\xfd"), 0o644)
	}
	g, _ := newIngester(t, 2)
	var seen []int
	g.opts.OnProgress = func(c Counts) { seen = append(seen, c.Failed) }
	sum, err := g.Paths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 5 || sum.Read != 0 {
		t.Fatalf("summary %+v, want 5 failed", sum.Counts)
	}
	// Batches of two: progress at 2 and 4 failures, then the end.
	if len(seen) < 3 || seen[0] != 2 || seen[len(seen)-1] != 5 {
		t.Errorf("progress saw failures %v, want 2, 4, 5", seen)
	}
}
