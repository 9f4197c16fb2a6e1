package watch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/dedup"
)

// TestStoryThreshold checks dedup.DefaultThreshold on the test site: each report, matched against the others,
// finds its own story (another outlet's rewrite of the dams report) or none (two other water stories, and
// unrelated news), and copies of one text score above dedup.SameTextScore. Run with -v for the scores.
func TestStoryThreshold(t *testing.T) {
	docs := []struct{ file, story string }{
		{"agency/news/1001", "dams"},
		{"outlet2/fa/news/77", "dams"},
		{"outlet3/story/sad-tehran-1", "dams"},
		{"outlet3/story/barsh-paeezi", "dams"}, // the same happening in the outlet's own words
		{"agency/news/1002", "mashhad"},        // water rationing in Mashhad: same topic, another story
		{"outlet2/fa/news/78", "isfahan"},      // a water plant in Isfahan: same topic, another story
		{"old/news42", "inflation"},
		{"outlet4/sport/5501", "football"},
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		b, err := os.ReadFile(filepath.Join("testdata", "site", d.file+".expected.txt"))
		if err != nil {
			t.Fatal(err)
		}
		texts[i] = strings.ReplaceAll(string(b), "## ", "")
	}
	at := time.Date(2025, 11, 15, 12, 0, 0, 0, time.UTC)
	for i, d := range docs {
		// The rewrite is matched against the agency's copy only, so that a copy cannot stand in for it.
		for _, onlyOriginal := range []bool{false, true} {
			if onlyOriginal && i != 3 {
				continue
			}
			c := dedup.NewClusterer(dedup.ClusterOptions{})
			for j, o := range docs {
				if j == i || onlyOriginal && (j == 1 || j == 2) {
					continue
				}
				c.Add(o.file, o.story, "", texts[j], at)
			}
			m := c.Match("", texts[i], at)
			t.Logf("%-28s best %-28s %.2f → story %q", d.file, m.Doc, m.Score, m.Story)
			want := ""
			if d.story == "dams" {
				want = "dams"
			}
			if m.Story != want {
				t.Errorf("%s: story %q (%.2f with %s), want %q", d.file, m.Story, m.Score, m.Doc, want)
			}
			copyOfText := i <= 2
			if (m.Score >= dedup.SameTextScore) != copyOfText {
				t.Errorf("%s: score %.2f with %s; a copy of the agency text: %v", d.file, m.Score, m.Doc, copyOfText)
			}
		}
	}
}
