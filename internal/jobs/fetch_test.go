package jobs

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/watch"
)

const siteFeed = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>نمونه</title>
<item><title>افتتاح تصفیه‌خانه آب در اصفهان</title><link>/news/1</link><guid>n1</guid></item>
<item><title>بارش برف در جاده چالوس</title><link>/news/2</link><guid>n2</guid></item>
<item><title>خبری که صفحه‌اش گم شده</title><link>/news/gone</link><guid>n3</guid></item>
</channel></rss>`

const sitePage = `<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>%[1]s</title></head>
<body><article><h1>%[1]s</h1><p>%[2]s</p><p>این خبر را خبرنگار ما از محل گزارش کرده و مسئولان استان درباره آن توضیح داده‌اند.</p></article></body></html>`

// TestFetchJobs follows a feed through the queue: watch enqueues one fetch-feed job per source and interval, a
// worker polls the feed and enqueues one fetch-page job per new item, and workers read, analyse and commit the
// items. A page that cannot be read (and has no feed summary) ends as a dead letter.
func TestFetchJobs(t *testing.T) {
	var feedHits, pageHits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss.xml":
			feedHits.Add(1)
			fmt.Fprint(w, siteFeed)
		case "/news/1":
			pageHits.Add(1)
			fmt.Fprintf(w, sitePage, "افتتاح تصفیه‌خانه آب در اصفهان", "دومین تصفیه‌خانه آب شرب اصفهان روز دوشنبه با حضور استاندار افتتاح شد.")
		case "/news/2":
			pageHits.Add(1)
			fmt.Fprintf(w, sitePage, "بارش برف در جاده چالوس", "پلیس راه مازندران از بسته شدن جاده چالوس به دلیل بارش برف سنگین خبر داد.")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	q, st := openQueue(t, Options{MaxAttempts: 2, BackoffBase: 10 * time.Millisecond, BackoffMax: 20 * time.Millisecond})
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.AddSource(ctx, store.Source{URL: srv.URL + "/rss.xml", Name: "Nemuneh"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := watch.New(st, an, watch.Options{Fetch: watch.FetchOptions{HostDelay: -1}, Defer: DeferTo(q)})
	if err != nil {
		t.Fatal(err)
	}
	handlers := map[string]Handler{KindFetchFeed: FetchFeedHandler(w), KindFetchPage: FetchPageHandler(w)}

	now := time.Date(2026, 11, 29, 10, 3, 0, 0, time.UTC)
	for i, want := range []int{1, 0} { // the second watch in the same interval adds nothing
		added, due, err := EnqueuePolls(ctx, q, w, now.Add(time.Duration(i)*time.Minute), 10*time.Minute)
		if err != nil || added != want || due != 1 {
			t.Fatalf("enqueue polls #%d: added %d of %d due, %v; want %d of 1", i+1, added, due, err, want)
		}
	}
	drain(t, q, handlers)

	stats, err := q.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := stats.ByKind[KindFetchFeed]; c.Done != 1 || c.Dead != 0 {
		t.Errorf("fetch-feed jobs: %+v, want 1 done", c)
	}
	if c := stats.ByKind[KindFetchPage]; c.Done != 2 || c.Dead != 1 {
		t.Errorf("fetch-page jobs: %+v, want 2 done and the missing page dead", c)
	}
	dead, err := q.List(ctx, ListOptions{State: StateDead})
	if err != nil || len(dead) != 1 || dead[0].Attempts != 2 || dead[0].LastError == "" {
		t.Errorf("dead letters: %+v, %v", dead, err)
	}
	s, err := st.Stats(ctx)
	if err != nil || s.Articles != 2 {
		t.Errorf("store holds %d articles (%v), want 2", s.Articles, err)
	}
	sq, err := search.Parse("اصفهان", search.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(ctx, store.SearchRequest{Query: sq, Limit: 5})
	if err != nil || res.Total != 1 {
		t.Errorf("search for the watched article: %+v, %v", res, err)
	}
	seen, err := st.SeenItems(ctx, src.ID, []string{"n1", "n2", "n3"})
	if err != nil || !seen["n1"] || !seen["n2"] || seen["n3"] {
		t.Errorf("seen items %v, %v: want n1 and n2", seen, err)
	}
	pages := pageHits.Load()

	// The next interval polls again; the committed items are not fetched again, and the failed one stays dead
	// (its key is taken) until `khabar jobs retry` revives it.
	if added, _, err := EnqueuePolls(ctx, q, w, now.Add(10*time.Minute), 10*time.Minute); err != nil || added != 1 {
		t.Fatalf("next interval: added %d, %v", added, err)
	}
	drain(t, q, handlers)
	if feedHits.Load() != 2 || pageHits.Load() != pages {
		t.Errorf("after the second poll: %d feed and %d page requests (pages before: %d)", feedHits.Load(), pageHits.Load(), pages)
	}

	// A fetch-page job that runs again after its item was committed (its worker died before saying so) leaves
	// the store as it was.
	j, err := FetchPageJob(src.ID, PagePayload{GUID: "n1", Link: srv.URL + "/news/1"}.Item())
	if err != nil {
		t.Fatal(err)
	}
	if err := FetchPageHandler(w)(ctx, Job{Kind: KindFetchPage, Key: j.Key, Payload: j.Payload}); err != nil {
		t.Errorf("running a done page job again: %v", err)
	}
	if s, _ := st.Stats(ctx); s.Articles != 2 {
		t.Errorf("a repeated page job changed the store: %d articles", s.Articles)
	}

	// A job for a source removed since it was queued is dropped for good.
	gone := FetchFeedJob(store.Source{ID: 999, URL: "http://gone.test/rss"}, now, time.Hour)
	if err := FetchFeedHandler(w)(ctx, Job{Kind: KindFetchFeed, Key: gone.Key, Payload: gone.Payload}); !IsPermanent(err) {
		t.Errorf("a job for a removed source: %v, want a permanent error", err)
	}
	if err := FetchPageHandler(w)(ctx, Job{Kind: KindFetchPage, Key: "bad", Payload: []byte("{")}); !IsPermanent(err) {
		t.Errorf("a malformed payload: %v, want a permanent error", err)
	}
}
