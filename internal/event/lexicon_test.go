package event

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadLexicon(t *testing.T) {
	lx, err := LoadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
		"REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"}
	if len(lx.Categories) != len(want) {
		t.Errorf("%d categories, want %d", len(lx.Categories), len(want))
	}
	perCat := map[string]int{}
	for _, p := range lx.Predicates {
		perCat[p.Category]++
		code, g, ok := lx.CAMEOFor(p.Category, p.Mode, p.CAMEO)
		if !ok || code == "" || g < -10 || g > 10 {
			t.Errorf("predicate %q: no CAMEO code or Goldstein score", p.Pattern)
		}
	}
	for _, c := range want {
		if lx.Categories[c] == nil {
			t.Errorf("category %s missing", c)
		}
		if perCat[c] < 2 {
			t.Errorf("category %s has %d predicates, want several", c, perCat[c])
		}
	}
	if len(lx.Speech) < 10 || len(lx.Themes) < 6 {
		t.Errorf("%d speech predicates, %d themes", len(lx.Speech), len(lx.Themes))
	}
	// Passives are derived: بمباران شدن from بمباران کردن.
	found := false
	for _, p := range lx.Predicates {
		if p.Passive && strings.HasPrefix(p.Pattern, "بمباران") {
			found = true
		}
	}
	if !found {
		t.Error("no derived passive for بمباران کردن")
	}
}

func TestLoadLexiconErrors(t *testing.T) {
	base := map[string]string{}
	for _, n := range []string{"plover.tsv", "cameo.tsv", "verbs.tsv", "predicates.tsv", "speech.tsv", "modes.tsv", "themes.tsv", "words.tsv"} {
		b, err := dataFS.ReadFile("data/" + n)
		if err != nil {
			t.Fatal(err)
		}
		base[n] = string(b)
	}
	cases := []struct {
		name, file, add, want string
	}{
		{"unknown category", "predicates.tsv", "حمله +کردن\tATTACK\t\t\t\t\n", "unknown PLOVER category"},
		{"unknown mode", "predicates.tsv", "حمله +کردن\tASSAULT\tnaval\t\t\t\n", "not a mode"},
		{"unknown verb", "predicates.tsv", "حمله +رفتن\tASSAULT\t\t\t\t\n", "not in verbs.tsv"},
		{"verb not last", "predicates.tsv", "+کردن حمله\tASSAULT\t\t\t\t\n", "verb must come last"},
		{"bad flag", "predicates.tsv", "حمله +کردن\tASSAULT\t\t\t\tloud\n", "unknown flag"},
		{"bad goldstein", "cameo.tsv", "999\tlots\tx\n", "bad Goldstein"},
		{"cameo missing", "plover.tsv", "AID\tfood\t9999\tx\n", "not in cameo.tsv"},
		{"bad word kind", "words.tsv", "noun\tسیب\t\n", "unknown word kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, s := range base {
				fsys[n] = &fstest.MapFile{Data: []byte(s)}
			}
			fsys[tc.file] = &fstest.MapFile{Data: []byte(base[tc.file] + tc.add)}
			_, err := LoadLexiconFS(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Errorf("err = %v, want %q naming %s", err, tc.want, tc.file)
			}
		})
	}
}

func TestConjugated(t *testing.T) {
	lx, err := LoadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	kardan := lx.verbs[fold("کردن")]
	cases := []struct {
		tok             string
		ok, neg, partic bool
	}{
		{"کرد", true, false, false}, {"کردند", true, false, false}, {"نکرد", true, true, false},
		{"کرده", true, false, true}, {"کرده‌اند", true, false, true}, {"می‌کنند", true, false, false},
		{"نمی‌کند", true, true, false}, {"کند", true, false, false}, {"کردار", false, false, false},
		{"کرم", false, false, false},
	}
	for _, c := range cases {
		vf, ok := conjugated(fold(c.tok), kardan)
		if ok != c.ok || (ok && (vf.neg != c.neg || vf.participle != c.partic)) {
			t.Errorf("conjugated(%s) = %+v, %v", c.tok, vf, ok)
		}
	}
}
