// Package quote finds quotations and reported speech in Persian text and attributes them to speakers.
//
// Direct quotes are the stretches inside «…», "…" or “…” (outermost only, across sentences within a paragraph);
// short quoted names after a noun such as روزنامه or شبکه are names, not quotes. Indirect speech is what follows
// a speech verb and که (گفت که …). The speaker is the subject of the governing speech verb, read with the event
// package's clause parser; a quote relayed through a second speaker keeps the original speaker and ReportedBy.
package quote

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/persian"
)

//go:embed data/cues.tsv
var cuesTSV string

// Cues are the words the extractor reads.
type Cues struct {
	Name    map[string]bool // nouns that announce a name
	Between map[string]bool // words that may stand between such a noun and the quoted name
}

// LoadCues parses a cues file.
func LoadCues(data string) (Cues, error) {
	c := Cues{Name: map[string]bool{}, Between: map[string]bool{}}
	header := true
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 2 || strings.TrimSpace(cols[1]) == "" {
			return c, fmt.Errorf("quote cues:%d: want kind and word", i+1)
		}
		w := key(cols[1])
		switch cols[0] {
		case "name":
			c.Name[w] = true
		case "between":
			c.Between[w] = true
		default:
			return c, fmt.Errorf("quote cues:%d: unknown kind %q", i+1, cols[0])
		}
	}
	return c, nil
}

// key folds a word for lookup: without ZWNJ, with Persian letter forms.
func key(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\u200c", "")
	return strings.NewReplacer("ي", "ی", "ك", "ک").Replace(s)
}

// Extractor finds quotes. It is safe for concurrent use.
type Extractor struct {
	lx   *event.Lexicon
	cues Cues
}

// New returns an Extractor over the embedded data. It panics if the embedded data is broken, which the package
// tests rule out.
func New() *Extractor {
	e, err := NewExtractor()
	if err != nil {
		panic(err)
	}
	return e
}

// NewExtractor returns an Extractor over the embedded data, or the error that the data holds.
func NewExtractor() (*Extractor, error) {
	lx, err := event.LoadLexicon()
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	c, err := LoadCues(cuesTSV)
	if err != nil {
		return nil, err
	}
	return &Extractor{lx: lx, cues: c}, nil
}

// Extract returns the quotes of a segmented text, with speakers taken from the mentions.
func (e *Extractor) Extract(doc persian.Doc, mentions []article.Mention) []article.Quote {
	if len(doc.Tokens) == 0 {
		return nil
	}
	return e.ExtractParse(e.lx.NewParse(doc, mentions))
}

// ExtractParse returns the quotes of an already parsed text.
func (e *Extractor) ExtractParse(p *event.Parse) []article.Quote {
	var out []article.Quote
	toks := p.Doc.Tokens
	inQuote := make([]bool, len(toks))
	for _, q := range p.QuoteSpans() {
		o, c := q[0], q[1]
		for k := o; k <= c; k++ {
			inQuote[k] = true
		}
		if c <= o+1 {
			continue
		}
		start, end := toks[o].End, toks[c].Start
		text := strings.TrimSpace(p.Doc.Text[start:end])
		if text == "" || e.isName(p, o, c) {
			continue
		}
		lead := len(p.Doc.Text[start:end]) - len(strings.TrimLeft(p.Doc.Text[start:end], " \t\n"))
		qt := article.Quote{Span: article.Span{Start: start + lead, End: start + lead + len(text)}, Text: text}
		if !e.attribute(p, &qt, o, c) {
			continue
		}
		out = append(out, qt)
	}
	out = append(out, e.indirect(p, inQuote)...)
	sortQuotes(out)
	return out
}

func sortQuotes(qs []article.Quote) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j].Start < qs[j-1].Start; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

// isName reports whether the quotation [o, c] is a short name: a few words after a name noun, or exactly an
// entity mention.
func (e *Extractor) isName(p *event.Parse, o, c int) bool {
	words := 0
	for k := o + 1; k < c; k++ {
		if p.Doc.Tokens[k].Kind != persian.Punct {
			words++
		}
	}
	if words > 4 {
		return false
	}
	for k, n := o-1, 0; k >= 0 && n < 3; k, n = k-1, n+1 {
		w := key(p.Doc.Tokens[k].Text)
		if e.cues.Name[w] || e.cues.Name[strings.TrimSuffix(w, "ی")] {
			return true
		}
		if !e.cues.Between[w] {
			break
		}
	}
	if mi := p.MentionAt(o + 1); mi >= 0 {
		if f, l := p.MentionTokens(mi); f == o+1 && l == c-1 {
			return true
		}
	}
	return false
}

// attribute finds the speaker of the quotation [o, c]: the subject of a speech verb right after it, else of the
// nearest speech verb before it in its sentence, else a source phrase (به گفته X). It reports false when no
// speech verb or source governs the quotation (scare quotes, titles).
func (e *Extractor) attribute(p *event.Parse, q *article.Quote, o, c int) bool {
	ss, se := p.SentenceBounds(o)
	var gov *event.Match
	after := false
	for i := range p.Speeches {
		s := &p.Speeches[i]
		if s.First > c && s.First <= c+3 && p.Sentence(s.First) == p.Sentence(o) || (s.First > c && s.First <= c+3 && p.Sentence(s.First) == p.Sentence(c)) {
			gov, after = s, true
			break
		}
	}
	if gov == nil {
		for i := range p.Speeches {
			s := &p.Speeches[i]
			if s.Last < o && s.First >= ss {
				gov = s
			}
		}
	}
	var speaker []int
	if gov != nil {
		q.Verb = p.Doc.Text[p.Start(*gov):p.End(*gov)]
		if after {
			speaker = p.SubjectBefore(o)
		} else {
			speaker = p.SpeakerOf(*gov)
		}
	}
	src := p.SourcesIn(ss, min(se+1, o))
	switch {
	case len(src) > 0 && len(speaker) > 0 && p.Mentions[src[0]].Name != p.Mentions[speaker[0]].Name:
		q.ReportedBy = p.Mentions[speaker[0]].Name
		speaker = src
	case len(speaker) == 0:
		speaker = src
	}
	if gov == nil && len(speaker) == 0 {
		return false
	}
	if len(speaker) > 0 {
		m := p.Mentions[speaker[0]]
		q.Speaker, q.SpeakerID = m.Name, m.ID
	}
	// A relay: an earlier speech verb in the sentence with another speaker (او گفت نتانیاهو گفته "…").
	if gov != nil && !after && q.ReportedBy == "" {
		for i := range p.Speeches {
			s := p.Speeches[i]
			if s.First >= ss && s.Last < gov.First {
				if sp := p.SpeakerOf(s); len(sp) > 0 && p.Mentions[sp[0]].Name != q.Speaker {
					q.ReportedBy = p.Mentions[sp[0]].Name
				}
			}
		}
	}
	return true
}

// indirect finds unmarked reported speech: a speech verb of kind indirect followed by که, up to the end of the
// sentence.
func (e *Extractor) indirect(p *event.Parse, inQuote []bool) []article.Quote {
	var out []article.Quote
	toks := p.Doc.Tokens
	for _, s := range p.Speeches {
		if s.Kind() != "indirect" || s.Adjectival {
			continue
		}
		k := s.Last + 1
		if k >= len(toks) || p.Folded(k) != "که" || inQuote[s.First] {
			continue
		}
		_, se := p.SentenceBounds(k)
		if k+1 > se {
			continue
		}
		for j := k + 1; j <= se; j++ {
			if inQuote[j] {
				se = -1 // a marked quote follows: the direct quote carries it
				break
			}
		}
		if se < 0 {
			continue
		}
		start, end := toks[k+1].Start, toks[se].End
		text := strings.TrimRight(strings.TrimSpace(p.Doc.Text[start:end]), ".")
		if text == "" {
			continue
		}
		q := article.Quote{Span: article.Span{Start: start, End: start + len(text)}, Text: text, Indirect: true,
			Verb: p.Doc.Text[p.Start(s):p.End(s)]}
		sp := p.SpeakerOf(s)
		if len(sp) == 0 {
			sp = p.SourcesIn(p.SentenceBounds(s.First))
		}
		if len(sp) > 0 {
			q.Speaker, q.SpeakerID = p.Mentions[sp[0]].Name, p.Mentions[sp[0]].ID
		}
		out = append(out, q)
	}
	return out
}
