package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestQueriesDeterministic(t *testing.T) {
	a, err := Queries(300, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Queries(300, 5)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different query mixes")
	}
	if len(a) < 298 || len(a) > 300 {
		t.Fatalf("%d queries, want 300 (or 298–299 when a group would be cut)", len(a))
	}
	classes, groups := map[string]int{}, map[string][]Query{}
	for _, q := range a {
		classes[q.Class]++
		if q.Text == "" {
			t.Errorf("empty query text: %+v", q)
		}
		if q.Date != "" && (q.From == "" || q.To == "" || q.From >= q.To) {
			t.Errorf("%q: date window [%s, %s)", q.Text, q.From, q.To)
		}
		if q.Group != "" {
			groups[q.Group] = append(groups[q.Group], q)
		}
	}
	for _, c := range Classes {
		if classes[c] == 0 {
			t.Errorf("no %s query in 300", c)
		}
	}
	kinds := map[string]bool{}
	for g, qs := range groups {
		kind, _, _ := strings.Cut(g, "#")
		kinds[kind] = true
		if len(qs) < 2 {
			t.Errorf("group %s has %d queries", g, len(qs))
		}
	}
	for _, k := range []string{"compound", "yeh", "digits", "plural"} {
		if !kinds[k] {
			t.Errorf("no %s spelling group", k)
		}
	}
}

func TestWriteQueries(t *testing.T) {
	qs := []Query{{Class: ClassWord, Text: "نفت", Words: []string{"نفت"}}}
	var b bytes.Buffer
	if err := WriteQueries(&b, qs); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), `{"class":"word","query":"نفت","words":["نفت"]}`+"\n"; got != want {
		t.Fatalf("WriteQueries = %q, want %q", got, want)
	}
}

// TestSearch runs the whole benchmark at a small size: it must store every article, answer every query, and
// return identical result sets for every spelling of a compound, letter, number and plural.
func TestSearch(t *testing.T) {
	for _, mode := range []Mode{ModeFull, ModeText} {
		t.Run(string(mode), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "bench.db")
			rep, err := Search(context.Background(), BenchOptions{Articles: 200, Queries: 80, Seed: 1, DB: db, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := rep.Write(&out); err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + out.String())
			if rep.Stored != 200 || rep.Failed != 0 {
				t.Errorf("stored %d, failed %d; want 200 and 0", rep.Stored, rep.Failed)
			}
			if rep.IngestRate <= 0 || rep.IndexRate <= 0 || rep.IndexRate < rep.IngestRate {
				t.Errorf("ingest %.0f/s, index %.0f/s: want positive, index at least as fast", rep.IngestRate, rep.IndexRate)
			}
			if rep.BytesPerArticle < 1000 {
				t.Errorf("%.0f bytes per article: too small for an article with its index", rep.BytesPerArticle)
			}
			if rep.Errors != 0 {
				t.Errorf("%d query errors: %v", rep.Errors, rep.FirstErrors)
			}
			if rep.All.Queries != rep.Queries || rep.Queries < 78 {
				t.Errorf("%d queries measured of %d", rep.All.Queries, rep.Queries)
			}
			if rep.All.P50 <= 0 || rep.All.P99 < rep.All.P50 {
				t.Errorf("latency p50 %.3f ms, p99 %.3f ms", rep.All.P50, rep.All.P99)
			}
			if rep.All.Empty == rep.All.Queries {
				t.Error("no query matched anything")
			}
			if len(rep.Spelling) == 0 {
				t.Fatal("no spelling group checked")
			}
			for _, s := range rep.Spelling {
				if s.Identical != s.Groups || s.Recall != 1 {
					t.Errorf("%s: %d of %d groups identical, recall %.3f", s.Kind, s.Identical, s.Groups, s.Recall)
				}
			}
			if len(rep.Mismatches) > 0 {
				t.Errorf("spelling variants differ: %v", rep.Mismatches)
			}
			if (rep.PeakRSS <= 0 || rep.PeakAnon <= 0 || rep.PeakAnon > rep.PeakRSS) && fileExists("/proc/self/status") {
				t.Errorf("peak RSS %d, peak anonymous RSS %d", rep.PeakRSS, rep.PeakAnon)
			}
			// A second run on the same database reuses it.
			again, err := Search(context.Background(), BenchOptions{Articles: 200, Queries: 10, Seed: 1, DB: db, Mode: mode, Reuse: true})
			if err != nil {
				t.Fatal(err)
			}
			if !again.Reused || again.Stored != 200 {
				t.Errorf("reuse: reused %v, stored %d", again.Reused, again.Stored)
			}
		})
	}
}

func TestSearchBadMode(t *testing.T) {
	if _, err := Search(context.Background(), BenchOptions{Articles: 1, Mode: "fast"}); err == nil {
		t.Fatal("Search with an unknown mode: no error")
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestPercentile(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct{ p, want float64 }{{50, 5}, {95, 10}, {99, 10}, {10, 1}, {0, 1}}
	for _, tc := range tests {
		if got := percentile(v, tc.p); got != tc.want {
			t.Errorf("percentile(1..10, %v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if percentile(nil, 50) != 0 {
		t.Error("percentile of nothing is not 0")
	}
}

func TestGroupRecall(t *testing.T) {
	tests := []struct {
		sets [][]string
		want float64
	}{
		{[][]string{{"a", "b"}, {"a", "b"}}, 1},
		{[][]string{{}, {}}, 1},
		{[][]string{{"a", "b"}, {"a"}}, 0.75},
		{[][]string{{"a"}, {"b"}}, 0.5},
	}
	for _, tc := range tests {
		if got := groupRecall(tc.sets); got != tc.want {
			t.Errorf("groupRecall(%v) = %v, want %v", tc.sets, got, tc.want)
		}
	}
}

func TestReadStatus(t *testing.T) {
	tests := []struct {
		file, field string
		want        int64
		ok          bool
	}{
		{"status.txt", "VmHWM:", 123456 * 1024, true},
		{"status.txt", "RssAnon:", 80000 * 1024, true},
		{"status.txt", "VmSwap:", 0, false},
		{"missing.txt", "VmHWM:", 0, false},
	}
	for _, tc := range tests {
		got, err := readStatus(filepath.Join("testdata", tc.file), tc.field)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("readStatus(%s, %s) = %d, %v; want %d, ok %v", tc.file, tc.field, got, err, tc.want, tc.ok)
		}
	}
}
