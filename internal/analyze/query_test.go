package analyze

import (
	"errors"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/search"
)

// TestQueryParser: spellings of one compound parse to one query, date: filters read in any digits, entity:
// resolves through the KB, and a syntax error points into what the user typed.
func TestQueryParser(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	qp := a.QueryParser(nil)
	parse := func(s string) string {
		t.Helper()
		q, err := qp.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		return q.String()
	}
	for _, group := range [][]string{
		{"نخست‌وزیر", "نخستوزیر", "نخست وزیر"},
		{"گفت‌وگو", "گفتوگو", "گفت و گو"},
		{"date:1404-08", "date:۱۴۰۴-۰۸", "date:١٤٠٤-٠٨"},
	} {
		want := parse(group[0])
		for _, s := range group[1:] {
			if got := parse(s); got != want {
				t.Errorf("Parse(%q) = %s, want %s as for %q", s, got, want, group[0])
			}
		}
	}
	for _, s := range []string{"entity:پوتین", "entity:پوتن", "entity:Putin"} {
		if got := parse(s); !strings.HasSuffix(got, "=vladimir-putin") {
			t.Errorf("%s = %s: not resolved to the KB entity", s, got)
		}
	}
	_, err = qp.Parse(`"نخست وزیر`)
	var qe *search.Error
	if !errors.As(err, &qe) || qe.Query != `"نخست وزیر` {
		t.Errorf("an unclosed phrase: %v, want an error on the query as typed", err)
	}
	// Without an analyser, the same parse.
	if got, want := NewQueryParser(persian.Options{}, a.KB(), nil), parse("نخستوزیر"); got == nil {
		t.Fatal("nil parser")
	} else if q, err := got.Parse("نخست وزیر"); err != nil || q.String() != want {
		t.Errorf("NewQueryParser: %v %v, want %s", q, err, want)
	}
}
