package search

import (
	"fmt"
	"sort"
	"time"

	"github.com/khabar/khabar/internal/timex"
)

// Interval is the bucket width of a date histogram.
type Interval string

// Histogram intervals.
const (
	Day   Interval = "day"
	Week  Interval = "week" // starting Saturday in the Jalali calendar, Monday in the Gregorian one
	Month Interval = "month"
)

// Calendar names the calendar of histogram bucket labels.
type Calendar string

// Calendars.
const (
	Gregorian Calendar = "gregorian"
	Jalali    Calendar = "jalali"
)

// DayCount is the number of matching articles published on one day (YYYY-MM-DD, Gregorian, in the
// publication's own zone).
type DayCount struct {
	Day   string
	Count int
}

// Bucket is one bar of a date histogram.
type Bucket struct {
	Label string `json:"label"` // 2025-11, 1404-08, 2025-11-10, or the first day of a week
	Start string `json:"start"` // first Gregorian day of the bucket, YYYY-MM-DD
	Count int    `json:"count"`
}

// Histogram groups day counts into buckets of the interval, labelled in the calendar, oldest first.
// Days that do not parse are skipped.
func Histogram(days []DayCount, iv Interval, cal Calendar) []Bucket {
	byLabel := map[string]*Bucket{}
	for _, d := range days {
		t, err := time.Parse("2006-01-02", d.Day)
		if err != nil {
			continue
		}
		label, start := bucketOf(t, iv, cal)
		b := byLabel[label]
		if b == nil {
			b = &Bucket{Label: label, Start: start.Format("2006-01-02")}
			byLabel[label] = b
		}
		b.Count += d.Count
	}
	out := make([]Bucket, 0, len(byLabel))
	for _, b := range byLabel {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// bucketOf returns the label and first day of the bucket holding day t.
func bucketOf(t time.Time, iv Interval, cal Calendar) (string, time.Time) {
	switch iv {
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // Monday-based
		if cal == Jalali {
			back = (int(t.Weekday()) + 1) % 7 // Saturday-based
		}
		t = t.AddDate(0, 0, -back)
		return dayLabel(t, cal), t
	case Month:
		if cal == Jalali {
			jy, jm, _ := timex.ToJalali(t)
			if first, err := timex.JalaliDate(jy, jm, 1, time.UTC); err == nil {
				return fmt.Sprintf("%04d-%02d", jy, jm), first
			}
		}
		return t.Format("2006-01"), time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return dayLabel(t, cal), t
}

func dayLabel(t time.Time, cal Calendar) string {
	if cal == Jalali {
		if j := timex.JalaliISO(t); j != "" {
			return j
		}
	}
	return t.Format("2006-01-02")
}
