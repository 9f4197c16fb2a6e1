package server

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

func TestNetwork(t *testing.T) {
	s := newTestServer(t, nil)
	ev := func(typ string, actors, recips []string) store.EventRecord {
		e := store.EventRecord{Quad: event.Quad(typ), Event: article.Event{Type: typ, Actors: actors, Recipients: recips}}
		for _, a := range actors {
			e.ActorInfo = append(e.ActorInfo, article.Party{Name: a, ID: strings.ToLower(a), Type: "location"})
		}
		for _, r := range recips {
			e.RecipientInfo = append(e.RecipientInfo, article.Party{Name: r, ID: strings.ToLower(r), Type: "location"})
		}
		return e
	}
	evs := []store.EventRecord{
		ev("ASSAULT", []string{"Israel"}, []string{"Iran"}),
		ev("ASSAULT", []string{"Israel"}, []string{"Iran"}),
		ev("ACCUSE", []string{"Iran"}, []string{"Israel"}),
		ev("CONSULT", []string{"Russia", "Israel"}, nil),
		ev("CONSULT", []string{"Iran"}, nil), // one party: no edge
	}
	nw := s.network(evs, 600)
	if len(nw.Nodes) != 3 || len(nw.Edges) != 3 || nw.Events != 4 {
		t.Fatalf("%d nodes, %d edges, %d events", len(nw.Nodes), len(nw.Edges), nw.Events)
	}
	if nw.Nodes[0].Key != "israel" || nw.Nodes[0].Weight != 4 {
		t.Errorf("heaviest node %+v", nw.Nodes[0])
	}
	byPair := map[string]NetEdge{}
	for _, e := range nw.Edges {
		byPair[e.Pair] = e
	}
	if e := byPair["اسرائیل ← ایران"]; e.Count != 2 || e.Class != "q-mk" || !e.Directed {
		t.Errorf("Israel → Iran edge %+v", e)
	}
	if e := byPair["ایران ← اسرائیل"]; e.Count != 1 || e.Class != "q-vk" {
		t.Errorf("Iran → Israel edge %+v", e)
	}
	if e := byPair["اسرائیل — روسیه"]; e.Count != 1 || e.Class != "q-vc" || e.Directed {
		t.Errorf("Israel — Russia edge %+v (edges %v)", e, byPair)
	}
	// The layout is deterministic.
	if again := s.network(evs, 600); !reflect.DeepEqual(again, nw) {
		t.Error("network layout differs between runs")
	}
	if empty := s.network(nil, 600); !empty.Empty {
		t.Error("no events should give an empty network")
	}
}

func TestBarChart(t *testing.T) {
	bs := []search.Bucket{{Label: "1404-07", Count: 3}, {Label: "1404-08", Count: 7}}
	c := barChart(bs, 300, 150, "خبر", func(b search.Bucket) string { return "/x?" + b.Label })
	if c.Empty || len(c.Bars) != 2 || c.Total != 10 {
		t.Fatalf("chart %+v", c)
	}
	// Oldest on the right, taller bar for the larger count, within the canvas.
	if c.Bars[0].X <= c.Bars[1].X || c.Bars[1].H <= c.Bars[0].H || c.Bars[1].Y < 0 {
		t.Errorf("bars %+v", c.Bars)
	}
	if c.Bars[0].Label != "مهر ۱۴۰۴" || c.Bars[1].Href != "/x?1404-08" {
		t.Errorf("labels %+v", c.Bars)
	}
	if !barChart(nil, 300, 150, "", nil).Empty {
		t.Error("no buckets should give an empty chart")
	}
	for n, want := range map[int]int{0: 1, 1: 1, 3: 5, 7: 10, 12: 20, 48: 50, 51: 100} {
		if got := niceCeil(n); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", n, got, want)
		}
	}
}

// FuzzSearchAPI sends arbitrary queries and parameters: the answer is 200 or a JSON 400, never a server error.
func FuzzSearchAPI(f *testing.F) {
	for _, q := range []string{"نخست وزیر", `"انرژی اتمی" -روسیه`, "entity:پوتین type:CONSULT", "(a OR", "date:1404-08..1404-09",
		"گفت*", "sort:date", "\x00", `"`, "-", "OR OR", "type:", "entity:\"\""} {
		f.Add(q, "10", "0")
	}
	f.Add("ایران", "-1", "x")
	s := newTestServer(f, nil)
	h := s.Handler()
	f.Fuzz(func(t *testing.T, q, limit, offset string) {
		target := "/api/articles?" + url.Values{"q": {q}, "limit": {limit}, "offset": {offset}}.Encode()
		rec := do(t, h, "GET", target, nil)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
		if rec.Code == 400 && !strings.Contains(rec.Body.String(), `"code":"bad_`) {
			t.Fatalf("%s: 400 without a bad_* code: %s", target, rec.Body)
		}
		page := do(t, h, "GET", "/search?"+url.Values{"q": {q}}.Encode(), nil)
		if page.Code >= 500 {
			t.Fatalf("search page: status %d", page.Code)
		}
	})
}
