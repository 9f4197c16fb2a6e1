package persian

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	n := NewNormalizer(Options{})
	for _, c := range []struct{ in, want string }{
		{"نخستوزیر اسرائيل مي گويد", "نخست‌وزیر اسرائیل می‌گوید"},
		{"کتاب ها را خواندم", "کتاب‌ها را خواندم"},
		{"تماسها و تحریم های جدید", "تماس‌ها و تحریم‌های جدید"},
		{"غنیشدهی", "غنی‌شده‌ی"},
		{"نیافتهاند", "نیافته‌اند"},
		{"ایرانیمان", "ایرانی‌مان"},
		{"سریعتر", "سریع‌تر"},
		{"گفت و گو کردند", "گفت‌وگو کردند"},
		{"گروهی", "گروهی"},
		{"خانهٔ ما", "خانه‌ی ما"},
		{"دربارهٔٔ این", "درباره‌ی این"}, // a repeated hamza composes once
		{"مسئٔله", "مسئله"},
		{"راهی", "راهی"},
		{"تنها", "تنها"},
		{"آنها", "آن‌ها"},
		{"می‌‌شود", "می‌شود"},
		{"کار‌ها", "کارها"},
		{"‌کتاب‌", "کتاب"},
		{"سلام ، دنیا", "سلام، دنیا"},
		{"سلام،دنیا", "سلام، دنیا"},
		{"گفت:« بله »", "گفت: «بله»"},
		{"( متن )", "(متن)"},
		{"ساعت 12:30 و ۴۵.۵ درصد", "ساعت ۱۲:۳۰ و ۴۵٫۵ درصد"},
		{"۱۲,۵۰۰ نفر", "۱۲٬۵۰۰ نفر"},
		{"تهـــران", "تهران"},
		{"ﻛﺘﺎﺏ", "کتاب"},
		{"\u202bمتن\u202c", "متن"},
		{"a\xffb", "a\uFFFDb"},
		{"خط اول\nخط دوم", "خط اول\nخط دوم"},
		{"https://example.com/a,b. سایت", "https://example.com/a,b. سایت"},
	} {
		if got := n.String(c.in); got != c.want {
			t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	keep := NewNormalizer(Options{Digits: "keep", KeepDiacritics: true})
	if got := keep.String("سال 2024 اِعلام"); got != "سال 2024 اِعلام" {
		t.Errorf("keep options: got %q", got)
	}
}

func TestTokenize(t *testing.T) {
	text := "نخست‌وزیر در ۱۴۰۲/۰۷/۱۲ ساعت ۱۲:۳۰ به www.irna.ir و info@example.ir گفت #ایران COVID-19 ۴۵٫۵٪!"
	want := []struct {
		s string
		k TokenKind
	}{{"نخست‌وزیر", Word}, {"در", Word}, {"۱۴۰۲/۰۷/۱۲", Number}, {"ساعت", Word}, {"۱۲:۳۰", Number}, {"به", Word},
		{"www.irna.ir", URL}, {"و", Word}, {"info@example.ir", Email}, {"گفت", Word}, {"#ایران", Hashtag},
		{"COVID-19", Latin}, {"۴۵٫۵", Number}, {"٪", Punct}, {"!", Punct}}
	got := Tokenize(text)
	if len(got) != len(want) {
		t.Fatalf("got %d tokens %v", len(got), got)
	}
	for i, w := range want {
		if got[i].Text != w.s || got[i].Kind != w.k || text[got[i].Start:got[i].End] != w.s {
			t.Errorf("token %d: got %+v, want %q kind %d", i, got[i], w.s, w.k)
		}
		if zw := i == 0; got[i].zw != zw { // only نخست‌وزیر holds a ZWNJ
			t.Errorf("token %d %q: ZWNJ flag %v, want %v", i, got[i].Text, got[i].zw, zw)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"او گفت: «بله.» سپس رفت.", []string{"او گفت: «بله.»", "سپس رفت."}},
		{"رشد ۴۵.۵ درصد بود. سایت www.irna.ir است؟ آری!", []string{"رشد ۴۵.۵ درصد بود.", "سایت www.irna.ir است؟", "آری!"}},
		{"U.S. officials said so. Then left...", []string{"U.S. officials said so.", "Then left..."}},
		{"خط اول\nخط دوم", []string{"خط اول", "خط دوم"}},
		{"صبر کن... بعد برو", []string{"صبر کن...", "بعد برو"}},
	} {
		var got []string
		for _, s := range Sentences(c.in) {
			got = append(got, c.in[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Sentences(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKeys(t *testing.T) {
	same := [][]string{
		{"نخست‌وزیر", "نخستوزیر", "نخست وزیر"},
		{"تماس‌ها", "تماسها", "تماس"},
		{"كتاب", "کتاب", "کتاب‌ها"},
		{"۴۵٫۵", "45.5", "٤٥.٥"},
	}
	for _, g := range same {
		k := Key(g[0])
		for _, w := range g[1:] {
			if Key(w) != k {
				t.Errorf("Key(%q)=%q differs from Key(%q)=%q", w, Key(w), g[0], k)
			}
		}
	}
	for _, w := range []string{"ایران", "علی", "تلاش", "ایرانی"} {
		if Stem(w) != w {
			t.Errorf("Stem(%q) = %q, over-stemmed", w, Stem(w))
		}
	}
	if Stem("تماس‌ها") != "تماس" || Stem("کتاب‌هایشان") != "کتاب" {
		t.Errorf("Stem: %q %q", Stem("تماس‌ها"), Stem("کتاب‌هایشان"))
	}
	keys := IndexKeys("نخست‌وزیر ابر قدرت")
	for _, w := range []string{"نخستوزیر", "وزیر", "نخست", "ابرقدرت"} {
		found := false
		for _, k := range keys {
			found = found || k == w
		}
		if !found {
			t.Errorf("IndexKeys lacks %q: %q", w, keys)
		}
	}
	q := QueryKeys("ابر قدرت")
	if len(q) != 2 || strings.Join(q[0], " ") != "ابر قدرت" || strings.Join(q[1], " ") != "ابرقدرت" {
		t.Errorf("QueryKeys = %q", q)
	}
}

func TestLexiconLearnRoundTrip(t *testing.T) {
	corpus := "فلان‌بهمان‌ها و فلان‌بهمان آمد. فلان‌بهمان رفت.\n"
	lx, err := Learn(strings.NewReader(corpus))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := lx.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	lx2, err := LoadLexicon(&buf)
	if err != nil {
		t.Fatal(err)
	}
	n := NewNormalizer(Options{Lexicon: lx2})
	if got := n.String("فلانبهمان"); got != "فلان‌بهمان" {
		t.Errorf("learned compound not applied: %q", got)
	}
	if got := NewNormalizer(Options{}).String("فلانبهمان"); got != "فلانبهمان" {
		t.Errorf("built-in changed an unknown word: %q", got)
	}
	if _, err := LoadLexicon(strings.NewReader("کتاب\tx\n")); err == nil {
		t.Error("bad frequency accepted")
	}
}

func TestBuiltinLexiconIdempotent(t *testing.T) {
	lx := Builtin()
	if lx.Len() < 1000 {
		t.Fatalf("built-in lexicon has %d entries", lx.Len())
	}
	n := NewNormalizer(Options{})
	for k, e := range lx.words {
		d := k
		if e.disp != "" {
			d = e.disp
		}
		for _, in := range []string{d, k, d + "ها", k + "های"} {
			once := n.String(in)
			if twice := n.String(once); twice != once || !utf8.ValidString(once) {
				t.Errorf("not idempotent: %q → %q → %q", in, once, twice)
			}
		}
	}
}

// normalizeRegressions are inputs on which normalising twice once changed the text (found by FuzzNormalize): a
// space or ZWNJ dropped before punctuation let the tokeniser read the punctuation into the number, word or URL
// before it on the second pass.
var normalizeRegressions = []struct{ in, want string }{
	{strings.Repeat("0", 95) + " .0", strings.Repeat("۰", 95) + " .۰"},
	{"0 .0", "۰ .۰"},
	{"1 ,000 نفر", "۱ ,۰۰۰ نفر"},
	{"0\u200c.0", "۰\u200c.۰"},
	{"0.\u200c0", "۰.\u200c۰"}, // the ZWNJ after the mark keeps ۰. and ۰ apart
	{"رشد 2 .\u200c5 درصد", "رشد ۲ .۵ درصد"},
	{"1,23\u200c4", "۱,۲۳\u200c۴"},
	{"www.example.ir\u200cها", "www.example.ir\u200cها"},
	{"a .b", "a .b"},
	{"www .xکتاب ها", "www .xکتاب‌ها"},
	{"http ://xکتاب ها", "http ://xکتاب‌ها"},
	{"http://a .کتاب ها", "http://a .کتاب‌ها"},
	{"www .x کتاب ها", "www .x کتاب‌ها"},
	{"رشد 12 . 5 درصد", "رشد ۱۲. ۵ درصد"},
	{"رشد 12 .", "رشد ۱۲."},
	{"سایت www.irna.ir .", "سایت www.irna.ir."},
	{"a .0", "a.۰"},
	{"http :/\u200c/xکتاب ها", "http ://xکتاب‌ها"},
}

func TestNormalizeRegressions(t *testing.T) {
	n := NewNormalizer(Options{})
	for _, c := range normalizeRegressions {
		once := n.String(c.in)
		if once != c.want {
			t.Errorf("String(%q) = %q, want %q", c.in, once, c.want)
		}
		if twice := n.String(once); twice != once {
			t.Errorf("not idempotent: %q → %q → %q", c.in, once, twice)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"نخستوزیر اسرائيل مي گويد", "کتاب ها ، «متن» (۴۵.۵)", "www.irna.ir info@x.ir #تست", "a\xffb\u200c\u200c", "ماه می سال ۲۰۲۵", "هستهای برنامهی"} {
		f.Add(s)
	}
	for _, c := range normalizeRegressions {
		f.Add(c.in)
	}
	n := NewNormalizer(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		once := n.String(s)
		if !utf8.ValidString(once) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if twice := n.String(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
	})
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"نخست‌وزیر در ۱۴۰۲/۰۷/۱۲", "https://a.b/c). x@y.z", "#\u200c", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, tk := range Tokenize(s) {
			if tk.Start < prev || tk.End <= tk.Start || tk.End > len(s) || s[tk.Start:tk.End] != tk.Text {
				t.Fatalf("bad token %+v in %q", tk, s)
			}
			if tk.zw != (tk.Kind == Word && hasZWNJ(tk.Text)) {
				t.Fatalf("token %+v in %q: ZWNJ flag %v", tk, s, tk.zw)
			}
			prev = tk.End
		}
	})
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"او گفت: «بله.» سپس رفت.", "U.S. ok... x", "۴۵.۵؟!\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, st := range Sentences(s) {
			if st.Start < prev || st.End <= st.Start || st.End > len(s) {
				t.Fatalf("bad sentence %+v in %q", st, s)
			}
			prev = st.End
		}
	})
}

func TestNormalizeLongLine(t *testing.T) {
	in := strings.Repeat("کتاب ها را خواندم، «متن» گفت. ", 3000)
	want := strings.TrimSpace(strings.Repeat("کتاب‌ها را خواندم، «متن» گفت. ", 3000))
	if got := NewNormalizer(Options{}).String(in); got != want {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("long line differs at byte %d: %q", i, got[max(0, i-40):min(len(got), i+40)])
			}
		}
		t.Fatalf("long line: lengths %d and %d", len(got), len(want))
	}
}

// TestSpacedIdempotent writes every built-in compound apart, with suffixes and neighbours, and checks that
// normalising twice changes nothing more.
func TestSpacedIdempotent(t *testing.T) {
	n := NewNormalizer(Options{})
	for _, e := range Builtin().words {
		if e.disp == "" {
			continue
		}
		spaced := strings.ReplaceAll(e.disp, zwnjStr, " ")
		for _, in := range []string{spaced, "بی " + spaced + " ها", "ده " + spaced + " ای", "می " + spaced + " اند"} {
			once := n.String(in)
			if twice := n.String(once); twice != once {
				t.Errorf("not idempotent: %q → %q → %q", in, once, twice)
			}
		}
	}
}

func TestSystemDictionaryOptional(t *testing.T) {
	d, err := SystemDictionary()
	if err != nil {
		t.Fatal(err)
	}
	if d == nil {
		return // not installed: the built-in lexicon stands alone
	}
	n := NewNormalizer(Options{Dictionary: d})
	for _, c := range []struct{ in, want string }{{"نخستوزیر", "نخست‌وزیر"}, {"میانجی", "میانجی"}, {"کتاب ها", "کتاب‌ها"}} {
		if got := n.String(c.in); got != c.want {
			t.Errorf("with the system dictionary %q → %q, want %q", c.in, got, c.want)
		}
	}
}

// TestHasZWNJ covers the byte prefilter: other characters whose UTF-8 starts with 0xE2 (ellipsis, ZWJ, curly
// quotes, the per-mille sign) are not ZWNJs, and a ZWNJ after one of them is still found.
func TestHasZWNJ(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"", false}, {"کتاب", false}, {"کتاب‌ها", true}, {"\u200c", true}, {"…", false}, {"\u200d", false},
		{"“نخست”", false}, {"…نخست‌وزیر", true}, {"‰\u200c", true}, {"a\u200cb", true}, {"\xe2", false}, {"\xe2\x80", false},
	} {
		if got := hasZWNJ(c.s); got != c.want || got != strings.Contains(c.s, "\u200c") {
			t.Errorf("hasZWNJ(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}
