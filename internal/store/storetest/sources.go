package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store"
)

// sourceStore returns st as a store.SourceStore, skipping the test for a backend that follows no sources.
func sourceStore(t *testing.T, st store.Store) store.SourceStore {
	t.Helper()
	ss, ok := st.(store.SourceStore)
	if !ok {
		t.Skipf("%T is no store.SourceStore", st)
	}
	return ss
}

// testSourcesCRUD adds, lists, updates and removes sources.
func testSourcesCRUD(t *testing.T, s store.Store) {
	st := sourceStore(t, s)
	a, err := st.AddSource(ctx, store.Source{URL: "http://example.test/rss.xml", Name: "Example", Zone: "Asia/Tehran"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 {
		t.Fatal("AddSource: no ID")
	}
	if _, err := st.AddSource(ctx, store.Source{URL: "http://example.test/rss.xml"}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("second AddSource of one URL: %v, want ErrInvalid", err)
	}
	if _, err := st.AddSource(ctx, store.Source{URL: " "}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("AddSource of an empty URL: %v, want ErrInvalid", err)
	}
	b, err := st.AddSource(ctx, store.Source{URL: "http://other.test/page.html", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	b.Kind, b.ETag, b.LastModified, b.LastPoll, b.LastError, b.Failures, b.NextPoll =
		store.KindPage, `"x1"`, "Sat, 15 Nov 2025 07:00:00 GMT", now, "HTTP 500", 2, now.Add(time.Minute)
	if err := st.UpdateSource(ctx, b); err != nil {
		t.Fatal(err)
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].Name != "Example" || srcs[0].Zone != "Asia/Tehran" {
		t.Fatalf("Sources = %+v", srcs)
	}
	got := srcs[1]
	if got.Kind != store.KindPage || got.ETag != `"x1"` || got.LastError != "HTTP 500" || got.Failures != 2 ||
		!got.NextPoll.Equal(now.Add(time.Minute)) || !got.LastPoll.Equal(now) {
		t.Fatalf("polling state not kept: %+v", got)
	}
	if err := st.RemoveSource(ctx, "Example"); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveSource(ctx, "Example"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second RemoveSource: %v, want ErrNotFound", err)
	}
	if err := st.RemoveSource(ctx, "http://other.test/page.html"); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateSource(ctx, b); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UpdateSource of a removed source: %v", err)
	}
}

// testCommitItem commits feed items as new articles and as mentions, and checks what the source store reads
// back: mentions, seen items, fingerprints, stories, and the rollback of an item that cannot be stored.
func testCommitItem(t *testing.T, s store.Store) {
	st := sourceStore(t, s)
	recs := Records()
	src1, _ := st.AddSource(ctx, store.Source{URL: "http://a.test/rss", Name: "A"})
	src2, _ := st.AddSource(ctx, store.Source{URL: "http://b.test/rss", Name: "B"})
	seen := time.Date(2025, 11, 15, 8, 0, 0, 0, time.UTC)
	rec := recs[0]
	rec.Source = ""

	res, err := st.CommitItem(ctx, store.ItemCommit{SourceID: src1.ID, Key: "guid-1", URL: "http://a.test/1",
		Seen: seen, Record: rec, SimHash: 0xdeadbeefcafef00d, Story: "story-1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != store.ItemNew || res.Article != rec.ID || res.Already {
		t.Fatalf("first commit: %+v", res)
	}
	// The same item again (a restart after a crash) changes nothing.
	res, err = st.CommitItem(ctx, store.ItemCommit{SourceID: src1.ID, Key: "guid-1", URL: "http://a.test/1",
		Seen: seen, Record: rec})
	if err != nil || !res.Already || res.Article != rec.ID {
		t.Fatalf("repeated commit: %+v, %v", res, err)
	}
	// Another outlet republishing it is a mention.
	res, err = st.CommitItem(ctx, store.ItemCommit{SourceID: src2.ID, Key: "http://b.test/9", URL: "http://b.test/9",
		Seen: seen.Add(time.Hour), Duplicate: rec.ID})
	if err != nil || res.Outcome != store.ItemMention || res.Article != rec.ID {
		t.Fatalf("mention commit: %+v, %v", res, err)
	}
	// The identical record from a third feed item is a mention too, not a second article.
	res, err = st.CommitItem(ctx, store.ItemCommit{SourceID: src2.ID, Key: "guid-x", URL: "http://b.test/10",
		Seen: seen.Add(2 * time.Hour), Record: rec})
	if err != nil || res.Outcome != store.ItemMention {
		t.Fatalf("identical record: %+v, %v", res, err)
	}
	ms, err := st.Mentions(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].Source != "A" || ms[1].Source != "B" || ms[1].URL != "http://b.test/9" {
		t.Fatalf("mentions = %+v", ms)
	}
	stats, _ := s.Stats(ctx)
	if stats.Articles != 1 {
		t.Fatalf("articles = %d, want 1", stats.Articles)
	}
	seenKeys, err := st.SeenItems(ctx, src2.ID, []string{"http://b.test/9", "guid-1", "guid-x"})
	if err != nil || len(seenKeys) != 2 || !seenKeys["guid-x"] || seenKeys["guid-1"] {
		t.Fatalf("SeenItems = %v, %v", seenKeys, err)
	}
	if id, err := st.ArticleByURL(ctx, "http://b.test/9"); err != nil || id != rec.ID {
		t.Fatalf("ArticleByURL = %q, %v", id, err)
	}
	if _, err := st.ArticleByURL(ctx, "http://nowhere.test/"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ArticleByURL of an unknown URL: %v", err)
	}
	if fps, err := st.Fingerprints(ctx, time.Time{}, false); err != nil || len(fps) != 1 || fps[0].Text != "" {
		t.Fatalf("Fingerprints without text = %+v, %v", fps, err)
	}
	if fps, err := st.Fingerprints(ctx, time.Now(), true); err != nil || len(fps) != 0 {
		t.Fatalf("Fingerprints since now = %+v, %v", fps, err)
	}
	fps, err := st.Fingerprints(ctx, time.Time{}, true)
	if err != nil || len(fps) != 1 || fps[0].SimHash != 0xdeadbeefcafef00d || fps[0].Story != "story-1" ||
		fps[0].Text != rec.Text {
		t.Fatalf("Fingerprints = %+v, %v", fps, err)
	}
	// A second article in the same story.
	rec2 := recs[1]
	rec2.Source = ""
	if _, err := st.CommitItem(ctx, store.ItemCommit{SourceID: src2.ID, Key: "guid-2", URL: "http://b.test/2",
		Seen: seen, Record: rec2, Story: "story-1"}); err != nil {
		t.Fatal(err)
	}
	stories, err := st.Stories(ctx, store.StoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 1 || len(stories[0].Articles) != 2 || stories[0].Mentions != 4 ||
		len(stories[0].Outlets) != 2 {
		t.Fatalf("Stories = %+v", stories)
	}
	// A record the store cannot accept rolls back: no item state without its article.
	bad := rec2
	bad.ID = ""
	if _, err := st.CommitItem(ctx, store.ItemCommit{SourceID: src1.ID, Key: "bad", Record: bad}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("invalid record: %v", err)
	}
	if s, _ := st.SeenItems(ctx, src1.ID, []string{"bad"}); s["bad"] {
		t.Fatal("item state written without its article")
	}
	if _, err := st.CommitItem(ctx, store.ItemCommit{SourceID: 999, Key: "k", Record: recs[2]}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown source: %v", err)
	}
	if stats, _ := s.Stats(ctx); stats.Articles != 2 {
		t.Fatalf("articles after a failed commit = %d, want 2", stats.Articles)
	}
}
