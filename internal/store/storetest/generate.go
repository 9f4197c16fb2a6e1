package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// lexicon returns the vocabulary of the synthetic corpus: real news words first, so that a Zipf draw favours
// them, then pseudo-words (letter strings made from a fixed seed) for the long tail.
func lexicon() []string {
	words := append([]string{}, newsWords...)
	letters := []rune("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
	rng := rand.New(rand.NewPCG(1404, 2025))
	for len(words) < 20000 {
		n := 3 + rng.IntN(5)
		w := make([]rune, n)
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		words = append(words, string(w))
	}
	return words
}

// newsWords are common words of Persian news.
var newsWords = strings.Fields(`ایران و در به از که این با را برای گفت کرد است وزیر دولت مذاکرات آمریکا روسیه
چین هند عراق تهران مسکو نشست دیدار همکاری تحریم انرژی نفت گاز بازار سهام اقتصاد امنیت منطقه سفر رئیس‌جمهور
نخست‌وزیر نخست وزیر نخستوزیر گفت‌وگو تماس‌ها تماس مجلس نماینده قانون بودجه شورا سازمان ملل اروپا آژانس هسته‌ای
توافق بیانیه سخنگو وزارت خارجه امور دفاع ارتش حمله اعتراض دادگاه حکم زندان انتخابات نامزد رای مردم شهر استان
کشور جهان خبرگزاری گزارش روز هفته ماه سال ۱۴۰۴ ۲۰۲۵ درصد میلیارد دلار ریال تومان قیمت تورم رشد کاهش افزایش`)

var sources = []string{"IRNA", "ISNA", "Tasnim", "Fars", "Mehr", "Hamshahri", "BBC Persian", "Radio Farda"}

var actors = []struct{ id, name, fa, typ string }{
	{"iran", "Iran", "ایران", article.Location}, {"usa", "United States", "آمریکا", article.Location},
	{"russia", "Russia", "روسیه", article.Location}, {"china", "China", "چین", article.Location},
	{"putin", "Vladimir Putin", "پوتین", article.Person}, {"araghchi", "Abbas Araghchi", "عراقچی", article.Person},
	{"un", "United Nations", "سازمان ملل", article.Organization},
}

var eventTypes = []string{"CONSULT", "AGREE", "ACCUSE", "SANCTION", "THREATEN", "AID", "REQUEST", "ASSAULT"}

// Generate returns n synthetic articles, deterministic for a seed: Zipf-distributed words over 20,000 (news
// words first, compounds in all three spellings among them, then pseudo-words), random sources, publication days over two years, entities, events and quotes.
// Benchmarks and load tests use it; it is not realistic prose.
func Generate(n int, seed uint64) []article.Record {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocabulary := lexicon()
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(vocabulary)-1))
	start := time.Date(2024, 3, 20, 8, 0, 0, 0, tehran)
	out := make([]article.Record, n)
	for i := range out {
		sentence := func(words int) string {
			ws := make([]string, words)
			for j := range ws {
				ws[j] = vocabulary[zipf.Uint64()]
			}
			return strings.Join(ws, " ") + "."
		}
		var body strings.Builder
		for s := 0; s < 8+rng.IntN(12); s++ {
			if s > 0 {
				body.WriteByte(' ')
			}
			body.WriteString(sentence(8 + rng.IntN(14)))
		}
		a, b := actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))]
		text := a.fa + " " + body.String() + " " + b.fa + "."
		d := Doc{
			Source:    sources[rng.IntN(len(sources))],
			Title:     fmt.Sprintf("%s %s %s", a.fa, sentence(4+rng.IntN(5)), b.fa),
			Text:      text,
			Published: start.Add(time.Duration(rng.IntN(730*24)) * time.Hour),
		}
		d.Entities = []article.Mention{mention(text, a.fa, a.id, a.name, a.typ)}
		if b.id != a.id {
			d.Entities = append(d.Entities, mention(text, b.fa, b.id, b.name, b.typ))
			typ := eventTypes[rng.IntN(len(eventTypes))]
			day := d.Published.Format("2006-01-02")
			d.Events = []article.Event{event(typ, a.id+"|"+typ+"|"+b.id+"|"+day, []string{a.name}, []string{a.id},
				[]string{b.name}, []string{b.id}, day, float64(rng.IntN(20)-10)/2)}
		}
		if rng.IntN(3) == 0 {
			d.Quotes = []article.Quote{{Speaker: a.name, SpeakerID: a.id, Text: sentence(6)}}
		}
		out[i] = d.Record()
	}
	return out
}
