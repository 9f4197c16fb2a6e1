package timex

import (
	"strings"
	"testing"
	"time"
)

func TestParseRange(t *testing.T) {
	teh := DefaultLocation()
	tests := []struct {
		in, start, end string
	}{
		{"1404-08", "2025-10-23", "2025-11-22"},
		{"۱۴۰۴-۰۸", "2025-10-23", "2025-11-22"},
		{"2025-11-10", "2025-11-10", "2025-11-11"},
		{"۱۴۰۴/۰۸/۲۰", "2025-11-11", "2025-11-12"},
		{"٢٠٢٥/١١", "2025-11-01", "2025-12-01"},
		{"2025", "2025-01-01", "2026-01-01"},
		{"۱۴۰۴", "2025-03-21", "2026-03-21"},
		{"1403", "2024-03-20", "2025-03-21"},
		{"1404-12", "2026-02-20", "2026-03-21"},
		{"1403-12-30", "2025-03-20", "2025-03-21"},
		{"2024-02-29", "2024-02-29", "2024-03-01"},
		{"2025-12", "2025-12-01", "2026-01-01"},
		{" 1404.08.24 ", "2025-11-15", "2025-11-16"},
	}
	for _, tc := range tests {
		s, e, err := ParseRange(tc.in, nil)
		if err != nil {
			t.Errorf("ParseRange(%q): %v", tc.in, err)
			continue
		}
		if s.Location().String() != teh.String() || s.Format("2006-01-02") != tc.start || e.Format("2006-01-02") != tc.end {
			t.Errorf("ParseRange(%q) = %s – %s, want %s – %s", tc.in, s, e, tc.start, tc.end)
		}
	}
	for _, bad := range []string{"", "1404-13", "1404-12-30", "2025-02-29", "۱۴۰۴-۰۷-۳۱", "abc", "14-08", "2025-1-1-1",
		"2025--11", "0999", "1404-0008"} {
		if _, _, err := ParseRange(bad, nil); err == nil {
			t.Errorf("ParseRange(%q): no error", bad)
		} else if !strings.Contains(err.Error(), "range") {
			t.Errorf("ParseRange(%q): error %q does not name the input", bad, err)
		}
	}
	utc, _, err := ParseRange("2025-11-10", time.UTC)
	if err != nil || utc.Location() != time.UTC {
		t.Errorf("location not used: %v %v", utc, err)
	}
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", "2025-11-15T10:30:00+03:30"},
		{"۱۴۰۴/۰۸/۲۴ ۱۰:۳۰:۴۵", "2025-11-15T10:30:45+03:30"},
		{"شنبه ۲۴ آبان ۱۴۰۴ ساعت ۱۰:۳۰", "2025-11-15T10:30:00+03:30"},
		{"شنبه، ۲۴ آبان ۱۴۰۴ - ۱۰:۳۰", "2025-11-15T10:30:00+03:30"},
		{"۲۴ آبان ۱۴۰۴", "2025-11-15T00:00:00+03:30"},
		{"1404/08/24 10:30", "2025-11-15T10:30:00+03:30"},
		{"۱۴۰۴/۰۸/۲۴ ۰۱:۱۵ ب.ظ", "2025-11-15T13:15:00+03:30"},
		{"Sat, 15 Nov 2025 07:00:00 GMT", "2025-11-15T07:00:00Z"},
		{"2025-11-15T10:30:00+03:30", "2025-11-15T10:30:00+03:30"},
		{"2025-11-15 10:30:00", "2025-11-15T10:30:00+03:30"},
		{"۱۵ نوامبر ۲۰۲۵ ساعت ۱۸:۰۰", "2025-11-15T18:00:00+03:30"},
		{"۲۰۲۵-۱۱-۱۵T۱۰:۳۰:۰۰+۰۳:۳۰", "2025-11-15T10:30:00+03:30"},
		{"2025-11-15", "2025-11-15T00:00:00+03:30"},
		{"پنجشنبه ۳۰ اسفند ۱۴۰۳", "2025-03-20T00:00:00+03:30"},
	}
	for _, tc := range tests {
		got, err := ParseTimestamp(tc.in, nil)
		if err != nil {
			t.Errorf("ParseTimestamp(%q): %v", tc.in, err)
			continue
		}
		if got.Format(time.RFC3339) != tc.want {
			t.Errorf("ParseTimestamp(%q) = %s, want %s", tc.in, got.Format(time.RFC3339), tc.want)
		}
	}
	for _, bad := range []string{"", "دیروز", "یکشنبه ۲۴ آبان ۱۴۰۴", "۲۴ آبان", "۳۰ اسفند ۱۴۰۴", "۱۴۰۴/۰۸/۲۴ خبر",
		"۱۴۰۴/۰۸/۲۴ ۱۴۰۴/۰۸/۲۵", "hello"} {
		if v, err := ParseTimestamp(bad, nil); err == nil {
			t.Errorf("ParseTimestamp(%q) = %v, want an error", bad, v)
		} else if !strings.Contains(err.Error(), "timestamp") {
			t.Errorf("ParseTimestamp(%q): error %q does not name the input", bad, err)
		}
	}
}
