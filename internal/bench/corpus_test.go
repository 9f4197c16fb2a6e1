package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
)

func corpusBytes(t *testing.T, opts CorpusOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSONL(context.Background(), &b, opts); err != nil {
		t.Fatalf("WriteJSONL(%+v): %v", opts, err)
	}
	return b.Bytes()
}

func TestCorpusDeterministic(t *testing.T) {
	a := corpusBytes(t, CorpusOptions{Articles: 150, Seed: 7})
	b := corpusBytes(t, CorpusOptions{Articles: 150, Seed: 7})
	if !bytes.Equal(a, b) {
		t.Fatal("the same seed gave different corpora")
	}
	c := corpusBytes(t, CorpusOptions{Articles: 150, Seed: 8})
	if bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same corpus")
	}
	// Article i depends only on the seed and i: a longer corpus starts with the shorter one.
	d := corpusBytes(t, CorpusOptions{Articles: 200, Seed: 7})
	if !bytes.HasPrefix(d, a) {
		t.Fatal("200 articles do not start with the 150 of the same seed")
	}
	if n := bytes.Count(a, []byte("\n")); n != 150 {
		t.Fatalf("%d lines, want 150", n)
	}
}

// TestCorpusReadable checks that the reader parses every line into the article Corpus produced.
func TestCorpusReadable(t *testing.T) {
	var want []article.Article
	err := Corpus(context.Background(), CorpusOptions{Articles: 50, Seed: 3}, func(i int, a article.Article) error {
		if i != len(want) {
			t.Fatalf("article %d called as %d", len(want), i)
		}
		want = append(want, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := reader.Parse("corpus.jsonl", corpusBytes(t, CorpusOptions{Articles: 50, Seed: 3}))
	if err != nil {
		t.Fatalf("reader.Parse: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("reader read %d articles, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Title != w.Title || g.Source != w.Source || g.URL != w.URL || !g.Published.Equal(w.Published) ||
			g.BodyText() != w.BodyText() || g.Raw != w.Raw {
			t.Fatalf("article %d: read back\n%+v\nwant\n%+v", i, g, w)
		}
		if w.Published.Before(time.Date(2024, 1, 1, 0, 0, 0, 0, reader.Tehran)) ||
			!w.Published.Before(time.Date(2027, 1, 1, 0, 0, 0, 0, reader.Tehran)) {
			t.Errorf("article %d published %v, outside 2024–2026", i, w.Published)
		}
		if _, off := w.Published.Zone(); off != 3*3600+1800 {
			t.Errorf("article %d: zone offset %d, want Tehran", i, off)
		}
	}
}

// TestCorpusSpellingMix checks that the corpus writes compounds, letters and digits in every spelling.
func TestCorpusSpellingMix(t *testing.T) {
	data := string(corpusBytes(t, CorpusOptions{Articles: 300, Seed: 1}))
	var texts strings.Builder
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var j jsonArticle
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		texts.WriteString(j.Title + "\n")
		for _, b := range j.Body {
			texts.WriteString(b.Text + "\n")
		}
	}
	text := texts.String()
	tests := []struct {
		name string
		want string
	}{
		{"compound with ZWNJ", "نخست‌وزیر"},
		{"compound spaced", "نخست وزیر"},
		{"compound fused", "نخستوزیر"},
		{"compound with ZWNJ", "گفت‌وگو"},
		{"compound spaced", "گفت و گو"},
		{"compound fused", "گفتوگو"},
		{"plural with ZWNJ", "‌ها "},
		{"plural spaced", " ها "},
		{"Persian yeh", "ی"},
		{"Arabic yeh", "ي"},
		{"Arabic kaf", "ك"},
		{"Persian digits", "۱"},
		{"Arabic-Indic digits", "١"},
		{"ASCII digits", "1"},
	}
	for _, tc := range tests {
		if !strings.Contains(text, tc.want) {
			t.Errorf("%s: no %q in 300 articles", tc.name, tc.want)
		}
	}
	// Every compound of the list occurs in each of its three spellings.
	m, err := loadMaterial()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m.compounds {
		for _, s := range []string{c.zwnj, c.spaced, c.fused} {
			if !strings.Contains(text, s) {
				t.Errorf("compound %s: spelling %q never written", c.zwnj, s)
			}
		}
	}
}

func TestCorpusStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Corpus(context.Background(), CorpusOptions{Articles: 100, Seed: 1}, func(i int, _ article.Article) error {
		n++
		if i == 9 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Fatalf("Corpus after a callback error: err %v after %d articles, want stop after 10", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Corpus(ctx, CorpusOptions{Articles: 10, Seed: 1}, func(int, article.Article) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("Corpus with a cancelled context: %v", err)
	}
}

func TestRespell(t *testing.T) {
	tests := []struct {
		in     string
		arabic bool
		zero   rune
		want   string
	}{
		{"کیف ۱۴۰۴ 12 ٣", false, '0', "کیف 1404 12 3"},
		{"کیف ۱۴۰۴ 12 ٣", false, '۰', "کیف ۱۴۰۴ ۱۲ ۳"},
		{"کیف ۱۴۰۴ 12 ٣", true, '٠', "كيف ١٤٠٤ ١٢ ٣"},
		{"", true, '0', ""},
	}
	for _, tc := range tests {
		if got := respell(tc.in, tc.arabic, tc.zero); got != tc.want {
			t.Errorf("respell(%q, %v, %q) = %q, want %q", tc.in, tc.arabic, tc.zero, got, tc.want)
		}
	}
}

func BenchmarkCorpus(b *testing.B) {
	var bytes int64
	for i := 0; b.Loop(); i++ {
		err := Corpus(context.Background(), CorpusOptions{Articles: 1, Seed: int64(i)}, func(_ int, a article.Article) error {
			bytes += int64(len(a.Raw))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(bytes)/1e6/b.Elapsed().Seconds(), "MB/s")
}
