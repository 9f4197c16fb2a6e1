// Package article holds Khabar's data model: the article as read from a source, and the analysed record with its
// annotations. Its JSON shape is the contract of `khabar analyze --json` (see ARCHITECTURE and README).
package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// BlockKind says what a block of the body is.
type BlockKind string

// Kinds of body block.
const (
	Paragraph BlockKind = "paragraph"
	Heading   BlockKind = "heading"
)

// Block is one paragraph or subheading of an article body.
type Block struct {
	Kind BlockKind `json:"kind"`
	Text string    `json:"text"`
}

// Article is a news article as a reader produced it, before analysis.
type Article struct {
	Source    string    `json:"source,omitempty"`    // source name, for example "IRNA"
	URL       string    `json:"url,omitempty"`       // canonical URL when known
	Title     string    `json:"title"`               // headline as written
	Published time.Time `json:"published,omitempty"` // publication time with its zone; zero when unknown
	// DateOnly is true when the source gave the publication day without a time of day.
	DateOnly bool `json:"date_only,omitempty"`
	// Dateline is a relative publication phrase printed under the headline, such as "3 ساعت پیش".
	Dateline string    `json:"dateline,omitempty"`
	Language string    `json:"language,omitempty"` // BCP 47 tag, "fa" by default
	Fetched  time.Time `json:"fetched,omitempty"`  // when Khabar read it
	Body     []Block   `json:"body"`               // paragraphs and subheadings as written
	Raw      string    `json:"raw,omitempty"`      // the input, verbatim
	// Origin names where the article was read from (file path, path:line for JSONL, or URL).
	Origin string `json:"origin,omitempty"`
}

// BodyText joins the body blocks with blank lines, the layout the analyser works on.
func (a *Article) BodyText() string {
	parts := make([]string, len(a.Body))
	for i, b := range a.Body {
		parts[i] = b.Text
	}
	return strings.Join(parts, "\n\n")
}

// Field names an annotated field other than the body.
type Field string

// Fields that annotations may point into; the empty Field is the normalised body text.
const (
	FieldBody     Field = ""
	FieldTitle    Field = "title"
	FieldDateline Field = "dateline"
)

// Span is a byte range [Start, End) in the normalised text of a field (the body unless Field says otherwise).
type Span struct {
	Start int   `json:"start"`
	End   int   `json:"end"`
	Field Field `json:"field,omitempty"`
}

// Date is a resolved temporal expression.
type Date struct {
	Span
	Text     string `json:"text"`               // the expression as it stands in the normalised text
	Value    string `json:"value"`              // ISO 8601 at its true granularity: 2025, 2025-10, 2025-11-15, or with time
	Jalali   string `json:"jalali,omitempty"`   // the Solar Hijri value at the same granularity: 1404-08-24
	Mod      string `json:"mod,omitempty"`      // START, MID, END, APPROX, BEFORE, AFTER
	Calendar string `json:"calendar,omitempty"` // gregorian, jalali, hijri, relative
	Anchor   string `json:"anchor,omitempty"`   // what a relative expression was resolved against: "published", or an event phrase
	Kind     string `json:"kind,omitempty"`     // date, time, duration, set, weekday, …
	Same     int    `json:"same_as,omitempty"`  // 1-based index of another date in the record that denotes the same day
	Conflict bool   `json:"conflict,omitempty"` // true when two forms written as one date disagree
}

// Entity types.
const (
	Person       = "person"
	Organization = "organization"
	Location     = "location"
)

// Mention is one occurrence of an entity in the text.
type Mention struct {
	Span
	Text    string `json:"text"`              // the surface form in the normalised text
	Name    string `json:"name"`              // canonical English name
	Type    string `json:"type"`              // person, organization, location
	Subtype string `json:"subtype,omitempty"` // country, city, igo, media, government, armed group, …
	ID      string `json:"id,omitempty"`      // knowledge-base ID, or "new:<key>" for a discovered entity
	Country string `json:"country,omitempty"` // ISO 3166 alpha-3
	Sector  string `json:"sector,omitempty"`  // GOV, MIL, IGO, MED, …
	Role    string `json:"role,omitempty"`    // a title attached in the text, such as "president of Russia"
	// Source says how the mention was linked: "kb", "pattern" or "coref".
	Source string `json:"source"`
	// Antecedent is the index of the mention a coreferent mention resolves to; -1 when none.
	Antecedent int `json:"antecedent"`
}

// EntityCount is one distinct entity of an article with its number of mentions.
type EntityCount struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Subtype  string   `json:"subtype,omitempty"`
	Country  string   `json:"country,omitempty"`
	Source   string   `json:"source"`          // kb, or pattern for a discovered entity
	Mentions int      `json:"mentions"`        // mentions, coreferent ones included
	Texts    []string `json:"texts,omitempty"` // distinct surface forms, first seen first
	Roles    []string `json:"roles,omitempty"` // roles attached in the text
}

// Party is an actor or recipient of an event.
type Party struct {
	Name    string `json:"name"`
	ID      string `json:"id,omitempty"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	Type    string `json:"type,omitempty"`
}

// Event is a PLOVER-coded event.
type Event struct {
	Span
	Type       string   `json:"type"`              // PLOVER category: CONSULT, ASSAULT, …
	Mode       string   `json:"mode,omitempty"`    // PLOVER mode: phone, visit, aerial, …
	Context    []string `json:"context,omitempty"` // PLOVER contexts: diplomatic, military, cbrn, …
	Actors     []string `json:"actors"`            // canonical names
	Recipients []string `json:"recipients"`        // canonical names
	// ActorInfo and RecipientInfo carry the IDs and country codes of Actors and Recipients, in the same order.
	ActorInfo     []Party  `json:"actor_info,omitempty"`
	RecipientInfo []Party  `json:"recipient_info,omitempty"`
	Initiator     string   `json:"initiator,omitempty"` // who asked for a reciprocal act
	Date          string   `json:"date"`                // ISO value of the event date, "" when unknown
	DateText      string   `json:"date_text,omitempty"` // the expression the date came from
	CAMEO         string   `json:"cameo"`
	Goldstein     float64  `json:"goldstein"`
	Negated       bool     `json:"negated"`
	Future        bool     `json:"future,omitempty"`
	Hypothetical  bool     `json:"hypothetical,omitempty"`
	Historical    bool     `json:"historical,omitempty"`
	Sources       []string `json:"sources"` // who the report is attributed to
	Topics        []string `json:"topics"`
	Trigger       string   `json:"trigger,omitempty"` // the predicate that coded it
	Text          string   `json:"text"`              // the sentence
	Confidence    float64  `json:"confidence"`
	Key           string   `json:"key,omitempty"` // cross-article identity: actors, category and day
}

// Quote is a quotation or reported speech.
type Quote struct {
	Span
	Speaker    string `json:"speaker"`              // canonical name, "" when unknown
	SpeakerID  string `json:"speaker_id,omitempty"` // knowledge-base ID
	Text       string `json:"text"`
	Indirect   bool   `json:"indirect"`
	ReportedBy string `json:"reported_by,omitempty"` // who relays a quote of someone else
	Verb       string `json:"verb,omitempty"`        // the speech verb
}

// Record is an analysed article: the article, its normalised text and its annotations.
type Record struct {
	ID              string        `json:"id"`
	Source          string        `json:"source,omitempty"`
	URL             string        `json:"url,omitempty"`
	Title           string        `json:"title"`               // normalised title
	Published       string        `json:"published,omitempty"` // RFC 3339, or YYYY-MM-DD when only the day is known
	PublishedTime   time.Time     `json:"-"`
	Dateline        string        `json:"dateline,omitempty"` // normalised relative publication phrase
	Language        string        `json:"language,omitempty"`
	Fetched         string        `json:"fetched,omitempty"`
	Blocks          []Block       `json:"blocks"` // normalised body blocks
	Text            string        `json:"text"`   // normalised body: the blocks joined by blank lines
	Raw             string        `json:"raw"`    // the input, verbatim
	Dates           []Date        `json:"dates"`  // temporal expressions
	Entities        []Mention     `json:"entities"`
	EntityList      []EntityCount `json:"entity_list"` // the distinct entities with their counts, most mentioned first
	Events          []Event       `json:"events"`
	Quotes          []Quote       `json:"quotes"`
	AnalyzerVersion string        `json:"analyzer_version"`
}

// ComputeID returns the stable ID of an article: a hash of its normalised title, body and publication date.
// The same article read twice, from any source or store, gets the same ID.
func ComputeID(title, body string, published time.Time) string {
	h := sha256.New()
	h.Write([]byte(strings.TrimSpace(title)))
	h.Write([]byte{0})
	h.Write([]byte(strings.TrimSpace(body)))
	h.Write([]byte{0})
	if !published.IsZero() {
		h.Write([]byte(published.UTC().Format("2006-01-02")))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
