package timex

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// parseRef reads a reference of testdata/expressions.tsv: YYYY-MM-DD (date only) or YYYY-MM-DDTHH:MM, in Tehran.
func parseRef(t *testing.T, s string) Reference {
	t.Helper()
	loc := DefaultLocation()
	if v, err := time.ParseInLocation("2006-01-02T15:04", s, loc); err == nil {
		return Reference{Time: v}
	}
	v, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		t.Fatalf("bad reference %q: %v", s, err)
	}
	return Reference{Time: v, DateOnly: true}
}

// TestExpressions runs the table of testdata/expressions.tsv: each row names a reference, an input, the text of
// the expression to check and its value, Jalali value and modifier.
func TestExpressions(t *testing.T) {
	f, err := os.Open("testdata/expressions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := New()
	sc := bufio.NewScanner(f)
	n, line := 0, 0
	for sc.Scan() {
		line++
		row := sc.Text()
		if row == "" || strings.HasPrefix(row, "#") {
			continue
		}
		cols := strings.Split(row, "\t")
		if len(cols) != 6 {
			t.Fatalf("line %d: %d columns", line, len(cols))
		}
		n++
		ref := parseRef(t, cols[0])
		input, text, value, jal, mod := cols[1], cols[2], cols[3], cols[4], cols[5]
		got := x.Extract(persian.Doc{Text: input}, ref)
		checkSpans(t, input, got)
		if value == "-" {
			if len(got) != 0 {
				t.Errorf("line %d: %q: want no date, got %s", line, input, describe(got))
			}
			continue
		}
		var d *article.Date
		for i := range got {
			if text == "" || got[i].Text == text {
				d = &got[i]
				break
			}
		}
		if d == nil {
			t.Errorf("line %d: %q: no date %q in %s", line, input, text, describe(got))
			continue
		}
		if d.Value != value || (jal != "*" && d.Jalali != jal) || d.Mod != mod {
			t.Errorf("line %d: %q: %q = %s|%s|%s, want %s|%s|%s", line, input, d.Text, d.Value, d.Jalali, d.Mod,
				value, jal, mod)
		}
	}
	if n < 300 {
		t.Errorf("only %d expressions in the table", n)
	}
}

func describe(ds []article.Date) string {
	var b strings.Builder
	b.WriteString("[")
	for i, d := range ds {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Text + "→" + d.Value)
	}
	b.WriteString("]")
	return b.String()
}

// checkSpans verifies the invariants of every result: spans in bounds and on the text, values present.
func checkSpans(t *testing.T, text string, ds []article.Date) {
	t.Helper()
	for i, d := range ds {
		if d.Start < 0 || d.End > len(text) || d.Start >= d.End {
			t.Fatalf("%q: span %d–%d out of bounds", text, d.Start, d.End)
		}
		if text[d.Start:d.End] != d.Text {
			t.Fatalf("%q: text %q is not the span %q", text, d.Text, text[d.Start:d.End])
		}
		if d.Value == "" {
			t.Fatalf("%q: %q has no value", text, d.Text)
		}
		if d.Same < 0 || d.Same > len(ds) || d.Same == i+1 {
			t.Fatalf("%q: bad link %d", text, d.Same)
		}
		if i > 0 && ds[i-1].End > d.Start {
			t.Fatalf("%q: overlapping %q and %q", text, ds[i-1].Text, d.Text)
		}
	}
}
