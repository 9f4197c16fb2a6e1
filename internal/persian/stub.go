package persian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options configure the display normaliser.
type Options struct {
	// KeepDiacritics keeps harakat in the display form.
	KeepDiacritics bool
	// Digits chooses the display digits: "fa" (Persian, the default) or "keep".
	Digits string
}

// Normalizer turns messy Persian text into Khabar's display form.
type Normalizer struct{ opts Options }

// NewNormalizer returns a normaliser with the given options.
func NewNormalizer(opts Options) *Normalizer { return &Normalizer{opts: opts} }

// String normalises s. (Minimal: folds Arabic letters only; the full normaliser replaces this.)
func (n *Normalizer) String(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.NewReplacer("ي", "ی", "ى", "ی", "ك", "ک").Replace(s)
}

// Tokenize splits normalised text into tokens. (Minimal version.)
func Tokenize(text string) []Token {
	var toks []Token
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\u200c' || unicode.Is(unicode.Mn, r)
		if in && start < 0 {
			start = i
		}
		if !in {
			if start >= 0 {
				toks = append(toks, Token{Text: text[start:i], Start: start, End: i, Kind: Word})
				start = -1
			}
			if !unicode.IsSpace(r) {
				toks = append(toks, Token{Text: text[i : i+utf8.RuneLen(r)], Start: i, End: i + utf8.RuneLen(r), Kind: Punct})
			}
		}
	}
	if start >= 0 {
		toks = append(toks, Token{Text: text[start:], Start: start, End: len(text), Kind: Word})
	}
	return toks
}

// Sentences splits normalised text into sentences. (Minimal version.)
func Sentences(text string) []Sentence {
	var out []Sentence
	start := 0
	for i, r := range text {
		if r == '.' || r == '؟' || r == '!' || r == '\n' {
			end := i + utf8.RuneLen(r)
			if strings.TrimSpace(text[start:end]) != "" {
				out = append(out, Sentence{Start: start, End: end})
			}
			start = end
		}
	}
	if strings.TrimSpace(text[start:]) != "" {
		out = append(out, Sentence{Start: start, End: len(text)})
	}
	return out
}
