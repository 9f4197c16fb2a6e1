package persian

import (
	"strings"
	"testing"
)

// TestBuiltinLexiconData checks spellings that depend on the built-in lexicon's data files: compounds and
// productive elements restored when written fused or apart, and words that look like compounds but are written
// joined (they must stay whole).
func TestBuiltinLexiconData(t *testing.T) {
	n := NewNormalizer(Options{})
	for _, c := range []struct{ in, want string }{
		// هیچ‌، هم‌ and بی‌ compounds.
		{"هیچگونه", "هیچ‌گونه"},
		{"هیچ کدام", "هیچ‌کدام"},
		{"همزمان", "هم‌زمان"},
		{"هماکنون", "هم‌اکنون"},
		{"بیسابقه", "بی‌سابقه"},
		{"بی توجهی", "بی‌توجهی"},
		// Compounds whose first part ends in a vowel ه.
		{"تازهوارد", "تازه‌وارد"},
		{"نظریهپردازی", "نظریه‌پردازی"},
		{"جامعهشناسی", "جامعه‌شناسی"},
		{"روزبهروز", "روزبه‌روز"},
		// Productive elements, fused.
		{"برنامهنویسی", "برنامه‌نویسی"},
		{"آدمربایی", "آدم‌ربایی"},
		{"چشمپوشی", "چشم‌پوشی"},
		{"قانونشکنی", "قانون‌شکنی"},
		{"جمعآوری", "جمع‌آوری"},
		{"سیاهنمایی", "سیاه‌نمایی"},
		{"معجزهآسا", "معجزه‌آسا"},
		{"چینهراسی", "چین‌هراسی"},
		{"مثبتاندیشی", "مثبت‌اندیشی"},
		{"مکانیابی", "مکان‌یابی"},
		{"دادهکاوی", "داده‌کاوی"},
		{"ارزیابی", "ارزیابی"},
		{"برخیز", "برخیز"},
		{"تبریزی", "تبریزی"},
		{"عربستانی", "عربستانی"},
		{"گلستانی", "گلستانی"},
		{"اشتها", "اشتها"},
		// Suffixes on words the lexicon knows.
		{"مشابهی", "مشابهی"},
		{"شبیهی", "شبیهی"},
		{"متوجهی", "متوجهی"},
		{"کارگروهی", "کارگروهی"},
		{"فیروزکوهی", "فیروزکوهی"},
		{"تشابهی", "تشابهی"},
		// گر، ور، دان are suffixes: joined after a consonant, ZWNJ after a vowel ه or ی.
		{"تخریبگر", "تخریبگر"},
		{"مطالبهگر", "مطالبه‌گر"},
		{"سخنور", "سخنور"},
		{"ریاضیدان", "ریاضی‌دان"},
		// A plural in ان takes no second plural: Xانهای is Xانه‌ای.
		{"دوستانهای", "دوستانه‌ای"},
		{"کودکانهای", "کودکانه‌ای"},
		{"سالانهای", "سالانه‌ای"},
		{"زبانهای", "زبان‌های"},
		{"زمانهای", "زمان‌های"},
		{"زمینهای", "زمین‌های"},
		{"چرخهای", "چرخ‌های"},
		{"دقیقهای", "دقیقه‌ای"},
		{"اندازهای", "اندازه‌ای"},
		{"محدودهای", "محدوده‌ای"},
		{"دربارهای", "دربارهای"},
		{"دربارهاش", "درباره‌اش"},
		{"منتها", "منتها"},
		{"زمینه ای", "زمینه‌ای"},
		{"دوستانها", "دوستان‌ها"},
		// Before a pronoun the plural reads: Xه+ای takes no such ending; Xه+ایم is a participle and copula.
		{"حرفهایشان", "حرف‌هایشان"},
		{"نامهایشان", "نام‌هایشان"},
		{"حرفهایی", "حرف‌هایی"},
		{"زمینهایش", "زمین‌هایش"},
		{"نامههایشان", "نامه‌هایشان"},
		{"رفتهایم", "رفته‌ایم"},
		{"دیدهایم", "دیده‌ایم"},
		// Number words with a measure word.
		{"بیستساله", "بیست‌ساله"},
		{"چهل ساله", "چهل‌ساله"},
		{"دوازدهماهه", "دوازده‌ماهه"},
		{"سی روزه", "سی‌روزه"},
		// Joined words that must not be split.
		{"پیشنهاد", "پیشنهاد"},
		{"راهکار", "راهکار"},
		{"همسایه", "همسایه"},
		{"هماهنگی", "هماهنگی"},
		{"ناامید", "ناامید"},
		{"ستمگری", "ستمگری"},
		{"کامیابی", "کامیابی"},
		{"رونمایی", "رونمایی"},
		{"میبد", "میبد"},
		{"بهداشت", "بهداشت"},
		{"هدفمندسازی", "هدفمندسازی"},
		// Verb stems: prefixed verbs and participles.
		{"برمیگردد", "برمی‌گردد"},
		{"بازگشتهاند", "بازگشته‌اند"},
		{"دریافتهاند", "دریافته‌اند"},
		{"فرامیخواند", "فرامی‌خواند"},
		// Batch 4: joined words the بی/به rules would split, Arabic plurals in یات, compounds after vowel ه.
		{"بیدار", "بیدار"},
		{"بیستون", "بیستون"},
		{"بهروزی", "بهروزی"},
		{"جنگجویان", "جنگجویان"},
		{"رباعیات", "رباعیات"},
		{"یگانهای", "یگان‌های"},
		{"ضابطهمند", "ضابطه‌مند"},
		{"صخرهنوردی", "صخره‌نوردی"},
		{"نیامدهاند", "نیامده‌اند"},
		{"گیاهدرمانی", "گیاه‌درمانی"},
		{"مسئولیتگریزی", "مسئولیت‌گریزی"},
		{"وبلاگنویسان", "وبلاگ‌نویسان"},
		{"سیامین", "سی‌امین"},
		{"آنهاست", "آن‌هاست"},
		// Families written one way (consistency pass): transparent compounds with ZWNJ, lexicalised news words
		// joined.
		{"اشتغالزایی", "اشتغال‌زایی"},
		{"گروگانگیری", "گروگان‌گیری"},
		{"ماهیگیر", "ماهی‌گیر"},
		{"روانشناس", "روان‌شناس"},
		{"اصولگرایان", "اصولگرایان"},
		{"روشنفکران", "روشنفکران"},
		{"سازماندهی", "سازماندهی"},
		{"همفکری", "همفکری"},
		{"پیشروی", "پیشروی"},
		// Number words that read as two words (سی + زده), names in الله (a consonant ه), participles + ای, joined
		// words that end in an element, and names and phrases written apart.
		{"سیزده نفر", "سیزده نفر"},
		{"شانزده", "شانزده"},
		{"آیت‌اللهی", "آیت‌اللهی"},
		{"گذشتهای", "گذشته‌ای"},
		{"پذیرفتهای", "پذیرفته‌ای"},
		{"بندهای", "بندهای"},
		{"چشمگیری", "چشمگیری"},
		{"حسب المورد", "حسب‌المورد"},
		{"تاج زاده", "تاج‌زاده"},
		{"رباط کریم", "رباط‌کریم"},
		{"شبهه افکنی", "شبهه‌افکنی"},
		// سیتی (city: منچستر سیتی) is a word, not the acronym سی‌تی (CT, listed as سی‌تی‌اسکن).
		{"منچستر سیتی", "منچستر سیتی"},
		{"سی تی اسکن", "سی‌تی‌اسکن"},
		// X‌بها: Xبها was read as an unknown stem + ها (کمب‌ها).
		{"کمبها", "کم‌بها"},
		// Phrases that stay apart.
		{"به کار برد", "به کار برد"},
		{"به دست آورد", "به دست آورد"},
		{"به نظر می‌رسد", "به نظر می‌رسد"},
		{"نسبت به روز گذشته", "نسبت به روز گذشته"},
		{"پیش روی ما", "پیش روی ما"},
		{"میراث فرهنگی", "میراث فرهنگی"},
		{"هیئت مدیره", "هیئت مدیره"},
		{"آذربایجان شرقی", "آذربایجان شرقی"},
		{"نیمه اول", "نیمه اول"},
		{"در حالی که", "در حالی که"},
		{"روی کار آمد", "روی کار آمد"},
		{"دست به کار شدند", "دست به کار شدند"},
		{"من بعد از", "من بعد از"},
		{"میان سال‌های ۱۳۹۰ و ۱۴۰۰", "میان سال‌های ۱۳۹۰ و ۱۴۰۰"},
		{"میانسال", "میانسال"},
		{"۵۰ خانه آسیب دیده است", "۵۰ خانه آسیب دیده است"},
		{"آسیبدیده", "آسیب‌دیده"},
		{"۱۰ نفر جان باخته‌اند", "۱۰ نفر جان باخته‌اند"},
		{"از قافله عقب مانده‌ایم", "از قافله عقب مانده‌ایم"},
		{"توسعهیافته", "توسعه‌یافته"},
		{"آسیبدیدگی", "آسیب‌دیدگی"},
		{"آمار این ماه نشان می‌دهد", "آمار این ماه نشان می‌دهد"},
		{"تا پاسی از شب کار کردند", "تا پاسی از شب کار کردند"},
		{"تازه کار را شروع کرده", "تازه کار را شروع کرده"},
		{"افزایش یافته است", "افزایش یافته است"},
		{"همان طور که", "همان طور که"},
		{"اعلام شده است", "اعلام شده است"},
		{"پس از", "پس از"},
		{"قابل توجه", "قابل توجه"},
	} {
		if got := n.String(c.in); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

// TestBuiltinLexiconOneLinePerWord checks that words.txt and compounds.txt list each word once: a word written
// both joined and with a ZWNJ (or twice) leaves the spelling to the order of the lines.
func TestBuiltinLexiconOneLinePerWord(t *testing.T) {
	seen := map[string]string{}
	for _, txt := range []string{wordsTxt, compoundsTxt} {
		for _, line := range strings.Split(txt, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			w, _, _ := strings.Cut(line, "\t")
			key := strings.ReplaceAll(w, zwnjStr, "")
			if prev, dup := seen[key]; dup {
				t.Errorf("%q listed twice (%q and %q)", key, prev, w)
			}
			seen[key] = w
		}
	}
}

// TestLongSpacedCompounds checks that a compound of four or five spaced words joins in one pass, longest run
// first: joining a shorter compound that ends it (ان بی سی in سی ان بی سی) left the rest to a second pass, so
// normalising twice gave another text.
func TestLongSpacedCompounds(t *testing.T) {
	lx, err := LoadLexicon(strings.NewReader("سی‌ان‌بی‌سی\t100\nان‌بی‌سی\t100\nبی‌سی\t100\n" +
		"چت‌جی‌پی‌تی\t100\nجی‌پی‌تی\t100\nپی‌تی\t100\nآی‌بی‌ام‌وی‌ال\t50\nبی‌ام‌وی‌ال\t50\n"))
	if err != nil {
		t.Fatal(err)
	}
	n := NewNormalizer(Options{Lexicon: lx})
	for _, c := range [][2]string{
		{"سی ان بی سی", "سی‌ان‌بی‌سی"},
		{"شبکه سی ان بی سی گفت", "شبکه سی‌ان‌بی‌سی گفت"},
		{"چت جی پی تی", "چت‌جی‌پی‌تی"},
		{"سی‌ان بی سی", "سی‌ان‌بی‌سی"},
		{"آی بی ام وی ال", "آی‌بی‌ام‌وی‌ال"},
		{"ان بی سی", "ان‌بی‌سی"},
	} {
		got := n.String(c[0])
		if got != c[1] {
			t.Errorf("%q → %q, want %q", c[0], got, c[1])
		}
		if again := n.String(got); again != got {
			t.Errorf("%q → %q → %q: not idempotent", c[0], got, again)
		}
	}
}
