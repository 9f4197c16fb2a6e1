package event_test

import (
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/quote"
	"github.com/khabar/khabar/internal/timex"
)

// pipeline runs the analysis stages the way internal/analyze does, on a body text.
type pipeline struct {
	norm   *persian.Normalizer
	dates  *timex.Extractor
	ents   *entity.Recognizer
	coder  *event.Coder
	quotes *quote.Extractor
}

func newPipeline(tb testing.TB) *pipeline {
	tb.Helper()
	ents, err := entity.NewRecognizer()
	if err != nil {
		tb.Fatal(err)
	}
	coder, err := event.NewCoder()
	if err != nil {
		tb.Fatal(err)
	}
	return &pipeline{persian.NewNormalizer(persian.Options{}), timex.New(), ents, coder, quote.New()}
}

func (p *pipeline) run(paras []string, pub time.Time) (string, []article.Event, []article.Quote) {
	for i := range paras {
		paras[i] = strings.TrimSpace(p.norm.String(paras[i]))
	}
	text := strings.Join(paras, "\n\n")
	doc := persian.Segment(text)
	ref := timex.Reference{Time: pub, DateOnly: true}
	dates := p.dates.Extract(doc, ref)
	ments := p.ents.Recognize(doc)
	evs := p.coder.Code(event.Input{Doc: doc, Mentions: ments, Dates: dates, Ref: ref})
	qs := p.quotes.Extract(doc, ments)
	return text, evs, qs
}

// e2eArticle is a made-up news story in the style of Persian wire copy.
var e2eArticle = []string{
	"رجب طیب اردوغان، رئیس‌جمهور ترکیه، و ولادیمیر پوتین، رئیس‌جمهور روسیه، روز سه‌شنبه ۱۰ دسامبر ۲۰۲۴ در تماسی تلفنی درباره‌ی جنگ اوکراین گفت‌وگو کردند.",
	"کاخ کرملین اعلام کرد که این تماس به درخواست اردوغان انجام شده است. پوتین در این گفت‌وگو گفت: «روسیه به دنبال راه‌حل دیپلماتیک است.»",
	"ارتش اسرائیل روز گذشته به جنوب لبنان حمله کرد. دولت لبنان این حمله را محکوم کرد و خواستار مداخله‌ی سازمان ملل شد.",
	"آمریکا نیز تحریم‌های جدیدی علیه ایران اعمال کرد. سخنگوی وزارت خارجه ایران این اقدام را \"غیرقانونی\" خواند.",
}

func TestEndToEnd(t *testing.T) {
	p := newPipeline(t)
	pub := time.Date(2024, 12, 11, 0, 0, 0, 0, time.UTC)
	text, evs, qs := p.run(append([]string(nil), e2eArticle...), pub)
	has := func(typ string, parties ...string) *article.Event {
		for i, e := range evs {
			if e.Type != typ {
				continue
			}
			all := strings.Join(append(append([]string{}, e.Actors...), e.Recipients...), "|")
			ok := true
			for _, n := range parties {
				if !strings.Contains(all, n) {
					ok = false
				}
			}
			if ok {
				return &evs[i]
			}
		}
		t.Errorf("no %s event with %v in %+v", typ, parties, summary(evs))
		return nil
	}
	if e := has("CONSULT", "Putin", "Erdo"); e != nil {
		if e.Mode != "phone" || e.CAMEO != "041" || !strings.HasPrefix(e.Date, "2024-12-10") || e.Initiator == "" {
			t.Errorf("consult = %+v", *e)
		}
	}
	if e := has("ASSAULT", "Israel", "Lebanon"); e != nil && e.Goldstein != -10 {
		t.Errorf("assault = %+v", *e)
	}
	has("ACCUSE", "Lebanon", "Israel")
	has("SANCTION", "United States", "Iran")
	for _, e := range evs {
		if e.Start < 0 || e.End > len(text) || text[e.Start:e.End] != e.Text {
			t.Errorf("event span %d-%d does not hold its sentence", e.Start, e.End)
		}
	}
	foundPutin := false
	for _, q := range qs {
		if strings.Contains(q.Speaker, "Putin") && strings.Contains(q.Text, "راه‌حل دیپلماتیک") {
			foundPutin = true
		}
		if q.Text == "غیرقانونی" && q.Speaker == "" {
			t.Errorf("quote without speaker %+v", q)
		}
	}
	if !foundPutin {
		t.Errorf("Putin's quote missing: %+v", qs)
	}
}

func summary(evs []article.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type+" "+strings.Join(e.Actors, ",")+" > "+strings.Join(e.Recipients, ","))
	}
	return out
}

// BenchmarkPipeline measures the full analysis (normalise, segment, dates, entities, events, quotes) on ~3 KB
// articles, in articles per second.
func BenchmarkPipeline(b *testing.B) {
	p := newPipeline(b)
	var paras []string
	size := 0
	for size < 3000 {
		for _, s := range e2eArticle {
			paras = append(paras, s)
			size += len(s) + 2
			if size >= 3000 {
				break
			}
		}
	}
	pub := time.Date(2024, 12, 11, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.run(append([]string(nil), paras...), pub)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkCode measures the event and quote stages alone on the same input.
func BenchmarkCode(b *testing.B) {
	p := newPipeline(b)
	var paras []string
	for len(strings.Join(paras, "\n\n")) < 3000 {
		paras = append(paras, e2eArticle...)
	}
	text := strings.Join(paras, "\n\n")
	doc := persian.Segment(p.norm.String(text))
	ref := timex.Reference{Time: time.Date(2024, 12, 11, 0, 0, 0, 0, time.UTC), DateOnly: true}
	dates := p.dates.Extract(doc, ref)
	ments := p.ents.Recognize(doc)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.coder.Code(event.Input{Doc: doc, Mentions: ments, Dates: dates, Ref: ref})
		p.quotes.Extract(doc, ments)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// TestSharedParse checks that one Parse serves both stages with the same results as separate calls.
func TestSharedParse(t *testing.T) {
	p := newPipeline(t)
	text := strings.Join(e2eArticle, "\n\n")
	doc := persian.Segment(p.norm.String(text))
	ref := timex.Reference{Time: time.Date(2024, 12, 11, 0, 0, 0, 0, time.UTC), DateOnly: true}
	dates := p.dates.Extract(doc, ref)
	ments := p.ents.Recognize(doc)
	in := event.Input{Doc: doc, Mentions: ments, Dates: dates, Ref: ref}
	parse := p.coder.Parse(doc, ments)
	a, b := p.coder.Code(in), p.coder.CodeParse(parse, in)
	qa, qb := p.quotes.Extract(doc, ments), p.quotes.ExtractParse(parse)
	if len(a) == 0 || len(qa) == 0 || summaryEq(a, b) != "" || len(qa) != len(qb) {
		t.Errorf("shared parse differs: %v vs %v; %d vs %d quotes", summary(a), summary(b), len(qa), len(qb))
	}
}

func summaryEq(a, b []article.Event) string {
	sa, sb := strings.Join(summary(a), "\n"), strings.Join(summary(b), "\n")
	if sa != sb {
		return sa + " != " + sb
	}
	return ""
}
