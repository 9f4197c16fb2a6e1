package server

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

var update = flag.Bool("update", false, "write the browser test's screenshots to docs/screenshots")

// chromium finds a Chromium or Chrome binary: $KHABAR_CHROMIUM, then the usual names on PATH.
func chromium() string {
	if p := os.Getenv("KHABAR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives a real Chromium against a server over the sample articles: the seed article with its
// highlighted entities and CONSULT event, a search for a word written with a ZWNJ, the entity, timeline and network
// pages. It saves a full-page screenshot of every page (to docs/screenshots with -update).
func TestBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("SKIP: no Chromium binary found (looked for $KHABAR_CHROMIUM, /usr/bin/chromium, chromium, " +
			"chromium-browser, google-chrome); install Debian's chromium to run the browser test")
	}
	if testing.Short() {
		t.Skip("SKIP: browser test in -short mode")
	}
	shots := t.TempDir()
	if *update {
		shots = filepath.Join("..", "..", "docs", "screenshots")
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	// Serve the samples on a random port through ListenAndServe's sibling Serve, and check graceful shutdown.
	// The clock stands a day after the newest sample, so that relative times read naturally.
	now := time.Date(2025, 11, 26, 10, 0, 0, 0, testNow.Location())
	s := newTestServer(t, func(c *Config) { c.Now = func() time.Time { return now } })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srvCtx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(srvCtx, ln) }()
	defer func() {
		stop()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("graceful shutdown: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("server did not shut down")
		}
	}()
	base := "http://" + ln.Addr().String()

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string, out any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: decode %s: %v", what, raw, err)
		}
	}
	shoot := func(name string) {
		t.Helper()
		// Capturing beyond the viewport misplaces a right-to-left page shorter than the window, so a short
		// page is captured as the window shows it.
		var tall bool
		eval("page height", `document.documentElement.scrollHeight > window.innerHeight`, &tall)
		capture := chromedp.CaptureScreenshot()
		if tall {
			capture = chromedp.FullScreenshot(100)
		}
		png, err := chromedp.Run(ctx, capture)
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10000 {
			t.Fatalf("screenshot %s: not a plausible PNG (%d bytes)", name, len(png))
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Home.
	run("home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(".latest .art-title"))
	var latest int
	eval("home", `document.querySelectorAll(".latest .art-title").length`, &latest)
	if latest == 0 {
		t.Fatal("home lists no articles")
	}
	shoot("home")

	// Keyboard: the first Tab reaches the skip link, and "/" focuses the search box.
	run("tab", chromedp.KeyEvent("\t"))
	var focused string
	eval("focus", `document.activeElement.className`, &focused)
	if focused != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", focused)
	}
	run("slash", chromedp.Navigate(base+"/"), chromedp.WaitVisible(".latest"), chromedp.KeyEvent("/"))
	eval("focus", `document.activeElement.id`, &focused)
	if focused != "top-q" {
		t.Errorf(`"/" focuses %q, want the search box`, focused)
	}

	// The seed article: Putin highlighted and linked, the CONSULT event in the side panel.
	seed := seedRecord(t)
	pid := putinID(t)
	run("article", chromedp.Navigate(base+"/article/"+seed.ID), chromedp.WaitVisible(".a-body"))
	var putin []struct {
		Href, Class, Background string
	}
	eval("putin", `Array.from(document.querySelectorAll(".a-body a.ent")).filter(a => a.textContent === "ولادیمیر پوتین")
		.map(a => ({href: a.getAttribute("href"), class: a.className, background: getComputedStyle(a).backgroundColor}))`, &putin)
	if len(putin) == 0 {
		t.Fatal("ولادیمیر پوتین is not a highlighted entity link in the article")
	}
	for _, p := range putin {
		if p.Href != "/entity/"+pid || !strings.Contains(p.Class, "ent-person") {
			t.Errorf("ولادیمیر پوتین links to %q with class %q; want /entity/%s and ent-person", p.Href, p.Class, pid)
		}
		if p.Background == "" || p.Background == "rgba(0, 0, 0, 0)" || p.Background == "transparent" {
			t.Errorf("ولادیمیر پوتین is not highlighted: background %q", p.Background)
		}
	}
	var consult []string
	eval("events", `Array.from(document.querySelectorAll(".reader-side .ev .tag")).map(e => e.getAttribute("title"))`, &consult)
	found := false
	for _, c := range consult {
		found = found || strings.HasPrefix(c, "CONSULT")
	}
	if !found {
		t.Errorf("the side panel lists no CONSULT event (events listed: %v)", consult)
	}
	var quotes, dates int
	eval("quotes", `document.querySelectorAll(".reader-side .quotes blockquote").length`, &quotes)
	eval("dates", `document.querySelectorAll(".a-body .date").length`, &dates)
	if quotes == 0 || dates == 0 {
		t.Errorf("article shows %d quotes and %d highlighted dates", quotes, dates)
	}
	shoot("article")

	// Follow the entity link.
	run("entity", chromedp.Click(`.a-body a.ent[href="/entity/`+pid+`"]`), chromedp.WaitVisible(".ent-head h1"))
	var bars int
	eval("entity chart", `document.querySelectorAll(".ent-main svg.bars rect").length`, &bars)
	if bars == 0 {
		t.Error("entity page draws no mentions-over-time bars")
	}
	shoot("entity")

	// Search with a ZWNJ word, typed into the box (SetValue: SendKeys drops ZWNJ).
	const query = "نخست\u200cوزیر"
	run("search", chromedp.Navigate(base+"/search"), chromedp.WaitVisible("#q"),
		chromedp.SetValue("#q", query), chromedp.Submit("#q"), chromedp.WaitVisible(".hits .hit"))
	var sr struct {
		Hits, Marks int
		Value       string
	}
	eval("search results", `({hits: document.querySelectorAll(".hits .hit").length,
		marks: document.querySelectorAll(".hits mark").length, value: document.getElementById("q").value})`, &sr)
	if sr.Hits == 0 || sr.Marks == 0 || sr.Value != query {
		t.Errorf("search for %q: %d hits, %d highlighted words, box holds %q", query, sr.Hits, sr.Marks, sr.Value)
	}
	shoot("search")

	// Timeline and network render their nodes.
	run("timeline", chromedp.Navigate(base+"/timeline"), chromedp.WaitVisible("#timeline-chart"))
	var dots int
	eval("timeline dots", `document.querySelectorAll("#timeline-chart circle.ev-dot").length`, &dots)
	if dots == 0 {
		t.Error("timeline draws no events")
	}
	shoot("timeline")
	// A click on an event opens its article at the event.
	run("timeline click", chromedp.Click("#timeline-chart a.dot-link"), chromedp.WaitVisible(".a-body"))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/article/") || !strings.Contains(loc, "#event-") {
		t.Errorf("a timeline click went to %q (%v)", loc, err)
	}

	run("network", chromedp.Navigate(base+"/network"), chromedp.WaitVisible("#network-chart"))
	var nw struct{ Nodes, Edges int }
	eval("network", `({nodes: document.querySelectorAll("#network-chart .node circle").length,
		edges: document.querySelectorAll("#network-chart path.edge").length})`, &nw)
	if nw.Nodes < 2 || nw.Edges == 0 {
		t.Errorf("network draws %d nodes and %d edges", nw.Nodes, nw.Edges)
	}
	shoot("network")

	// Stories: a second server over a store that follows sources (the samples are ingested, not watched).
	ss, _ := storyServer(t)
	sln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, sstop := context.WithCancel(context.Background())
	defer sstop()
	go ss.Serve(sctx, sln)
	run("stories", chromedp.Navigate("http://"+sln.Addr().String()+"/stories"), chromedp.WaitVisible(".story"))
	var story struct {
		Stories, Items, Outlets, Mentions int
		Link                              string
	}
	eval("stories", `({stories: document.querySelectorAll(".story").length,
		items: document.querySelectorAll(".story .story-articles > li").length,
		outlets: document.querySelectorAll(".story > .meta .src").length,
		mentions: document.querySelectorAll(".story .mentions li").length,
		link: (document.querySelector(".story .art-title") || {}).getAttribute("href") || ""})`, &story)
	if story.Stories != 1 || story.Items != 2 || story.Outlets < 2 || story.Mentions != 3 || !strings.HasPrefix(story.Link, "/article/") {
		t.Errorf("stories page: %+v", story)
	}
	shoot("stories")

	// Dark scheme: the article page follows prefers-color-scheme.
	run("dark", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	}), chromedp.Navigate(base+"/article/"+seed.ID), chromedp.WaitVisible(".a-body"))
	var bg string
	eval("dark background", `getComputedStyle(document.body).backgroundColor`, &bg)
	if bg != "rgb(14, 19, 24)" {
		t.Errorf("dark scheme: body background %q", bg)
	}
	shoot("article-dark")

	// A phone-sized viewport: one column, nothing wider than the screen.
	run("mobile", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(base+"/article/"+seed.ID), chromedp.WaitVisible(".a-body"))
	var overflow int
	eval("mobile width", `document.documentElement.scrollWidth - document.documentElement.clientWidth`, &overflow)
	if overflow > 0 {
		t.Errorf("mobile: the page is %d px wider than the screen", overflow)
	}
	shoot("article-mobile")

	// A CSP violation would show as a console error; the pages use no inline script or style.
	var violations int
	eval("csp", `performance.getEntriesByType("resource").filter(r => r.name.startsWith("http") && !r.name.startsWith(location.origin)).length`, &violations)
	if violations != 0 {
		t.Errorf("%d requests left the server", violations)
	}
	t.Logf("screenshots in %s", shots)
	_ = fmt.Sprint
}
