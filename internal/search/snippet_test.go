package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestIndexKeys(t *testing.T) {
	tests := []struct {
		text         string
		words, extra string
	}{
		{"نخست‌وزیر عراق", "نخستوزیر عراق", "نخست وزیر نخستوزیرعراق"},
		{"نخست وزیر", "نخست وزیر", "نخستوزیر"},
		{"نخستوزیر", "نخستوزیر", ""},
		{"در گام نخست، وزیر رفت.", "در گام نخست · وزیر رفت", "درگام گامنخست وزیررفت"},
		{"سال ۱۴۰۴ و ١٤٠٤", "سال 1404 و 1404", ""},
		{"تماس‌ها", "تماس", ""},
		{"بند اول\n\nبند دوم", "بند اول · بند دوم", "بنداول بنددوم"},
		// The conjunction و pairs with neither neighbour: "و زیر" is no وزیر, "باز و" no بازو.
		{"کوه و رود زیر باز و بسته", "کوه و رود زیر باز و بسته", "رودزیر زیرباز"},
		{"و زیر نظر", "و زیر نظر", "زیرنظر"},
	}
	for _, tt := range tests {
		ks := IndexKeys(tt.text)
		if got := strings.Join(ks.Words, " "); got != tt.words {
			t.Errorf("IndexKeys(%q).Words = %q, want %q", tt.text, got, tt.words)
		}
		if got := strings.Join(ks.Extra, " "); got != tt.extra {
			t.Errorf("IndexKeys(%q).Extra = %q, want %q", tt.text, got, tt.extra)
		}
	}
	// Pairs never cross a line break or punctuation.
	ks := IndexKeys("گام نخست، وزیر\nامور")
	for _, k := range ks.Extra {
		if k == PairKey("نخست", "وزیر") || k == PairKey("وزیر", "امور") {
			t.Errorf("pair key %q across punctuation or a line break", k)
		}
	}
	ks = IndexKeys("نخست وزیر")
	if !reflect.DeepEqual(ks.Extra, []string{Key("نخستوزیر")}) {
		t.Errorf("spaced compound extra = %q", ks.Extra)
	}
	ks = IndexKeys("نخست‌وزیر")
	if !reflect.DeepEqual(ks.Extra, []string{Key("نخست"), Key("وزیر")}) {
		t.Errorf("ZWNJ compound parts = %q", ks.Extra)
	}
}

func TestKeySpellings(t *testing.T) {
	groups := [][]string{
		{"نخست‌وزیر", "نخستوزیر"},
		{"علي", "علی"},
		{"كشور", "کشور"},
		{"۱۴۰۴", "١٤٠٤", "1404"},
		{"تماس‌ها", "تماس"},
		{"گفت‌وگو", "گفتوگو", "گُفت‌وگو"},
		{"Putin", "PUTIN", "putin"},
	}
	for _, g := range groups {
		for _, w := range g[1:] {
			if Key(w) != Key(g[0]) {
				t.Errorf("Key(%q) = %q, Key(%q) = %q", w, Key(w), g[0], Key(g[0]))
			}
		}
	}
	if ks := IndexKeys("الف " + Break + " ب"); strings.Join(ks.Words, " ") != "الف "+Break+" ب" {
		t.Errorf("Break is indexed as a word: %q", ks.Words)
	}
}

func TestSnippet(t *testing.T) {
	q, err := Parse("نخست‌وزیر هند", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(q.Text)
	tests := []struct {
		text string
		want []string
	}{
		{"دیدار نخست‌وزیر هند با رئیس‌جمهور", []string{"نخست‌وزیر هند"}},
		{"دیدار نخست وزیر هند", []string{"نخست وزیر هند"}},
		{"دیدار نخستوزیر و سفیر هند", []string{"نخستوزیر", "هند"}},
		{"نخستوزیر، هند", []string{"نخستوزیر", "هند"}},
		{"هیچ", nil},
	}
	for _, tt := range tests {
		sn := MakeSnippet("body", tt.text, m, 0)
		var got []string
		for _, h := range sn.Highlights {
			got = append(got, sn.Text[h.Start:h.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("highlights in %q = %q, want %q", tt.text, got, tt.want)
		}
	}
	// A long text: the snippet is cut around the match, at word boundaries, with offsets into the text.
	long := strings.Repeat("خبر بی‌ربط درباره بازار سهام. ", 40) + "سفر نخست‌وزیر هند به تهران. " + strings.Repeat("ادامه گزارش اقتصادی. ", 40)
	sn := MakeSnippet("body", long, m, 120)
	if long[sn.Start:sn.Start+len(sn.Text)] != sn.Text {
		t.Fatalf("snippet is not a substring at its offset")
	}
	if len([]rune(sn.Text)) > 120 || len(sn.Highlights) != 1 || sn.Text[sn.Highlights[0].Start:sn.Highlights[0].End] != "نخست‌وزیر هند" {
		t.Errorf("long snippet %q highlights %v", sn.Text, sn.Highlights)
	}
	if strings.HasPrefix(sn.Text, " ") || strings.HasSuffix(sn.Text, " ") {
		t.Errorf("snippet not cut at word boundaries: %q", sn.Text)
	}
	if got := sn.Highlighted("[", "]"); !strings.Contains(got, "[نخست‌وزیر هند]") {
		t.Errorf("Highlighted = %q", got)
	}
	// Prefix terms highlight every word they match; exclusions highlight nothing.
	q, _ = Parse("تحریم* -آمریکا", ParseOptions{})
	sn = MakeSnippet("body", "تحریم‌های آمریکا و تحریم", NewMatcher(q.Text), 0)
	if len(sn.Highlights) != 2 {
		t.Errorf("prefix highlights = %v", sn.Highlights)
	}
	// No query words: the start of the text, no highlights.
	sn = MakeSnippet("body", long, NewMatcher(nil), 50)
	if sn.Start != 0 || len(sn.Highlights) != 0 || sn.Highlights == nil {
		t.Errorf("snippet without words = %+v", sn)
	}
}

func TestHistogram(t *testing.T) {
	days := []DayCount{{"2025-11-10", 2}, {"2025-11-16", 1}, {"2025-11-21", 1}, {"2025-11-22", 3}, {"bad", 9}}
	tests := []struct {
		iv   Interval
		cal  Calendar
		want []Bucket
	}{
		{Month, Gregorian, []Bucket{{"2025-11", "2025-11-01", 7}}},
		{Month, Jalali, []Bucket{{"1404-08", "2025-10-23", 4}, {"1404-09", "2025-11-22", 3}}},
		{Day, Jalali, []Bucket{{"1404-08-19", "2025-11-10", 2}, {"1404-08-25", "2025-11-16", 1}, {"1404-08-30", "2025-11-21", 1}, {"1404-09-01", "2025-11-22", 3}}},
		// 2025-11-10 is a Monday; 2025-11-16 a Sunday; 2025-11-22 a Saturday.
		{Week, Gregorian, []Bucket{{"2025-11-10", "2025-11-10", 3}, {"2025-11-17", "2025-11-17", 4}}},
		{Week, Jalali, []Bucket{{"1404-08-17", "2025-11-08", 2}, {"1404-08-24", "2025-11-15", 2}, {"1404-09-01", "2025-11-22", 3}}},
	}
	for _, tt := range tests {
		if got := Histogram(days, tt.iv, tt.cal); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Histogram(%s, %s) = %v, want %v", tt.iv, tt.cal, got, tt.want)
		}
	}
}

func TestIndexerMatchesIndexKeys(t *testing.T) {
	x := NewIndexer()
	for _, s := range []string{"نخست‌وزیر عراق و نخست وزیر هند", "تماس‌ها تماسها ۱۴۰۴", "نخست‌وزیر عراق و نخست وزیر هند"} {
		if got, want := x.IndexKeys(s), IndexKeys(s); !reflect.DeepEqual(got, want) {
			t.Errorf("Indexer.IndexKeys(%q) = %v, want %v", s, got, want)
		}
	}
}

func BenchmarkIndexKeys(b *testing.B) {
	text := strings.Repeat("نخست‌وزیر عراق روز دوشنبه با رئیس‌جمهور ایران در تهران دیدار و گفت‌وگو کرد. ", 50)
	b.SetBytes(int64(len(text)))
	for _, bc := range []struct {
		name string
		f    func(string) Keys
	}{{"plain", IndexKeys}, {"indexer", NewIndexer().IndexKeys}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				bc.f(text)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// The matcher computes the key of an adjacent pair only when its first letter can start a key it looks for
// (mayPair): that holds only if a pair's key starts with the first letter of its first word's key.
func FuzzPairKeyFirstLetter(f *testing.F) {
	for _, p := range [][2]string{{"نخست", "وزیر"}, {"گفت", "و"}, {"ي", "ك"}, {"١٢", "٣"}, {"می", "شود"},
		{"آ", "ب"}, {"كتاب", "ها"}, {"َب", "ه"}, {"x", "y"}, {"ﻻ", "ﺏ"}, {"‌ب", "‌"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) { // the matcher pairs words of valid text
			return
		}
		ka, kp := Key(a), Key(a+b)
		if ka == "" || kp == "" {
			return
		}
		ra, _ := utf8.DecodeRuneInString(ka)
		rp, _ := utf8.DecodeRuneInString(kp)
		if ra != rp {
			t.Errorf("Key(%q) = %q but Key(%q) = %q", a, ka, a+b, kp)
		}
	})
}
