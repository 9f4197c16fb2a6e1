package feed

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/timex"
)

const para = "<p>این یک بند خبری نسبتاً بلند است که برای آزمون استخراج متن اصلی نوشته شده و باید در خروجی بماند، چون متن خبر است و نه بخشی از قالب صفحه.</p>\n"

func page(head, body string) []byte {
	return []byte(`<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8">` + head + `</head><body>
<nav><a href="/">خانه</a> <a href="/p">سیاسی</a></nav><div class="article">` + body + `</div>
<footer>همه حقوق محفوظ است</footer></body></html>`)
}

func TestExtractPage(t *testing.T) {
	u, _ := url.Parse("https://news.example/fa/news/12?utm_source=x")
	tehran := timex.DefaultLocation()
	tests := []struct {
		name      string
		html      []byte
		title     string
		published time.Time
		dateOnly  bool
		canonical string
		heading   string
	}{
		{"meta time, canonical, site suffix", page(`<title>تیتر خبر | سایت</title><meta property="article:published_time" content="2025-11-15T10:30:00+03:30"><link rel="canonical" href="/fa/news/12">`,
			`<h1>تیتر خبر</h1>`+strings.Repeat(para, 4)), "تیتر خبر", time.Date(2025, 11, 15, 10, 30, 0, 0, tehran), false,
			"https://news.example/fa/news/12", ""},
		{"Jalali date only, in a labelled span", page(`<title>تیتر دوم :: سایت</title>`,
			`<span class="news_date">تاریخ انتشار: ۲۴ آبان ۱۴۰۴</span><h1>تیتر دوم</h1>`+strings.Repeat(para, 4)),
			"تیتر دوم", time.Date(2025, 11, 15, 0, 0, 0, 0, tehran), true, "", ""},
		{"time element with Persian text", page(`<title>تیتر سوم</title>`,
			`<time>۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰</time>`+strings.Repeat(para, 2)+`<p><b>میان‌تیتر پررنگ</b></p>`+strings.Repeat(para, 2)),
			"تیتر سوم", time.Date(2025, 11, 15, 10, 30, 0, 0, tehran), false, "", "میان‌تیتر پررنگ"},
	}
	for _, tt := range tests {
		pg, err := ExtractPage(tt.html, "text/html", u, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if pg.Title != tt.title || !pg.Published.Equal(tt.published) || pg.DateOnly != tt.dateOnly || pg.Canonical != tt.canonical {
			t.Errorf("%s: title %q, published %v (date only %v), canonical %q", tt.name, pg.Title, pg.Published, pg.DateOnly, pg.Canonical)
		}
		var paras int
		var heading string
		for _, b := range pg.Blocks {
			switch {
			case b.Kind == article.Heading:
				heading = b.Text
			case strings.HasPrefix(b.Text, "این یک بند"):
				paras++
			default:
				t.Errorf("%s: unexpected block %q", tt.name, b.Text)
			}
		}
		if paras != 4 || heading != tt.heading {
			t.Errorf("%s: %d paragraphs, heading %q", tt.name, paras, heading)
		}
	}
	if _, err := ExtractPage([]byte("<html><body></body></html>"), "", u, nil); err == nil {
		t.Error("an empty page gave no error")
	}
}

func FuzzExtractPage(f *testing.F) {
	f.Add(page(`<title>تیتر</title><meta property="article:published_time" content="۱۴۰۴/۰۸/۲۴">`, `<h1>تیتر</h1>`+strings.Repeat(para, 3)), "text/html")
	f.Add([]byte(`<html><body><p><b>پررنگ</b></p><span class="date">تاریخ: ۲۴ آبان</span></body></html>`), "")
	f.Add([]byte("<p>\xed\xef\xe1</p>"), "text/html; charset=windows-1256")
	f.Add([]byte(`<figure><figcaption class="caption">x</figcaption></figure><table><tr><td>`), "text/html")
	u, _ := url.Parse("https://news.example/a")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		pg, err := ExtractPage(body, ctype, u, nil)
		if err != nil {
			return
		}
		if len(pg.Blocks) == 0 {
			t.Fatal("no blocks without an error")
		}
		for _, b := range pg.Blocks {
			if b.Text == "" || !utf8.ValidString(b.Text) {
				t.Fatalf("bad block %q", b.Text)
			}
		}
	})
}
