package event

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/khabar/khabar/internal/article"
)

// PLOVERParty is an actor or recipient in PLOVER's JSON shape.
type PLOVERParty struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	ID      string `json:"id,omitempty"`
}

// PLOVERRecord is one event in PLOVER's JSONL field names.
type PLOVERRecord struct {
	ID        string        `json:"id"`
	Date      string        `json:"date"`
	Actor     []PLOVERParty `json:"actor"`
	Recipient []PLOVERParty `json:"recipient"`
	Event     string        `json:"event"`
	Mode      string        `json:"mode"`
	Context   []string      `json:"context"`
	EventText string        `json:"event_text"`
	TextInfo  TextInfo      `json:"text_info"`
	CiteInfo  CiteInfo      `json:"cite_info"`
	// Khabar extensions beside PLOVER's fields.
	CAMEO        string   `json:"cameo"`
	Goldstein    float64  `json:"goldstein"`
	Negated      bool     `json:"negated"`
	Future       bool     `json:"future,omitempty"`
	Hypothetical bool     `json:"hypothetical,omitempty"`
	Historical   bool     `json:"historical,omitempty"`
	Topics       []string `json:"topics"`
	Sources      []string `json:"sources"`
	Confidence   float64  `json:"confidence"`
	Key          string   `json:"key"`
}

// TextInfo locates the event in its article.
type TextInfo struct {
	ArticleID string `json:"article_id"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Trigger   string `json:"trigger,omitempty"`
	DateText  string `json:"date_text,omitempty"`
	Language  string `json:"language"`
}

// CiteInfo says where the article came from.
type CiteInfo struct {
	Source    string `json:"source,omitempty"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
}

// PLOVER converts the i-th event of a record to PLOVER's shape.
func PLOVER(rec *article.Record, i int) PLOVERRecord {
	ev := rec.Events[i]
	r := PLOVERRecord{
		ID:        fmt.Sprintf("%s-%d", rec.ID, i+1),
		Date:      ev.Date,
		Actor:     ploverParties(ev.Actors, ev.ActorInfo),
		Recipient: ploverParties(ev.Recipients, ev.RecipientInfo),
		Event:     ev.Type, Mode: ev.Mode, Context: nonNil(ev.Context), EventText: ev.Text,
		TextInfo: TextInfo{ArticleID: rec.ID, Start: ev.Start, End: ev.End, Trigger: ev.Trigger,
			DateText: ev.DateText, Language: orDefault(rec.Language, "fa")},
		CiteInfo: CiteInfo{Source: rec.Source, URL: rec.URL, Title: rec.Title, Published: rec.Published},
		CAMEO:    ev.CAMEO, Goldstein: ev.Goldstein, Negated: ev.Negated, Future: ev.Future,
		Hypothetical: ev.Hypothetical, Historical: ev.Historical, Topics: nonNil(ev.Topics),
		Sources: nonNil(ev.Sources), Confidence: ev.Confidence, Key: ev.Key,
	}
	return r
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func ploverParties(names []string, info []article.Party) []PLOVERParty {
	out := []PLOVERParty{}
	for i, n := range names {
		p := PLOVERParty{Name: n}
		if i < len(info) && info[i].Name == n {
			p.Country, p.Sector, p.ID = info[i].Country, info[i].Sector, info[i].ID
		}
		out = append(out, p)
	}
	return out
}

// WriteJSONL writes the events of the records as PLOVER JSON lines, one event per line.
func WriteJSONL(w io.Writer, recs ...*article.Record) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, rec := range recs {
		for i := range rec.Events {
			if err := enc.Encode(PLOVER(rec, i)); err != nil {
				return fmt.Errorf("export events of %s: %w", rec.ID, err)
			}
		}
	}
	return nil
}

// CSVHeader is the GDELT-like header of WriteCSV.
var CSVHeader = []string{
	"GlobalEventID", "Day", "MonthYear", "Year", "DateText",
	"Actor1Name", "Actor1CountryCode", "Actor1Type", "Actor2Name", "Actor2CountryCode", "Actor2Type",
	"OtherActors", "PLOVEREvent", "PLOVERMode", "PLOVERContext", "EventCode", "EventRootCode", "GoldsteinScale",
	"QuadClass", "IsNegated", "IsFuture", "IsHypothetical", "IsHistorical", "Sources", "Topics", "Confidence",
	"EventKey", "ArticleID", "SourceName", "SourceURL", "Published", "Trigger", "Sentence",
}

// WriteCSV writes the events of the records as GDELT-like CSV with a header row: one row per event, with the
// first actor and recipient in the Actor1 and Actor2 columns and the others in OtherActors.
func WriteCSV(w io.Writer, recs ...*article.Record) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, rec := range recs {
		for i := range rec.Events {
			if err := cw.Write(CSVRow(rec, i)); err != nil {
				return fmt.Errorf("export events of %s: %w", rec.ID, err)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVRow returns the CSV row (in CSVHeader's columns) of the i-th event of a record.
func CSVRow(rec *article.Record, i int) []string {
	ev := rec.Events[i]
	a1, a2 := first(ev.Actors, ev.ActorInfo), first(ev.Recipients, ev.RecipientInfo)
	var others []string
	if len(ev.Actors) > 1 {
		others = append(others, ev.Actors[1:]...)
	}
	if len(ev.Recipients) > 1 {
		others = append(others, ev.Recipients[1:]...)
	}
	day, month, year := dateParts(ev.Date)
	return []string{
		fmt.Sprintf("%s-%d", rec.ID, i+1), day, month, year, clean(ev.DateText),
		a1.Name, a1.Country, a1.Type, a2.Name, a2.Country, a2.Type,
		strings.Join(others, "; "), ev.Type, ev.Mode, strings.Join(ev.Context, "; "), ev.CAMEO,
		rootCode(ev.CAMEO), strconv.FormatFloat(ev.Goldstein, 'f', 1, 64), strconv.Itoa(QuadClass(ev.Type)),
		b01(ev.Negated), b01(ev.Future), b01(ev.Hypothetical), b01(ev.Historical),
		strings.Join(ev.Sources, "; "), strings.Join(ev.Topics, "; "),
		strconv.FormatFloat(ev.Confidence, 'f', 2, 64), ev.Key, rec.ID, rec.Source, rec.URL, rec.Published,
		clean(ev.Trigger), clean(ev.Text),
	}
}

// clean puts a text on one line for spreadsheets.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func first(names []string, info []article.Party) article.Party {
	if len(names) == 0 {
		return article.Party{}
	}
	for _, p := range info {
		if p.Name == names[0] {
			return p
		}
	}
	return article.Party{Name: names[0]}
}

// dateParts returns GDELT's Day (YYYYMMDD), MonthYear (YYYYMM) and Year from an ISO date of any granularity.
func dateParts(iso string) (day, month, year string) {
	d := strings.ReplaceAll(dayOf(iso), "-", "")
	if len(d) >= 4 {
		year = d[:4]
	}
	if len(d) >= 6 {
		month = d[:6]
	}
	if len(d) >= 8 {
		day = d[:8]
	}
	return
}

func rootCode(code string) string {
	if len(code) < 2 {
		return code
	}
	return code[:2]
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// QuoteCSVHeader is the header of WriteQuotesCSV.
var QuoteCSVHeader = []string{"ArticleID", "Published", "Speaker", "SpeakerID", "ReportedBy", "Indirect", "Verb",
	"Start", "End", "Quote", "SourceName", "SourceURL"}

// QuoteRecord is one quote in the JSONL export.
type QuoteRecord struct {
	ArticleID string `json:"article_id"`
	Published string `json:"published,omitempty"`
	article.Quote
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
}

// WriteQuotesJSONL writes the quotes of the records as JSON lines.
func WriteQuotesJSONL(w io.Writer, recs ...*article.Record) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, rec := range recs {
		for _, q := range rec.Quotes {
			if err := enc.Encode(QuoteRecord{ArticleID: rec.ID, Published: rec.Published, Quote: q,
				Source: rec.Source, URL: rec.URL}); err != nil {
				return fmt.Errorf("export quotes of %s: %w", rec.ID, err)
			}
		}
	}
	return nil
}

// WriteQuotesCSV writes the quotes of the records as CSV with a header row.
func WriteQuotesCSV(w io.Writer, recs ...*article.Record) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(QuoteCSVHeader); err != nil {
		return err
	}
	for _, rec := range recs {
		for _, q := range rec.Quotes {
			if err := cw.Write(QuoteCSVRow(rec, q)); err != nil {
				return fmt.Errorf("export quotes of %s: %w", rec.ID, err)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// QuoteCSVRow returns the CSV row (in QuoteCSVHeader's columns) of a quote of a record.
func QuoteCSVRow(rec *article.Record, q article.Quote) []string {
	return []string{rec.ID, rec.Published, q.Speaker, q.SpeakerID, q.ReportedBy, b01(q.Indirect),
		q.Verb, strconv.Itoa(q.Start), strconv.Itoa(q.End), clean(q.Text), rec.Source, rec.URL}
}
