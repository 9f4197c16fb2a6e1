package quote

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

type ent struct{ form, name, typ string }

var ents = []ent{
	{"پوتین", "Vladimir Putin", article.Person}, {"نتانیاهو", "Benjamin Netanyahu", article.Person},
	{"عراقچی", "Abbas Araghchi", article.Person}, {"کرملین", "Kremlin", article.Organization},
	{"آژانس", "International Atomic Energy Agency", article.Organization}, {"روسیه", "Russia", article.Location},
	{"اسرائیل", "Israel", article.Location}, {"ایران", "Iran", article.Location},
	{"جروزالم پست", "The Jerusalem Post", article.Organization}, {"کان", "Kan", article.Organization},
	{"رویترز", "Reuters", article.Organization}, {"پزشکیان", "Masoud Pezeshkian", article.Person},
	{"سخنگوی کاخ سفید", "White House spokesperson", article.Person},
}

// mentions finds every whole-word occurrence of the test entities; "او" becomes a coreferent mention of the
// person named by pronoun.
func mentions(text, pronoun string) []article.Mention {
	var out []article.Mention
	add := func(form, name, typ, src string) {
		from := 0
		for {
			k := strings.Index(text[from:], form)
			if k < 0 {
				return
			}
			s, e := from+k, from+k+len(form)
			from = e
			if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && unicode.IsLetter(r) {
				continue
			}
			if r, _ := utf8.DecodeLastRuneInString(text[:s]); s > 0 && unicode.IsLetter(r) {
				continue
			}
			out = append(out, article.Mention{Span: article.Span{Start: s, End: e}, Text: form, Name: name, Type: typ, Source: src})
		}
	}
	for _, e := range ents {
		add(e.form, e.name, e.typ, "kb")
	}
	if pronoun != "" {
		add("او", pronoun, article.Person, "coref")
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

type want struct {
	speaker, text, reportedBy string
	indirect                  bool
}

func TestExtract(t *testing.T) {
	x := New()
	cases := []struct {
		name, text, pronoun string
		want                []want
	}{
		{"verb after quote", `کرملین نیز این تماس را "تبادل جامع و عمیق دیدگاه‌ها" توصیف کرد.`, "",
			[]want{{"Kremlin", "تبادل جامع و عمیق دیدگاه‌ها", "", false}}},
		{"short quote after verb subject", `آژانس میزان ذخایر را "بسیار نگران‌کننده" خوانده و افزوده بود وضعیت باید "هرچه سریع‌تر" بررسی شود.`, "",
			[]want{{"International Atomic Energy Agency", "بسیار نگران‌کننده", "", false}, {"International Atomic Energy Agency", "هرچه سریع‌تر", "", false}}},
		{"relayed", `او گفت نتانیاهو در تماسی با پوتین گفته "قصد درگیری دوباره با ایران را نداریم" و این پیام منتقل شد.`, "Abbas Araghchi",
			[]want{{"Benjamin Netanyahu", "قصد درگیری دوباره با ایران را نداریم", "Abbas Araghchi", false}}},
		{"guillemets with colon", `پزشکیان گفت: «ایران به دنبال جنگ نیست.»`, "",
			[]want{{"Masoud Pezeshkian", "ایران به دنبال جنگ نیست.", "", false}}},
		{"curly quotes", `عراقچی تأکید کرد “مذاکره ادامه خواهد داشت”.`, "",
			[]want{{"Abbas Araghchi", "مذاکره ادامه خواهد داشت", "", false}}},
		{"quoted names are not quotes", `روزنامه‌ی "جروزالم پست" و شبکه‌ی دولتی "کان" گزارش دادند.`, "", nil},
		{"quote split over sentences", `پوتین گفت: «ما آماده‌ایم. گفت‌وگو ادامه دارد.»`, "",
			[]want{{"Vladimir Putin", "ما آماده‌ایم. گفت‌وگو ادامه دارد.", "", false}}},
		{"nested quotes", `نتانیاهو گفت: «پوتین به من گفت "این پایان نیست" و ما موافقیم.»`, "",
			[]want{{"Benjamin Netanyahu", `پوتین به من گفت "این پایان نیست" و ما موافقیم.`, "", false}}},
		{"according to", `به گفته‌ی عراقچی، «تغییری در ارزیابی ما نیست».`, "",
			[]want{{"Abbas Araghchi", "تغییری در ارزیابی ما نیست", "", false}}},
		{"from the words of", `روزنامه‌ای از قول پزشکیان نوشت: «ما آماده‌ی گفت‌وگو هستیم».`, "",
			[]want{{"Masoud Pezeshkian", "ما آماده‌ی گفت‌وگو هستیم", "", false}}},
		{"relayed by a source", `رویترز به نقل از پوتین نوشت: «روسیه عقب نمی‌نشیند».`, "",
			[]want{{"Vladimir Putin", "روسیه عقب نمی‌نشیند", "Reuters", false}}},
		{"indirect", `عراقچی گفت که ایران به مذاکره ادامه می‌دهد.`, "",
			[]want{{"Abbas Araghchi", "ایران به مذاکره ادامه می‌دهد", "", true}}},
		{"indirect with pronoun", `پوتین سخن گفت. او افزود که روسیه آماده است.`, "Vladimir Putin",
			[]want{{"Vladimir Putin", "روسیه آماده است", "", true}}},
		{"announcement is not speech", `کرملین اعلام کرد که این تماس انجام شده است.`, "", nil},
		{"scare quotes without a speech verb", `این "توافق" هنوز امضا نشده است.`, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := persian.Segment(tc.text)
			got := x.Extract(doc, mentions(tc.text, tc.pronoun))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quotes %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Speaker != w.speaker || g.Text != w.text || g.ReportedBy != w.reportedBy || g.Indirect != w.indirect {
					t.Errorf("quote %d = %+v, want %+v", i, g, w)
				}
				if tc.text[g.Start:g.End] != g.Text {
					t.Errorf("span %d-%d = %q, text %q", g.Start, g.End, tc.text[g.Start:g.End], g.Text)
				}
			}
		})
	}
}

func TestLoadCues(t *testing.T) {
	c, err := LoadCues(cuesTSV)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Name[key("روزنامه")] || !c.Name[key("شبکه")] || !c.Between[key("دولتی")] {
		t.Error("cue words missing")
	}
	if _, err := LoadCues("kind\tword\nverb\tگفت\n"); err == nil || !strings.Contains(err.Error(), "unknown kind") {
		t.Errorf("err = %v", err)
	}
	if _, err := LoadCues("kind\tword\nname\n"); err == nil {
		t.Error("short line accepted")
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(`کرملین "تبادل جامع" توصیف کرد. او گفت که «نه "بله" نه»`)
	f.Add(`«««»»» """ “ ” گفت که`)
	f.Add("روزنامه‌ی \"کان\"\n\n\"پاراگراف")
	x := New()
	f.Fuzz(func(t *testing.T, text string) {
		doc := persian.Segment(text)
		for _, q := range x.Extract(doc, mentions(text, "Someone")) {
			if q.Start < 0 || q.End > len(text) || q.Start > q.End || q.Text == "" {
				t.Fatalf("bad quote %+v", q)
			}
		}
	})
}
