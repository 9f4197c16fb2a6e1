package search

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Tehran is the default zone of date filters: Iran Standard Time, +03:30, without daylight saving since 2022.
var Tehran = time.FixedZone("IRST", 3*3600+1800)

// parseRange parses a date or a range of dates in either calendar into the half-open interval [start, end):
// "1404-08", "2025-11-10..2025-11-16", "۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵". Years below 1700 are Jalali. The end of a range
// is inclusive at its own granularity.
// TODO(search): switch to timex.ParseRange once the timex package exports it.
func parseRange(s string, loc *time.Location) (start, end time.Time, err error) {
	if loc == nil {
		loc = Tehran
	}
	s = foldDigits(strings.TrimSpace(s))
	lo, hi, isRange := strings.Cut(s, "..")
	start, loEnd, err := parseDate(lo, loc)
	if err != nil {
		return start, end, err
	}
	if !isRange {
		return start, loEnd, nil
	}
	if hi == "" { // open range "1404-08.."
		return start, time.Date(9999, 1, 1, 0, 0, 0, 0, loc), nil
	}
	_, end, err = parseDate(hi, loc)
	if err != nil {
		return start, end, err
	}
	if !end.After(start) {
		return start, end, fmt.Errorf("date range %q ends before it starts", s)
	}
	return start, end, nil
}

func foldDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '۰' && r <= '۹':
			r = '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			r = '0' + (r - '٠')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var errDate = errors.New("want YYYY, YYYY-MM or YYYY-MM-DD (Gregorian, or Jalali for years before 1700)")

// parseDate parses one date at year, month or day granularity and returns its first instant and the first
// instant after it.
func parseDate(s string, loc *time.Location) (start, end time.Time, err error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(fields) == 0 || len(fields) > 3 || strings.HasPrefix(s, "-") {
		return start, end, fmt.Errorf("date %q: %w", s, errDate)
	}
	nums := make([]int, len(fields))
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || len(f) > 4 {
			return start, end, fmt.Errorf("date %q: %w", s, errDate)
		}
		nums[i] = n
	}
	y, m, d := nums[0], 1, 1
	if len(fields[0]) != 4 {
		return start, end, fmt.Errorf("date %q: the year needs four digits", s)
	}
	if len(nums) > 1 {
		m = nums[1]
		if m < 1 || m > 12 {
			return start, end, fmt.Errorf("date %q: month %d out of range", s, m)
		}
	}
	jalali := y < 1700
	if len(nums) > 2 {
		d = nums[2]
		days := gregorianMonthLength(y, m)
		if jalali {
			days = jalaliMonthLength(y, m)
		}
		if d < 1 || d > days {
			return start, end, fmt.Errorf("date %q: day %d out of range", s, d)
		}
	}
	civil := func(y, m, d int) (time.Time, error) {
		if !jalali {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc), nil
		}
		gy, gm, gd, ok := JalaliToGregorian(y, m, d)
		if !ok {
			return time.Time{}, fmt.Errorf("date %q: Jalali year %d out of range", s, y)
		}
		return time.Date(gy, time.Month(gm), gd, 0, 0, 0, 0, loc), nil
	}
	if start, err = civil(y, m, d); err != nil {
		return start, end, err
	}
	switch len(nums) {
	case 1:
		end, err = civil(y+1, 1, 1)
	case 2:
		if m == 12 {
			end, err = civil(y+1, 1, 1)
		} else {
			end, err = civil(y, m+1, 1)
		}
	default:
		end = start.AddDate(0, 0, 1)
	}
	return start, end, err
}

func gregorianMonthLength(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
