package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/timex"
)

// asciiDigits folds Persian and Arabic-Indic digits to ASCII.
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

// faDigits writes a number or string with Persian digits; ints get a Persian thousands separator.
func faDigits(v any) string {
	switch n := v.(type) {
	case int:
		return timex.PersianDigits(groupThousands(strconv.Itoa(n)))
	case int64:
		return timex.PersianDigits(groupThousands(strconv.FormatInt(n, 10)))
	case float64:
		return timex.PersianDigits(strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", "٫", 1))
	case string:
		return timex.PersianDigits(n)
	}
	return timex.PersianDigits(fmt.Sprint(v))
}

// groupThousands inserts the Persian thousands separator into a decimal integer.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if len(s) <= 3 {
		if neg {
			return "−" + s
		}
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('٬')
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// When is a publication time prepared for display.
type When struct {
	Valid     bool
	ISO       string // for <time datetime>
	Jalali    string // ۲۵ آبان ۱۴۰۴
	Clock     string // ۱۴:۳۰, "" when only the day is known
	Gregorian string // 16 Nov 2025 14:30 +0330
	Relative  string // ۳ ساعت پیش
}

// when parses a stored publication value (RFC 3339, or YYYY-MM-DD) for display relative to the server's clock.
func (s *Server) when(published string) When {
	t, dateOnly, ok := parsePublished(published, s.cfg.Location)
	if !ok {
		return When{}
	}
	w := When{Valid: true, ISO: published, Jalali: timex.FormatJalali(t)}
	if dateOnly {
		w.Gregorian = t.Format("2 Jan 2006")
	} else {
		w.Clock = timex.PersianDigits(t.Format("15:04"))
		w.Gregorian = t.Format("2 Jan 2006 15:04 -0700")
	}
	w.Relative = relative(s.cfg.Now(), t, dateOnly)
	return w
}

// parsePublished parses RFC 3339 or a bare day (in loc).
func parsePublished(p string, loc *time.Location) (time.Time, bool, bool) {
	if p == "" {
		return time.Time{}, false, false
	}
	if t, err := time.Parse(time.RFC3339, p); err == nil {
		return t, false, true
	}
	if t, err := time.ParseInLocation("2006-01-02", p, loc); err == nil {
		return t, true, true
	}
	return time.Time{}, false, false
}

// relative says how long ago t was, in Persian: "همین حالا", "۳ ساعت پیش", "۲ روز پیش", "۱ سال پیش".
func relative(now, t time.Time, dateOnly bool) string {
	d := now.Sub(t)
	if d < 0 {
		if -d < time.Minute {
			return "همین حالا"
		}
		return "در آینده"
	}
	n := func(v int, unit string) string { return timex.PersianDigits(strconv.Itoa(v)) + " " + unit + " پیش" }
	if dateOnly && d < 48*time.Hour {
		ny, nm, nd := now.In(t.Location()).Date()
		ty, tm, td := t.Date()
		switch {
		case ny == ty && nm == tm && nd == td:
			return "امروز"
		case t.AddDate(0, 0, 1).Format("2006-01-02") == now.In(t.Location()).Format("2006-01-02"):
			return "دیروز"
		}
	}
	switch {
	case d < time.Minute:
		return "همین حالا"
	case d < time.Hour:
		return n(int(d/time.Minute), "دقیقه")
	case d < 24*time.Hour:
		return n(int(d/time.Hour), "ساعت")
	case d < 30*24*time.Hour:
		return n(int(d/(24*time.Hour)), "روز")
	case d < 365*24*time.Hour:
		return n(int(d/(30*24*time.Hour)), "ماه")
	}
	return n(int(d/(365*24*time.Hour)), "سال")
}

// gregorianMonthsFa are the Gregorian month names as Persian writes them.
var gregorianMonthsFa = [12]string{"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
	"اکتبر", "نوامبر", "دسامبر"}

// dayLabel formats an ISO date value of any granularity for display: a day in Jalali, a month or year as written.
func dayLabel(v string) string {
	if len(v) >= 10 {
		if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
			return timex.FormatJalali(t)
		}
	}
	if len(v) == 7 && v[4] == '-' {
		if t, err := time.Parse("2006-01", v); err == nil {
			return gregorianMonthsFa[t.Month()-1] + " " + timex.PersianDigits(strconv.Itoa(t.Year()))
		}
	}
	if strings.Contains(v, "-W") {
		return "هفته‌ی " + timex.PersianDigits(v[strings.Index(v, "-W")+2:]) + " " + timex.PersianDigits(v[:4])
	}
	return timex.PersianDigits(v)
}

// categoryFa are the Persian labels of the PLOVER categories.
var categoryFa = map[string]string{
	"AGREE": "توافق", "CONSULT": "رایزنی", "SUPPORT": "حمایت", "REQUEST": "درخواست",
	"CONCEDE": "امتیازدهی", "COOPERATE": "همکاری", "AID": "کمک", "RETREAT": "عقب‌نشینی",
	"ACCUSE": "اتهام", "REJECT": "رد", "THREATEN": "تهدید", "DEMAND": "مطالبه",
	"PROTEST": "اعتراض", "SANCTION": "تحریم", "MOBILIZE": "بسیج", "COERCE": "فشار", "ASSAULT": "حمله",
}

// quadFa are the Persian labels of the quad classes.
var quadFa = map[string]string{
	event.VerbalCooperation: "همکاری کلامی", event.MaterialCooperation: "همکاری عملی",
	event.VerbalConflict: "تنش کلامی", event.MaterialConflict: "تنش عملی",
}

// quadOrder lists the quad classes for legends.
var quadOrder = []string{event.VerbalCooperation, event.MaterialCooperation, event.VerbalConflict,
	event.MaterialConflict}

// quadClass is the CSS class of a quad class (q-vc, q-mc, q-vk, q-mk; q-none).
func quadClass(quad string) string {
	switch quad {
	case event.VerbalCooperation:
		return "q-vc"
	case event.MaterialCooperation:
		return "q-mc"
	case event.VerbalConflict:
		return "q-vk"
	case event.MaterialConflict:
		return "q-mk"
	}
	return "q-none"
}

// typeFa are the Persian labels of entity types.
var typeFa = map[string]string{article.Person: "شخص", article.Organization: "سازمان", article.Location: "مکان"}

// faName is the Persian display name of an entity: its preferred Persian KB name, else the name given.
func (s *Server) faName(id, name string) string {
	if e, ok := s.cfg.KB.Lookup(id); ok && len(e.Fa) > 0 {
		return e.Fa[0]
	}
	if name == "" {
		return id
	}
	return name
}

// entityHref is the page of an entity key.
func entityHref(key string) string {
	if key == "" {
		return ""
	}
	return "/entity/" + url.PathEscape(key)
}

// articleHref is the page of an article.
func articleHref(id string) string { return "/article/" + url.PathEscape(id) }
