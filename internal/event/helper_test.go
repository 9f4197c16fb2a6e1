package event

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// ent is a test entity: every occurrence of its surface forms becomes a mention.
type ent struct {
	forms   []string
	name    string
	typ     string
	country string
}

// Test entities.
var (
	putin      = ent{[]string{"ولادیمیر پوتین", "پوتین"}, "Vladimir Putin", article.Person, "RUS"}
	netanyahu  = ent{[]string{"بنیامین نتانیاهو", "نتانیاهو"}, "Benjamin Netanyahu", article.Person, "ISR"}
	araghchi   = ent{[]string{"عباس عراقچی", "عراقچی"}, "Abbas Araghchi", article.Person, "IRN"}
	russia     = ent{[]string{"روسیه", "مسکو"}, "Russia", article.Location, "RUS"}
	israel     = ent{[]string{"اسرائیل"}, "Israel", article.Location, "ISR"}
	iran       = ent{[]string{"ایران", "جمهوری اسلامی", "تهران"}, "Iran", article.Location, "IRN"}
	usa        = ent{[]string{"آمریکا", "ایالات متحده", "واشنگتن"}, "United States", article.Location, "USA"}
	kremlin    = ent{[]string{"کاخ کرملین", "کرملین"}, "Kremlin", article.Organization, "RUS"}
	pmo        = ent{[]string{"دفتر نتانیاهو", "دفتر نخست‌وزیری اسرائیل"}, "Prime Minister's Office (Israel)", article.Organization, "ISR"}
	iaea       = ent{[]string{"آژانس بین‌المللی انرژی اتمی", "آژانس"}, "International Atomic Energy Agency", article.Organization, ""}
	china      = ent{[]string{"چین", "پکن"}, "China", article.Location, "CHN"}
	turkey     = ent{[]string{"ترکیه", "آنکارا"}, "Turkey", article.Location, "TUR"}
	france     = ent{[]string{"فرانسه", "پاریس"}, "France", article.Location, "FRA"}
	ukraine    = ent{[]string{"اوکراین", "کی‌یف"}, "Ukraine", article.Location, "UKR"}
	hamas      = ent{[]string{"حماس"}, "Hamas", article.Organization, "PSE"}
	un         = ent{[]string{"سازمان ملل", "شورای امنیت"}, "United Nations", article.Organization, ""}
	eu         = ent{[]string{"اتحادیه اروپا"}, "European Union", article.Organization, ""}
	gaza       = ent{[]string{"نوار غزه", "غزه"}, "Gaza Strip", article.Location, "PSE"}
	syria      = ent{[]string{"سوریه", "دمشق"}, "Syria", article.Location, "SYR"}
	lebanon    = ent{[]string{"لبنان"}, "Lebanon", article.Location, "LBN"}
	hezbollah  = ent{[]string{"حزب‌الله"}, "Hezbollah", article.Organization, "LBN"}
	police     = ent{[]string{"پلیس"}, "Police", article.Organization, ""}
	workers    = ent{[]string{"کارگران"}, "Workers", article.Organization, ""}
	pezeshk    = ent{[]string{"مسعود پزشکیان", "پزشکیان"}, "Masoud Pezeshkian", article.Person, "IRN"}
	erdogan    = ent{[]string{"رجب طیب اردوغان", "اردوغان"}, "Recep Tayyip Erdogan", article.Person, "TUR"}
	macron     = ent{[]string{"امانوئل مکرون", "مکرون"}, "Emmanuel Macron", article.Person, "FRA"}
	jpost      = ent{[]string{"جروزالم پست"}, "The Jerusalem Post", article.Organization, "ISR"}
	reuters    = ent{[]string{"رویترز"}, "Reuters", article.Organization, ""}
	journalist = ent{[]string{"خبرنگار"}, "Journalist", article.Person, ""}
)

var allEnts = []ent{putin, netanyahu, araghchi, pmo, kremlin, iaea, russia, israel, iran, usa, china, turkey, france,
	ukraine, hamas, un, eu, gaza, syria, lebanon, hezbollah, police, workers, pezeshk, erdogan, macron, jpost, reuters,
	journalist}

// mentionsIn finds every occurrence of the entities' forms in text, longest forms first, without overlaps, the
// way the entity stage would report them.
func mentionsIn(text string, ents []ent) []article.Mention {
	used := make([]bool, len(text))
	var out []article.Mention
	type form struct {
		s string
		e ent
	}
	var forms []form
	for _, e := range ents {
		for _, f := range e.forms {
			forms = append(forms, form{f, e})
		}
	}
	for i := 0; i < len(forms); i++ {
		for j := i + 1; j < len(forms); j++ {
			if len(forms[j].s) > len(forms[i].s) {
				forms[i], forms[j] = forms[j], forms[i]
			}
		}
	}
	for _, f := range forms {
		from := 0
		for {
			k := strings.Index(text[from:], f.s)
			if k < 0 {
				break
			}
			s, e := from+k, from+k+len(f.s)
			from = e
			if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && unicode.IsLetter(r) {
				continue // part of a longer word (اسرائیلی)
			}
			if r, _ := utf8.DecodeLastRuneInString(text[:s]); s > 0 && unicode.IsLetter(r) {
				continue
			}
			free := true
			for x := s; x < e; x++ {
				if used[x] {
					free = false
				}
			}
			if !free {
				continue
			}
			for x := s; x < e; x++ {
				used[x] = true
			}
			out = append(out, article.Mention{Span: article.Span{Start: s, End: e}, Text: f.s, Name: f.e.name,
				Type: f.e.typ, Country: f.e.country, Source: "kb"})
		}
	}
	for i := 0; i < len(out); i++ {
		for j := i + 1; j < len(out); j++ {
			if out[j].Start < out[i].Start {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// dateAt makes a date annotation for the first occurrence of expr in text.
func dateAt(t *testing.T, text, expr, value string) article.Date {
	t.Helper()
	k := strings.Index(text, expr)
	if k < 0 {
		t.Fatalf("date %q not in text", expr)
	}
	return article.Date{Span: article.Span{Start: k, End: k + len(expr)}, Text: expr, Value: value, Kind: "date"}
}

func newTestCoder(t testing.TB) *Coder {
	t.Helper()
	c, err := NewCoder()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func codeText(c *Coder, text string, dates []article.Date) []article.Event {
	doc := persian.Segment(text)
	return c.Code(Input{Doc: doc, Mentions: mentionsIn(text, allEnts), Dates: dates})
}
