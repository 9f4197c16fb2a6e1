// Package persian is Khabar's Persian text core: character and digit folding, ZWNJ repair, tokens with byte
// offsets, sentences, a light stemmer and search keys. Its transformers compose in the style of
// golang.org/x/text/transform.
package persian

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds.
const (
	Word TokenKind = iota + 1
	Number
	Punct
	URL
	Email
	Hashtag
	Latin
	Symbol
)

// Token is one token of a normalised text, with byte offsets [Start, End).
type Token struct {
	Text  string
	Start int
	End   int
	Kind  TokenKind
	zw    bool // a Word with a ZWNJ inside (the normaliser reads it instead of searching the text again)
}

// Sentence is the byte range [Start, End) of one sentence.
type Sentence struct {
	Start int
	End   int
}

// Doc is a segmented normalised text: what the later analysis stages read.
type Doc struct {
	Text      string
	Tokens    []Token
	Sentences []Sentence
}

// Segment tokenises text and splits it into sentences.
func Segment(text string) Doc {
	return Doc{Text: text, Tokens: Tokenize(text), Sentences: Sentences(text)}
}
