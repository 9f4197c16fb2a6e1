package persian

import (
	"strings"
	"testing"
)

// benchSentences are sample news sentences written for the benchmark, in the messy forms the normaliser repairs.
var benchSentences = []string{
	"رئیسجمهور روسیه و نخستوزیر اسرائیل در تماسی تلفنی دربارهی برنامهی هستهای ایران گفتوگو کردند.",
	"وزیر امور خارجه گفت: «مذاکرات بین المللی برای آتش بس ادامه دارد و راهحلی پیدا می شود».",
	"بر اساس گزارش خبرگزاری ها، قیمت نفت در روز دوشنبه ۴۵.۵ دلار بود و تورم به ۱۲,۵۰۰ رسید.",
	"مقامات آمريكايي مي گويند تحريمها علیه ایران تا سال 2025 ادامه خواهد یافت؛ اين نگرانکننده است.",
	"سخنگوی دولت در نشست خبری خود در ساعت ۱۲:۳۰ اعلام کرد که کمیته ویژهای برای بررسی تشکیل شده است.",
	"به گزارش www.irna.ir، مذاکرهکنندگان ایرانی و اروپایی روز ۱۴۰۲/۰۷/۱۲ در وین دیدار کردند.",
	"کارشناسان معتقدند میانجیگری قطر میتواند بزرگترین گام برای پایان دادن به جنگ باشد.",
	"نیروهای امنیتی در خاورمیانه همچنین با یکدیگر همکاری می کنند و اطلاعات را مبادله می نمایند.",
}

// benchText returns about size bytes of Persian news text.
func benchText(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(benchSentences[i%len(benchSentences)])
		if i%4 == 3 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func BenchmarkNormalize(b *testing.B) {
	text := benchText(4 << 20)
	n := NewNormalizer(Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		_ = n.String(text)
	}
	b.ReportMetric(float64(len(text))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}

func BenchmarkNormalizeTokenize(b *testing.B) {
	text := benchText(4 << 20)
	n := NewNormalizer(Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		_ = Tokenize(n.String(text))
	}
	b.ReportMetric(float64(len(text))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}

func BenchmarkIndexKeys(b *testing.B) {
	text := benchText(1 << 20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		_ = IndexKeys(text)
	}
	b.ReportMetric(float64(len(text))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}
