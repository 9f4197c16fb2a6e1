package persian

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestCases runs every row of testdata/zwnj-cases.tsv (a copy of the project's normalisation cases). Required kinds
// must give the expected display form; keep rows must not insert, remove or move a space or ZWNJ; style rows follow
// the default options (Persian digits, ezafe hamza written ‌ی).
func TestCases(t *testing.T) {
	f, err := os.Open("testdata/zwnj-cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := NewNormalizer(Options{})
	sc := bufio.NewScanner(f)
	rows := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 3 {
			t.Fatalf("bad row %q", line)
		}
		rows++
		kind, in, want := c[0], c[1], c[2]
		got := n.String(in)
		switch kind {
		case "keep":
			if strings.Count(got, " ") != strings.Count(in, " ") || strings.Count(got, zwnjStr) != strings.Count(in, zwnjStr) {
				t.Errorf("keep %q: got %q", in, got)
			}
			if strings.ReplaceAll(got, zwnjStr, "") != strings.ReplaceAll(want, zwnjStr, "") && !strings.ContainsAny(in, "0123456789۰۱۲۳۴۵۶۷۸۹") {
				t.Errorf("keep %q: changed to %q", in, got)
			}
		default:
			if got != want {
				t.Errorf("%s %q: got %q, want %q", kind, in, got, want)
			}
		}
		if again := n.String(got); again != got {
			t.Errorf("not idempotent on %q: %q then %q", in, got, again)
		}
	}
	if rows < 62 {
		t.Fatalf("only %d rows", rows)
	}
}
