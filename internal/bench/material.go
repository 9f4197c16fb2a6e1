package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/reader"
)

const zwnj = "\u200c"

// Compounds are the compounds the generator writes in three spellings (ZWNJ, spaced, fused) and the spelling
// queries test, in their correct ZWNJ form. Each is in the built-in lexicon.
var Compounds = []string{
	"نخست‌وزیر", "رئیس‌جمهور", "گفت‌وگو", "آتش‌بس", "بین‌المللی", "پیش‌نویس", "آتش‌سوزی", "تصمیم‌گیری",
	"سرمایه‌گذاری", "جست‌وجو", "هم‌زمان", "صلح‌آمیز", "غنی‌شده", "روزنامه‌نگار", "دانش‌آموز", "قطع‌نامه",
	"آیین‌نامه", "سیاست‌گذاری", "آسیب‌دیده", "هم‌کاری",
}

// Plurals are nouns that the generator writes with their plural suffix in three ways (تماس‌ها, تماسها, تماس ها)
// and that the stemming queries test against the singular.
var Plurals = []string{"تماس", "تحریم", "نشست", "گزارش", "دیدار", "مذاکره", "اعتراض", "قرارداد"}

// Outlets are the sources of the synthetic articles, with their web domains.
var Outlets = []struct{ Name, Domain string }{
	{"IRNA", "irna.ir"}, {"ISNA", "isna.ir"}, {"Tasnim", "tasnimnews.com"}, {"Fars", "farsnews.ir"},
	{"Mehr", "mehrnews.com"}, {"Hamshahri", "hamshahrionline.ir"}, {"BBC Persian", "bbc.com"},
	{"Radio Farda", "radiofarda.com"}, {"Iran International", "iranintl.com"}, {"Euronews Persian", "euronews.com"},
	{"Khabaronline", "khabaronline.ir"}, {"Entekhab", "entekhab.ir"}, {"Donya-e-Eqtesad", "donya-e-eqtesad.com"},
	{"Shargh", "sharghdaily.com"}, {"Etemad", "etemadnewspaper.ir"}, {"ILNA", "ilna.ir"},
}

var weekdays = []string{"شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"}

var topics = []string{
	"همکاری‌های اقتصادی", "برنامه هسته‌ای", "آتش‌بس", "تحریم‌ها", "امنیت منطقه", "انرژی", "تجارت دوجانبه",
	"بحران غزه", "قرارداد گازی", "حقوق بشر", "مبارزه با تروریسم", "آب و محیط زیست",
}

// templates are sentence frames: {P} and {Q} are people, {X} an organisation or country, {C} a place, {T} a
// topic, {D} a weekday, {N} a number, {K} a compound, {S} a plural noun, {W} a few vocabulary words.
var templates = []string{
	"{P} روز {D} در دیدار با {Q} در {C} درباره {T} گفت‌وگو کرد.",
	"{P} در تماس تلفنی با {Q} درباره {T} رایزنی کرد.",
	"{P} گفت: «{W} {K} {W}.»",
	"{X} {Q} را به نقض {T} متهم کرد.",
	"{P} از سفر قریب‌الوقوع خود به {C} خبر داد.",
	"{K} {C} روز {D} با {P} دیدار و درباره {T} گفت‌وگو کرد.",
	"به گزارش {X}، {W} {S} {W} {N} درصد {W}.",
	"{X} در بیانیه‌ای حمله به {C} را محکوم کرد.",
	"{P} و {Q} توافق کردند که {S} درباره {T} ادامه یابد.",
	"نرخ تورم در {C} در ماه گذشته به {N} درصد رسید و {W} {K}.",
	"{X} اعلام کرد {N} نفر در {K} {C} {W}.",
	"{P} خواستار {K} درباره {T} شد و افزود {W} {S} {W}.",
}

// material is what every article is built from; built once, read-only.
type material struct {
	sentences []string // sample sentences, normalised display text
	vocab     []string // words, most frequent first (Zipf rank order)
	people    []entity.Entry
	places    []entity.Entry // countries and cities
	orgs      []entity.Entry
	compounds []compound
}

// compound is one of Compounds with its three spellings.
type compound struct{ zwnj, spaced, fused string }

// linkingVav are the spaced spellings of compounds joined by و, which is written as a word of its own.
var linkingVav = map[string]string{"گفت‌وگو": "گفت و گو", "جست‌وجو": "جست و جو"}

// newCompound returns the three spellings of a compound.
func newCompound(s string) compound {
	spaced, ok := linkingVav[s]
	if !ok {
		spaced = strings.ReplaceAll(s, zwnj, " ")
	}
	return compound{zwnj: s, spaced: spaced, fused: strings.ReplaceAll(s, zwnj, "")}
}

var loadMaterial = sync.OnceValues(buildMaterial)

func buildMaterial() (*material, error) {
	m := &material{}
	norm := persian.NewNormalizer(persian.Options{})
	counts := map[string]int{}
	seen := map[string]bool{}
	arts, err := reader.Samples()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	for _, a := range arts {
		for _, b := range a.Body {
			if b.Kind != article.Paragraph {
				continue
			}
			text := norm.String(b.Text)
			for _, s := range persian.Sentences(text) {
				sent := strings.TrimSpace(text[s.Start:s.End])
				if utf8.RuneCountInString(sent) < 30 || seen[sent] {
					continue
				}
				seen[sent] = true
				m.sentences = append(m.sentences, sent)
			}
			for _, t := range persian.Tokenize(text) {
				if t.Kind == persian.Word {
					counts[t.Text]++
				}
			}
		}
	}
	if len(m.sentences) == 0 {
		return nil, fmt.Errorf("bench: no sample sentences")
	}
	m.vocab = slices.Collect(maps.Keys(counts))
	sort.Slice(m.vocab, func(i, j int) bool {
		if counts[m.vocab[i]] != counts[m.vocab[j]] {
			return counts[m.vocab[i]] > counts[m.vocab[j]]
		}
		return m.vocab[i] < m.vocab[j]
	})
	// The lexicon's words follow, most frequent first (Lexicon.WriteTo orders them so).
	var lex bytes.Buffer
	if _, err := persian.Builtin().WriteTo(&lex); err != nil {
		return nil, fmt.Errorf("bench: lexicon: %w", err)
	}
	sc := bufio.NewScanner(&lex)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' || line[0] == '@' {
			continue
		}
		w, _, _ := strings.Cut(line, "\t")
		if _, ok := counts[w]; ok || utf8.RuneCountInString(w) < 2 {
			continue
		}
		counts[w] = 0
		m.vocab = append(m.vocab, w)
	}

	kb, err := entity.LoadKB()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	for _, e := range kb.Entries() {
		if len(e.Fa) == 0 || e.Fa[0] == "" {
			continue
		}
		switch {
		case e.Type == article.Person:
			m.people = append(m.people, e)
		case e.Type == article.Location && (e.Subtype == "country" || e.Subtype == "city"):
			m.places = append(m.places, e)
		case e.Type == article.Organization:
			m.orgs = append(m.orgs, e)
		}
	}
	if len(m.people) == 0 || len(m.places) == 0 || len(m.orgs) == 0 {
		return nil, fmt.Errorf("bench: knowledge base has no people, places or organisations with Persian names")
	}
	for _, c := range Compounds {
		m.compounds = append(m.compounds, newCompound(c))
	}
	return m, nil
}
