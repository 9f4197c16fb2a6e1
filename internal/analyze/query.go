package analyze

import (
	"errors"
	"time"

	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/search"
)

// QueryParser parses search queries the way the analyser reads articles: the query goes through the analyser's
// normaliser (its lexicons included, digits kept as typed so that date: filters read as written), so that spaced
// and fused compounds (گفت و گو, نخستوزیر) become the stored spelling, and entity: values resolve through its
// knowledge base. It is safe for concurrent use.
type QueryParser struct {
	norm *persian.Normalizer
	opts search.ParseOptions
}

// QueryParser returns the parser of search queries for this analyser's text; loc is the zone of date: filters
// (nil: Asia/Tehran).
func (a *Analyzer) QueryParser(loc *time.Location) *QueryParser {
	return &QueryParser{norm: a.qnorm, opts: search.ParseOptions{Resolver: kbResolver{a.KB()}, Location: loc}}
}

// NewQueryParser returns a parser of search queries for text normalised with opts, without building an
// analyser; kb resolves entity: values.
func NewQueryParser(opts persian.Options, kb *entity.KB, loc *time.Location) *QueryParser {
	return &QueryParser{norm: persian.NewNormalizer(keepDigits(opts)),
		opts: search.ParseOptions{Resolver: kbResolver{kb}, Location: loc}}
}

// Parse parses a query as typed. A syntax error is reported at its place in what the user typed when the raw
// query shows it too, else at its place in the normalised query.
func (p *QueryParser) Parse(raw string) (*search.Query, error) {
	q, err := search.Parse(p.norm.String(raw), p.opts)
	if err != nil {
		var qe *search.Error
		if _, rawErr := search.Parse(raw, p.opts); rawErr != nil && errors.As(rawErr, &qe) {
			return nil, rawErr
		}
		return nil, err
	}
	return q, nil
}

// kbResolver resolves entity: values to knowledge-base IDs.
type kbResolver struct{ kb *entity.KB }

// Resolve returns the IDs of the entities a name or alias may mean.
func (r kbResolver) Resolve(v string) []string {
	var ids []string
	for _, e := range r.kb.Find(v) {
		ids = append(ids, e.ID)
	}
	return ids
}
