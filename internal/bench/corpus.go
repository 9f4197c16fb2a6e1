package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
)

// CorpusOptions configure the synthetic corpus.
type CorpusOptions struct {
	Articles int // number of articles; 0 means DefaultArticles
	// Seed selects the corpus: the same seed gives the same corpus, byte for byte, from the same build. The
	// corpus is built from the sample articles, the lexicon and the knowledge base, so a change to those data
	// changes it too; compare engines on one corpus file (WriteJSONL), not on two generations.
	Seed int64
	// From and To bound the publication times, [From, To); zero means 2024-01-01 to 2027-01-01 in Tehran.
	From, To time.Time
}

// DefaultArticles is the corpus size when CorpusOptions.Articles is 0.
const DefaultArticles = 1000

// Spelling shares of the generator: how often a compound is written spaced or fused (the rest with ZWNJ), how
// many articles use Arabic ي/ك throughout, and how many write digits in ASCII or Arabic-Indic (the rest Persian).
const (
	shareSpaced      = 0.25
	shareFused       = 0.25
	shareArabicYeh   = 0.12
	shareASCIIDigits = 0.25
	shareArabicDigit = 0.15
)

func (o CorpusOptions) withDefaults() CorpusOptions {
	if o.Articles <= 0 {
		o.Articles = DefaultArticles
	}
	if o.From.IsZero() {
		o.From = time.Date(2024, 1, 1, 0, 0, 0, 0, reader.Tehran)
	}
	if o.To.IsZero() || !o.To.After(o.From) {
		o.To = time.Date(2027, 1, 1, 0, 0, 0, 0, reader.Tehran)
	}
	return o
}

// Corpus generates opts.Articles articles and calls fn with each, in order, one at a time: memory stays flat
// whatever the size. Article i depends only on the seed and i. Each article has a title, a body of paragraphs,
// a source and URL, a publication time in Tehran, Language "fa", and Raw: its JSON Lines form, as the reader
// would keep it (see WriteJSONL). Corpus stops at the first
// error from fn or when ctx ends.
func Corpus(ctx context.Context, opts CorpusOptions, fn func(i int, a article.Article) error) error {
	opts = opts.withDefaults()
	m, err := loadMaterial()
	if err != nil {
		return err
	}
	for i := range opts.Articles {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(i, m.article(opts, i)); err != nil {
			return err
		}
	}
	return nil
}

// jsonArticle is the JSON Lines shape of a corpus article, the shape `khabar ingest` reads.
type jsonArticle struct {
	Source    string          `json:"source"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Published string          `json:"published"`
	Language  string          `json:"language"`
	Body      []article.Block `json:"body"`
}

// WriteJSONL writes the corpus as JSON Lines, one article a line ({source, url, title, published, language,
// body: [{kind, text}]}), readable by `khabar ingest` and by bench/blevesearch.
func WriteJSONL(ctx context.Context, w io.Writer, opts CorpusOptions) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	err := Corpus(ctx, opts, func(_ int, a article.Article) error {
		bw.WriteString(a.Raw)
		return bw.WriteByte('\n')
	})
	if err != nil {
		return fmt.Errorf("write corpus: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write corpus: %w", err)
	}
	return nil
}

// articleRand returns the random source of article i: independent of every other article.
func articleRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(i)*0x9e3779b97f4a7c15+1))
}

// gen builds one article.
type gen struct {
	m        *material
	r        *rand.Rand
	words    *rand.Zipf
	people   *rand.Zipf
	places   *rand.Zipf
	orgs     *rand.Zipf
	sentence *rand.Zipf
}

func (m *material) article(opts CorpusOptions, i int) article.Article {
	r := articleRand(opts.Seed, i)
	g := &gen{m: m, r: r,
		words:    rand.NewZipf(r, 1.07, 2, uint64(len(m.vocab)-1)),
		people:   rand.NewZipf(r, 1.3, 3, uint64(len(m.people)-1)),
		places:   rand.NewZipf(r, 1.3, 3, uint64(len(m.places)-1)),
		orgs:     rand.NewZipf(r, 1.3, 3, uint64(len(m.orgs)-1)),
		sentence: rand.NewZipf(r, 1.01, 8, uint64(len(m.sentences)-1)),
	}
	out := g.outlet()
	span := opts.To.Sub(opts.From)
	pub := opts.From.Add(time.Duration(r.Int64N(int64(span/time.Minute))) * time.Minute).In(reader.Tehran)

	var title strings.Builder
	title.WriteString(g.entity())
	title.WriteByte(' ')
	title.WriteString(g.vocabWords(2 + r.IntN(4)))
	if r.IntN(2) == 0 {
		title.WriteByte(' ')
		title.WriteString(g.compound())
	}
	title.WriteByte(' ')
	title.WriteString(g.vocabWords(1 + r.IntN(3)))

	paras := 2 + r.IntN(5)
	body := make([]article.Block, 0, paras+1)
	for p := range paras {
		if p > 0 && r.IntN(8) == 0 {
			body = append(body, article.Block{Kind: article.Heading, Text: g.vocabWords(2 + r.IntN(3))})
		}
		var para strings.Builder
		for s := range 2 + r.IntN(2) {
			if s > 0 {
				para.WriteByte(' ')
			}
			switch x := r.Float64(); {
			case x < 0.45:
				para.WriteString(g.sample())
			case x < 0.8:
				para.WriteString(g.template())
			default:
				para.WriteString(g.vocabSentence())
			}
		}
		body = append(body, article.Block{Kind: article.Paragraph, Text: para.String()})
	}

	// Whole-article spellings: a source's keyboard (ي/ك) and its digits.
	arabic := r.Float64() < shareArabicYeh
	var digits rune
	switch x := r.Float64(); {
	case x < shareASCIIDigits:
		digits = '0'
	case x < shareASCIIDigits+shareArabicDigit:
		digits = '٠'
	default:
		digits = '۰'
	}
	fix := func(s string) string { return respell(s, arabic, digits) }
	for j := range body {
		body[j].Text = fix(body[j].Text)
	}
	a := article.Article{
		Source:    out.Name,
		URL:       "https://www." + out.Domain + "/news/" + strconv.FormatInt(opts.Seed, 36) + "-" + strconv.Itoa(i),
		Title:     fix(title.String()),
		Published: pub,
		Language:  "fa",
		Body:      body,
	}
	raw, err := json.Marshal(jsonArticle{Source: a.Source, URL: a.URL, Title: a.Title,
		Published: a.Published.Format(time.RFC3339), Language: a.Language, Body: a.Body})
	if err != nil {
		panic("bench: " + err.Error()) // unreachable: strings and blocks always encode
	}
	a.Raw = string(raw)
	return a
}

// respell writes ی/ک as Arabic ي/ك when arabic is set, and every digit in the script whose zero is digits.
func respell(s string, arabic bool, digits rune) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= '0' && c <= '9':
			return digits + (c - '0')
		case c >= '۰' && c <= '۹':
			return digits + (c - '۰')
		case c >= '٠' && c <= '٩':
			return digits + (c - '٠')
		case arabic && c == 'ی':
			return 'ي'
		case arabic && c == 'ک':
			return 'ك'
		}
		return c
	}, s)
}

func (g *gen) outlet() struct{ Name, Domain string } {
	// A few outlets publish most of the news.
	return Outlets[min(int(rand.NewZipf(g.r, 1.2, 4, uint64(len(Outlets)-1)).Uint64()), len(Outlets)-1)]
}

func (g *gen) person() string { return g.m.people[g.people.Uint64()].Fa[0] }
func (g *gen) place() string  { return g.m.places[g.places.Uint64()].Fa[0] }
func (g *gen) org() string    { return g.m.orgs[g.orgs.Uint64()].Fa[0] }

// entity returns the Persian name of a person, place or organisation.
func (g *gen) entity() string {
	switch g.r.IntN(3) {
	case 0:
		return g.person()
	case 1:
		return g.place()
	}
	return g.org()
}

// compound returns one of the compounds in a random spelling.
func (g *gen) compound() string {
	return g.spell(g.m.compounds[g.r.IntN(len(g.m.compounds))])
}

func (g *gen) spell(c compound) string {
	switch x := g.r.Float64(); {
	case x < shareSpaced:
		return c.spaced
	case x < shareSpaced+shareFused:
		return c.fused
	}
	return c.zwnj
}

// plural returns a plural noun with its suffix after a ZWNJ, fused or after a space.
func (g *gen) plural() string {
	n := Plurals[g.r.IntN(len(Plurals))]
	switch x := g.r.Float64(); {
	case x < shareSpaced:
		return n + " ها"
	case x < shareSpaced+shareFused:
		return n + "ها"
	}
	return n + zwnj + "ها"
}

func (g *gen) vocabWords(n int) string {
	var b strings.Builder
	for j := range n {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.m.vocab[g.words.Uint64()])
	}
	return b.String()
}

func (g *gen) vocabSentence() string {
	s := g.vocabWords(4+g.r.IntN(6)) + " " + g.compound() + " " + g.vocabWords(3+g.r.IntN(6))
	return s + "."
}

// sample returns a sentence of the sample articles with its compounds respelled.
func (g *gen) sample() string {
	s := g.m.sentences[g.sentence.Uint64()]
	for _, c := range g.m.compounds {
		if strings.Contains(s, c.zwnj) {
			s = strings.ReplaceAll(s, c.zwnj, g.spell(c))
		}
	}
	return s
}

func (g *gen) number() string {
	switch g.r.IntN(3) {
	case 0:
		return strconv.Itoa(1 + g.r.IntN(99))
	case 1:
		return strconv.Itoa(1402 + g.r.IntN(4))
	}
	return strconv.Itoa(100 + g.r.IntN(9900))
}

func (g *gen) template() string {
	t := templates[g.r.IntN(len(templates))]
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 || i+2 >= len(t) || t[i+2] != '}' {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch t[i+1] {
		case 'P':
			b.WriteString(g.person())
		case 'Q':
			if g.r.IntN(2) == 0 {
				b.WriteString(g.person())
			} else {
				b.WriteString(g.place())
			}
		case 'X':
			if g.r.IntN(2) == 0 {
				b.WriteString(g.org())
			} else {
				b.WriteString(g.place())
			}
		case 'C':
			b.WriteString(g.place())
		case 'T':
			b.WriteString(topics[g.r.IntN(len(topics))])
		case 'D':
			b.WriteString(weekdays[g.r.IntN(len(weekdays))])
		case 'N':
			b.WriteString(g.number())
		case 'K':
			b.WriteString(g.compound())
		case 'S':
			b.WriteString(g.plural())
		case 'W':
			b.WriteString(g.vocabWords(2 + g.r.IntN(3)))
		}
		t = t[i+3:]
	}
}
