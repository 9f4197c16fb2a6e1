package timex

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/persian"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// TestGoldenNews extracts the dates of testdata/news.txt (hand-written news sentences) and compares them with
// testdata/news.golden.json; run with -update after checking a change by eye.
func TestGoldenNews(t *testing.T) {
	text, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		t.Fatal(err)
	}
	ref := Reference{Time: time.Date(2025, 11, 16, 0, 0, 0, 0, DefaultLocation()), DateOnly: true}
	got := New().Extract(persian.Doc{Text: string(text)}, ref)
	checkSpans(t, string(text), got)
	out, err := json.MarshalIndent(got, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, '\n')
	if *update {
		if err := os.WriteFile("testdata/news.golden.json", out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/news.golden.json")
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("dates of testdata/news.txt differ from testdata/news.golden.json (go test -update rewrites it):\n%s", out)
	}
}
