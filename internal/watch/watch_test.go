package watch

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

var (
	analyzerOnce sync.Once
	analyzer     *analyze.Analyzer
	analyzerErr  error
)

func testAnalyzer(t testing.TB) *analyze.Analyzer {
	analyzerOnce.Do(func() { analyzer, analyzerErr = analyze.New(analyze.Options{}) })
	if analyzerErr != nil {
		t.Fatal(analyzerErr)
	}
	return analyzer
}

func openStore(t testing.TB) *sqlite.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// siteSources are the sources of the test site: name → path.
var siteSources = [][2]string{
	{"Agency", "/agency/rss.xml"},
	{"Ava", "/outlet2/atom.xml"},
	{"Parseh", "/outlet3/feed.json"},
	{"Sepehr", "/outlet4/rss.xml"},
	{"OldDaily", "/old/news.asp?id=42"},
	{"Broken", "/broken/rss.xml"},
	{"Missing", "/missing.xml"},
	{"Failing", "/error.xml"},
	{"Loop", "/loop/a"},
	{"Slow", "/slow.xml"},
	{"Huge", "/huge.xml"},
}

func addSources(t testing.TB, ss store.SourceStore, s *site) {
	for _, src := range siteSources {
		if _, err := ss.AddSource(context.Background(), store.Source{URL: s.url(src[1]), Name: src[0]}); err != nil {
			t.Fatal(err)
		}
	}
}

func testOptions() Options {
	return Options{Fetch: FetchOptions{Timeout: 2 * time.Second, MaxBody: 10 << 20, HostDelay: -1}}
}

func TestWatchSite(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, 0)
	st := openStore(t)
	addSources(t, st, s)
	opts := testOptions()
	opts.Fetch.Timeout = 700 * time.Millisecond
	var items []ItemReport
	var mu sync.Mutex
	opts.OnItem = func(ir ItemReport) { mu.Lock(); items = append(items, ir); mu.Unlock() }
	w, err := New(st, testAnalyzer(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := w.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ir := range items {
		t.Logf("item %s → %s %s story=%s score=%.2f err=%v", ir.Key, ir.Outcome, ir.Article, ir.Story, ir.Score, ir.Err)
	}

	// Each failure is reported on its source, and the rest went on.
	wantErr := map[string]string{
		"Broken": "parse feed", "Missing": "HTTP 404", "Failing": "HTTP 500", "Loop": "redirects",
		"Slow": "timed out", "Huge": "body too large",
	}
	bySource := map[string]SourceReport{}
	for _, sr := range rep.Sources {
		bySource[sr.Name] = sr
	}
	for _, src := range siteSources {
		sr := bySource[src[0]]
		if want, bad := wantErr[src[0]]; bad {
			if !strings.Contains(sr.Err, want) {
				t.Errorf("source %s: error %q, want one containing %q", src[0], sr.Err, want)
			}
			continue
		}
		if sr.Err != "" || len(sr.ItemErrors) > 0 {
			t.Errorf("source %s failed: %s %v", src[0], sr.Err, sr.ItemErrors)
		}
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		if want := map[string]string{"Agency": store.KindFeed, "Ava": store.KindFeed, "Parseh": store.KindFeed,
			"Sepehr": store.KindFeed, "OldDaily": store.KindPage}[src.Name]; want != "" && src.Kind != want {
			t.Errorf("source %s detected as %q, want %q", src.Name, src.Kind, want)
		}
		_, bad := wantErr[src.Name]
		if bad != (src.LastError != "") || bad != (src.Failures == 1) || bad != !src.NextPoll.IsZero() {
			t.Errorf("source %s kept state: last error %q, failures %d, next poll %v", src.Name, src.LastError,
				src.Failures, src.NextPoll)
		}
	}
	if rep.New != 7 || rep.Mentions != 2 {
		t.Errorf("report: %d new, %d mentions; want 7 new, 2 mentions", rep.New, rep.Mentions)
	}
	stats, _ := st.Stats(ctx)
	if stats.Articles != 7 {
		t.Errorf("%d articles stored, want 7", stats.Articles)
	}

	// The story republished by three outlets is one article with three mentions.
	agencyA, err := st.ArticleByURL(ctx, s.url("/agency/news/1001"))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := st.Mentions(ctx, agencyA)
	if err != nil {
		t.Fatal(err)
	}
	var outlets []string
	for _, m := range ms {
		outlets = append(outlets, m.Source)
	}
	sort.Strings(outlets)
	if strings.Join(outlets, ",") != "Agency,Ava,Parseh" {
		t.Errorf("mentions of the republished story: %v, want Agency, Ava, Parseh", outlets)
	}
	for _, p := range []string{"/outlet2/fa/news/77", "/outlet3/story/sad-tehran-1"} {
		if id, err := st.ArticleByURL(ctx, s.url(p)); err != nil || id != agencyA {
			t.Errorf("%s is article %q (%v), want the agency's %s", p, id, err, agencyA)
		}
	}

	// Stories: the other outlet's own report joins the republished story; the two stories on the same topic
	// (water in Mashhad, water in Isfahan) stay apart, from it and from each other.
	story := map[string]string{}
	stories, err := st.Stories(ctx, store.StoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sto := range stories {
		for _, a := range sto.Articles {
			story[a] = sto.ID
		}
	}
	own := articleAt(t, st, s.url("/outlet3/story/barsh-paeezi"))
	mashhad := articleAt(t, st, s.url("/agency/news/1002"))
	isfahan := articleAt(t, st, s.url("/outlet2/fa/news/78"))
	if story[own] != story[agencyA] {
		t.Errorf("the own report of the dams story is in story %s, the agency's in %s", story[own], story[agencyA])
	}
	if story[mashhad] == story[agencyA] || story[isfahan] == story[agencyA] || story[mashhad] == story[isfahan] {
		t.Errorf("different stories merged: dams %s, Mashhad %s, Isfahan %s", story[agencyA], story[mashhad], story[isfahan])
	}
	if len(stories) != 6 {
		t.Errorf("%d stories, want 6", len(stories))
	}

	// The windows-1256 page, the Jalali-dated page and the summary fallback.
	old, err := st.Get(ctx, articleAt(t, st, s.url("/old/news.asp?id=42")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(old.Title, "نرخ تورم") || !strings.Contains(old.Text, "مرکز آمار ایران") || strings.ContainsRune(old.Text, '\uFFFD') {
		t.Errorf("windows-1256 page read wrongly: %q / %.80q", old.Title, old.Text)
	}
	if old.Published != "2025-11-15" {
		t.Errorf("windows-1256 page published %q, want 2025-11-15", old.Published)
	}
	jalali, _ := st.Get(ctx, articleAt(t, st, s.url("/outlet4/sport/5501")))
	if jalali.Published != "2025-11-15" {
		t.Errorf("Jalali-dated page published %q, want 2025-11-15", jalali.Published)
	}
	gold, _ := st.Get(ctx, articleAt(t, st, s.url("/outlet4/economy/gone-5502")))
	if !strings.Contains(gold.Text, "طلای ۱۸ عیار") || gold.Published != "2025-11-15T14:05:00+03:30" {
		t.Errorf("summary fallback: published %q, text %.60q", gold.Published, gold.Text)
	}
	s.mu.Lock()
	if len(s.agents) != 1 || !s.agents[UserAgent] {
		t.Errorf("user agents sent: %v", s.agents)
	}
	s.mu.Unlock()

	// A second poll: conditional GETs answer 304, failed sources wait out their backoff, nothing is stored twice.
	rep2, err := w.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep2.New != 0 || rep2.Mentions != 0 || rep2.Skipped != len(wantErr) {
		t.Errorf("second poll: %d new, %d mentions, %d skipped", rep2.New, rep2.Mentions, rep2.Skipped)
	}
	for _, sr := range rep2.Sources {
		if !sr.NotModified {
			t.Errorf("second poll of %s was not a 304", sr.Name)
		}
	}
	if stats, _ := st.Stats(ctx); stats.Articles != 7 {
		t.Errorf("after a second poll: %d articles", stats.Articles)
	}
	// A new watcher over the same store (a restart) stores nothing twice either.
	w2, _ := New(st, testAnalyzer(t), testOptions())
	if rep3, err := w2.Once(ctx); err != nil || rep3.New != 0 {
		t.Errorf("restart: %+v, %v", rep3, err)
	}
}

func articleAt(t *testing.T, ss store.SourceStore, url string) string {
	t.Helper()
	id, err := ss.ArticleByURL(context.Background(), url)
	if err != nil {
		t.Errorf("no article at %s: %v", url, err)
	}
	return id
}

type plainStore struct{ store.Store }

func TestNewUnsupportedBackend(t *testing.T) {
	_, err := New(plainStore{openStore(t)}, testAnalyzer(t), Options{})
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("New over a store without sources: %v", err)
	}
}

func TestMaxItemsLeavesTheRestForTheNextPoll(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, 0)
	st := openStore(t)
	if _, err := st.AddSource(ctx, store.Source{URL: s.url("/agency/rss.xml"), Name: "Agency"}); err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.MaxItems = 1
	w, err := New(st, testAnalyzer(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{1, 1, 0} {
		rep, err := w.Once(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.New != want {
			t.Errorf("poll %d: %d new, want %d", i+1, rep.New, want)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.notMod != 1 {
		t.Errorf("%d conditional GETs answered 304, want 1 (the third poll)", s.notMod)
	}
}

func TestRunPollsUntilCancelled(t *testing.T) {
	s := newSite(t, 0)
	st := openStore(t)
	if _, err := st.AddSource(context.Background(), store.Source{URL: s.url("/outlet2/atom.xml"), Name: "Ava"}); err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.Interval = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	var reports []Report
	opts.OnReport = func(r Report) {
		reports = append(reports, r)
		if len(reports) == 3 {
			cancel()
		}
	}
	w, err := New(st, testAnalyzer(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop after its context was cancelled")
	}
	if len(reports) < 3 || reports[0].New != 2 || reports[1].New != 0 || !reports[1].Sources[0].NotModified {
		t.Errorf("reports: %+v", reports)
	}
}

func TestSourceZone(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, 0)
	st := openStore(t)
	if _, err := st.AddSource(ctx, store.Source{URL: s.url("/outlet4/rss.xml"), Name: "Sepehr", Zone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSource(ctx, store.Source{URL: s.url("/outlet2/atom.xml"), Zone: "Mars/Olympus"}); err != nil {
		t.Fatal(err)
	}
	w, err := New(st, testAnalyzer(t), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := w.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := st.Get(ctx, articleAt(t, st, s.url("/outlet4/economy/gone-5502")))
	if err != nil {
		t.Fatal(err)
	}
	if gold.Published != "2025-11-15T14:05:00Z" {
		t.Errorf("a zone-less feed date in a UTC source: %q", gold.Published)
	}
	if rep.Sources[1].Err == "" || !strings.Contains(rep.Sources[1].Err, "Mars/Olympus") {
		t.Errorf("an unknown zone: %q", rep.Sources[1].Err)
	}
	if ms, _ := st.Mentions(ctx, gold.ID); len(ms) != 1 || ms[0].Source != "Sepehr" {
		t.Errorf("mentions: %+v", ms)
	}
}
