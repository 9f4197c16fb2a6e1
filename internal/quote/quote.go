// Package quote finds quotations and reported speech in Persian text and attributes them to speakers.
package quote

import (
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// Extractor finds quotes.
type Extractor struct{}

// New returns an Extractor.
func New() *Extractor { return &Extractor{} }

// Extract returns the quotes of a segmented text, with speakers taken from the mentions.
// (Minimal version: finds nothing yet.)
func (e *Extractor) Extract(doc persian.Doc, mentions []article.Mention) []article.Quote { return nil }
