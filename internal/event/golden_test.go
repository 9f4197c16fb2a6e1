package event

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenArticle is a made-up multi-paragraph story: a call and later references to it, an attack and its
// condemnation, a relayed report, and dates at clause, sentence, paragraph and publication level.
const goldenArticle = `پزشکیان و اردوغان روز دوشنبه در تماسی تلفنی درباره‌ی تحولات سوریه گفت‌وگو کردند. کرملین اعلام کرد که این تماس به درخواست اردوغان انجام شده است.

به گزارش رویترز، جنگنده‌های اسرائیل مواضع حزب‌الله در جنوب لبنان را بمباران کردند. ایران این حملات را محکوم کرد و خواستار نشست فوری شورای امنیت شد.

آمریکا تحریم‌های تازه‌ای علیه ایران اعمال خواهد کرد. اگر ایران غنی‌سازی را متوقف کند، اتحادیه اروپا تحریم‌ها را لغو خواهد کرد.

پوتین و اردوغان سال گذشته در آنکارا با یکدیگر دیدار کرده بودند.`

func TestGoldenArticle(t *testing.T) {
	c := newTestCoder(t)
	dates := []article.Date{
		dateAt(t, goldenArticle, "روز دوشنبه", "2025-11-10"),
		dateAt(t, goldenArticle, "سال گذشته", "2024"),
	}
	evs := codeText(c, goldenArticle, dates)
	for i := range evs {
		evs[i].Text = "" // the sentence is checked by offsets below; keep the golden file short
	}
	got, err := json.MarshalIndent(evs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	const path = "testdata/article.golden.json"
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
		t.Errorf("events differ from %s (run with -update after checking):\n%s", path, got)
	}
}
