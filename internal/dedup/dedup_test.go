package dedup

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store/storetest"
)

const base = `به گزارش خبرگزاری نمونه، وزیر امور خارجه روز دوشنبه در نشست خبری هفتگی گفت مذاکرات با آژانس بین‌المللی انرژی اتمی در وین ادامه خواهد یافت و دور بعدی گفت‌وگوها هفته آینده برگزار می‌شود. وی افزود هیئت ایرانی پیشنهادهای تازه‌ای برای حل مسائل باقی‌مانده ارائه کرده است و انتظار دارد طرف مقابل با رویکردی سازنده به آنها پاسخ دهد. سخنگوی وزارت خارجه نیز در پاسخ به پرسشی درباره سفر مدیرکل آژانس به تهران گفت زمان این سفر هنوز قطعی نشده اما رایزنی‌ها برای تعیین آن ادامه دارد. به گفته او، همکاری فنی ایران با آژانس بر اساس توافق‌های پیشین انجام می‌شود و بازرسان آژانس طی ماه گذشته از سه سایت بازدید کرده‌اند. این مقام مسئول همچنین از کشورهای اروپایی خواست به تعهدات خود در چارچوب توافق عمل کنند و از اقدامات یکجانبه پرهیز کنند.`

func TestSameText(t *testing.T) {
	tests := []struct {
		name string
		text string
		zero bool // spelling only: the SimHash does not change at all
		same bool // SimHash within MaxDistance, or cosine at least SameTextScore
	}{
		{"identical", base, true, true},
		{"Arabic letters", strings.NewReplacer("ی", "ي", "ک", "ك").Replace(base), true, true},
		{"extra white space", strings.ReplaceAll(base, " ", "  "), true, true},
		{"one word of the attribution", strings.Replace(base, "خبرگزاری نمونه", "خبرگزاری ایرنا", 1), false, true},
		{"attribution rewritten, a compound spaced", strings.NewReplacer("به گزارش خبرگزاری نمونه", "به نقل از ایرنا",
			"گفت‌وگوها", "گفت و گوها").Replace(base), false, true},
		{"last sentence cut", base[:strings.LastIndex(base, "این مقام")], false, true},
		{"another report", `وزیر خارجه فرانسه در دیدار با همتای آلمانی خود در پاریس درباره جنگ اوکراین، بحران انرژی اروپا و آینده ناتو گفت‌وگو کرد و دو طرف بر ادامه کمک‌ها تأکید کردند.`, false, false},
		{"half of it", base[:len(base)/2], false, false},
	}
	h := SimHash(base)
	at := time.Date(2025, 11, 15, 9, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		d := Distance(h, SimHash(tt.text))
		if tt.zero && d != 0 {
			t.Errorf("%s: SimHash distance %d, want 0", tt.name, d)
		}
		c := NewClusterer(ClusterOptions{})
		c.Add("base", "base", "", base, at)
		c.Add("other", "other", "", `قیمت طلا و سکه در بازار تهران امروز کاهش یافت و فعالان بازار دلیل آن را افت نرخ ارز دانستند.`, at)
		m := c.Match("", tt.text, at)
		same := d <= MaxDistance || m.Score >= SameTextScore && m.Doc == "base"
		if same != tt.same {
			t.Errorf("%s: same=%v (SimHash distance %d, cosine %.2f with %s)", tt.name, same, d, m.Score, m.Doc)
		}
	}
	if NewHasher().SimHash(base) != h {
		t.Error("Hasher.SimHash differs from SimHash")
	}
	if SimHash("") != 0 {
		t.Error("SimHash of empty text is not 0")
	}
}

func TestIndexNearest(t *testing.T) {
	ix := NewIndex()
	day := time.Date(2025, 11, 15, 0, 0, 0, 0, time.UTC)
	ix.Add("a", 0xF0F0_0000_0000_FFFF, day)
	ix.Add("b", 0x0000_0000_0000_0000, day)
	tests := []struct {
		q    uint64
		id   string
		dist int
		ok   bool
	}{
		{0xF0F0_0000_0000_FFFF, "a", 0, true},
		{0xF0F0_0000_0000_FFF8, "a", 3, true}, // three bits in one band
		{0x0000_0000_0000_0007, "b", 3, true}, // three bits in the lowest band: found through the other bands
		{0x0001_0001_0001_0001, "", 0, false}, // four bits, one per band: too far, and no band equal
		{0x0000_0000_0000_000F, "", 0, false}, // four bits
		{0xF0F0_0001_0000_FFFF, "a", 1, true}, // one bit in another band
		{0x1111_1111_1111_1111, "", 0, false}, // far from both
	}
	for _, tt := range tests {
		id, d, ok := ix.Nearest(tt.q, day.Add(time.Hour), 24*time.Hour)
		if ok != tt.ok || id != tt.id || (ok && d != tt.dist) {
			t.Errorf("Nearest(%016x) = %q, %d, %v; want %q, %d, %v", tt.q, id, d, ok, tt.id, tt.dist, tt.ok)
		}
	}
	if _, _, ok := ix.Nearest(0, day.AddDate(0, 1, 0), 24*time.Hour); ok {
		t.Error("Nearest found a document outside the time window")
	}
	if id, _, ok := ix.Nearest(0, day.AddDate(0, 1, 0), 0); !ok || id != "b" {
		t.Error("Nearest without a window missed a document")
	}
}

func TestClusterer(t *testing.T) {
	day := time.Date(2025, 11, 15, 9, 0, 0, 0, time.UTC)
	c := NewClusterer(ClusterOptions{})
	docs := []struct{ id, title, text string }{
		{"a1", "ادامه مذاکرات ایران و آژانس در وین", base},
		{"b1", "بارش برف در جاده چالوس", `بارش سنگین برف جاده چالوس و آزادراه تهران شمال را مسدود کرد و پلیس راه از رانندگان خواست از سفرهای غیرضروری به استان مازندران خودداری کنند. به گفته پلیس راه، تردد خودروها در محور هراز با زنجیر چرخ امکان‌پذیر است.`},
		{"a2", "دور بعدی گفت‌وگوهای ایران و آژانس هفته آینده", `سخنگوی وزارت خارجه گفت دور بعدی مذاکرات ایران و آژانس بین‌المللی انرژی اتمی هفته آینده در وین برگزار می‌شود. وزیر امور خارجه نیز گفت هیئت ایرانی پیشنهادهای تازه‌ای ارائه کرده و زمان سفر مدیرکل آژانس به تهران هنوز قطعی نشده است.`},
		{"b2", "مسدود شدن جاده چالوس بر اثر برف", `پلیس راه اعلام کرد جاده چالوس به دلیل بارش برف سنگین تا اطلاع ثانوی مسدود است و رانندگان برای سفر به مازندران از محور هراز با زنجیر چرخ استفاده کنند.`},
	}
	got := map[string]string{}
	for i, d := range docs {
		story, score := c.Assign(d.id, d.title, d.text, day.Add(time.Duration(i)*time.Hour))
		got[d.id] = story
		t.Logf("%s → %s (%.2f)", d.id, story, score)
	}
	if got["a2"] != "a1" || got["b2"] != "b1" || got["a1"] == got["b1"] {
		t.Errorf("stories: %v", got)
	}
	// A report a week later is outside the window: a new story.
	if story, _ := c.Assign("a3", docs[2].title, docs[2].text, day.Add(8*24*time.Hour)); story != "a3" {
		t.Errorf("a report outside the window joined story %s", story)
	}
	if c.Len() != 1 {
		t.Errorf("window holds %d documents after eviction, want 1", c.Len())
	}
}

// corpus returns n synthetic articles as (title, text, time).
func corpus(n int) ([]string, []string, []time.Time) {
	recs := storetest.Generate(n, 7)
	titles, texts, ats := make([]string, n), make([]string, n), make([]time.Time, n)
	for i, r := range recs {
		titles[i], texts[i], ats[i] = r.Title, r.Text, r.PublishedTime
	}
	return titles, texts, ats
}

func BenchmarkSimHash(b *testing.B) {
	_, texts, _ := corpus(1000)
	var bytes int64
	for _, t := range texts {
		bytes += int64(len(t))
	}
	hs := NewHasher()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hs.SimHash(texts[i%len(texts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(bytes)/float64(len(texts))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}

func BenchmarkIndexNearest(b *testing.B) {
	ix := NewIndex()
	for i := 0; i < 100000; i++ {
		ix.Add(fmt.Sprint(i), mix(uint64(i)), time.Time{})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Nearest(mix(uint64(i)+1<<40), time.Time{}, 0)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

func BenchmarkClusterer(b *testing.B) {
	titles, texts, ats := corpus(2000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := NewClusterer(ClusterOptions{})
		for j := range texts {
			c.Assign(fmt.Sprint(j), titles[j], texts[j], ats[j])
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "docs/s")
}
