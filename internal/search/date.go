package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/timex"
)

// parseRange parses a date or a range "a..b" of dates in either calendar (timex.ParseRange for each end) into
// the half-open interval [start, end): "1404-08", "2025-11-10..2025-11-16", "۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵", "1404..".
// The end of a range is inclusive at its own granularity.
func parseRange(s string, loc *time.Location) (start, end time.Time, err error) {
	if loc == nil {
		loc = timex.DefaultLocation()
	}
	lo, hi, isRange := strings.Cut(strings.TrimSpace(s), "..")
	start, loEnd, err := timex.ParseRange(lo, loc)
	if err != nil {
		return start, end, err
	}
	if !isRange {
		return start, loEnd, nil
	}
	if strings.TrimSpace(hi) == "" {
		return start, time.Date(9999, 1, 1, 0, 0, 0, 0, loc), nil
	}
	_, end, err = timex.ParseRange(hi, loc)
	if err != nil {
		return start, end, err
	}
	if !end.After(start) {
		return start, end, fmt.Errorf("date range %q ends before it starts", s)
	}
	return start, end, nil
}
