package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// Doc describes a test article; Record turns it into an article.Record as the analyser would produce it.
type Doc struct {
	Source    string
	Title     string
	Text      string
	Published time.Time // zero when unknown
	Entities  []article.Mention
	Events    []article.Event
	Quotes    []article.Quote
	Version   string // analyser version; "1.0.0" when empty
}

// Record builds the record of a test document, with its stable ID.
func (d Doc) Record() article.Record {
	r := article.Record{
		Source:          d.Source,
		Title:           d.Title,
		Text:            d.Text,
		Raw:             d.Title + "\n" + d.Text,
		Language:        "fa",
		Blocks:          []article.Block{{Kind: article.Paragraph, Text: d.Text}},
		PublishedTime:   d.Published,
		Entities:        d.Entities,
		Events:          d.Events,
		Quotes:          d.Quotes,
		Dates:           []article.Date{},
		AnalyzerVersion: d.Version,
	}
	if r.AnalyzerVersion == "" {
		r.AnalyzerVersion = "1.0.0"
	}
	if !d.Published.IsZero() {
		r.Published = d.Published.Format(time.RFC3339)
	}
	r.ID = article.ComputeID(r.Title, r.Text, d.Published)
	for _, ls := range [][]article.Mention{r.Entities} {
		for i := range ls {
			ls[i].Source = "kb"
		}
	}
	if r.Entities == nil {
		r.Entities = []article.Mention{}
	}
	if r.Events == nil {
		r.Events = []article.Event{}
	}
	if r.Quotes == nil {
		r.Quotes = []article.Quote{}
	}
	return r
}

// tehran is the zone of the test publication times.
var tehran = time.FixedZone("IRST", 3*3600+1800)

// day returns noon on a Gregorian day in Tehran.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, tehran) }

// mention returns an entity mention of surface in text (the first occurrence).
func mention(text, surface, id, name, typ string) article.Mention {
	i := strings.Index(text, surface)
	if i < 0 {
		panic(fmt.Sprintf("storetest: %q not in text", surface))
	}
	return article.Mention{Span: article.Span{Start: i, End: i + len(surface)}, Text: surface, ID: id, Name: name, Type: typ}
}

func event(typ, key string, actors, actorIDs, recipients, recipientIDs []string, date string, goldstein float64) article.Event {
	e := article.Event{Type: typ, Key: key, Actors: actors, Recipients: recipients, Date: date, Goldstein: goldstein,
		Sources: []string{}, Topics: []string{}, Text: "", Confidence: 0.9}
	for i, a := range actors {
		e.ActorInfo = append(e.ActorInfo, article.Party{Name: a, ID: actorIDs[i]})
	}
	for i, r := range recipients {
		e.RecipientInfo = append(e.RecipientInfo, article.Party{Name: r, ID: recipientIDs[i]})
	}
	return e
}

// Corpus returns the suite's test articles: compounds in ZWNJ, spaced and fused spelling, Arabic and Persian
// letters, three digit scripts, plural forms, several sources, dates, entities, events and quotes.
func Corpus() []Doc {
	t1 := "نخست‌وزیر عراق روز دوشنبه با رئیس‌جمهور ایران در تهران دیدار و گفت‌وگو کرد."
	t2 := "ولادیمیر پوتین در تماس تلفنی با نخست وزیر هند درباره انرژی گفت‌وگو کرد."
	t3 := "پوتین گفت: «ما به همکاری با هند ادامه می‌دهیم.» نخستوزیر هند از این تماس استقبال کرد."
	t4 := "در گام نخست، وزیر امور خارجه ایران به مسکو رفت و با همتای روس خود دیدار کرد."
	t5 := "بازار سهام تهران امروز با رشد شاخص همراه بود و معامله‌گران خوش‌بین بودند."
	t6 := "علي لاريجاني در سال ۱۴۰۴ به بیروت سفر کرد و با مقامات لبنان رایزنی کرد."
	t7 := "علی لاریجانی در سال ١٤٠٤ بار دیگر درباره امنیت منطقه سخن گفت."
	t8 := "گزارش سال 1404 نشان می‌دهد تماس‌ها میان دو کشور افزایش یافته است."
	t9 := "تماسها میان تهران و مسکو در هفته گذشته ادامه داشت و روسیه ایران را به همکاری فراخواند."
	t10 := "آمریکا تحریم‌های تازه‌ای علیه ایران اعلام کرد و ایران این اقدام را محکوم کرد."
	return []Doc{
		{Source: "IRNA", Title: "دیدار نخست‌وزیر عراق با رئیس‌جمهور", Text: t1, Published: day(2025, 11, 10),
			Entities: []article.Mention{mention(t1, "عراق", "iraq", "Iraq", article.Location), mention(t1, "ایران", "iran", "Iran", article.Location)},
			Events:   []article.Event{event("CONSULT", "iraq|CONSULT|iran|2025-11-10", []string{"Iraq"}, []string{"iraq"}, []string{"Iran"}, []string{"iran"}, "2025-11-10", 1)}},
		{Source: "ISNA", Title: "گفت‌وگوی تلفنی پوتین", Text: t2, Published: day(2025, 11, 12),
			Entities: []article.Mention{mention(t2, "ولادیمیر پوتین", "putin", "Vladimir Putin", article.Person), mention(t2, "هند", "india", "India", article.Location)},
			Events:   []article.Event{event("CONSULT", "putin|CONSULT|india|2025-11-12", []string{"Vladimir Putin"}, []string{"putin"}, []string{"India"}, []string{"india"}, "2025-11-12", 1)}},
		{Source: "Tasnim", Title: "پوتین: همکاری با هند ادامه دارد", Text: t3, Published: day(2025, 11, 12),
			Entities: []article.Mention{mention(t3, "پوتین", "putin", "Vladimir Putin", article.Person), mention(t3, "هند", "india", "India", article.Location)},
			Events:   []article.Event{event("CONSULT", "putin|CONSULT|india|2025-11-12", []string{"Vladimir Putin"}, []string{"putin"}, []string{"India"}, []string{"india"}, "2025-11-12", 1)},
			Quotes:   []article.Quote{{Span: article.Span{Start: strings.Index(t3, "ما به"), End: strings.Index(t3, "»")}, Speaker: "Vladimir Putin", SpeakerID: "putin", Text: "ما به همکاری با هند ادامه می‌دهیم."}}},
		{Source: "IRNA", Title: "سفر وزیر خارجه به مسکو", Text: t4, Published: day(2025, 11, 14),
			Entities: []article.Mention{mention(t4, "ایران", "iran", "Iran", article.Location), mention(t4, "مسکو", "moscow", "Moscow", article.Location)}},
		{Source: "Donya-e-Eqtesad", Title: "رشد شاخص بورس", Text: t5, Published: day(2025, 10, 1)},
		{Source: "ISNA", Title: "سفر لاريجاني به بیروت", Text: t6, Published: day(2025, 9, 20),
			Entities: []article.Mention{mention(t6, "علي لاريجاني", "larijani", "Ali Larijani", article.Person)}},
		{Source: "Tasnim", Title: "سخنان لاریجانی", Text: t7, Published: day(2025, 9, 25),
			Entities: []article.Mention{mention(t7, "علی لاریجانی", "larijani", "Ali Larijani", article.Person)}},
		{Source: "IRNA", Title: "گزارش سالانه", Text: t8, Published: day(2025, 8, 1)},
		{Source: "ISNA", Title: "ادامه تماسها", Text: t9, Published: day(2025, 11, 15),
			Entities: []article.Mention{mention(t9, "روسیه", "russia", "Russia", article.Location), mention(t9, "ایران", "iran", "Iran", article.Location)},
			Events:   []article.Event{event("REQUEST", "russia|REQUEST|iran|2025-11-15", []string{"Russia"}, []string{"russia"}, []string{"Iran"}, []string{"iran"}, "", 3)}},
		{Source: "IRNA", Title: "تحریم‌های تازه آمریکا", Text: t10, Published: day(2025, 11, 16),
			Entities: []article.Mention{mention(t10, "آمریکا", "usa", "United States", article.Location), mention(t10, "ایران", "iran", "Iran", article.Location)},
			Events: []article.Event{
				event("SANCTION", "usa|SANCTION|iran|2025-11-16", []string{"United States"}, []string{"usa"}, []string{"Iran"}, []string{"iran"}, "2025-11-16", -5),
				event("ACCUSE", "iran|ACCUSE|usa|2025-11-16", []string{"Iran"}, []string{"iran"}, []string{"United States"}, []string{"usa"}, "2025-11-16", -2),
			}},
		{Source: "Unknown", Title: "خبر بی‌تاریخ", Text: "این خبر تاریخ انتشار ندارد."},
	}
}

// Records returns the records of the corpus.
func Records() []article.Record {
	docs := Corpus()
	out := make([]article.Record, len(docs))
	for i, d := range docs {
		out[i] = d.Record()
	}
	return out
}
