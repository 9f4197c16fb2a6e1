package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store/postgres/pgtest"
)

const testFeed = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>نمونه</title>
<item><title>افتتاح تصفیه‌خانه آب در اصفهان</title><link>/news/1</link><guid>n1</guid><pubDate>۱۴۰۴/۰۸/۲۶ - ۱۱:۰۰</pubDate>
<description>دومین تصفیه‌خانه آب شرب اصفهان افتتاح شد.</description></item></channel></rss>`

const testPage = `<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>افتتاح تصفیه‌خانه آب در اصفهان</title></head>
<body><nav><a href="/">خانه</a></nav><article><h1>افتتاح تصفیه‌خانه آب در اصفهان</h1>
<p>دومین تصفیه‌خانه آب شرب کلان‌شهر اصفهان با ظرفیت چهار متر مکعب در ثانیه روز دوشنبه با حضور استاندار افتتاح شد.</p>
<p>استاندار اصفهان گفت این طرح پایداری تأمین آب شرب حدود پنج میلیون نفر را در استان بهبود می‌دهد.</p>
<p>هزینه ساخت این تصفیه‌خانه ۹ هزار میلیارد ریال اعلام شده و آب آن از خط انتقال زاینده‌رود تأمین می‌شود.</p>
</article><footer>همه حقوق محفوظ است</footer></body></html>`

// newsSite serves testFeed at /rss.xml and its one article at /news/1.
func newsSite(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss.xml":
			fmt.Fprint(w, testFeed)
		case "/news/1":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, testPage)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSourcesWatchStories(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "k.db")

	if code, out, errb := run(t, "", "sources", "add", srv.URL+"/rss.xml?utm_source=x", "--name", "Nemuneh", "--db", db); code != ExitOK ||
		!strings.Contains(out, "added source 1: Nemuneh "+srv.URL+"/rss.xml\n") {
		t.Fatalf("sources add: %d %q %q", code, out, errb)
	}
	if code, _, errb := run(t, "", "sources", "add", srv.URL+"/rss.xml", "--db", db); code != ExitFailure || !strings.Contains(errb, "already followed") {
		t.Errorf("adding a followed URL again: %d %q", code, errb)
	}
	if code, _, _ := run(t, "", "sources", "add", srv.URL+"/missing.xml", "--name", "Gone", "--zone", "Asia/Tehran", "--db", db); code != ExitOK {
		t.Fatalf("sources add with --zone: %d", code)
	}
	for _, bad := range [][]string{{"sources", "add", "ftp://x/y"}, {"sources", "add"}, {"sources", "frob"}, {"sources"},
		{"sources", "add", "https://x.test/", "--zone", "Mars/Olympus"}} {
		if code, _, _ := run(t, "", append(bad, "--db", db)...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, ExitUsage)
		}
	}
	code, out, errb := run(t, "", "watch", "--once", "--delay", "0", "--db", db)
	if code != ExitFailure || !strings.Contains(out, "1 new article(s)") || !strings.Contains(out, "Gone: failed: GET") ||
		!strings.Contains(errb, "1 source(s) or item(s) failed") {
		t.Fatalf("watch --once: %d\n%s\n%s", code, out, errb)
	}
	code, out, _ = run(t, "", "sources", "list", "--db", db)
	if code != ExitOK || !strings.Contains(out, "Nemuneh") || !strings.Contains(out, "feed") ||
		!strings.Contains(out, "error: GET "+srv.URL+"/missing.xml: HTTP 404") {
		t.Errorf("sources list:\n%s", out)
	}
	code, out, _ = run(t, "", "stories", "--db", db)
	if code != ExitOK || !strings.Contains(out, "تصفیه‌خانه") || !strings.Contains(out, "outlets: Nemuneh") {
		t.Errorf("stories:\n%s", out)
	}
	code, out, _ = run(t, "", "stories", "--json", "--db", db)
	var stories []struct {
		Articles []string `json:"articles"`
		Outlets  []string `json:"outlets"`
	}
	if err := json.Unmarshal([]byte(out), &stories); code != ExitOK || err != nil || len(stories) != 1 || len(stories[0].Articles) != 1 {
		t.Errorf("stories --json: %d %v\n%s", code, err, out)
	}
	if code, out, _ := run(t, "", "sources", "rm", "Gone", "--db", db); code != ExitOK || !strings.Contains(out, "removed") {
		t.Errorf("sources rm: %d %q", code, out)
	}
	if code, _, errb := run(t, "", "sources", "rm", "Gone", "--db", db); code != ExitFailure || !strings.Contains(errb, "no source") {
		t.Errorf("sources rm of a removed source: %d %q", code, errb)
	}
	code, out, _ = run(t, "", "sources", "list", "--json", "--db", db)
	if code != ExitOK || strings.Count(out, `"url"`) != 1 {
		t.Errorf("sources list --json after rm:\n%s", out)
	}
	for _, c := range []string{"sources", "watch", "stories"} {
		if code, out, _ := run(t, "", c, "-h"); code != ExitOK {
			t.Errorf("%s -h: exit %d", c, code)
		} else if _, o, e := run(t, "", "help", c); !strings.Contains(o+e+out, "Example:") {
			t.Errorf("%s -h has no example", c)
		}
	}
}

// TestServeWatch runs serve --watch: the server's own poller stores the feed's article, the API shows it, and
// the process stops cleanly with both.
func TestServeWatch(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "k.db")
	if code, _, errb := run(t, "", "sources", "add", srv.URL+"/rss.xml", "--name", "Nemuneh", "--db", db); code != ExitOK {
		t.Fatalf("sources add: %s", errb)
	}
	if code, _, _ := run(t, "", "serve", "--db", db, "--watch", "--interval", "0s"); code != ExitUsage {
		t.Errorf("--interval 0s: exit %d, want %d", code, ExitUsage)
	}
	addr, errb, stop := startServe(t, "--db", db, "--watch", "--interval", "1h")
	var total int
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && total == 0; time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/api/articles?q=" + url.QueryEscape("تصفیه‌خانه"))
		if err != nil {
			continue
		}
		var res struct {
			Total int `json:"total"`
		}
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err == nil {
			total = res.Total
		}
	}
	if total != 1 {
		t.Errorf("the watched article is not searchable: total %d; stderr:\n%s", total, errb.String())
	}
	if code := stop(); code != ExitOK {
		t.Errorf("serve --watch exited %d after shutdown: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "watching the sources every 1h0m0s") {
		t.Errorf("stderr does not announce the watch:\n%s", errb.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader in different goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWatchWorkers follows a feed through the PostgreSQL job queue: watch --workers --once queues one poll per
// due source (once per interval), worker --drain polls the feed and reads its item as jobs, and the article is
// searchable; on SQLite --workers is refused with a reason.
func TestWatchWorkers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	if code, _, errb := run(t, "", "watch", "--workers", "--once", "--db", db); code != ExitFailure ||
		!strings.Contains(errb, "needs the PostgreSQL store") {
		t.Errorf("watch --workers on SQLite: exit %d: %s", code, errb)
	}
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	qv := u.Query()
	qv.Set("search_path", pgtest.Schema(t))
	u.RawQuery = qv.Encode()
	pg := u.String()

	srv := newsSite(t)
	if code, _, errb := run(t, "", "sources", "add", srv.URL+"/rss.xml", "--name", "Nemuneh", "--db", pg); code != ExitOK {
		t.Fatalf("sources add: %s", errb)
	}
	for i, want := range []string{"queued 1 poll(s) of 1 due source(s)", "queued 0 poll(s) of 1 due source(s)"} {
		code, out, errb := run(t, "", "watch", "--workers", "--once", "--db", pg)
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("watch --workers --once #%d: exit %d: %q %q, want %q", i+1, code, out, errb, want)
		}
	}
	code, _, errb := run(t, "", "worker", "--drain", "--poll", "50ms", "--db", pg)
	if code != ExitOK || !strings.Contains(errb, "done=2") {
		t.Fatalf("worker --drain: exit %d:\n%s", code, errb)
	}
	code, out, _ := run(t, "", "search", "--db", pg, "تصفیه‌خانه")
	if code != ExitOK || !strings.Contains(out, "افتتاح تصفیه‌خانه آب در اصفهان") {
		t.Errorf("search after the workers: exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, "", "jobs", "--db", pg)
	if code != ExitOK || !strings.Contains(out, "fetch_feed") || !strings.Contains(out, "fetch_page") {
		t.Errorf("jobs:\n%s", out)
	}
}
