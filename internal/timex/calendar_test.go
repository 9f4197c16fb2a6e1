package timex

import (
	"testing"
	"time"

	jalaali "github.com/jalaali/go-jalaali"
)

// TestJalaliRoundTrip converts every day of 1300–1500 AP both ways and checks each against go-jalaali.
func TestJalaliRoundTrip(t *testing.T) {
	days := 0
	prev := 0
	for jy := 1300; jy <= 1500; jy++ {
		for jm := 1; jm <= 12; jm++ {
			n := JalaliMonthLength(jy, jm)
			want, err := jalaali.MonthLength(jy, jm)
			if err != nil || n != want {
				t.Fatalf("month length %d/%d = %d, go-jalaali %d (%v)", jy, jm, n, want, err)
			}
			for jd := 1; jd <= n; jd++ {
				gy, gm, gd, err := JalaliToGregorian(jy, jm, jd)
				if err != nil {
					t.Fatalf("%d/%d/%d: %v", jy, jm, jd, err)
				}
				wy, wm, wd, _ := jalaali.ToGregorian(jy, jalaali.Month(jm), jd)
				if gy != wy || gm != wm || gd != wd {
					t.Fatalf("%d/%d/%d → %d-%d-%d, go-jalaali %d-%d-%d", jy, jm, jd, gy, gm, gd, wy, wm, wd)
				}
				ry, rm, rd, err := GregorianToJalali(gy, gm, gd)
				if err != nil || ry != jy || rm != jm || rd != jd {
					t.Fatalf("round trip %d/%d/%d → %d-%d-%d → %d/%d/%d (%v)", jy, jm, jd, gy, gm, gd, ry, rm, rd, err)
				}
				dn := dayNumber(gy, gm, gd)
				if prev != 0 && dn != prev+1 {
					t.Fatalf("%d/%d/%d is not the day after the one before", jy, jm, jd)
				}
				prev = dn
				days++
			}
		}
		leap, _ := jalaali.IsLeapYear(jy)
		if IsJalaliLeap(jy) != leap {
			t.Fatalf("leap %d: %v, go-jalaali %v", jy, IsJalaliLeap(jy), leap)
		}
	}
	if days < 73000 {
		t.Fatalf("only %d days checked", days)
	}
}

func TestJalaliKnownDates(t *testing.T) {
	tests := []struct {
		jy, jm, jd int
		want       string
	}{
		{1404, 8, 24, "2025-11-15"},
		{1404, 1, 1, "2025-03-21"},
		{1403, 12, 30, "2025-03-20"}, // 1403 is leap
		{1403, 1, 1, "2024-03-20"},
		{1399, 12, 30, "2021-03-20"},
		{1404, 10, 11, "2026-01-01"},
		{1404, 10, 10, "2025-12-31"},
		{1357, 11, 22, "1979-02-11"},
		{1300, 1, 1, "1921-03-21"},
	}
	for _, tc := range tests {
		y, m, d, err := JalaliToGregorian(tc.jy, tc.jm, tc.jd)
		got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		if err != nil || got != tc.want {
			t.Errorf("JalaliToGregorian(%d, %d, %d) = %s, %v; want %s", tc.jy, tc.jm, tc.jd, got, err, tc.want)
		}
	}
}

func TestInvalidDates(t *testing.T) {
	bad := []struct {
		name    string
		y, m, d int
		cal     string
	}{
		{"30 Esfand of a common year", 1404, 12, 30, "jalali"},
		{"31 Mehr", 1404, 7, 31, "jalali"},
		{"month 13", 1404, 13, 1, "jalali"},
		{"day 0", 1404, 1, 0, "jalali"},
		{"year out of range", 4000, 1, 1, "jalali"},
		{"29 February of a common year", 2025, 2, 29, "gregorian"},
		{"31 April", 2025, 4, 31, "gregorian"},
		{"30 Dhu al-Hijjah of a common year", 1446, 12, 30, "hijri"},
		{"30 Safar", 1447, 2, 30, "hijri"},
	}
	for _, tc := range bad {
		var err error
		switch tc.cal {
		case "jalali":
			_, _, _, err = JalaliToGregorian(tc.y, tc.m, tc.d)
		case "gregorian":
			_, _, _, err = GregorianToJalali(tc.y, time.Month(tc.m), tc.d)
		case "hijri":
			_, _, _, err = HijriToGregorian(tc.y, tc.m, tc.d)
		}
		if err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if err := ValidJalali(1403, 12, 30); err != nil {
		t.Errorf("30 Esfand 1403 (leap): %v", err)
	}
}

func TestHijri(t *testing.T) {
	// 1 Muharram 1 AH is 16 July 622 Julian, 19 July 622 proleptic Gregorian.
	if y, m, d, _ := HijriToGregorian(1, 1, 1); y != 622 || m != time.July || d != 19 {
		t.Errorf("1/1/1 AH = %d-%d-%d", y, m, d)
	}
	// Tabular dates within a day of the published Umm al-Qura / Iranian dates.
	tests := []struct {
		hy, hm, hd int
		want       string
	}{
		{1446, 9, 1, "2025-03-01"},  // 1 Ramadan 1446
		{1447, 1, 1, "2025-06-26"},  // 1 Muharram 1447
		{1445, 10, 1, "2024-04-10"}, // Eid al-Fitr 1445
	}
	for _, tc := range tests {
		y, m, d, err := HijriToGregorian(tc.hy, tc.hm, tc.hd)
		if err != nil {
			t.Fatal(err)
		}
		got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		want, _ := time.Parse("2006-01-02", tc.want)
		if diff := got.Sub(want); diff > 24*time.Hour || diff < -24*time.Hour {
			t.Errorf("%d/%d/%d = %s, want %s ± 1 day", tc.hy, tc.hm, tc.hd, got.Format("2006-01-02"), tc.want)
		}
	}
	// round trip over 1300–1500 AH
	prev := 0
	for hy := 1300; hy <= 1500; hy++ {
		for hm := 1; hm <= 12; hm++ {
			for hd := 1; hd <= HijriMonthLength(hy, hm); hd++ {
				y, m, d, err := HijriToGregorian(hy, hm, hd)
				if err != nil {
					t.Fatal(err)
				}
				ry, rm, rd, err := GregorianToHijri(y, m, d)
				if err != nil || ry != hy || rm != hm || rd != hd {
					t.Fatalf("round trip %d/%d/%d → %d-%d-%d → %d/%d/%d", hy, hm, hd, y, m, d, ry, rm, rd)
				}
				dn := dayNumber(y, m, d)
				if prev != 0 && dn != prev+1 {
					t.Fatalf("%d/%d/%d is not the day after the one before", hy, hm, hd)
				}
				prev = dn
			}
		}
	}
}

func TestFormat(t *testing.T) {
	tehran := DefaultLocation()
	d := time.Date(2025, 11, 15, 10, 0, 0, 0, tehran)
	if got := FormatJalali(d); got != "۲۴ آبان ۱۴۰۴" {
		t.Errorf("FormatJalali = %q", got)
	}
	if got := JalaliISO(d); got != "1404-08-24" {
		t.Errorf("JalaliISO = %q", got)
	}
	// the Jalali day is the day in the time's own zone
	utc := time.Date(2025, 11, 15, 22, 0, 0, 0, time.UTC)
	if got := JalaliISO(utc.In(tehran)); got != "1404-08-25" {
		t.Errorf("JalaliISO in Tehran = %q", got)
	}
}
