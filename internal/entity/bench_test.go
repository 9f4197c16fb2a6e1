package entity

import (
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/persian"
)

// benchText returns about size bytes of Persian news text: the sentences of testdata/sentences.tsv, repeated
// and grouped into paragraphs.
func benchText(tb testing.TB, size int) string {
	b, err := os.ReadFile("testdata/sentences.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	var sents []string
	for _, row := range strings.Split(string(b), "\n") {
		if s, _, ok := strings.Cut(row, "\t"); ok && !strings.HasPrefix(row, "#") && s != "sentence" {
			sents = append(sents, s)
		}
	}
	var out strings.Builder
	for i := 0; out.Len() < size; i++ {
		out.WriteString(sents[i%len(sents)])
		if i%6 == 5 {
			out.WriteString("\n\n")
		} else {
			out.WriteByte(' ')
		}
	}
	return out.String()
}

// BenchmarkRecognize measures the recogniser over about 2 MB of text with the embedded KB, in paragraphs of
// article size (segmentation is done before the timer starts).
func BenchmarkRecognize(b *testing.B) {
	r, err := NewRecognizer()
	if err != nil {
		b.Fatal(err)
	}
	text := benchText(b, 2<<20)
	var docs []persian.Doc
	for _, p := range strings.Split(text, "\n\n") {
		docs = append(docs, persian.Segment(p))
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	mentions := 0
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			mentions += len(r.Recognize(d))
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(mentions)/secs, "mentions/s")
	b.ReportMetric(float64(len(docs)*b.N)/secs, "docs/s")
}

// BenchmarkNewRecognizer measures start-up: loading, validating and indexing the embedded KB.
func BenchmarkNewRecognizer(b *testing.B) {
	var entries int
	var before, after runtime.MemStats
	var keep *Recognizer
	for i := 0; i < b.N; i++ {
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := NewRecognizer()
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		entries, keep = r.KB().Len(), r
	}
	b.ReportMetric(float64(entries), "entries")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(keep)
}

// FuzzRecognize checks that any text, however broken, gives mentions with valid spans and antecedents.
func FuzzRecognize(f *testing.F) {
	for _, s := range []string{
		"ولادیمیر پوتین، رئیس‌جمهور روسیه، گفت. او افزود.", "شبکه‌ی دولتی «کان» اسرائیل", "دفتر نتانیاهو",
		"آژانس بین‌المللی انرژی اتمی اعلام کرد بازرسان این نهاد", "به دوستان ایرانی‌مان", "روزنامه \"", "«",
		"اسماعیل بقائی، سخنگوی وزارت امور خارجه", "سردار", "دفتر رئیس‌جمهور", "وزارت خارجه عراق", "\xff\xfeایران",
		"آمریکایی ها", "ايران", "Kan 11 IAEA", "۱+۵", "او را", "،،،", "",
	} {
		f.Add(s)
	}
	r, err := NewRecognizer()
	if err != nil {
		f.Fatal(err)
	}
	norm := persian.NewNormalizer(persian.Options{})
	f.Fuzz(func(t *testing.T, s string) {
		text := norm.String(s)
		doc := persian.Segment(text)
		ms := r.Recognize(doc)
		checkInvariants(t, text, ms)
		for _, m := range ms {
			if !utf8.ValidString(m.Text) && utf8.ValidString(text) {
				t.Errorf("mention text %q is not valid UTF-8", m.Text)
			}
		}
	})
}

// BenchmarkLongDocument recognises one 1 MB document, to keep the passes linear in its length.
func BenchmarkLongDocument(b *testing.B) {
	r, err := NewRecognizer()
	if err != nil {
		b.Fatal(err)
	}
	doc := persian.Segment(benchText(b, 1<<20))
	b.SetBytes(int64(len(doc.Text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Recognize(doc)
	}
}
