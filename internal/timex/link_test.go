package timex

import (
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

func refDay(y int, m time.Month, d int) Reference {
	return Reference{Time: time.Date(y, m, d, 0, 0, 0, 0, DefaultLocation()), DateOnly: true}
}

func TestSameDayLinks(t *testing.T) {
	x := New()
	ref := refDay(2025, 11, 16)
	tests := []struct {
		name     string
		text     string
		want     []string // values
		same     []int
		conflict []bool
	}{
		{"two calendars agree", "روز شنبه، ۱۵ نوامبر ۲۰۲۵ (۲۴ آبان ۱۴۰۴)، در تماسی تلفنی",
			[]string{"2025-11-15", "2025-11-15", "2025-11-15"}, []int{2, 3, 2}, []bool{false, false, false}},
		{"two calendars disagree", "۱۵ نوامبر ۲۰۲۵ (۲۵ آبان ۱۴۰۴)",
			[]string{"2025-11-15", "2025-11-16"}, []int{0, 0}, []bool{true, true}},
		{"wrong weekday", "روز یکشنبه، ۲۴ آبان ۱۴۰۴",
			[]string{"2025-11-15", "2025-11-15"}, []int{0, 0}, []bool{true, true}},
		{"برابر با", "۲۴ آبان ۱۴۰۴ برابر با ۱۵ نوامبر ۲۰۲۵",
			[]string{"2025-11-15", "2025-11-15"}, []int{2, 1}, []bool{false, false}},
		{"Hijri beside Jalali", "۲۴ آبان ۱۴۰۴ (۲۴ جمادی‌الاول ۱۴۴۷)",
			[]string{"2025-11-15", "2025-11-15"}, []int{2, 1}, []bool{false, false}},
		{"apart in two sentences", "۲۴ آبان ۱۴۰۴ بود. ۲۵ آبان ۱۴۰۴ هم بود.",
			[]string{"2025-11-15", "2025-11-16"}, []int{0, 0}, []bool{false, false}},
	}
	for _, tc := range tests {
		got := x.Extract(persian.Doc{Text: tc.text}, ref)
		checkSpans(t, tc.text, got)
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %s", tc.name, describe(got))
			continue
		}
		for i, d := range got {
			if d.Value != tc.want[i] || d.Same != tc.same[i] || d.Conflict != tc.conflict[i] {
				t.Errorf("%s: #%d %q = %s same %d conflict %v; want %s same %d conflict %v", tc.name, i+1, d.Text,
					d.Value, d.Same, d.Conflict, tc.want[i], tc.same[i], tc.conflict[i])
			}
		}
	}
}

func TestAppendShiftsLinks(t *testing.T) {
	a := []article.Date{{Value: "2025-11-16"}}
	b := []article.Date{{Value: "2025-11-15", Same: 2}, {Value: "2025-11-15", Same: 1}}
	got := Append(a, b)
	if len(got) != 3 || got[1].Same != 3 || got[2].Same != 2 || got[0].Same != 0 {
		t.Errorf("Append = %+v", got)
	}
}

func TestReferenceZoneAndMissingReference(t *testing.T) {
	x := New()
	london, _ := time.LoadLocation("Europe/London")
	// A date-only reference keeps its calendar day whatever zone its time.Time carries.
	ref := Reference{Time: time.Date(2025, 11, 16, 0, 0, 0, 0, time.UTC), DateOnly: true, Location: london}
	got := x.Extract(persian.Doc{Text: "امروز ساعت ۱۰ گفت"}, ref)
	if len(got) != 1 || got[0].Value != "2025-11-16T10:00Z" {
		t.Errorf("London: %s", describe(got))
	}
	// A reference with a time resolves in the source's zone: 22:00 UTC is already the next day in Tehran.
	ref = Reference{Time: time.Date(2025, 11, 15, 22, 0, 0, 0, time.UTC)}
	got = x.Extract(persian.Doc{Text: "امروز"}, ref)
	if len(got) != 1 || got[0].Value != "2025-11-16" {
		t.Errorf("Tehran: %s", describe(got))
	}
	// Without a reference only explicit dates resolve.
	got = x.Extract(persian.Doc{Text: "دیروز و ۲۴ آبان ۱۴۰۴ و ۲۴ آبان و ماه گذشته و شنبه"}, Reference{})
	if len(got) != 1 || got[0].Value != "2025-11-15" {
		t.Errorf("no reference: %s", describe(got))
	}
}

func TestDigitsAndSpelling(t *testing.T) {
	x := New()
	ref := refDay(2025, 11, 16)
	for _, text := range []string{"۲۴ آبان ۱۴۰۴", "24 آبان 1404", "٢٤ آبان ١٤٠٤", "۲۴ آبان‌ماه ۱۴۰۴", "۲۴ آبانماه ۱۴۰۴",
		"۲۴ آبان ماه ۱۴۰۴", "۲۴ ابان ۱۴۰۴", "۲۴ آبانِ ۱۴۰۴", "بیست و چهارم آبان ۱۴۰۴", "بیست‌وچهارم آبان ۱۴۰۴",
		"۱۴۰۴/۰۸/۲۴", "1404/8/24", "۲۴-۰۸-۱۴۰۴", "۲۴ آبان ۱۴۰۴ ه.ش", "۲۴ آبان ۱۴۰۴ هـ.ش.", "۲۴ آبان سال ۱۴۰۴"} {
		got := x.Extract(persian.Doc{Text: text}, ref)
		if len(got) == 0 || got[0].Value != "2025-11-15" || got[0].Jalali != "1404-08-24" {
			t.Errorf("%q: %s", text, describe(got))
		}
	}
}

func TestRangesAreNotConflicts(t *testing.T) {
	x := New()
	for _, text := range []string{"اجلاس ۲۰ - ۲۲ نوامبر ۲۰۲۵", "۱۵ نوامبر ۲۰۲۵ - ۲۰ نوامبر ۲۰۲۵", "از ۱ تا ۵ آذر ۱۴۰۴"} {
		got := x.Extract(persian.Doc{Text: text}, refDay(2025, 11, 16))
		if len(got) != 2 {
			t.Errorf("%q: %s", text, describe(got))
		}
		for _, d := range got {
			if d.Conflict || d.Same != 0 {
				t.Errorf("%q: %q linked or flagged: %+v", text, d.Text, d)
			}
		}
	}
}
