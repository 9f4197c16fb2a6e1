// Package entity holds Khabar's knowledge base of actors and the recogniser that links Persian mentions to it.
package entity

import (
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// Recognizer finds entity mentions and links them to the knowledge base.
type Recognizer struct{}

// NewRecognizer returns a recogniser over the embedded knowledge base.
func NewRecognizer() (*Recognizer, error) { return &Recognizer{}, nil }

// Recognize returns the entity mentions of a segmented text. (Minimal version: finds nothing yet.)
func (r *Recognizer) Recognize(doc persian.Doc) []article.Mention { return nil }
