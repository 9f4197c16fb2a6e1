package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/samples"
	"github.com/khabar/khabar/internal/store"
)

// decodeError checks that a response is a JSON error with the status and code.
func decodeError(t *testing.T, status int, code string, rec interface {
	Result() *http.Response
}) apiError {
	t.Helper()
	res := rec.Result()
	var e apiError
	if err := json.NewDecoder(res.Body).Decode(&e); err != nil {
		t.Fatalf("error body is not JSON: %v", err)
	}
	if res.StatusCode != status || e.Error.Code != code {
		t.Fatalf("got %d %q (%s), want %d %q", res.StatusCode, e.Error.Code, e.Error.Message, status, code)
	}
	if e.Error.Message == "" {
		t.Fatalf("error %q has no message", code)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type = %q", ct)
	}
	return e
}

func TestAPIErrors(t *testing.T) {
	s := newTestServer(t, nil)
	h := s.Handler()
	tests := []struct {
		name, method, target string
		status               int
		code                 string
	}{
		{"unbalanced quote", "GET", "/api/articles?q=" + url.QueryEscape(`"نخست وزیر`), 400, CodeBadQuery},
		{"unbalanced paren", "GET", "/api/articles?q=" + url.QueryEscape(`(ایران OR`), 400, CodeBadQuery},
		{"only exclusion", "GET", "/api/articles?q=" + url.QueryEscape(`-روسیه`), 400, CodeBadQuery},
		{"unknown type filter", "GET", "/api/articles?q=" + url.QueryEscape(`type:HUG`), 400, CodeBadQuery},
		{"bad date filter", "GET", "/api/articles?q=" + url.QueryEscape(`date:14-99`), 400, CodeBadQuery},
		{"huge query", "GET", "/api/articles?q=" + strings.Repeat("خبر+", 3000), 400, CodeBadQuery},
		{"bad sort", "GET", "/api/articles?q=ایران&sort=random", 400, CodeBadRequest},
		{"negative limit", "GET", "/api/articles?q=ایران&limit=-1", 400, CodeBadRequest},
		{"huge limit", "GET", "/api/articles?limit=1000000", 400, CodeBadRequest},
		{"deep offset", "GET", "/api/articles?q=ایران&offset=999999999", 400, CodeBadRequest},
		{"limit not a number", "GET", "/api/articles?limit=ten", 400, CodeBadRequest},
		{"unknown article", "GET", "/api/articles/0000000000000000", 404, CodeNotFound},
		{"unknown entity", "GET", "/api/entities/no-such-entity-anywhere", 404, CodeNotFound},
		{"bad entity type", "GET", "/api/entities?type=animal", 400, CodeBadRequest},
		{"bad events type", "GET", "/api/events?type=HUG", 400, CodeBadRequest},
		{"bad events role", "GET", "/api/events?role=bystander", 400, CodeBadRequest},
		{"bad events format", "GET", "/api/events?format=xml", 400, CodeBadRequest},
		{"bad from", "GET", "/api/events?from=yesterday", 400, CodeBadRequest},
		{"window backwards", "GET", "/api/events?from=2025-11-20&to=2025-11-01", 400, CodeBadRequest},
		{"timeline without entity", "GET", "/api/timeline", 400, CodeBadRequest},
		{"graph bad type", "GET", "/api/graph?type=nope", 400, CodeBadRequest},
		{"graph bad to", "GET", "/api/graph?to=1404-13", 400, CodeBadRequest},
		{"unknown endpoint", "GET", "/api/nothing", 404, CodeNotFound},
		{"wrong method", "DELETE", "/api/articles", 405, CodeMethodNotAllowed},
		{"wrong method on item", "PUT", "/api/articles/abc", 405, CodeMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.target, nil)
			decodeError(t, tt.status, tt.code, rec)
		})
	}
}

func TestAPIQueryErrorColumn(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	e := decodeError(t, 400, CodeBadQuery, do(t, h, "GET", "/api/articles?q="+url.QueryEscape(`ایران type:HUG`), nil))
	if e.Error.Column != 7 {
		t.Errorf("column = %d, want 7 (the type: filter)", e.Error.Column)
	}
}

func TestAPISearch(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	seed := seedRecord(t)
	tests := []struct {
		q      string
		wantID string
	}{
		{"نخست وزیر", seed.ID},
		{"نخست‌وزیر", seed.ID},
		{"نخستوزیر", seed.ID},
		{"entity:پوتین", seed.ID},
		{"type:CONSULT پوتین", seed.ID},
		{`"نتانیاهو" date:1404-08`, seed.ID},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			rec := do(t, h, "GET", "/api/articles?q="+url.QueryEscape(tt.q)+"&limit=50&facets=5", nil)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var page searchPage
			if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, h := range page.Hits {
				found = found || h.ID == tt.wantID
			}
			if !found || page.Total < 1 || page.Total < len(page.Hits) {
				t.Fatalf("total %d, %d hits, seed found %v", page.Total, len(page.Hits), found)
			}
			if page.Facets == nil || len(page.Facets.Dates) == 0 || len(page.Facets.Entities) == 0 || len(page.Facets.Entities) > 5 {
				t.Errorf("facets=5 gave facets %+v", page.Facets)
			}
		})
	}
}

func TestAPISearchPaging(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	get := func(target string) searchPage {
		rec := do(t, h, "GET", target, nil)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		var p searchPage
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := get("/api/articles?q=" + url.QueryEscape("ایران") + "&limit=100&sort=date")
	if all.Total < 3 {
		t.Fatalf("want at least 3 articles about Iran, got %d", all.Total)
	}
	if all.Facets != nil && (len(all.Facets.Entities) > 0 || len(all.Facets.Dates) > 0) {
		t.Errorf("facets computed without facets=N: %+v", all.Facets)
	}
	p1 := get("/api/articles?q=" + url.QueryEscape("ایران") + "&limit=2&sort=date")
	p2 := get("/api/articles?q=" + url.QueryEscape("ایران") + "&limit=2&offset=2&sort=date")
	if len(p1.Hits) != 2 || len(p2.Hits) == 0 || p1.Hits[0].ID != all.Hits[0].ID || p2.Hits[0].ID != all.Hits[2].ID {
		t.Fatalf("paging does not follow the full list")
	}
	list := get("/api/articles?limit=5")
	_, _, recs := sampleRecords(t)
	if list.Total != len(recs) || len(list.Articles) != 5 {
		t.Fatalf("listing: total %d (want %d), %d articles", list.Total, len(recs), len(list.Articles))
	}
}

func TestAPIArticle(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	seed := seedRecord(t)
	rec := do(t, h, "GET", "/api/articles/"+seed.ID, nil)
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	var got article.Record
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != seed.ID || got.Text != seed.Text || len(got.Entities) != len(seed.Entities) || len(got.Events) != len(seed.Events) {
		t.Fatalf("record differs from what was stored")
	}
}

func TestAPIEntities(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	rec := do(t, h, "GET", "/api/entities?type=person&limit=5", nil)
	var out struct{ Entities []entityJSON }
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if len(out.Entities) == 0 || len(out.Entities) > 5 {
		t.Fatalf("%d entities", len(out.Entities))
	}
	for _, e := range out.Entities {
		if e.Type != article.Person {
			t.Errorf("%s has type %s", e.ID, e.Type)
		}
	}
	// The profile is reachable by KB ID and by a Persian alias.
	id := putinID(t)
	for _, key := range []string{id, "پوتین"} {
		rec = do(t, h, "GET", "/api/entities/"+url.PathEscape(key), nil)
		var d entityDetail
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &d) != nil {
			t.Fatalf("%s: status %d: %s", key, rec.Code, rec.Body)
		}
		if d.ID != id || d.Mentions == 0 || d.KB == nil || len(d.KB.Fa) == 0 || len(d.ByDay) == 0 {
			t.Fatalf("%s: profile %+v", key, d.EntityCount)
		}
	}
}

// putinID returns the KB ID the seed article links ولادیمیر پوتین to.
func putinID(t *testing.T) string {
	t.Helper()
	for _, m := range seedRecord(t).Entities {
		if m.Text == "ولادیمیر پوتین" && m.ID != "" {
			return m.ID
		}
	}
	t.Fatal("the seed article has no linked mention ولادیمیر پوتین")
	return ""
}

func TestAPIEvents(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	rec := do(t, h, "GET", "/api/events?type=CONSULT&limit=100", nil)
	var out struct{ Events []store.EventRecord }
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if len(out.Events) == 0 {
		t.Fatal("no CONSULT events in the samples")
	}
	for _, e := range out.Events {
		if e.Type != "CONSULT" {
			t.Errorf("filter type=CONSULT returned %s", e.Type)
		}
	}
	// JSONL export: one event per line, the same events.
	rec = do(t, h, "GET", "/api/events?type=CONSULT&limit=100&format=jsonl", nil)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Fatalf("Content-Type %q", ct)
	}
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if len(lines) != len(out.Events) {
		t.Fatalf("%d JSONL lines, %d events", len(lines), len(out.Events))
	}
	for _, l := range lines {
		var e store.EventRecord
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.Type != "CONSULT" {
			t.Fatalf("bad line %q: %v", l, err)
		}
	}
}

func TestAPITimelineAndGraph(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	rec := do(t, h, "GET", "/api/timeline?entity="+url.QueryEscape("پوتین")+"&from=1404-08-01&to=1404-08-30", nil)
	var tl struct {
		Entity string
		Events []store.EventRecord
	}
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &tl) != nil {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if tl.Entity != putinID(t) || len(tl.Events) == 0 {
		t.Fatalf("timeline of %q has %d events", tl.Entity, len(tl.Events))
	}
	for i := 1; i < len(tl.Events); i++ {
		if tl.Events[i].Day < tl.Events[i-1].Day {
			t.Fatalf("timeline not oldest first")
		}
	}
	rec = do(t, h, "GET", "/api/graph", nil)
	var g struct{ Edges []store.Edge }
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &g) != nil {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	rec = do(t, h, "GET", "/api/graph?type=CONSULT&from=2030-01-01", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"edges":[]`) {
		t.Fatalf("an empty window should give no edges: %d %s", rec.Code, rec.Body)
	}
}

func TestAPIIngest(t *testing.T) {
	jsonArticle := `{"title":"نشست خبری سخنگوی وزارت امور خارجه","text":"اسماعیل بقائی سخنگوی وزارت امور خارجه روز دوشنبه در نشست خبری گفت ایران با آژانس همکاری می‌کند.","published":"2025-11-17T10:00:00+03:30","source":"تست"}`
	seed, err := samples.Read(samples.Seed)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		body      string
		auth      string
		status    int
		code      string
		newCount  int
		failCount int
	}{
		{"no token", jsonArticle, "", 401, CodeUnauthorized, 0, 0},
		{"wrong scheme", jsonArticle, "Basic " + testToken, 401, CodeUnauthorized, 0, 0},
		{"wrong token", jsonArticle, "Bearer nope", 403, CodeForbidden, 0, 0},
		{"one object", jsonArticle, "Bearer " + testToken, 201, "", 1, 0},
		{"same again", jsonArticle, "Bearer " + testToken, 200, "", 0, 0},
		{"array with a bad item", `[{"title":"خبر یک","text":"متن خبر نخست درباره‌ی تهران است.","published":"2025-11-18"},{"nope":1}]`,
			"Bearer " + testToken, 201, "", 1, 1},
		{"jsonl", `{"title":"خبر دو","text":"متن خبر دوم درباره‌ی مشهد است.","published":"2025-11-18"}` + "\n" +
			`{"title":"خبر سه","text":"متن خبر سوم درباره‌ی تبریز است.","published":"2025-11-18"}` + "\n", "Bearer " + testToken, 201, "", 2, 0},
		{"seed format, already stored", string(seed), "Bearer " + testToken, 200, "", 0, 0},
		{"empty body", "", "Bearer " + testToken, 422, CodeNoArticle, 0, 0},
		{"binary body", "\x00\x01\x02\x03", "Bearer " + testToken, 422, CodeNoArticle, 0, 0},
	}
	h := newTestServer(t, nil).Handler()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "POST", "/api/articles", strings.NewReader(tt.body), "Authorization", tt.auth)
			if tt.code != "" {
				decodeError(t, tt.status, tt.code, rec)
				if tt.status == 401 && rec.Header().Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				return
			}
			var res ingestResult
			if rec.Code != tt.status || json.Unmarshal(rec.Body.Bytes(), &res) != nil {
				t.Fatalf("status %d (want %d): %s", rec.Code, tt.status, rec.Body)
			}
			if len(res.New) != tt.newCount || len(res.Failed) != tt.failCount {
				t.Fatalf("new %v, failed %v; want %d new, %d failed", res.New, res.Failed, tt.newCount, tt.failCount)
			}
			for _, id := range res.New {
				if r := do(t, h, "GET", "/api/articles/"+id, nil); r.Code != 200 {
					t.Errorf("stored article %s not readable: %d", id, r.Code)
				}
			}
		})
	}
}

func TestAPIIngestLimits(t *testing.T) {
	body := `{"title":"خبر","text":"` + strings.Repeat("متن ", 400) + `"}`
	t.Run("oversized body", func(t *testing.T) {
		h := newTestServer(t, func(c *Config) { c.MaxBodyBytes = 1024 }).Handler()
		decodeError(t, 413, CodeBodyTooLarge, do(t, h, "POST", "/api/articles", strings.NewReader(body),
			"Authorization", "Bearer "+testToken))
	})
	t.Run("oversized body without length", func(t *testing.T) {
		h := newTestServer(t, func(c *Config) { c.MaxBodyBytes = 1024 }).Handler()
		req := httptestRequestNoLength(body)
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := recorder()
		h.ServeHTTP(rec, req)
		decodeError(t, 413, CodeBodyTooLarge, rec)
	})
	t.Run("no token configured", func(t *testing.T) {
		h := newTestServer(t, func(c *Config) { c.Token = "" }).Handler()
		for _, auth := range []string{"", "Bearer ", "Bearer anything"} {
			decodeError(t, 403, CodeWritesDisabled, do(t, h, "POST", "/api/articles", strings.NewReader(`{"title":"x","text":"y"}`),
				"Authorization", auth))
		}
	})
	t.Run("no analyser", func(t *testing.T) {
		h := newTestServer(t, func(c *Config) { c.Analyzer = nil }).Handler()
		decodeError(t, 403, CodeWritesDisabled, do(t, h, "POST", "/api/articles", bytes.NewReader([]byte(`{}`)),
			"Authorization", "Bearer "+testToken))
	})
}

func TestOpenAPIDocument(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	rec := do(t, h, "GET", "/api/openapi.json", nil)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
		t.Fatalf("status %d", rec.Code)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	// Every API route the server registers is documented, with its method.
	for _, r := range []string{"GET /api/articles", "POST /api/articles", "GET /api/articles/{id}", "GET /api/entities",
		"GET /api/entities/{id}", "GET /api/events", "GET /api/timeline", "GET /api/graph", "GET /api/stories", "GET /healthz", "GET /metrics"} {
		method, path, _ := strings.Cut(r, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not documented", r)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	if rec := do(t, h, "GET", "/healthz", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"status":"ok"`) {
		t.Fatalf("healthz: %d %s", rec.Code, rec.Body)
	}
	do(t, h, "GET", "/api/articles?q=ایران", nil)
	do(t, h, "GET", "/api/articles/nope", nil)
	rec := do(t, h, "GET", "/metrics", nil)
	body := rec.Body.String()
	_, _, recs := sampleRecords(t)
	for _, want := range []string{
		`khabar_http_requests_total{route="GET /api/articles",code="200"} 1`,
		`khabar_http_requests_total{route="GET /api/articles/{id}",code="404"} 1`,
		`khabar_http_request_duration_seconds_bucket{route="GET /api/articles",le="+Inf"} 1`,
		`khabar_http_request_duration_seconds_count{route="GET /healthz"} 1`,
		"# TYPE khabar_http_request_duration_seconds histogram",
		"khabar_articles " + itoa(len(recs)) + "\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	for _, target := range []string{"/", "/api/articles", "/static/style.css", "/nope"} {
		rec := do(t, h, "GET", target, nil)
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", target)
		}
	}
}
