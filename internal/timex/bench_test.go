package timex

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/persian"
)

// benchText builds about size bytes of news-like text: the inputs of the expression table between filler sentences
// with no dates, so that most tokens are ordinary words as in real news.
func benchText(b *testing.B, size int) string {
	data, err := os.ReadFile("testdata/expressions.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var inputs []string
	for _, line := range strings.Split(string(data), "\n") {
		if cols := strings.Split(line, "\t"); len(cols) == 6 && !strings.HasPrefix(line, "#") {
			inputs = append(inputs, cols[1])
		}
	}
	filler := []string{
		"وزیر امور خارجه در نشست خبری گفت که مذاکرات با طرف‌های اروپایی ادامه دارد و هنوز به نتیجه نرسیده است.",
		"به گزارش خبرگزاری‌ها، نمایندگان مجلس در جلسه علنی درباره لایحه بودجه و قیمت بنزین بحث کردند.",
		"کارشناسان اقتصادی معتقدند افزایش نرخ ارز بر تورم و قدرت خرید خانوارها اثر می‌گذارد.",
		"سخنگوی دولت تأکید کرد که برنامه‌های حمایتی برای اقشار آسیب‌پذیر با جدیت دنبال می‌شود.",
	}
	var sb strings.Builder
	for i := 0; sb.Len() < size; i++ {
		sb.WriteString(filler[i%len(filler)])
		sb.WriteString(" ")
		sb.WriteString(filler[(i+1)%len(filler)])
		sb.WriteString(" ")
		sb.WriteString(inputs[i%len(inputs)])
		sb.WriteString(".\n\n")
	}
	return sb.String()
}

// BenchmarkExtract measures extraction over about 4 MB of news-like text (run with -benchtime 3x or so).
func BenchmarkExtract(b *testing.B) {
	text := benchText(b, 4<<20)
	x := New()
	ref := Reference{Time: time.Date(2025, 11, 16, 0, 0, 0, 0, DefaultLocation()), DateOnly: true}
	doc := persian.Doc{Text: text}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = len(x.Extract(doc, ref))
	}
	b.ReportMetric(float64(n), "dates/op")
}

// BenchmarkParseTimestamp measures the feed timestamp parser.
func BenchmarkParseTimestamp(b *testing.B) {
	loc := DefaultLocation()
	inputs := []string{"۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", "شنبه ۲۴ آبان ۱۴۰۴ ساعت ۱۰:۳۰", "Sat, 15 Nov 2025 07:00:00 GMT"}
	i := 0
	for b.Loop() {
		if _, err := ParseTimestamp(inputs[i%len(inputs)], loc); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "stamps/s")
}
