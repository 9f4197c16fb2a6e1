package reader

import (
	"testing"

	"github.com/khabar/khabar/internal/samples"
)

// TestSamples: every embedded sample file reads, and each gives at least one article.
func TestSamples(t *testing.T) {
	arts, err := Samples()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Title == "" || len(a.Body) == 0 {
			t.Errorf("%s: empty article", a.Origin)
		}
	}
	if len(arts) < len(samples.Files()) {
		t.Errorf("%d articles from %d files", len(arts), len(samples.Files()))
	}
}
