package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/search"
)

// Query classes of the benchmark's query mix.
const (
	ClassWord     = "word"     // one word
	ClassCompound = "compound" // one compound in ZWNJ, spaced or fused spelling (a group of three)
	ClassVariant  = "variant"  // one word in ي/ی, in three digit scripts, or plural and singular (a group)
	ClassPhrase   = "phrase"   // a quoted phrase
	ClassEntity   = "entity"   // entity: filter, alone or with a word
	ClassType     = "type"     // type: filter (PLOVER category) with or without a word
	ClassSource   = "source"   // source: filter with a word
	ClassDateGreg = "date-gregorian"
	ClassDateJal  = "date-jalali"
	ClassMixed    = "mixed" // words with entity:, source: and date: filters together
)

// Classes lists the query classes in report order.
var Classes = []string{ClassWord, ClassCompound, ClassVariant, ClassPhrase, ClassEntity, ClassType, ClassSource,
	ClassDateGreg, ClassDateJal, ClassMixed}

// DefaultQueries is the size of the query mix when BenchOptions.Queries is 0.
const DefaultQueries = 1000

// Query is one query of the benchmark mix: Khabar's query syntax, and the same query taken apart for other
// engines (bench/blevesearch). Queries with the same Group are spellings of one query and must return
// identical result sets.
type Query struct {
	Class string `json:"class"`
	Group string `json:"group,omitempty"`
	Text  string `json:"query"` // Khabar query syntax

	Words   []string `json:"words,omitempty"`   // words that must all match, as typed
	Phrase  string   `json:"phrase,omitempty"`  // a phrase that must match
	Entity  string   `json:"entity,omitempty"`  // Persian name of an entity the article must mention
	Type    string   `json:"type,omitempty"`    // PLOVER category
	Source  string   `json:"source,omitempty"`  // source name
	Date    string   `json:"date,omitempty"`    // the date: value as typed
	From    string   `json:"from,omitempty"`    // RFC 3339 start of the date window, inclusive
	To      string   `json:"to,omitempty"`      // RFC 3339 end of the date window, exclusive
	Variant string   `json:"variant,omitempty"` // spelling within a group: zwnj, spaced, fused, persian, ascii, …
}

// ploverTypes are the categories type: queries ask for (common in news).
var ploverTypes = []string{"CONSULT", "ACCUSE", "AGREE", "REQUEST", "ASSAULT", "SANCTION", "PROTEST", "THREATEN",
	"AID", "COERCE"}

// Queries returns the benchmark's query mix of n queries (0 means DefaultQueries), deterministic for a seed. The
// shares are fixed: about a quarter single words, a sixth compound groups (three spellings each), a tenth other
// spelling groups, and the rest phrases, filters and dates in both calendars. Dates fall in the corpus window
// (2024–2026). A spelling group is never cut, so the mix may have one or two queries fewer than n.
func Queries(n int, seed int64) ([]Query, error) {
	if n <= 0 {
		n = DefaultQueries
	}
	m, err := loadMaterial()
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x51ed2701))
	q := &qgen{m: m, r: r,
		words:  rand.NewZipf(r, 1.05, 10, uint64(len(m.vocab)-1)),
		people: rand.NewZipf(r, 1.3, 3, uint64(len(m.people)-1)),
		places: rand.NewZipf(r, 1.3, 3, uint64(len(m.places)-1)),
	}
	// Weights of the classes; groups count as their number of queries.
	type share struct {
		w  int
		fn func() []Query
	}
	shares := []share{
		{25, func() []Query { return []Query{q.word()} }},
		{16, q.compoundGroup},
		{10, q.variantGroup},
		{10, func() []Query { return []Query{q.phrase()} }},
		{10, func() []Query { return []Query{q.entity()} }},
		{5, func() []Query { return []Query{q.typ()} }},
		{7, func() []Query { return []Query{q.source()} }},
		{6, func() []Query { return []Query{q.dateGregorian()} }},
		{6, func() []Query { return []Query{q.dateJalali()} }},
		{5, func() []Query { return []Query{q.mixed()} }},
	}
	total := 0
	for _, s := range shares {
		total += s.w
	}
	out := make([]Query, 0, n+2)
	for len(out) < n {
		x := r.IntN(total)
		for _, s := range shares {
			if x < s.w {
				id := strconv.Itoa(len(out))
				for _, g := range s.fn() {
					if g.Group != "" {
						g.Group = g.Group + "#" + id
					}
					out = append(out, g)
				}
				break
			}
			x -= s.w
		}
	}
	// A group is never cut: drop a trailing partial group instead.
	for len(out) > n {
		out = out[:len(out)-1]
	}
	if g := out[len(out)-1].Group; g != "" {
		full := 0
		for _, x := range out {
			if x.Group == g {
				full++
			}
		}
		if full < 2 {
			out = out[:len(out)-1]
		}
	}
	for i := range out {
		if err := out[i].resolveDates(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// resolveDates fills From and To from the date: filter, as Khabar parses it.
func (q *Query) resolveDates() error {
	if q.Date == "" {
		return nil
	}
	pq, err := search.Parse("date:"+q.Date, search.ParseOptions{})
	if err != nil {
		return fmt.Errorf("bench: query %q: %w", q.Text, err)
	}
	if len(pq.Dates) != 1 {
		return fmt.Errorf("bench: query %q: %d date ranges", q.Text, len(pq.Dates))
	}
	q.From, q.To = pq.Dates[0].From.Format(time.RFC3339), pq.Dates[0].To.Format(time.RFC3339)
	return nil
}

// WriteQueries writes queries as JSON Lines.
func WriteQueries(w io.Writer, qs []Query) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			return fmt.Errorf("write queries: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write queries: %w", err)
	}
	return nil
}

type qgen struct {
	m      *material
	r      *rand.Rand
	words  *rand.Zipf
	people *rand.Zipf
	places *rand.Zipf
}

// skipCommon is the number of most frequent vocabulary words (function words) never asked alone.
const skipCommon = 40

// vocabWord returns a content word: Zipf-drawn, at least two letters, not among the most frequent.
func (q *qgen) vocabWord() string {
	for {
		i := int(q.words.Uint64())
		w := q.m.vocab[i]
		if i >= skipCommon && utf8.RuneCountInString(w) > 2 && !strings.ContainsAny(w, zwnj+"0123456789۰۱۲۳۴۵۶۷۸۹") {
			return w
		}
	}
}

func (q *qgen) word() Query {
	w := q.vocabWord()
	return Query{Class: ClassWord, Text: w, Words: []string{w}}
}

func (q *qgen) compoundGroup() []Query {
	c := q.m.compounds[q.r.IntN(len(q.m.compounds))]
	return []Query{
		{Class: ClassCompound, Group: "compound", Variant: "zwnj", Text: c.zwnj, Words: []string{c.zwnj}},
		{Class: ClassCompound, Group: "compound", Variant: "spaced", Text: c.spaced, Words: strings.Fields(c.spaced)},
		{Class: ClassCompound, Group: "compound", Variant: "fused", Text: c.fused, Words: []string{c.fused}},
	}
}

func (q *qgen) variantGroup() []Query {
	switch q.r.IntN(3) {
	case 0: // ي/ی and ك/ک
		var w string
		for w == "" || !strings.ContainsAny(w, "یک") {
			w = q.vocabWord()
		}
		a := strings.NewReplacer("ی", "ي", "ک", "ك").Replace(w)
		return []Query{
			{Class: ClassVariant, Group: "yeh", Variant: "persian", Text: w, Words: []string{w}},
			{Class: ClassVariant, Group: "yeh", Variant: "arabic", Text: a, Words: []string{a}},
		}
	case 1: // digits in three scripts
		var num string
		if q.r.IntN(2) == 0 {
			num = strconv.Itoa(1402 + q.r.IntN(4))
		} else {
			num = strconv.Itoa(1 + q.r.IntN(99))
		}
		var out []Query
		for _, s := range []struct {
			name string
			zero rune
		}{{"persian", '۰'}, {"arabic", '٠'}, {"ascii", '0'}} {
			d := respell(num, false, s.zero)
			out = append(out, Query{Class: ClassVariant, Group: "digits", Variant: s.name, Text: d, Words: []string{d}})
		}
		return out
	}
	n := Plurals[q.r.IntN(len(Plurals))]
	return []Query{
		{Class: ClassVariant, Group: "plural", Variant: "singular", Text: n, Words: []string{n}},
		{Class: ClassVariant, Group: "plural", Variant: "zwnj", Text: n + zwnj + "ها", Words: []string{n + zwnj + "ها"}},
		{Class: ClassVariant, Group: "plural", Variant: "fused", Text: n + "ها", Words: []string{n + "ها"}},
	}
}

// phrase returns two or three adjacent words of a sample sentence, quoted.
func (q *qgen) phrase() Query {
	for {
		s := q.m.sentences[q.r.IntN(len(q.m.sentences))]
		var ws []string
		for _, t := range persian.Tokenize(s) {
			if t.Kind == persian.Word {
				ws = append(ws, t.Text)
			} else {
				ws = append(ws, "") // punctuation breaks a phrase
			}
		}
		k := 2 + q.r.IntN(2)
		if len(ws) < k+1 {
			continue
		}
		i := q.r.IntN(len(ws) - k)
		p := ws[i : i+k]
		ok := true
		for _, w := range p {
			ok = ok && w != ""
		}
		if !ok {
			continue
		}
		ph := strings.Join(p, " ")
		return Query{Class: ClassPhrase, Text: `"` + ph + `"`, Phrase: ph}
	}
}

func (q *qgen) entityName() string {
	if q.r.IntN(2) == 0 {
		return q.m.people[q.people.Uint64()].Fa[0]
	}
	return q.m.places[q.places.Uint64()].Fa[0]
}

func quoteValue(v string) string {
	if strings.ContainsAny(v, " \u200c") {
		return `"` + v + `"`
	}
	return v
}

func (q *qgen) entity() Query {
	e := q.entityName()
	qu := Query{Class: ClassEntity, Text: "entity:" + quoteValue(e), Entity: e}
	if q.r.IntN(2) == 0 {
		w := q.vocabWord()
		qu.Text, qu.Words = w+" "+qu.Text, []string{w}
	}
	return qu
}

func (q *qgen) typ() Query {
	t := ploverTypes[q.r.IntN(len(ploverTypes))]
	qu := Query{Class: ClassType, Text: "type:" + t, Type: t}
	if q.r.IntN(2) == 0 {
		e := q.entityName()
		qu.Text, qu.Entity = "entity:"+quoteValue(e)+" "+qu.Text, e
	}
	return qu
}

func (q *qgen) source() Query {
	o := Outlets[q.r.IntN(len(Outlets))].Name
	w := q.vocabWord()
	return Query{Class: ClassSource, Text: w + " source:" + quoteValue(o), Words: []string{w}, Source: o}
}

// gregorianDate returns a date: value in 2024–2026: a month, or a range of up to ten days.
func (q *qgen) gregorianDate() string {
	y, m := 2024+q.r.IntN(3), 1+q.r.IntN(12)
	if q.r.IntN(2) == 0 {
		return fmt.Sprintf("%d-%02d", y, m)
	}
	d := 1 + q.r.IntN(18)
	return fmt.Sprintf("%d-%02d-%02d..%d-%02d-%02d", y, m, d, y, m, d+q.r.IntN(10))
}

// jalaliDate returns a date: value in 1403–1405, in Persian digits with slashes or ASCII with dashes.
func (q *qgen) jalaliDate() string {
	y, m := 1403+q.r.IntN(3), 1+q.r.IntN(12)
	if q.r.IntN(2) == 0 {
		return fmt.Sprintf("%d-%02d", y, m)
	}
	d := 1 + q.r.IntN(18)
	return respell(fmt.Sprintf("%d/%02d/%02d..%d/%02d/%02d", y, m, d, y, m, d+q.r.IntN(10)), false, '۰')
}

func (q *qgen) dateGregorian() Query {
	w, d := q.vocabWord(), q.gregorianDate()
	return Query{Class: ClassDateGreg, Text: w + " date:" + d, Words: []string{w}, Date: d}
}

func (q *qgen) dateJalali() Query {
	w, d := q.vocabWord(), q.jalaliDate()
	return Query{Class: ClassDateJal, Text: w + " date:" + d, Words: []string{w}, Date: d}
}

func (q *qgen) mixed() Query {
	w, e := q.vocabWord(), q.entityName()
	qu := Query{Class: ClassMixed, Words: []string{w}, Entity: e}
	qu.Text = w + " entity:" + quoteValue(e)
	if q.r.IntN(2) == 0 {
		o := Outlets[q.r.IntN(4)].Name
		qu.Text, qu.Source = qu.Text+" source:"+quoteValue(o), o
	}
	qu.Date = fmt.Sprintf("%d", 2024+q.r.IntN(3))
	if q.r.IntN(2) == 0 {
		qu.Date = fmt.Sprintf("%d", 1403+q.r.IntN(3))
	}
	qu.Text += " date:" + qu.Date
	return qu
}
