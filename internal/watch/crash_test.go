package watch

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// crashSources are the sources of the crash test: the working part of the test site.
var crashSources = siteSources[:5]

// buildKhabar builds the khabar binary into a temporary directory.
func buildKhabar(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "khabar")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/khabar/khabar/cmd/khabar")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func khabar(t *testing.T, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(cmd.Environ(), "KHABAR_DB=")
	return cmd
}

// snapshot is what a run leaves in the store, in a form two runs can be compared by.
type snapshot struct {
	articles []string // sorted IDs
	mentions []string // sorted "article source url"
	items    int      // committed feed items
	stories  []string // sorted groups of sorted article IDs
}

func takeSnapshot(t *testing.T, db string) snapshot {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var s snapshot
	sums, err := st.List(ctx, store.ListOptions{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range sums {
		s.articles = append(s.articles, a.ID)
		ms, err := st.Mentions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			s.mentions = append(s.mentions, m.Article+" "+m.Source+" "+m.URL)
		}
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		s.items += src.Items
	}
	stories, err := st.Stories(ctx, store.StoryOptions{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, sto := range stories {
		ids := append([]string(nil), sto.Articles...)
		sort.Strings(ids)
		s.stories = append(s.stories, strings.Join(ids, "+"))
	}
	sort.Strings(s.articles)
	sort.Strings(s.mentions)
	sort.Strings(s.stories)
	return s
}

// committedItems counts the feed items committed so far, reading the database while the watcher writes it.
func committedItems(db string) int {
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		return -1
	}
	defer st.Close()
	srcs, err := st.Sources(context.Background())
	if err != nil {
		return -1
	}
	n := 0
	for _, s := range srcs {
		n += s.Items
	}
	return n
}

// TestKillAndRestart kills `khabar watch --once` with SIGKILL at several points of a run, restarts it each
// time, and checks that the store ends exactly as after an uninterrupted run: no item lost, none stored twice.
func TestKillAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the khabar binary")
	}
	bin := buildKhabar(t)
	s := newSite(t, 150*time.Millisecond) // slow pages, so that kills land in the middle of the run
	setup := func(db string) {
		for _, src := range crashSources {
			out, err := khabar(t, bin, "sources", "add", s.url(src[1]), "--name", src[0], "--db", db).CombinedOutput()
			if err != nil {
				t.Fatalf("sources add: %v\n%s", err, out)
			}
		}
	}
	watchArgs := func(db string) []string {
		return []string{"watch", "--once", "--parallel", "1", "--delay", "0", "--timeout", "5s", "--db", db}
	}

	ref := filepath.Join(t.TempDir(), "ref.db")
	setup(ref)
	if out, err := khabar(t, bin, watchArgs(ref)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	want := takeSnapshot(t, ref)
	if len(want.articles) != 7 || want.items != 9 || len(want.mentions) != 9 {
		t.Fatalf("uninterrupted run: %d articles, %d items, %d mentions; want 7, 9, 9", len(want.articles),
			want.items, len(want.mentions))
	}

	db := filepath.Join(t.TempDir(), "crash.db")
	setup(db)
	kills := 0
	for _, at := range []int{0, 1, 3, 5, 7, 8} { // kill once at least `at` items are committed
		cmd := khabar(t, bin, watchArgs(db)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		killed := false
	wait:
		for {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("run finished with %v\n%s", err, out.String())
				}
				break wait
			case <-time.After(15 * time.Millisecond):
				if n := committedItems(db); n >= at {
					cmd.Process.Signal(syscall.SIGKILL)
					<-done
					killed = true
					kills++
					t.Logf("killed with %d item(s) committed (target %d)", n, at)
					break wait
				}
			}
		}
		if !killed {
			t.Logf("the run finished before %d items", at)
		}
	}
	if kills < 3 {
		t.Errorf("only %d run(s) were killed mid-way", kills)
	}
	if out, err := khabar(t, bin, watchArgs(db)...).CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%s", err, out)
	}
	got := takeSnapshot(t, db)
	for _, c := range []struct {
		what      string
		got, want []string
	}{{"articles", got.articles, want.articles}, {"mentions", got.mentions, want.mentions}, {"stories", got.stories, want.stories}} {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s after kills differ from an uninterrupted run:\n got %v\nwant %v", c.what, c.got, c.want)
		}
	}
	if got.items != want.items {
		t.Errorf("%d items committed after kills, want %d", got.items, want.items)
	}
}
