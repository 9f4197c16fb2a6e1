// Package event codes who did what to whom in Persian text as PLOVER events with CAMEO codes.
package event

import (
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/timex"
)

// Input is what the event coder reads: the segmented text and the annotations of the earlier stages.
type Input struct {
	Doc      persian.Doc
	Mentions []article.Mention
	Dates    []article.Date
	Ref      timex.Reference
}

// Coder codes events.
type Coder struct{}

// NewCoder returns a coder over the embedded predicate lexicon.
func NewCoder() (*Coder, error) { return &Coder{}, nil }

// Code returns the events of one article. (Minimal version: codes nothing yet.)
func (c *Coder) Code(in Input) []article.Event { return nil }
