package timex

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/persian"
)

// validValue reports whether v has the shape of an article.Date value.
func validValue(v string) bool {
	if v == "" {
		return false
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || strings.ContainsRune("-:+TZWSPUFAIMONEV", r)) {
			return false
		}
	}
	return v[0] >= '0' && v[0] <= '9'
}

func fuzzSeeds(f *testing.F) {
	data, err := os.ReadFile("testdata/expressions.tsv")
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if cols := strings.Split(line, "\t"); len(cols) == 6 && !strings.HasPrefix(line, "#") {
			f.Add(cols[1])
		}
	}
	f.Add("روز شنبه، ۱۵ نوامبر ۲۰۲۵ (۲۴ آبان ۱۴۰۴)، سه روز پیش از تماس تلفنی")
	f.Add("\xff۲۴ آبان\x00۱۴۰۴")
}

// FuzzExtract checks that extraction never panics, keeps spans in bounds and on the text, and gives values.
func FuzzExtract(f *testing.F) {
	fuzzSeeds(f)
	x := New()
	ref := Reference{Time: time.Date(2025, 11, 16, 9, 0, 0, 0, DefaultLocation())}
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range []Reference{ref, {}, {Time: ref.Time, DateOnly: true}} {
			got := x.Extract(persian.Doc{Text: text}, r)
			for i, d := range got {
				if d.Start < 0 || d.End > len(text) || d.Start >= d.End || text[d.Start:d.End] != d.Text {
					t.Fatalf("%q: bad span %d–%d %q", text, d.Start, d.End, d.Text)
				}
				if !validValue(d.Value) {
					t.Fatalf("%q: %q has value %q", text, d.Text, d.Value)
				}
				if d.Same < 0 || d.Same > len(got) || d.Same == i+1 {
					t.Fatalf("%q: bad link %d", text, d.Same)
				}
			}
		}
	})
}

// FuzzParseNumeral checks that ParseNumeral never panics and gives non-negative numbers.
func FuzzParseNumeral(f *testing.F) {
	for _, s := range []string{"بیست و چهارم", "هزار و چهارصد و چهار", "۲۴ام", "سی‌ام", "و", "دو میلیون"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, _, err := ParseNumeral(s); err == nil && n < 0 {
			t.Fatalf("%q → %d", s, n)
		}
	})
}

// FuzzParseRange checks that ParseRange never panics and that a range it returns is not empty.
func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"1404-08", "2025-11-10", "۱۴۰۴/۰۸/۲۰", "2025", "1404-12-30", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, end, err := ParseRange(s, nil)
		if err == nil && !end.After(start) {
			t.Fatalf("%q: empty range %v – %v", s, start, end)
		}
		if err != nil && !utf8.ValidString(err.Error()) && utf8.ValidString(s) {
			t.Fatalf("%q: error not UTF-8", s)
		}
	})
}

// FuzzParseTimestamp checks that ParseTimestamp never panics.
func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", "شنبه ۲۴ آبان ۱۴۰۴ ساعت ۱۰:۳۰", "Sat, 15 Nov 2025 07:00:00 GMT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := ParseTimestamp(s, nil); err == nil && v.IsZero() {
			t.Fatalf("%q: zero time without error", s)
		}
	})
}
