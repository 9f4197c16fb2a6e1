package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZWNJFolder(t *testing.T) {
	tests := []struct{ in, want string }{
		{"نخست\u200cوزیر", "نخستوزیر"},
		{"۱۴۰۴ ١٤٠٤ 1404", "1404 1404 1404"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := string(zwnjFolder{}.Filter([]byte(tc.in))); got != tc.want {
			t.Errorf("Filter(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		q       Query
		ok, err bool
	}{
		{Query{Text: "نفت", Words: []string{"نفت"}}, true, false},
		{Query{Text: "type:CONSULT", Type: "CONSULT"}, false, false},
		{Query{Text: `"دو کلمه" source:IRNA`, Phrase: "دو کلمه", Source: "IRNA"}, true, false},
		{Query{Text: "x date:2025", Words: []string{"x"}, From: "2025-01-01T00:00:00+03:30", To: "2026-01-01T00:00:00+03:30"}, true, false},
		{Query{Text: "x date:bad", Words: []string{"x"}, From: "bad", To: "bad"}, false, true},
		{Query{Text: ""}, false, true},
	}
	for _, tc := range tests {
		q, ok, err := compile(tc.q)
		if ok != tc.ok || (err != nil) != tc.err || (ok && q == nil) {
			t.Errorf("compile(%q) = %v, %v, %v; want ok %v, error %v", tc.q.Text, q, ok, err, tc.ok, tc.err)
		}
	}
}

// TestRun indexes a tiny corpus with both analyzers and checks what the report says about spelling variants:
// the fa analyzer loses the spaced and ZWNJ spellings of گفت‌وگو (it stop-lists and splits them), the fa-zwnj
// analyzer matches ZWNJ and fused alike.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	queries := filepath.Join(dir, "queries.jsonl")
	lines := []string{
		`{"source":"IRNA","title":"گفت‌وگوی دو وزیر","published":"2025-11-10T10:00:00+03:30","body":[{"kind":"paragraph","text":"وزیران درباره نفت گفت‌وگو کردند. سال ۱۴۰۴"}]}`,
		`{"source":"ISNA","title":"گفتوگو","published":"2025-11-11T10:00:00+03:30","body":[{"kind":"paragraph","text":"متن گفتوگو درباره نفت. سال 1404"}]}`,
	}
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	qs := []string{
		`{"class":"compound","group":"compound#0","query":"گفت‌وگو","words":["گفت‌وگو"]}`,
		`{"class":"compound","group":"compound#0","query":"گفتوگو","words":["گفتوگو"]}`,
		`{"class":"variant","group":"digits#2","query":"۱۴۰۴","words":["۱۴۰۴"]}`,
		`{"class":"variant","group":"digits#2","query":"1404","words":["1404"]}`,
		`{"class":"source","query":"نفت source:IRNA","words":["نفت"],"source":"IRNA"}`,
		`{"class":"type","query":"type:CONSULT","type":"CONSULT"}`,
	}
	if err := os.WriteFile(queries, []byte(strings.Join(qs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		analyzer  string
		identical int
	}{{"fa", 0}, {"fa-zwnj", 2}} {
		rep, err := bench(corpus, queries, tc.analyzer, "", 10, 1)
		if err != nil {
			t.Fatalf("%s: %v", tc.analyzer, err)
		}
		if rep.Stored != 2 || rep.IngestRate <= 0 || rep.Unsupported != 1 || rep.Errors != 0 {
			t.Errorf("%s: stored %d, ingest %.0f/s, %d unsupported, %d errors", tc.analyzer, rep.Stored, rep.IngestRate,
				rep.Unsupported, rep.Errors)
		}
		identical := 0
		for _, s := range rep.Spelling {
			identical += s.Identical
		}
		if identical != tc.identical {
			t.Errorf("%s: %d spelling groups identical, want %d (%v)", tc.analyzer, identical, tc.identical, rep.Mismatches)
		}
		var out bytes.Buffer
		if err := rep.write(&out); err != nil || !strings.Contains(out.String(), "ingest articles/s") {
			t.Errorf("%s: report %q, %v", tc.analyzer, out.String(), err)
		}
	}
}
