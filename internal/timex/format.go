package timex

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Asia/Tehran and the zones of data/zones.tsv on machines without zoneinfo
)

// jalaliMonthNames are the display names of the Jalali months.
var jalaliMonthNames = [12]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
	"دی", "بهمن", "اسفند"}

// DefaultLocation returns Asia/Tehran, the zone of references that name none.
func DefaultLocation() *time.Location { return tehranOnce() }

var tehranOnce = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil { // cannot happen: time/tzdata is embedded
		return time.FixedZone("IRST", 3*3600+1800)
	}
	return loc
})

// PersianDigits rewrites ASCII digits as Persian digits.
func PersianDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '۰' + r - '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatJalali formats the day of t (in t's location) in Persian: "۲۴ آبان ۱۴۰۴".
func FormatJalali(t time.Time) string {
	jy, jm, jd := ToJalali(t)
	if jm == 0 {
		return ""
	}
	return PersianDigits(strconv.Itoa(jd)) + " " + jalaliMonthNames[jm-1] + " " + PersianDigits(strconv.Itoa(jy))
}

// JalaliISO formats the day of t (in t's location) as an ISO-like Jalali date with ASCII digits: "1404-08-24".
func JalaliISO(t time.Time) string {
	jy, jm, jd := ToJalali(t)
	if jm == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", jy, jm, jd)
}

// seasonCodes are the TIMEX3 season codes, in Jalali order (spring first).
var seasonCodes = [4]string{"SP", "SU", "FA", "WI"}

// representative day of a Jalali month for a modifier: the Gregorian month that holds it is the month's value.
func repDay(mod string) int {
	switch mod {
	case "START":
		return 5
	case "END":
		return 25
	}
	return 15
}

// jalaliMonthValue gives the ISO and Jalali values of a Jalali month: the ISO value is the Gregorian month that
// holds the month's representative day (the 5th for START, the 15th otherwise, the 25th for END).
func jalaliMonthValue(jy, jm int, mod string) (string, string, bool) {
	y, m, _, err := JalaliToGregorian(jy, jm, repDay(mod))
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d-%02d", y, int(m)), fmt.Sprintf("%04d-%02d", jy, jm), true
}

// gregorianMonthValue gives the ISO and Jalali values of a Gregorian month; the Jalali value is the Jalali month
// that holds the representative day.
func gregorianMonthValue(y int, m time.Month, mod string) (string, string, bool) {
	jy, jm, _, err := GregorianToJalali(y, m, repDay(mod))
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d-%02d", y, int(m)), fmt.Sprintf("%04d-%02d", jy, jm), true
}

// hijriMonthValue gives the ISO and Jalali values of a Hijri month by its representative day.
func hijriMonthValue(hy, hm int, mod string) (string, string, bool) {
	y, m, d, err := HijriToGregorian(hy, hm, repDay(mod))
	if err != nil {
		return "", "", false
	}
	jy, jm, _, err := GregorianToJalali(y, m, d)
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d-%02d", y, int(m)), fmt.Sprintf("%04d-%02d", jy, jm), true
}

// jalaliYearValue gives the values of a Jalali year: the ISO value is the Gregorian year holding the year's
// representative day (15 Farvardin for START, 31 Shahrivar otherwise, 15 Esfand for END).
func jalaliYearValue(jy int, mod string) (string, string, bool) {
	jm, jd := 6, 31
	switch mod {
	case "START":
		jm, jd = 1, 15
	case "END":
		jm, jd = 12, 15
	}
	y, _, _, err := JalaliToGregorian(jy, jm, jd)
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d", y), fmt.Sprintf("%04d", jy), true
}

// gregorianYearValue gives the values of a Gregorian year; the Jalali value holds 1 July (15 January for START,
// 15 December for END).
func gregorianYearValue(y int, mod string) (string, string, bool) {
	m, d := time.July, 1
	switch mod {
	case "START":
		m, d = time.January, 15
	case "END":
		m, d = time.December, 15
	}
	jy, _, _, err := GregorianToJalali(y, m, d)
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d", y), fmt.Sprintf("%04d", jy), true
}

// hijriYearValue gives the values of a Hijri year by its middle (15 Rajab; 15 Muharram for START, 15 Dhu
// al-Hijjah for END).
func hijriYearValue(hy int, mod string) (string, string, bool) {
	hm := 7
	switch mod {
	case "START":
		hm = 1
	case "END":
		hm = 12
	}
	y, m, d, err := HijriToGregorian(hy, hm, 15)
	if err != nil {
		return "", "", false
	}
	jy, _, _, err := GregorianToJalali(y, m, d)
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d", y), fmt.Sprintf("%04d", jy), true
}

// seasonValue gives the values of a Jalali season (1 spring … 4 winter): "2025-WI" and "1404-WI", the Gregorian
// year being the one in which the season starts.
func seasonValue(jy, s int) (string, string, bool) {
	if s < 1 || s > 4 {
		return "", "", false
	}
	y, _, _, err := JalaliToGregorian(jy, 3*(s-1)+1, 1)
	if err != nil {
		return "", "", false
	}
	return fmt.Sprintf("%04d-%s", y, seasonCodes[s-1]), fmt.Sprintf("%04d-%s", jy, seasonCodes[s-1]), true
}

func dayValue(t time.Time) (string, string) { return t.Format("2006-01-02"), JalaliISO(t) }

func partValue(t time.Time, part string) (string, string) {
	return t.Format("2006-01-02") + "T" + part, JalaliISO(t) + "T" + part
}

func timeValue(t time.Time) (string, string) {
	return t.Format("2006-01-02T15:04Z07:00"), JalaliISO(t) + t.Format("T15:04")
}

func weekValue(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
