package analyze

import (
	"context"
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
)

func testArticle() article.Article {
	tehran := time.FixedZone("IRST", 3*3600+1800)
	return article.Article{
		Source:    "sample",
		Title:     "نخستوزیر اسرائيل و رئیسجمهور روسیه گفتوگو کردند",
		Published: time.Date(2025, 11, 16, 0, 0, 0, 0, tehran),
		DateOnly:  true,
		Dateline:  "3 ساعت پیش",
		Body: []article.Block{
			{Kind: article.Paragraph, Text: "ولادیمیر پوتین، رئیسجمهور روسیه، روز شنبه ۱۵ نوامبر ۲۰۲۵ با بنیامین نتانیاهو تلفنی گفتوگو کرد. او گفت: «این گفتوگو سازنده بود.»"},
			{Kind: article.Heading, Text: "واکنش ایران"},
			{Kind: article.Paragraph, Text: "عباس عراقچی، وزیر امور خارجه ایران، حملات اسرائیل را محکوم کرد و گفت که ایران پاسخ خواهد داد."},
		},
	}
}

func TestArticleInvariants(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := a.Article(context.Background(), testArticle())
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID == "" || len(rec.ID) != 16 {
		t.Errorf("ID = %q, want 16 hex digits", rec.ID)
	}
	if rec.Published != "2025-11-16" {
		t.Errorf("Published = %q, want the day only", rec.Published)
	}
	if len(rec.Blocks) != 3 || rec.Blocks[1].Kind != article.Heading {
		t.Errorf("blocks = %+v, want paragraph, heading, paragraph", rec.Blocks)
	}
	if !utf8.ValidString(rec.Text) || !utf8.ValidString(rec.Title) {
		t.Error("normalised text is not valid UTF-8")
	}
	text := func(f article.Field) string {
		switch f {
		case article.FieldDateline:
			return rec.Dateline
		case article.FieldTitle:
			return rec.Title
		}
		return rec.Text
	}
	check := func(kind string, s article.Span, surface string) {
		t.Helper()
		src := text(s.Field)
		if s.Start < 0 || s.End > len(src) || s.Start > s.End {
			t.Errorf("%s span [%d,%d) out of bounds of %d bytes", kind, s.Start, s.End, len(src))
			return
		}
		if surface != "" && src[s.Start:s.End] != surface {
			t.Errorf("%s span [%d,%d) = %q, want its text %q", kind, s.Start, s.End, src[s.Start:s.End], surface)
		}
	}
	for _, d := range rec.Dates {
		check("date", d.Span, d.Text)
	}
	for _, m := range rec.Entities {
		check("entity", m.Span, m.Text)
	}
	for _, ev := range rec.Events {
		check("event", ev.Span, "")
	}
	for _, q := range rec.Quotes {
		check("quote", q.Span, "")
	}
}

func TestArticleDeterministic(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var first []byte
	for i := 0; i < 3; i++ {
		rec, err := a.Article(context.Background(), testArticle())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rec)
		if i == 0 {
			first = b
		} else if string(b) != string(first) {
			t.Fatalf("run %d differs from run 0", i)
		}
	}
}

func TestArticleIDIgnoresSourceAndSpelling(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := testArticle()
	y := testArticle()
	y.Source, y.URL = "another outlet", "https://example.ir/x"
	y.Title = "نخستوزیر اسرائیل و رئیسجمهور روسیه گفتوگو کردند" // Persian ی instead of Arabic ي
	rx, _ := a.Article(context.Background(), x)
	ry, _ := a.Article(context.Background(), y)
	if rx.ID != ry.ID {
		t.Errorf("IDs differ for the same article: %s vs %s", rx.ID, ry.ID)
	}
	z := testArticle()
	z.Body[0].Text += " جمله‌ای دیگر."
	rz, _ := a.Article(context.Background(), z)
	if rz.ID == rx.ID {
		t.Error("a different body got the same ID")
	}
}

func TestArticleCancelled(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Article(ctx, testArticle()); err == nil {
		t.Error("want an error from a cancelled context")
	}
}

func TestArticleIDIgnoresZWNJRepair(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := testArticle()
	y := testArticle()
	y.Title = "نخست‌وزیر اسرائیل و رئیس‌جمهور روسیه گفت‌وگو کردند"
	rx, _ := a.Article(context.Background(), x)
	ry, _ := a.Article(context.Background(), y)
	if rx.ID != ry.ID {
		t.Errorf("a title with and without ZWNJs got different IDs: %s vs %s", rx.ID, ry.ID)
	}
}

func TestSameDateLinksPointIntoRecord(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := a.Article(context.Background(), testArticle())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range rec.Dates {
		if d.Same == 0 {
			continue
		}
		if d.Same < 1 || d.Same > len(rec.Dates) || d.Same == i+1 {
			t.Errorf("date %d (%s) same_as %d is not another date of the record", i+1, d.Text, d.Same)
			continue
		}
		if o := rec.Dates[d.Same-1]; o.Value != d.Value {
			t.Errorf("date %q (%s) is linked to %q (%s)", d.Text, d.Value, o.Text, o.Value)
		}
	}
}
