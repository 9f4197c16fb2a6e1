package feed

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/timex"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.IRNA.ir/news/85012345/", "https://www.irna.ir/news/85012345/"},
		{"http://example.com:80/a?utm_source=rss&utm_medium=feed&id=7", "http://example.com/a?id=7"},
		{"https://example.com:443/a?b=2&a=1#comments", "https://example.com/a?a=1&b=2"},
		{"https://example.com?fbclid=xyz", "https://example.com/"},
		{"https://example.com/خبر/۱۲?ref=tg", "https://example.com/%D8%AE%D8%A8%D8%B1/%DB%B1%DB%B2"},
		{"https://user:pw@example.com:8080/x?gclid=1&q=%D8%A7", "https://example.com:8080/x?q=%D8%A7"},
		{" https://example.com/x?a=1&a=0 ", "https://example.com/x?a=0&a=1"},
	}
	for _, tt := range tests {
		got, err := Canonical(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "ftp://example.com/x", "/relative/path", "http://", "%zz"} {
		if got, err := Canonical(bad); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", bad, got)
		}
	}
}

func TestResolve(t *testing.T) {
	base, _ := url.Parse("https://example.com/feeds/rss.xml")
	tests := []struct{ ref, want string }{
		{"news/1", "https://example.com/feeds/news/1"},
		{"/news/1", "https://example.com/news/1"},
		{"https://other.org/x", "https://other.org/x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Resolve(base, tt.ref); got != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

const persianPage = `<p>مرکز آمار ایران اعلام کرد نرخ تورم سالانه در آبان‌ماه به ۳۸ درصد رسید و تورم ماهانه کاهش یافت.</p>`

func cp1256(t testing.TB, s string) []byte {
	b, err := charmap.Windows1256.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "ی", "ي")))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	withMeta := `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body>` +
		strings.ReplaceAll(persianPage, "۳۸", "38") + `</body></html>`
	noLabel := `<html><body>` + strings.ReplaceAll(persianPage, "۳۸", "38") + `</body></html>`
	tests := []struct {
		name    string
		body    []byte
		ctype   string
		charset string
		want    string
	}{
		{"utf-8 header", []byte(persianPage), "text/html; charset=utf-8", "utf-8", "نرخ تورم"},
		{"utf-8 unlabelled", []byte(persianPage), "", "utf-8", "نرخ تورم"},
		{"windows-1256 meta", cp1256(t, withMeta), "text/html", "windows-1256", "نرخ تورم"},
		{"windows-1256 header", cp1256(t, noLabel), "text/html; charset=windows-1256", "windows-1256", "نرخ تورم"},
		{"windows-1256 unlabelled (sniffed)", cp1256(t, noLabel), "", "windows-1256", "مرکز آمار"},
		{"cp1256 alias in header", cp1256(t, noLabel), "text/html; charset=cp1256", "windows-1256", "نرخ تورم"},
		{"xml declaration", cp1256(t, `<?xml version="1.0" encoding="windows-1256"?><rss><title>نرخ تورم</title></rss>`), "application/xml", "windows-1256", "نرخ تورم"},
		{"BOM", append([]byte("\xef\xbb\xbf"), persianPage...), "", "utf-8", "نرخ تورم"},
		{"invalid utf-8 kept valid", []byte("خبر \xff\xfe پایان"), "text/html; charset=utf-8", "utf-8", "پایان"},
	}
	for _, tt := range tests {
		got, cs := Decode(tt.body, tt.ctype)
		got = strings.ReplaceAll(got, "ي", "ی")
		if cs != tt.charset || !strings.Contains(got, tt.want) || !utf8.ValidString(got) {
			t.Errorf("%s: charset %q, text %.60q; want %q containing %q", tt.name, cs, got, tt.charset, tt.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(persianPage), "text/html; charset=utf-8")
	f.Add(cp1256(f, "<p>"+strings.ReplaceAll(persianPage, "۳۸", "38")+"</p>"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1256"?><a/>`), "application/xml")
	f.Add([]byte("\xff\xfe\x00<\x00h"), "text/html; charset=utf-16")
	f.Add([]byte(`<meta charset="x-unknown">`), "text/html; charset=bogus")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		got, cs := Decode(body, ctype)
		if !utf8.ValidString(got) {
			t.Fatalf("Decode returned invalid UTF-8 (%s)", cs)
		}
		if cs == "" {
			t.Fatal("no charset name")
		}
	})
}

func TestParseDate(t *testing.T) {
	tehran := timex.DefaultLocation()
	tests := []struct {
		in       string
		want     time.Time
		dateOnly bool
	}{
		{"Sat, 15 Nov 2025 10:30:00 +0330", time.Date(2025, 11, 15, 10, 30, 0, 0, tehran), false},
		{"2025-11-15T07:00:00Z", time.Date(2025, 11, 15, 7, 0, 0, 0, time.UTC), false},
		{"۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", time.Date(2025, 11, 15, 10, 30, 0, 0, tehran), false},
		{"شنبه ۲۴ آبان ۱۴۰۴", time.Date(2025, 11, 15, 0, 0, 0, 0, tehran), true},
		{"1404/08/24", time.Date(2025, 11, 15, 0, 0, 0, 0, tehran), true},
		{"2025-11-15 10:30", time.Date(2025, 11, 15, 10, 30, 0, 0, tehran), false},
	}
	for _, tt := range tests {
		got, dateOnly, err := ParseDate(tt.in, nil)
		if err != nil || !got.Equal(tt.want) || dateOnly != tt.dateOnly {
			t.Errorf("ParseDate(%q) = %v, %v, %v; want %v, %v", tt.in, got, dateOnly, err, tt.want, tt.dateOnly)
		}
	}
	for _, bad := range []string{"", "دیروز", "یکشنبه ۲۴ آبان ۱۴۰۴", "32/13/2025"} {
		if got, _, err := ParseDate(bad, nil); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, got)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Sat, 15 Nov 2025 10:30:00 +0330", "۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", "شنبه ۲۴ آبان ۱۴۰۴ ساعت ۱۰:۳۰",
		"2025-11-15T07:00:00Z", "۲۰۲۵-۱۱-۱۵T۱۰:۳۰:۰۰+۰۳:۳۰", "1404/8/24", "۲۴ آبان", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, _, err := ParseDate(s, nil)
		if err == nil && got.IsZero() {
			t.Fatalf("ParseDate(%q): zero time without an error", s)
		}
	})
}

const rssJalali = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>سایت نمونه</title><link>https://example.ir/</link>
<item><title>خبر اول</title><link>news/1?utm_source=rss</link><guid>g-1</guid><pubDate>۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰</pubDate>
<description><![CDATA[<p>بند اول.</p><p>بند <b>دوم</b>.</p>]]></description></item>
<item><title>خبر دوم</title><link>https://example.ir/news/2</link><pubDate>Sat, 15 Nov 2025 10:30:00 +0330</pubDate></item>
<item><title>خبر سوم</title><link>/news/3</link><pubDate>دیروز</pubDate></item>
</channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>اتم</title><id>x</id><updated>2025-11-15T10:00:00+03:30</updated>
<entry><title type="html">خبر &lt;b&gt;اتم&lt;/b&gt;</title><link href="/a/1"/><id>tag:a,1</id><updated>2025-11-15T10:00:00+03:30</updated>
<content type="html">&lt;h2&gt;تیتر میانی&lt;/h2&gt;&lt;p&gt;متن خبر.&lt;/p&gt;</content></entry></feed>`

const jsonFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"جی‌سان","items":[
{"id":"j1","url":"story/1","title":"خبر جی‌سان","date_published":"2025-11-15T10:00:00+03:30","content_text":"متن ساده.\n\nبند دوم."}]}`

func TestParse(t *testing.T) {
	base, _ := url.Parse("https://example.ir/feeds/main.xml")
	f, err := Parse([]byte(rssJalali), base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "rss" || len(f.Items) != 3 {
		t.Fatalf("rss: type %q, %d items", f.Type, len(f.Items))
	}
	it := f.Items[0]
	tehran := timex.DefaultLocation()
	if it.Key() != "g-1" || it.Link != "https://example.ir/feeds/news/1?utm_source=rss" ||
		!it.Published.Equal(time.Date(2025, 11, 15, 10, 30, 0, 0, tehran)) {
		t.Errorf("rss item 1: %+v", it)
	}
	if len(it.Summary) != 2 || it.Summary[1].Text != "بند دوم." {
		t.Errorf("rss summary blocks: %+v", it.Summary)
	}
	if f.Items[1].Key() != "https://example.ir/news/2" || f.Items[1].Published.IsZero() {
		t.Errorf("rss item 2: %+v", f.Items[1])
	}
	if !f.Items[2].Published.IsZero() || f.Items[2].DateErr == nil || f.Items[2].RawDate != "دیروز" {
		t.Errorf("an unreadable date must stay unknown with its error: %+v", f.Items[2])
	}

	f, err = Parse([]byte(atomFeed), base, nil)
	if err != nil || f.Type != "atom" || len(f.Items) != 1 {
		t.Fatalf("atom: %+v, %v", f, err)
	}
	if it := f.Items[0]; it.Title != "خبر اتم" || it.Link != "https://example.ir/a/1" || len(it.Summary) != 2 ||
		it.Summary[0].Kind != article.Heading {
		t.Errorf("atom item: %+v", it)
	}
	f, err = Parse([]byte(jsonFeed), base, nil)
	if err != nil || f.Type != "json" || len(f.Items) != 1 {
		t.Fatalf("json: %+v, %v", f, err)
	}
	if it := f.Items[0]; it.Link != "https://example.ir/feeds/story/1" || len(it.Summary) != 2 || it.Published.IsZero() {
		t.Errorf("json item: %+v", it)
	}
	for _, bad := range []string{`<rss><channel><item><title>x`, `{"version": 1`, `<html><body>not a feed</body></html>`, ``} {
		if _, err := Parse([]byte(bad), base, nil); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
	if !IsFeed([]byte(rssJalali)) || !IsFeed([]byte(jsonFeed)) || IsFeed([]byte("<html><body>x</body></html>")) {
		t.Error("IsFeed")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(rssJalali))
	f.Add([]byte(atomFeed))
	f.Add([]byte(jsonFeed))
	f.Add([]byte(`<rss><channel><item><title>x`))
	base, _ := url.Parse("https://example.ir/")
	f.Fuzz(func(t *testing.T, body []byte) {
		fd, err := Parse(body, base, nil)
		if err != nil {
			return
		}
		for _, it := range fd.Items {
			if it.Key() == "" && it.Title == "" {
				t.Fatal("an item with neither key nor title")
			}
		}
	})
}

func TestHTMLBlocks(t *testing.T) {
	tests := []struct {
		in   string
		want []article.Block
	}{
		{"", nil},
		{"متن ساده", []article.Block{{Kind: article.Paragraph, Text: "متن ساده"}}},
		{"<p>یک</p><h3>دو</h3><p>سه <a href='#'>چهار</a></p>", []article.Block{
			{Kind: article.Paragraph, Text: "یک"}, {Kind: article.Heading, Text: "دو"}, {Kind: article.Paragraph, Text: "سه چهار"}}},
		{"خط اول<br>خط دوم<script>x()</script>", []article.Block{
			{Kind: article.Paragraph, Text: "خط اول"}, {Kind: article.Paragraph, Text: "خط دوم"}}},
		{"<ul><li>الف</li><li>ب</li></ul>", []article.Block{
			{Kind: article.Paragraph, Text: "الف"}, {Kind: article.Paragraph, Text: "ب"}}},
		{"AT&amp;T &lt;x&gt;", []article.Block{{Kind: article.Paragraph, Text: "AT&T <x>"}}},
	}
	for _, tt := range tests {
		got := HTMLBlocks(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("HTMLBlocks(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("HTMLBlocks(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}
