package samples_test

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/samples"
)

// seedSHA256 is the hash of the original seed article; the embedded copy must stay byte-identical.
const seedSHA256 = "4d551f16d426019ea79e4547197287869ff6fd20dff11fd18573e86bb7398bf8"

func TestSeedIsVerbatim(t *testing.T) {
	data, err := samples.Read(samples.Seed)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != seedSHA256 {
		t.Fatalf("seed article changed: sha256 %s, want %s", got, seedSHA256)
	}
}

func TestFiles(t *testing.T) {
	files := samples.Files()
	var txt, jsonl int
	for _, f := range files {
		switch {
		case strings.HasSuffix(f, ".txt"):
			txt++
		case strings.HasSuffix(f, ".jsonl"):
			jsonl++
		default:
			t.Errorf("unexpected file %s", f)
		}
	}
	if txt < 7 || jsonl < 1 {
		t.Fatalf("Files() = %d .txt and %d .jsonl, want at least 7 and 1: %v", txt, jsonl, files)
	}
	if _, err := samples.FS.ReadFile(samples.Dir + "/README.md"); err != nil {
		t.Errorf("README missing: %v", err)
	}
}

var (
	guillemet = regexp.MustCompile(`«[^»]+»`)
	dquote    = regexp.MustCompile(`"[^"]+"`)
	jalali    = regexp.MustCompile(`(?:فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)\s+[۰-۹0-9]{4}|[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}|آبان|مهر|آذر`)
)

// TestArticles checks that every written sample reads as a seed-format article with the features the samples
// promise: length, an October–November 2025 date, subheadings, quotations of both kinds, indirect speech.
func TestArticles(t *testing.T) {
	from := time.Date(2025, 10, 1, 0, 0, 0, 0, reader.Tehran)
	to := time.Date(2025, 12, 1, 0, 0, 0, 0, reader.Tehran)
	for _, name := range samples.Files() {
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := samples.Read(name)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(data) {
				t.Fatal("invalid UTF-8")
			}
			if f := reader.Detect(data); f != reader.FormatSeed {
				t.Fatalf("Detect = %q, want seed", f)
			}
			arts, err := reader.Parse(name, data)
			if err != nil || len(arts) != 1 {
				t.Fatalf("Parse: %d articles, %v", len(arts), err)
			}
			a := arts[0]
			if a.Title == "" || !a.DateOnly || a.Published.Before(from) || !a.Published.Before(to) {
				t.Errorf("title %q, published %v (date only %v): want a title and a day in Oct–Nov 2025", a.Title, a.Published, a.DateOnly)
			}
			if name == samples.Seed {
				return // the seed is checked for identity, not for the features of the written samples
			}
			words := len(strings.Fields(a.Title + " " + a.BodyText()))
			if words < 300 || words > 600 {
				t.Errorf("%d words, want 300–600", words)
			}
			var headings int
			for _, b := range a.Body {
				if b.Kind == article.Heading {
					headings++
				}
			}
			if headings == 0 {
				t.Error("no subheading")
			}
			text := a.BodyText()
			if !guillemet.MatchString(text) || !dquote.MatchString(text) {
				t.Error("want quotations in both «…» and \"…\"")
			}
			if !strings.Contains(text, "گفت که") && !strings.Contains(text, "گفت كه") {
				t.Error("want indirect speech (گفت که)")
			}
		})
	}
}

// TestCoverage checks the spelling and date variety the samples exist to provide, across the set.
func TestCoverage(t *testing.T) {
	var all strings.Builder
	has := map[string]bool{}
	for _, name := range samples.Files() {
		data, err := samples.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		all.WriteString(s)
		if strings.ContainsRune(s, 'ي') && strings.ContainsRune(s, 'ك') && !strings.ContainsRune(s, 'ی') {
			has["arabic yeh and kaf"] = true
		}
	}
	s := all.String()
	for _, want := range []string{
		"۲۴ آبان ۱۴۰۴", "۱۴۰۴/۰۸/۲۰", "۱۱ نوامبر ۲۰۲۵", "دیروز", "هفته گذشته", "دو روز پیش",
		"نخستوزیر", "میشود", "گفتوگو", "تحریمها", "می شود", "گروگان ها", "می‌شود", "٢٠٢٥",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no sample contains %q", want)
		}
	}
	if !has["arabic yeh and kaf"] {
		t.Error("no sample written with Arabic ي and ك")
	}
	if !jalali.MatchString(s) {
		t.Error("no Jalali date")
	}
}

func TestWireJSONL(t *testing.T) {
	const name = samples.Dir + "/wire-samples.jsonl"
	data, err := samples.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	arts, err := reader.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]bool{}
	for _, a := range arts {
		if a.Title == "" || len(a.Body) == 0 || a.Published.IsZero() {
			t.Errorf("%s: incomplete article %+v", a.Origin, a)
		}
		sources[a.Source] = true
	}
	if len(arts) != 3 || len(sources) != 3 {
		t.Fatalf("%d articles from %d sources, want 3 from 3", len(arts), len(sources))
	}
}
