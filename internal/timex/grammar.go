package timex

import (
	"time"
)

// matchCore matches one expression at token i. It returns the expression, or nil, and the token after what it
// consumed (a consumed span without an expression is a phrase known not to be a date, such as "دو سال گذشته").
// modded says a START/MID/END modifier stands before i.
func (s *state) matchCore(i int, modded bool) (*expr, int) {
	if i >= len(s.toks) || s.depth > maxDepth {
		return nil, i
	}
	s.depth++
	defer func() { s.depth-- }()
	es, next := s.lookup(i)
	multi := next-i >= 2
	// a multi-word form such as سه شنبه wins over the number; a number word otherwise takes precedence over
	// single-word meanings (سه روز پیش)
	if !multi {
		if _, _, _, _, ok := s.number(i); ok {
			if e, n := s.matchNumber(i, modded); e != nil || n > i {
				return e, n
			}
		}
	}
	if len(es) > 0 {
		return s.matchLexical(i, es, next, modded)
	}
	return nil, i
}

// maxDepth bounds the nesting of expressions inside expressions (پیش از … پیش از …).
const maxDepth = 6

// matchLexical handles expressions that start with a lexicon word.
func (s *state) matchLexical(i int, es []entry, next int, modded bool) (*expr, int) {
	for _, en := range es {
		switch en.kind {
		case kDayRel:
			if !s.hasRef || s.vetoed(i) {
				return nil, next
			}
			e := &expr{ti: i, tj: next, g: gDay, t: s.refDay.AddDate(0, 0, en.n), cal: "relative", anchor: "published",
				kind: "date", weekday: -1}
			return s.withPartOrTime(e), e.tj
		case kNightRel:
			if !s.hasRef {
				return nil, next
			}
			e := &expr{ti: i, tj: next, g: gPart, part: "NI", t: s.refDay.AddDate(0, 0, en.n), cal: "relative",
				anchor: "published", kind: "date", weekday: -1}
			return e, next
		case kWeekday:
			if s.vetoed(i) {
				return nil, next
			}
			return s.matchWeekday(i, en.n, next)
		case kYearRel:
			if !s.hasRef {
				return nil, next
			}
			if c, n3, ok := s.era(next); ok && c == "gregorian" { // سال جاری میلادی
				y := s.gregorianYear(i, n3, s.refDay.Year()+en.n)
				y.cal, y.anchor, y.explicit = "relative", "published", false
				return y, n3
			}
			jy, _, _ := ToJalali(s.refDay)
			return s.jalaliYear(i, next, jy+en.n, "relative"), next
		case kJMonth, kGMonth, kHMonth:
			return s.matchMonth(i, en, next, modded)
		case kPart:
			// صبح امروز، عصر روز شنبه، بامداد دیروز
			j := next
			if n2, ok := s.isWord(j, "day"); ok {
				if _, _, wk := s.isKind(n2, kWeekday); wk {
					j = n2
				}
			}
			if e, n2 := s.matchCore(j, false); e != nil && e.g == gDay {
				e.ti, e.g, e.part = i, gPart, en.s
				return e, n2
			}
		case kSeason:
			return s.matchSeason(i, en.n, next)
		case kRecent: // دقایقی پیش، ساعاتی پیش: the reference itself, approximately
			if !s.hasRef {
				return nil, next
			}
			e := &expr{ti: i, tj: next, g: gTime, t: s.refT, mod: "APPROX", cal: "relative", anchor: "published",
				kind: "date", weekday: -1}
			if s.dateOnly {
				e.g, e.t = gDay, s.refDay
			}
			return e, next
		case kThis: // این هفته، همین ماه
			if e, n := s.unitDir(i, en.s, 0, next); e != nil || n > i {
				return e, n
			}
		case kUnit:
			if e, n := s.matchUnitDir(i, en.s, next); e != nil || n > i {
				return e, n
			}
		case kWord:
			switch en.s {
			case "day": // روز شنبه
				if w, n2, ok := s.isKind(next, kWeekday); ok {
					return s.matchWeekday(i, w.n, n2)
				}
				if e, n2 := s.matchNumber(next, modded); e != nil && e.g == gDay && e.explicit {
					return e, n2
				}
			case "month": // ماه مهر
				if es2, n2 := s.lookup(next); len(es2) > 0 {
					if m, ok := findMonth(es2); ok {
						e, n3 := s.matchMonth(next, m, n2, true)
						if e != nil {
							e.ti = i
						}
						return e, n3
					}
				}
			case "year": // سال ۱۴۰۳
				if e, n2 := s.matchYearAfterWord(i, next); e != nil {
					return e, n2
				}
			case "decade":
				return s.matchDecade(i, next)
			case "hour":
				if !s.hasRef {
					return nil, i
				}
				if h, m, part, loc, n2, ok := s.clock(i); ok {
					e := &expr{ti: i, tj: n2, cal: "relative", anchor: "published", kind: "time", weekday: -1}
					day := s.refDay
					if r, n3, isRel := s.isKind(n2, kDayRel); isRel { // ساعت ۱۰ صبح فردا
						day, e.tj = s.refDay.AddDate(0, 0, r.n), n3
					}
					s.setClock(e, day, h, m, part, loc)
					return e, e.tj
				}
			}
		}
	}
	return nil, i
}

// withPartOrTime extends a day expression with a following part of day (امروز صبح) or clock time.
func (s *state) withPartOrTime(e *expr) *expr {
	j := e.tj
	if h, m, part, loc, n, ok := s.clockAfter(j); ok {
		s.setClock(e, e.t, h, m, part, loc)
		e.tj = n
		return e
	}
	if p, n, ok := s.isKind(j, kPart); ok {
		e.g, e.part, e.tj = gPart, p.s, n
	}
	return e
}

// setClock turns e into a time expression at h:m of day (in loc, or the reference zone).
func (s *state) setClock(e *expr, day time.Time, h, m int, part string, loc *time.Location) {
	if loc == nil {
		loc = s.loc
	}
	y, mo, d := day.Date()
	e.t = time.Date(y, mo, d, h, m, s.lastSec, 0, loc)
	e.g = gTime
	if e.kind == "" {
		e.kind = "time"
	}
}

// matchWeekday handles a weekday (the expression starting at token i, its name ending at next): optional part of
// day, direction (شنبه گذشته، شنبه هفته آینده) and clock time. The day is resolved later, from an explicit date
// written beside it or from the reference.
func (s *state) matchWeekday(i, wd, next int) (*expr, int) {
	e := &expr{ti: i, tj: next, g: gDay, cal: "relative", anchor: "published", kind: "weekday", weekday: wd}
	// شنبه هفته گذشته، شنبه این هفته: a day of a Persian week (Saturday to Friday)
	shift, end, inWeek := 0, next, false
	if u, n2, ok := s.isKind(next, kUnit); ok && u.s == "week" {
		if d, n3, ok2 := s.isKind(n2, kDir); ok2 {
			shift, end, inWeek = d.n, n3, true
		}
	} else if t, n2, ok := s.isKind(next, kThis); ok && t.s == "week" {
		end, inWeek = n2, true
	}
	if inWeek {
		if !s.hasRef {
			return nil, end
		}
		start := s.refDay.AddDate(0, 0, -int((s.refDay.Weekday()+1)%7))
		e.t = start.AddDate(0, 0, 7*shift+int((time.Weekday(wd)+1)%7))
		e.tj, e.weekday, e.kind = end, -1, "date"
		return s.withPartOrTime(e), e.tj
	}
	// شنبه گذشته، شنبه آینده: the nearest one strictly before or after the reference
	if d, n2, ok := s.isKind(next, kDir); ok && d.n != 0 {
		if !s.hasRef {
			return nil, n2
		}
		e.tj, e.t, e.weekday, e.kind = n2, s.nearestWeekday(wd, d.n), -1, "date"
		return s.withPartOrTime(e), e.tj
	}
	return s.withPartOrTime(e), e.tj
}

// nearestWeekday returns the closest day with weekday wd strictly before (dir < 0) or after (dir > 0) the
// reference day.
func (s *state) nearestWeekday(wd, dir int) time.Time {
	d := s.refDay
	for k := 1; k <= 7; k++ {
		c := d.AddDate(0, 0, k*dir)
		if int(c.Weekday()) == wd {
			return c
		}
	}
	return d
}

// jalaliYear builds a year expression of Jalali year jy.
func (s *state) jalaliYear(i, next, jy int, cal string) *expr {
	e := &expr{ti: i, tj: next, g: gYear, cal: cal, kind: "date", weekday: -1}
	if cal == "relative" {
		e.anchor = "published"
	} else {
		e.explicit = true
	}
	e.redo = func(e *expr) {
		if v, j, ok := jalaliYearValue(jy, e.mod); ok {
			e.value, e.jalali = v, j
		} else {
			e.drop = true
		}
	}
	e.redo(e)
	return e
}

func (s *state) gregorianYear(i, next, y int) *expr {
	e := &expr{ti: i, tj: next, g: gYear, cal: "gregorian", kind: "date", weekday: -1, explicit: true}
	e.redo = func(e *expr) {
		if v, j, ok := gregorianYearValue(y, e.mod); ok {
			e.value, e.jalali = v, j
		} else {
			e.drop = true
		}
	}
	e.redo(e)
	return e
}

func (s *state) hijriYear(i, next, y int) *expr {
	e := &expr{ti: i, tj: next, g: gYear, cal: "hijri", kind: "date", weekday: -1, explicit: true}
	e.redo = func(e *expr) {
		if v, j, ok := hijriYearValue(y, e.mod); ok {
			e.value, e.jalali = v, j
		} else {
			e.drop = true
		}
	}
	e.redo(e)
	return e
}

// calName is the calendar of a month kind.
func calName(k kind) string {
	switch k {
	case kGMonth:
		return "gregorian"
	case kHMonth:
		return "hijri"
	}
	return "jalali"
}

// era reads a calendar marker at token i (ه.ش.، هجری قمری، میلادی، م.) and returns the calendar and the token
// after it, including a final dot.
func (s *state) era(i int) (string, int, bool) {
	key := ""
	cal, end := "", i
	for j := i; j < len(s.toks) && j < i+6; j++ {
		t := s.toks[j]
		if j > i && t.nl {
			break
		}
		if t.kind == tPunct {
			if t.key == "." {
				if end == j && cal != "" {
					end = j + 1
				}
				continue
			}
			break
		}
		if t.kind != tWord {
			break
		}
		key += t.key
		if len(key) > 40 {
			break
		}
		if es, ok := s.x.lex.phrases[key]; ok {
			if e, ok2 := find(es, kEra); ok2 {
				cal, end = e.s, j+1
			}
		}
	}
	if cal == "" {
		return "", i, false
	}
	// a one-letter marker (م، ش، ق) counts only when written as an abbreviation with a dot
	if end-i == 1 && len([]rune(s.toks[i].key)) == 1 {
		return "", i, false
	}
	return cal, end, true
}

// year reads a year at token i for a calendar ("" when unknown): four digits or number words from 1000.
func (s *state) year(i int, cal string) (y, next int, outCal string, ok bool) {
	return s.yearOf(i, cal, false)
}

// yearOf is year that, with short, also takes two-digit Jalali years (سال ۹۸ → 1398); they are read only after
// the word سال, where ۱۴ cannot be a count.
func (s *state) yearOf(i int, cal string, short bool) (y, next int, outCal string, ok bool) {
	n, nx, ord, width, okn := s.number(i)
	if !okn || ord {
		return 0, i, "", false
	}
	if e, n2, oke := s.era(nx); oke {
		if cal != "" && e != cal {
			return 0, i, "", false
		}
		cal, nx = e, n2
	}
	switch {
	case width == 2 || (width == 0 && n < 100 && n >= 10):
		if !short || cal != "jalali" || !s.hasRef {
			return 0, i, "", false
		}
		ry, _, _ := ToJalali(s.refDay)
		y = 1300 + n
		if 1400+n <= ry {
			y = 1400 + n
		}
		return y, nx, cal, true
	case width == 4 || (width == 0 && n >= 1000):
		if n < 1000 || n > 2999 {
			return 0, i, "", false
		}
		if cal == "" {
			cal = "jalali"
			if n >= 1700 {
				cal = "gregorian"
			}
		}
		if cal == "gregorian" && n < 1700 || cal != "gregorian" && n >= 1700 {
			return 0, i, "", false
		}
		return n, nx, cal, true
	}
	return 0, i, "", false
}

// matchYearAfterWord handles سال ۱۴۰۳، سال ۲۰۲۴ میلادی، سال ۹۸، سال گذشته.
func (s *state) matchYearAfterWord(i, next int) (*expr, int) {
	if y, n2, cal, ok := s.year(next, ""); ok {
		return s.yearExpr(i, n2, y, cal), n2
	}
	if _, _, _, w, ok := s.number(next); ok && w == 2 {
		if y, n2, cal, ok := s.yearOf(next, "jalali", true); ok {
			return s.yearExpr(i, n2, y, cal), n2
		}
	}
	return nil, i
}

func (s *state) yearExpr(i, next, y int, cal string) *expr {
	switch cal {
	case "gregorian":
		return s.gregorianYear(i, next, y)
	case "hijri":
		return s.hijriYear(i, next, y)
	}
	return s.jalaliYear(i, next, y, "jalali")
}

// matchUnitDir handles "unit direction": هفته گذشته، ماه آینده، سال پیش، ماه جاری.
func (s *state) matchUnitDir(i int, unit string, next int) (*expr, int) {
	d, n2, ok := s.isKind(next, kDir)
	if !ok {
		return nil, i
	}
	return s.unitDir(i, unit, d.n, n2)
}

// unitDir builds the week, month or year dir units away from the reference (tokens [i, n2)).
func (s *state) unitDir(i int, unit string, dir int, n2 int) (*expr, int) {
	d := entry{n: dir}
	if !s.hasRef {
		return nil, n2
	}
	e := &expr{ti: i, tj: n2, cal: "relative", anchor: "published", kind: "date", weekday: -1}
	switch unit {
	case "week":
		e.g, e.t = gWeek, s.refDay.AddDate(0, 0, 7*d.n)
	case "month":
		jy, jm, _ := ToJalali(s.refDay)
		jy, jm = addMonths(jy, jm, d.n)
		e.g = gMonth
		e.redo = func(e *expr) {
			if v, j, ok := jalaliMonthValue(jy, jm, e.mod); ok {
				e.value, e.jalali = v, j
			} else {
				e.drop = true
			}
		}
		e.redo(e)
	case "year":
		// سال گذشته میلادی counts in Gregorian years
		if c, n3, ok := s.era(n2); ok && c == "gregorian" {
			y := s.gregorianYear(i, n3, s.refDay.Year()+d.n)
			y.cal, y.anchor, y.explicit = "relative", "published", false
			return y, n3
		}
		jy, _, _ := ToJalali(s.refDay)
		y := s.jalaliYear(i, n2, jy+d.n, "relative")
		return y, n2
	default:
		return nil, i
	}
	return e, n2
}

func addMonths(y, m, n int) (int, int) {
	k := y*12 + (m - 1) + n
	return div(k, 12) - boolInt(mod(k, 12) < 0), mod(mod(k, 12)+12, 12) + 1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// matchMonth handles a month name with an optional year: آبان ۱۴۰۴، نوامبر ۲۰۲۵، مهرماه. A month written
// without a year is placed in the year that brings it closest to the reference.
func (s *state) matchMonth(i int, m entry, next int, modded bool) (*expr, int) {
	cal := calName(m.kind)
	y, n2, relYear, hasYear := s.yearAfter(next, cal)
	if !hasYear {
		if m.ambiguous && !modded {
			return nil, i
		}
		if !s.hasRef {
			return nil, next
		}
		n2 = next
	}
	if m.needYear && !hasYear {
		return nil, i
	}
	e := &expr{ti: i, tj: n2, g: gMonth, cal: cal, kind: "date", weekday: -1, explicit: hasYear && !relYear}
	if relYear {
		e.anchor = "published"
	}
	if !hasYear {
		y = s.nearestYear(cal, m.n, 15)
		e.anchor = "published"
	}
	mo := m.n
	e.redo = func(e *expr) {
		var v, j string
		var ok bool
		switch cal {
		case "gregorian":
			v, j, ok = gregorianMonthValue(y, time.Month(mo), e.mod)
		case "hijri":
			v, j, ok = hijriMonthValue(y, mo, e.mod)
		default:
			v, j, ok = jalaliMonthValue(y, mo, e.mod)
		}
		if !ok {
			e.drop = true
		}
		e.value, e.jalali = v, j
	}
	e.redo(e)
	return e, n2
}

// toDay converts a date of a calendar to midnight in loc.
func toDay(cal string, y, m, d int, loc *time.Location) (time.Time, error) {
	var gy, gd int
	var gm time.Month
	var err error
	switch cal {
	case "gregorian":
		if err = ValidGregorian(y, time.Month(m), d); err != nil {
			return time.Time{}, err
		}
		gy, gm, gd = y, time.Month(m), d
	case "hijri":
		gy, gm, gd, err = HijriToGregorian(y, m, d)
	default:
		gy, gm, gd, err = JalaliToGregorian(y, m, d)
	}
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(gy, gm, gd, 0, 0, 0, 0, loc), nil
}

// nearestYear returns the year of calendar cal in which month m, day d lies closest to the reference day.
func (s *state) nearestYear(cal string, m, d int) int {
	var ry int
	switch cal {
	case "gregorian":
		ry = s.refDay.Year()
	case "hijri":
		ry, _, _, _ = GregorianToHijri(s.refDay.Year(), s.refDay.Month(), s.refDay.Day())
	default:
		ry, _, _ = ToJalali(s.refDay)
	}
	best, bestDist := ry, time.Duration(1<<62)
	for _, y := range []int{ry, ry - 1, ry + 1} {
		dd := d
		for dd > 28 {
			if _, err := toDay(cal, y, m, dd, s.loc); err == nil {
				break
			}
			dd--
		}
		t, err := toDay(cal, y, m, dd, s.loc)
		if err != nil {
			continue
		}
		dist := t.Sub(s.refDay)
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// matchSeason handles بهار ۱۴۰۴، زمستان امسال، پاییز سال گذشته، تابستان آینده.
func (s *state) matchSeason(i, season, next int) (*expr, int) {
	var jy int
	end := next
	j := next
	if n2, ok := s.isWord(j, "year"); ok {
		j = n2
	}
	if y, n2, cal, ok := s.year(j, ""); ok {
		// a Gregorian year names the Persian season that starts in it: spring 2025 is spring 1404
		jy, end = y, n2
		if cal == "gregorian" {
			jy = y - 621
		}
	} else {
		if !s.hasRef {
			return nil, i
		}
		ry, rm, _ := ToJalali(s.refDay)
		cur := (rm-1)/3 + 1
		if yr, n2, ok := s.isKind(next, kYearRel); ok {
			jy, end = ry+yr.n, n2
		} else if d, n2, ok := s.isKind(j, kDir); ok && j > next {
			jy, end = ry+d.n, n2 // بهار سال گذشته
		} else if d, n2, ok := s.isKind(next, kDir); ok {
			// پاییز گذشته: the last autumn before the current season; پاییز آینده: the next one
			jy, end = ry, n2
			switch {
			case d.n < 0 && season >= cur:
				jy--
			case d.n > 0 && season <= cur:
				jy++
			}
		} else {
			return nil, i
		}
	}
	v, jv, ok := seasonValue(jy, season)
	if !ok {
		return nil, end
	}
	e := &expr{ti: i, tj: end, g: gSeason, value: v, jalali: jv, cal: "jalali", kind: "date", weekday: -1}
	return e, end
}

// matchDecade handles دهه ۶۰ (the Jalali 1360s), دهه ۱۹۹۰ میلادی, دهه هفتاد.
func (s *state) matchDecade(i, next int) (*expr, int) {
	n, n2, ord, width, ok := s.number(next)
	if !ok || ord || n%10 != 0 {
		return nil, i
	}
	cal := ""
	if c, n3, ok := s.era(n2); ok {
		cal, n2 = c, n3
	}
	var jStart int
	e := &expr{ti: i, tj: n2, g: gDecade, kind: "decade", weekday: -1, explicit: true}
	switch {
	case n >= 1000 && (cal == "gregorian" || (cal == "" && n >= 1700)):
		e.cal, e.value = "gregorian", itoa(n/10)
		jy, _, _, err := GregorianToJalali(n+5, time.January, 1)
		if err != nil {
			return nil, n2
		}
		e.jalali = itoa(jy / 10)
		return e, n2
	case n >= 1000:
		jStart = n
	case (width == 2 || width == 0) && n >= 10 && n < 100:
		if cal == "gregorian" {
			e.cal, e.value = "gregorian", itoa((1900+n)/10)
			jy, _, _, _ := GregorianToJalali(1900+n+5, time.January, 1)
			e.jalali = itoa(jy / 10)
			return e, n2
		}
		jStart = 1300 + n
	default:
		return nil, i
	}
	y, _, _, err := JalaliToGregorian(jStart+5, 1, 1)
	if err != nil {
		return nil, n2
	}
	e.cal, e.value, e.jalali = "jalali", itoa(y/10), itoa(jStart/10)
	return e, n2
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// yearAfter reads the year after a month, with or without the word سال (آبان ۱۴۰۴، آبان سال ۱۴۰۴), or a
// relative year (آبان امسال، آبان سال گذشته، نوامبر سال گذشته). rel is true for a relative year.
func (s *state) yearAfter(i int, cal string) (y, next int, rel, ok bool) {
	if y, next, _, ok = s.year(i, cal); ok {
		return y, next, false, true
	}
	n2, isYear := s.isWord(i, "year")
	if isYear {
		if y, next, _, ok = s.yearOf(n2, cal, cal == "jalali"); ok {
			return y, next, false, true
		}
	}
	if !s.hasRef || cal == "hijri" {
		return 0, i, false, false
	}
	shift, end := 0, i
	if yr, n3, isRel := s.isKind(i, kYearRel); isRel {
		shift, end = yr.n, n3
	} else if d, n3, isDir := s.isKind(n2, kDir); isYear && isDir {
		shift, end = d.n, n3
	} else {
		return 0, i, false, false
	}
	if cal == "gregorian" {
		return s.refDay.Year() + shift, end, true, true
	}
	jy, _, _ := ToJalali(s.refDay)
	return jy + shift, end, true, true
}

// vetoed reports whether the word before token i makes it a name rather than a date: نماز جمعه، رادیو فردا.
func (s *state) vetoed(i int) bool {
	if i == 0 || s.toks[i-1].kind != tWord {
		return false
	}
	_, next, ok := s.isKind(i-1, kVeto)
	if !ok && i >= 2 {
		_, next, ok = s.isKind(i-2, kVeto)
	}
	return ok && next == i
}
