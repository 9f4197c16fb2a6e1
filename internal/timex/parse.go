package timex

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ParseRange parses a date typed by a user: a year (2025, ۱۴۰۴), a year and month (1404-08, 2025/11) or a day
// (2025-11-10, ۱۴۰۴/۰۸/۲۰), in Persian, Arabic-Indic or ASCII digits, separated by - / or . . Years from 1700 are
// Gregorian, earlier ones Jalali. It returns the half-open range [start, end) in loc (Asia/Tehran when nil).
func ParseRange(s string, loc *time.Location) (start, end time.Time, err error) {
	if loc == nil {
		loc = DefaultLocation()
	}
	parts, err := splitNumeric(s)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("timex: range %q: %w", s, err)
	}
	y := parts[0]
	if len(y) != 4 {
		return time.Time{}, time.Time{}, fmt.Errorf("timex: range %q: year %q must have four digits", s, y)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, _, ok := digitsValue(p)
		if !ok || len(p) > 4 || (i > 0 && len(p) > 2) {
			return time.Time{}, time.Time{}, fmt.Errorf("timex: range %q: %q is not a number of the right length", s, p)
		}
		nums[i] = n
	}
	jalali := nums[0] < 1700
	if nums[0] < 1000 {
		return time.Time{}, time.Time{}, fmt.Errorf("timex: range %q: year %d out of range", s, nums[0])
	}
	day := func(y, m, d int) (time.Time, error) {
		if jalali {
			return JalaliDate(y, m, d, loc)
		}
		if err := ValidGregorian(y, time.Month(m), d); err != nil {
			return time.Time{}, err
		}
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc), nil
	}
	switch len(nums) {
	case 1:
		start, err = day(nums[0], 1, 1)
		if err == nil {
			end, err = day(nums[0]+1, 1, 1)
		}
	case 2:
		if nums[1] < 1 || nums[1] > 12 {
			return time.Time{}, time.Time{}, fmt.Errorf("timex: range %q: month %d out of range 1–12", s, nums[1])
		}
		start, err = day(nums[0], nums[1], 1)
		if err == nil {
			ny, nm := nums[0], nums[1]+1
			if nm == 13 {
				ny, nm = ny+1, 1
			}
			end, err = day(ny, nm, 1)
		}
	case 3:
		start, err = day(nums[0], nums[1], nums[2])
		if err == nil {
			end = start.AddDate(0, 0, 1)
		}
	}
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("timex: range %q: %w", s, err)
	}
	return start, end, nil
}

// splitNumeric splits "1404-08-20" into its digit groups, folding Persian and Arabic-Indic digits.
func splitNumeric(s string) ([]string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, errors.New("empty")
	}
	var b strings.Builder
	for _, r := range t {
		switch {
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == '/' || r == '.' || r == '٫' || r == '／':
			b.WriteByte('-')
		default:
			return nil, fmt.Errorf("unexpected %q: want a year, year-month or date such as 1404-08 or 2025-11-10", r)
		}
	}
	parts := strings.Split(b.String(), "-")
	if len(parts) > 3 {
		return nil, errors.New("too many parts: want a year, year-month or date")
	}
	for _, p := range parts {
		if p == "" {
			return nil, errors.New("empty part: want a year, year-month or date such as 1404-08 or 2025-11-10")
		}
	}
	return parts, nil
}

// timestampLayouts are the Gregorian layouts of feeds and APIs, tried before the Persian grammar.
var timestampLayouts = []string{time.RFC3339Nano, time.RFC3339, time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700",
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"}

// ParseTimestamp parses a publication timestamp of a feed or page: Gregorian layouts (RFC 3339, RFC 1123, …) and
// Persian ones in any digits, such as "۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", "شنبه ۲۴ آبان ۱۴۰۴ ساعت ۱۰:۳۰" or
// "2025-11-15 10:30". A time without a zone is read in loc (Asia/Tehran when nil). A day without a time of day
// gives midnight. Anything it cannot read entirely, or a weekday that contradicts the date, is an error.
func ParseTimestamp(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = DefaultLocation()
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return time.Time{}, fmt.Errorf("timex: timestamp %q: empty", s)
	}
	ascii := asciiDigits(t) // ۲۰۲۵-۱۱-۱۵T۱۰:۳۰:۰۰+۰۳:۳۰ is RFC 3339 in Persian digits
	for _, layout := range timestampLayouts {
		if v, err := time.ParseInLocation(layout, ascii, loc); err == nil {
			return v, nil
		}
	}
	x := defaultExtractor()
	st := x.newState(t, Reference{Location: loc})
	st.scan()
	var date *expr
	var weekdays []*expr
	covered := make([]bool, len(st.toks))
	for _, e := range st.exprs {
		for k := e.ti; k < e.tj; k++ {
			covered[k] = true
		}
		switch {
		case e.weekday >= 0:
			weekdays = append(weekdays, e)
		case e.explicit && e.dayLike():
			if date != nil {
				return time.Time{}, fmt.Errorf("timex: timestamp %q: more than one date", s)
			}
			date = e
		default:
			return time.Time{}, fmt.Errorf("timex: timestamp %q: %q is not a full date", s,
				t[st.toks[e.ti].start:st.toks[e.tj-1].end])
		}
	}
	if date == nil {
		return time.Time{}, fmt.Errorf("timex: timestamp %q: no date with day, month and year", s)
	}
	for k, tk := range st.toks {
		if !covered[k] && !(tk.kind == tPunct && strings.Contains("،,-–|()", tk.key)) {
			return time.Time{}, fmt.Errorf("timex: timestamp %q: cannot read %q", s, t[tk.start:tk.end])
		}
	}
	for _, w := range weekdays {
		if int(date.t.Weekday()) != w.weekday {
			return time.Time{}, fmt.Errorf("timex: timestamp %q: %q is not the weekday of %s", s,
				t[st.toks[w.ti].start:st.toks[w.tj-1].end], date.t.Format("2006-01-02"))
		}
		if w.g == gTime && date.g != gTime { // شنبه ساعت ۱۰ … rare; take the clock
			h, m, sec := w.t.Clock()
			date.t = dayStart(date.t).Add(timeOfDay(h, m) + time.Duration(sec)*time.Second)
		}
	}
	return date.t, nil
}

var defaultExtractor = sync.OnceValue(New)

// asciiDigits rewrites Persian and Arabic-Indic digits as ASCII digits.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		}
		return r
	}, s)
}
