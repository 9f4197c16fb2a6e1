package reader

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/samples"
)

// addSeeds seeds a fuzz target with the embedded samples, the testdata files and a few hostile inputs.
func addSeeds(f *testing.F) {
	for _, name := range samples.Files() {
		data, err := samples.Read(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "\ufeff", "date", "date 2025-11-16", "date 2025-02-30 x", "date 2025-11-16 \n\n۳ ساعت پیش",
		"{", `{"title":`, `{"body":[{"kind":"heading"}]}`, `[{"title":"a"},5]`, "[", "[]", "{}\n{}",
		"تیتر\r\rمتن\r\n\r\nبند", "\xff\xfe\x00a", "\x1f\x8b\x08\x00", "a\x00b", "\u200c\n\u200c",
	} {
		f.Add([]byte(s))
	}
}

// checkArticles asserts the invariants every successful read keeps: valid UTF-8 text, no empty blocks, known
// block kinds, and an origin.
func checkArticles(t *testing.T, arts []article.Article) {
	t.Helper()
	for _, a := range arts {
		if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Dateline) || !utf8.ValidString(a.Raw) {
			t.Fatalf("invalid UTF-8 in %+v", a)
		}
		if a.Origin == "" || a.Language == "" {
			t.Fatalf("article without origin or language: %+v", a)
		}
		for _, b := range a.Body {
			if strings.TrimSpace(b.Text) == "" || (b.Kind != article.Paragraph && b.Kind != article.Heading) {
				t.Fatalf("bad block %+v", b)
			}
			if !utf8.ValidString(b.Text) {
				t.Fatalf("invalid UTF-8 in block %q", b.Text)
			}
		}
	}
}

// checkErr asserts that a failure is reported as *Error values naming the input.
func checkErr(t *testing.T, err error, name string) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Origin, name) {
		t.Fatalf("error %v is not an *Error naming %s", err, name)
	}
}

// FuzzParse runs detection, decoding and the chosen reader on arbitrary bytes.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, err := New(Options{MaxSize: 1 << 20}).Parse("in", data)
		checkErr(t, err, "in")
		checkArticles(t, arts)
	})
}

// fuzzFormat fuzzes one reader with detection turned off.
func fuzzFormat(f *testing.F, format Format) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, err := New(Options{MaxSize: 1 << 20, Format: format}).Parse("in", data)
		checkErr(t, err, "in")
		checkArticles(t, arts)
	})
}

// FuzzSeed fuzzes the seed-format reader.
func FuzzSeed(f *testing.F) { fuzzFormat(f, FormatSeed) }

// FuzzText fuzzes the plain-text reader.
func FuzzText(f *testing.F) { fuzzFormat(f, FormatText) }

// FuzzJSONL fuzzes the JSON Lines and JSON reader.
func FuzzJSONL(f *testing.F) { fuzzFormat(f, FormatJSONL) }

// FuzzDetect checks that detection never panics and always names a known format.
func FuzzDetect(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		switch Detect(data) {
		case FormatSeed, FormatText, FormatJSONL, FormatJSON:
		default:
			t.Fatalf("Detect(%q) = unknown format", data)
		}
	})
}

// FuzzRead checks the streaming path: every item is either an article or an *Error, and context is honoured.
func FuzzRead(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		err := New(Options{MaxSize: 1 << 20}).parse(context.Background(), "in", data, func(it Item) error {
			if it.Err != nil {
				checkErr(t, it.Err, "in")
				return nil
			}
			checkArticles(t, []article.Article{it.Article})
			return nil
		})
		if err != nil {
			t.Fatalf("parse returned %v with a callback that never fails", err)
		}
	})
}
