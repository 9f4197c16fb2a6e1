package persian

import (
	"slices"
	"testing"
)

// TestPairKey checks PairKey against its definition, Key(a + b), on every adjacent pair of words of the benchmark
// news text (normalised, as the indexer sees it) and on pairs of lexicon words with each suffix the stemmer knows.
func TestPairKey(t *testing.T) {
	var pairs [][2]string
	n := NewNormalizer(Options{})
	for _, s := range benchSentences {
		toks := Tokenize(n.String(s))
		for i := 1; i < len(toks); i++ {
			pairs = append(pairs, [2]string{toks[i-1].Text, toks[i].Text})
		}
	}
	words := slices.Sorted(func(yield func(string) bool) {
		for w, e := range Builtin().words {
			if e.disp != "" {
				w = e.disp
			}
			if !yield(w) {
				return
			}
		}
	})
	for i := 1; i < len(words); i += 7 {
		pairs = append(pairs, [2]string{words[i-1], words[i]})
		for _, c := range stemChainList {
			pairs = append(pairs, [2]string{words[i], c}, [2]string{words[i-1], words[i] + c})
		}
	}
	for _, p := range [][2]string{{"نخست", "وزیر"}, {"کتاب", "ها"}, {"ابر", "قدرت"}, {"تماس‌ها", "ی"}, {"ی", "ك"},
		{"بزرگ", "ترین"}, {"۱۴", "خرداد"}, {"خانه", "ای"}, {"", ""}, {"\u200c", "ا"}, {"a", "b"}, {"هٔ", "ها"}} {
		pairs = append(pairs, p)
	}
	fast := 0
	for _, p := range pairs {
		got, want := PairKey(p[0], p[1]), Key(p[0]+p[1])
		if got != want {
			t.Errorf("PairKey(%q, %q) = %q, want Key of the joined words %q", p[0], p[1], got, want)
		}
		if _, ok := LetterKey(p[0] + p[1]); ok {
			fast++
		}
	}
	if fast == 0 || fast == len(pairs) {
		t.Errorf("%d of %d pairs read from their letters alone: want some, not all", fast, len(pairs))
	}
	t.Logf("%d pairs, %d from their letters alone", len(pairs), fast)
}

func FuzzPairKey(f *testing.F) {
	for _, p := range [][2]string{{"نخست", "وزیر"}, {"کتاب", "ها"}, {"تماس‌ها", "ی"}, {"\u200c", "ا"}, {"ي", "ك"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := PairKey(a, b), Key(a+b); got != want {
			t.Fatalf("PairKey(%q, %q) = %q, want %q", a, b, got, want)
		}
	})
}
