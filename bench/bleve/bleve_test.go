// Package bleve compares Khabar's Persian normaliser with bleve's fa analyzer on the same text. It is a separate
// module so that bleve never becomes a dependency of Khabar's binary. Run: cd bench/bleve && go test -bench . -cpu 1
package bleve

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/khabar/khabar/internal/persian"
)

// sentences are the same kind of messy news sentences as internal/persian's benchmark.
var sentences = []string{
	"رئیسجمهور روسیه و نخستوزیر اسرائیل در تماسی تلفنی دربارهی برنامهی هستهای ایران گفتوگو کردند.",
	"وزیر امور خارجه گفت: «مذاکرات بین المللی برای آتش بس ادامه دارد و راهحلی پیدا می شود».",
	"بر اساس گزارش خبرگزاری ها، قیمت نفت در روز دوشنبه ۴۵.۵ دلار بود و تورم به ۱۲,۵۰۰ رسید.",
	"مقامات آمريكايي مي گويند تحريمها علیه ایران تا سال 2025 ادامه خواهد یافت؛ اين نگرانکننده است.",
	"سخنگوی دولت در نشست خبری خود در ساعت ۱۲:۳۰ اعلام کرد که کمیته ویژهای برای بررسی تشکیل شده است.",
	"به گزارش www.irna.ir، مذاکرهکنندگان ایرانی و اروپایی روز ۱۴۰۲/۰۷/۱۲ در وین دیدار کردند.",
	"کارشناسان معتقدند میانجیگری قطر میتواند بزرگترین گام برای پایان دادن به جنگ باشد.",
	"نیروهای امنیتی در خاورمیانه همچنین با یکدیگر همکاری می کنند و اطلاعات را مبادله می نمایند.",
}

func text(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(sentences[i%len(sentences)])
		b.WriteByte(' ')
	}
	return b.String()
}

func report(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}

func BenchmarkBleveFa(b *testing.B) {
	t := []byte(text(4 << 20))
	an, err := registry.NewCache().AnalyzerNamed(fa.AnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		_ = an.Analyze(t)
	}
	report(b, len(t))
}

func BenchmarkKhabarNormalize(b *testing.B) {
	t := text(4 << 20)
	n := persian.NewNormalizer(persian.Options{})
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		_ = n.String(t)
	}
	report(b, len(t))
}

func BenchmarkKhabarNormalizeTokenize(b *testing.B) {
	t := text(4 << 20)
	n := persian.NewNormalizer(persian.Options{})
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		_ = persian.Tokenize(n.String(t))
	}
	report(b, len(t))
}

func BenchmarkKhabarIndexKeys(b *testing.B) {
	t := text(4 << 20)
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		_ = persian.IndexKeys(t)
	}
	report(b, len(t))
}
