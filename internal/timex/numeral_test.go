package timex

import "testing"

func TestLexiconLoads(t *testing.T) {
	l, err := parseLexicon(dataFS)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		form string
		k    kind
		n    int
	}{
		{"مهرماه", kJMonth, 7}, {"مهر‌ماه", kJMonth, 7}, {"ژانویهٔ", kGMonth, 1}, {"ربیع‌الاول", kHMonth, 3},
		{"سه‌شنبه", kWeekday, 2}, {"پس‌فردا", kDayRel, 2}, {"پريروز", kDayRel, -2}, {"امسال", kYearRel, 0},
	}
	for _, c := range checks {
		es, ok := l.phrases[foldKey(c.form)]
		if !ok {
			t.Errorf("%s: not in the lexicon", c.form)
			continue
		}
		if e, ok := find(es, c.k); !ok || e.n != c.n {
			t.Errorf("%s: %+v, want kind %d value %d", c.form, es, c.k, c.n)
		}
	}
	if len(l.zones) < 10 || len(l.numbers) < 100 {
		t.Errorf("zones %d, numbers %d: data missing", len(l.zones), len(l.numbers))
	}
	x := New()
	for k, name := range l.zones {
		if name != "local" && x.zones[k] == nil {
			t.Errorf("zone %s (%s) does not load", k, name)
		}
	}
}

func TestParseNumeral(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		ordinal bool
	}{
		{"یک", 1, false}, {"سه", 3, false}, {"ده", 10, false}, {"یازده", 11, false}, {"نوزده", 19, false},
		{"بیست", 20, false}, {"بیست و چهار", 24, false}, {"بیست و چهارم", 24, true}, {"بیست‌وچهارم", 24, true},
		{"سی‌ام", 30, true}, {"سی و یکم", 31, true}, {"یکم", 1, true}, {"اول", 1, true}, {"نخستین", 1, true},
		{"دوم", 2, true}, {"سوم", 3, true}, {"چهارمین", 4, true}, {"دوازدهم", 12, true}, {"صد", 100, false},
		{"یکصد", 100, false}, {"صد و بیست و پنج", 125, false}, {"سیصد و شصت و پنج", 365, false},
		{"هزار", 1000, false}, {"یک هزار", 1000, false}, {"هزار و چهارصد و چهار", 1404, false},
		{"یک هزار و سیصد و پنجاه و هفت", 1357, false}, {"دو هزار و بیست و پنج", 2025, false},
		{"دو هزار و بیست و پنجم", 2025, true}, {"سه هزار", 3000, false}, {"بیست هزار", 20000, false},
		{"صد هزار", 100000, false}, {"دو میلیون", 2000000, false}, {"۲۴", 24, false}, {"٢٤", 24, false},
		{"24", 24, false}, {"۱۴۰۴", 1404, false}, {"۲۴م", 24, true}, {"۲۴ام", 24, true}, {"پانزده", 15, false},
		{"پونزده", 15, false}, {"هفتاد", 70, false}, {"نود و نه", 99, false}, {"نهصد و نود و نه", 999, false},
		{"هشتمین", 8, true}, {"دهم", 10, true}, {"بیستم", 20, true}, {"صدم", 100, true}, {"هزارم", 1000, true},
		{"يک", 1, false},
	}
	for _, tc := range tests {
		got, ord, err := ParseNumeral(tc.in)
		if err != nil || got != tc.want || ord != tc.ordinal {
			t.Errorf("ParseNumeral(%q) = %d, %v, %v; want %d, %v", tc.in, got, ord, err, tc.want, tc.ordinal)
		}
	}
	for _, bad := range []string{"", "و", "بیست و", "چهار بیست", "دو سه", "بیست و ده", "سلام", "یازده و دو",
		"دوم و سه", "هزار هزار", "12a"} {
		if n, _, err := ParseNumeral(bad); err == nil {
			t.Errorf("ParseNumeral(%q) = %d, want an error", bad, n)
		}
	}
}

func TestParseNumberCardinal(t *testing.T) {
	if n, err := ParseNumber("بیست و چهارم"); err != nil || n != 24 {
		t.Errorf("ParseNumber(بیست و چهارم) = %d, %v", n, err)
	}
	if _, err := ParseNumber("بیست و"); err == nil {
		t.Error("ParseNumber(بیست و): no error")
	}
}
