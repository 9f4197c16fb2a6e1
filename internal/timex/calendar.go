package timex

import (
	"fmt"
	"time"
)

// This file holds the calendar arithmetic: Solar Hijri (Jalali) after the 33-year break table of Borkowski as
// used by jalaali-js, and the tabular (arithmetical) Islamic calendar for Hijri-qamari dates. All conversions go
// through day numbers counted from 1970-01-01 so that they share one Gregorian implementation, package time's.

// jalaliBreaks are the years in which the Jalali leap cycle shifts; valid Jalali years are [-61, 3177].
var jalaliBreaks = [...]int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
	2324, 2394, 2456, 3178}

func div(a, b int) int { return a / b }

func mod(a, b int) int { return a - (a/b)*b }

// jalCal returns, for a Jalali year, the number of years since its last leap year (0 when jy is leap), the
// Gregorian year in which it starts and the day of March on which it starts.
func jalCal(jy int) (leap, gy, march int, err error) {
	bl := len(jalaliBreaks)
	gy = jy + 621
	leapJ := -14
	jp := jalaliBreaks[0]
	if jy < jp || jy >= jalaliBreaks[bl-1] {
		return 0, 0, 0, fmt.Errorf("jalali year %d outside %d–%d", jy, jp, jalaliBreaks[bl-1]-1)
	}
	jump := 0
	for i := 1; i < bl; i++ {
		jm := jalaliBreaks[i]
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ += div(jump, 33)*8 + div(mod(jump, 33), 4)
		jp = jm
	}
	n := jy - jp
	leapJ += div(n, 33)*8 + div(mod(n, 33)+3, 4)
	if mod(jump, 33) == 4 && jump-n == 4 {
		leapJ++
	}
	leapG := div(gy, 4) - div((div(gy, 100)+1)*3, 4) - 150
	march = 20 + leapJ - leapG
	if jump-n < 6 {
		n = n - jump + div(jump+4, 33)*33
	}
	leap = mod(mod(n+1, 33)-1, 4)
	if leap == -1 {
		leap = 4
	}
	return leap, gy, march, nil
}

// dayNumber is the number of days from 1970-01-01 to a proleptic Gregorian date.
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400) // exact: midnight UTC
}

// fromDayNumber is the inverse of dayNumber.
func fromDayNumber(n int) (int, time.Month, int) {
	t := time.Unix(int64(n)*86400, 0).UTC()
	return t.Year(), t.Month(), t.Day()
}

// IsJalaliLeap reports whether the Jalali year jy has 366 days (30 Esfand). Years outside the supported range
// are reported as not leap.
func IsJalaliLeap(jy int) bool {
	leap, _, _, err := jalCal(jy)
	return err == nil && leap == 0
}

// JalaliMonthLength returns the number of days in month jm (1–12) of Jalali year jy, or 0 for a bad month.
func JalaliMonthLength(jy, jm int) int {
	switch {
	case jm >= 1 && jm <= 6:
		return 31
	case jm >= 7 && jm <= 11:
		return 30
	case jm == 12:
		if IsJalaliLeap(jy) {
			return 30
		}
		return 29
	}
	return 0
}

// ValidJalali returns an error naming what is wrong when jy/jm/jd is not a Jalali date.
func ValidJalali(jy, jm, jd int) error {
	if _, _, _, err := jalCal(jy); err != nil {
		return err
	}
	if jm < 1 || jm > 12 {
		return fmt.Errorf("jalali %04d-%02d-%02d: month %d out of range 1–12", jy, jm, jd, jm)
	}
	if n := JalaliMonthLength(jy, jm); jd < 1 || jd > n {
		return fmt.Errorf("jalali %04d-%02d-%02d: day %d out of range 1–%d for %s %d", jy, jm, jd, jd, n,
			jalaliMonthNames[jm-1], jy)
	}
	return nil
}

// ValidGregorian returns an error naming what is wrong when y/m/d is not a Gregorian date.
func ValidGregorian(y int, m time.Month, d int) error {
	if m < 1 || m > 12 {
		return fmt.Errorf("gregorian %04d-%02d-%02d: month %d out of range 1–12", y, int(m), d, int(m))
	}
	n := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > n {
		return fmt.Errorf("gregorian %04d-%02d-%02d: day %d out of range 1–%d", y, int(m), d, d, n)
	}
	return nil
}

// jalaliDayNumber returns the day number of a valid Jalali date.
func jalaliDayNumber(jy, jm, jd int) (int, error) {
	if err := ValidJalali(jy, jm, jd); err != nil {
		return 0, err
	}
	_, gy, march, _ := jalCal(jy)
	return dayNumber(gy, time.March, march) + (jm-1)*31 - div(jm, 7)*(jm-7) + jd - 1, nil
}

// jalaliFromDayNumber converts a day number to a Jalali date.
func jalaliFromDayNumber(n int) (jy, jm, jd int, err error) {
	gy, _, _ := fromDayNumber(n)
	jy = gy - 621
	leap, _, march, err := jalCal(jy)
	if err != nil {
		return 0, 0, 0, err
	}
	k := n - dayNumber(gy, time.March, march)
	if k >= 0 {
		if k <= 185 {
			return jy, 1 + div(k, 31), mod(k, 31) + 1, nil
		}
		k -= 186
	} else {
		jy--
		k += 179
		if leap == 1 {
			k++
		}
	}
	return jy, 7 + div(k, 30), mod(k, 30) + 1, nil
}

// JalaliToGregorian converts a Jalali date to the Gregorian calendar; an invalid date is an error, never rolled
// over.
func JalaliToGregorian(jy, jm, jd int) (int, time.Month, int, error) {
	n, err := jalaliDayNumber(jy, jm, jd)
	if err != nil {
		return 0, 0, 0, err
	}
	y, m, d := fromDayNumber(n)
	return y, m, d, nil
}

// GregorianToJalali converts a Gregorian date to the Jalali calendar; an invalid date is an error.
func GregorianToJalali(y int, m time.Month, d int) (jy, jm, jd int, err error) {
	if err := ValidGregorian(y, m, d); err != nil {
		return 0, 0, 0, err
	}
	return jalaliFromDayNumber(dayNumber(y, m, d))
}

// ToJalali returns the Jalali date of t in t's own location (years outside the supported range give zeros).
func ToJalali(t time.Time) (jy, jm, jd int) {
	jy, jm, jd, _ = GregorianToJalali(t.Year(), t.Month(), t.Day())
	return jy, jm, jd
}

// JalaliDate returns midnight of a Jalali date in loc.
func JalaliDate(jy, jm, jd int, loc *time.Location) (time.Time, error) {
	y, m, d, err := JalaliToGregorian(jy, jm, jd)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc), nil
}

// Hijri-qamari: the tabular Islamic calendar (civil epoch 16 July 622 Julian, leap years 2, 5, 7, 10, 13, 16, 18,
// 21, 24, 26, 29 of each 30-year cycle). Official Iranian lunar dates follow the sighting of the moon and can
// differ from the tabular date by a day (rarely two).

// hijriEpoch is the day number of 1 Muharram 1 AH (16 July 622 Julian) counted from 1970-01-01.
const hijriEpoch = 1948440 - 2440588

// IsHijriLeap reports whether Hijri year hy has 355 days (30 Dhu al-Hijjah) in the tabular calendar.
func IsHijriLeap(hy int) bool { return mod(14+11*hy, 30) < 11 && (14+11*hy) >= 0 }

// HijriMonthLength returns the number of days of month hm in tabular Hijri year hy, or 0 for a bad month.
func HijriMonthLength(hy, hm int) int {
	switch {
	case hm < 1 || hm > 12:
		return 0
	case hm == 12 && IsHijriLeap(hy):
		return 30
	case hm%2 == 1:
		return 30
	}
	return 29
}

// ValidHijri returns an error naming what is wrong when hy/hm/hd is not a tabular Hijri date.
func ValidHijri(hy, hm, hd int) error {
	if hy < 1 || hy > 9999 {
		return fmt.Errorf("hijri year %d outside 1–9999", hy)
	}
	if hm < 1 || hm > 12 {
		return fmt.Errorf("hijri %04d-%02d-%02d: month %d out of range 1–12", hy, hm, hd, hm)
	}
	if n := HijriMonthLength(hy, hm); hd < 1 || hd > n {
		return fmt.Errorf("hijri %04d-%02d-%02d: day %d out of range 1–%d", hy, hm, hd, hd, n)
	}
	return nil
}

func hijriDayNumber(hy, hm, hd int) int {
	return hd + (59*(hm-1)+1)/2 + (hy-1)*354 + (3+11*hy)/30 + hijriEpoch - 1
}

// HijriToGregorian converts a tabular Hijri-qamari date to the Gregorian calendar.
func HijriToGregorian(hy, hm, hd int) (int, time.Month, int, error) {
	if err := ValidHijri(hy, hm, hd); err != nil {
		return 0, 0, 0, err
	}
	y, m, d := fromDayNumber(hijriDayNumber(hy, hm, hd))
	return y, m, d, nil
}

// GregorianToHijri converts a Gregorian date (from 622 on) to the tabular Hijri-qamari calendar.
func GregorianToHijri(y int, m time.Month, d int) (hy, hm, hd int, err error) {
	if err := ValidGregorian(y, m, d); err != nil {
		return 0, 0, 0, err
	}
	n := dayNumber(y, m, d)
	if n < hijriEpoch {
		return 0, 0, 0, fmt.Errorf("gregorian %04d-%02d-%02d is before the Hijri epoch", y, int(m), d)
	}
	hy = (30*(n-hijriEpoch) + 10646) / 10631
	hm = 12
	for hm > 1 && n < hijriDayNumber(hy, hm, 1) {
		hm--
	}
	return hy, hm, n - hijriDayNumber(hy, hm, 1) + 1, nil
}
