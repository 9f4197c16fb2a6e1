// Package timex finds and resolves temporal expressions in Persian news text: Jalali, Gregorian and Hijri-qamari
// dates, word numerals, relative and event-anchored phrases.
package timex

import (
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// Reference is the time against which relative expressions resolve: the article's publication time in its zone.
type Reference struct {
	Time     time.Time
	DateOnly bool // the time of day is unknown
}

// Extractor finds temporal expressions.
type Extractor struct{}

// New returns an Extractor.
func New() *Extractor { return &Extractor{} }

// Extract returns the temporal expressions of a segmented text, resolved against ref.
// (Minimal version: finds nothing yet.)
func (e *Extractor) Extract(doc persian.Doc, ref Reference) []article.Date { return nil }
