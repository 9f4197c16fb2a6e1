package event

import (
	"testing"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

func FuzzCode(f *testing.F) {
	f.Add("پوتین و نتانیاهو در تماسی تلفنی گفت‌وگو کردند.", 0, 10)
	f.Add("روسیه این اقدام را محکوم کرده و خواستار ... شده بود", 3, 40)
	f.Add("«حمله» \"بمباران\" شدند، که با از به را", 1, 5)
	f.Add("خواستار", 0, 0)
	f.Add("\xff\xfe حمله‌ی اسرائیل به ایران", 2, 9)
	c, err := NewCoder()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		if !utf8.ValidString(text) {
			text = string([]rune(text))
		}
		doc := persian.Segment(text)
		ments := mentionsIn(text, allEnts)
		// Also a mention with arbitrary (possibly bad) offsets.
		ments = append(ments, article.Mention{Span: article.Span{Start: a, End: b}, Name: "X", Type: article.Location})
		dates := []article.Date{{Span: article.Span{Start: b, End: a}, Value: "2025"}}
		for _, e := range c.Code(Input{Doc: doc, Mentions: ments, Dates: dates}) {
			if e.Start < 0 || e.End > len(text) || e.Start > e.End || e.CAMEO == "" || e.Type == "" {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}
