// Package analyze is Khabar's analysis pipeline, written out top to bottom in one place:
// normalise → segment → dates → entities → events → quotes. It is pure: no clock and no I/O.
package analyze

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/quote"
	"github.com/khabar/khabar/internal/timex"
)

// Version identifies the analyser that produced a record; bump it when a stage or its data changes output.
const Version = "0.1.0"

// Analyzer holds the stages, each built once and safe for concurrent use.
type Analyzer struct {
	norm     *persian.Normalizer
	qnorm    *persian.Normalizer // for search queries: the same, keeping digits as typed
	dates    *timex.Extractor
	entities *entity.Recognizer
	events   *event.Coder
	quotes   *quote.Extractor
}

// Options configure an Analyzer.
type Options struct {
	Normalize persian.Options
}

// New builds the pipeline's stages.
func New(opts Options) (*Analyzer, error) {
	ents, err := entity.NewRecognizer()
	if err != nil {
		return nil, fmt.Errorf("analyzer: entities: %w", err)
	}
	evs, err := event.NewCoder()
	if err != nil {
		return nil, fmt.Errorf("analyzer: events: %w", err)
	}
	quotes, err := quote.NewExtractor()
	if err != nil {
		return nil, fmt.Errorf("analyzer: quotes: %w", err)
	}
	return &Analyzer{
		norm:     persian.NewNormalizer(opts.Normalize),
		qnorm:    persian.NewNormalizer(keepDigits(opts.Normalize)),
		dates:    timex.New(),
		entities: ents,
		events:   evs,
		quotes:   quotes,
	}, nil
}

// keepDigits returns normaliser options that leave digits as written.
func keepDigits(o persian.Options) persian.Options {
	o.Digits = "keep"
	return o
}

// KB returns the knowledge base the entity stage links to.
func (a *Analyzer) KB() *entity.KB { return a.entities.KB() }

// Article analyses one article into a record.
func (a *Analyzer) Article(ctx context.Context, art article.Article) (article.Record, error) {
	if err := ctx.Err(); err != nil {
		return article.Record{}, err
	}

	// 1. Normalise title, dateline and every body block.
	rec := article.Record{
		Source:          art.Source,
		URL:             art.URL,
		Title:           a.norm.String(art.Title),
		Dateline:        a.norm.String(art.Dateline),
		Language:        orDefault(art.Language, "fa"),
		Raw:             art.Raw,
		AnalyzerVersion: Version,
	}
	for _, b := range art.Body {
		if t := strings.TrimSpace(a.norm.String(b.Text)); t != "" {
			rec.Blocks = append(rec.Blocks, article.Block{Kind: b.Kind, Text: t})
		}
	}
	rec.Text = joinBlocks(rec.Blocks)
	rec.PublishedTime = art.Published
	rec.Published = formatPublished(art.Published, art.DateOnly)
	if !art.Fetched.IsZero() {
		rec.Fetched = art.Fetched.Format(time.RFC3339)
	}
	// The ID hashes the normalised text without spaces and ZWNJs, so that a better ZWNJ repair (a new lexicon)
	// does not change the IDs of stored articles.
	rec.ID = article.ComputeID(squash(rec.Title), squash(rec.Text), art.Published)

	// 2. Segment the body into tokens and sentences.
	doc := persian.Segment(rec.Text)
	ref := timex.Reference{Time: art.Published, DateOnly: art.DateOnly}

	// 3. Dates: the dateline first (relative to publication), then the body.
	if rec.Dateline != "" {
		for _, d := range a.dates.Extract(persian.Segment(rec.Dateline), ref) {
			d.Field = article.FieldDateline
			rec.Dates = append(rec.Dates, d)
		}
	}
	rec.Dates = timex.Append(rec.Dates, a.dates.Extract(doc, ref))

	// 4. Entities, linked to the knowledge base, with in-article coreference.
	// Titles resolve to whoever held them when the article was published.
	rec.Entities = a.entities.RecognizeAt(doc, art.Published)
	rec.EntityList = entity.Summarize(rec.Entities)

	// 5. Events coded in PLOVER, from the predicates, the entities and the dates. The clause reading is shared
	// with the quote stage.
	clauses := a.events.Parse(doc, rec.Entities)
	rec.Events = a.events.CodeParse(clauses, event.Input{Doc: doc, Mentions: rec.Entities, Dates: rec.Dates, Ref: ref})

	// 6. Quotes with speakers.
	rec.Quotes = a.quotes.ExtractParse(clauses)

	nonNil(&rec)
	return rec, nil
}

// squash drops white space and ZWNJs.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\u200c' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func joinBlocks(blocks []article.Block) string {
	parts := make([]string, len(blocks))
	for i, b := range blocks {
		parts[i] = b.Text
	}
	return strings.Join(parts, "\n\n")
}

func formatPublished(t time.Time, dateOnly bool) string {
	switch {
	case t.IsZero():
		return ""
	case dateOnly:
		return t.Format("2006-01-02")
	default:
		return t.Format(time.RFC3339)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// nonNil makes empty annotation lists encode as [] rather than null.
func nonNil(r *article.Record) {
	if r.Blocks == nil {
		r.Blocks = []article.Block{}
	}
	if r.Dates == nil {
		r.Dates = []article.Date{}
	}
	if r.Entities == nil {
		r.Entities = []article.Mention{}
	}
	if r.EntityList == nil {
		r.EntityList = []article.EntityCount{}
	}
	if r.Events == nil {
		r.Events = []article.Event{}
	}
	if r.Quotes == nil {
		r.Quotes = []article.Quote{}
	}
}
