package timex

import (
	"strings"
	"time"
	"unicode/utf8"
)

// matchNumber handles expressions that start with a number: numeric dates (۱۴۰۴/۰۸/۲۴، 2025-11-15، ۲۴-۸-۱۴۰۴),
// "N unit ago/later" with an optional anchor (سه روز پیش از تماس تلفنی), day-month-year dates, a year with an
// era marker, and durations that are not dates (دو سال گذشته).
func (s *state) matchNumber(i int, modded bool) (*expr, int) {
	if e, n, ok := s.numericDate(i); ok {
		return e, n
	}
	n, next, ord, width, ok := s.number(i)
	if !ok {
		return nil, i
	}
	// N unit …
	if u, isUnit := s.single(next, kUnit); isUnit && !ord {
		n2 := next + 1
		if e, n3 := s.matchOffset(i, n, u.s, n2); e != nil || n3 > i {
			return e, n3
		}
	}
	// day month [year]
	if n >= 1 && n <= 31 && (width <= 2) {
		if es, n2 := s.lookup(next); len(es) > 0 {
			if m, isMonth := findMonth(es); isMonth {
				if e, n3 := s.dayMonth(i, n, width, ord, m, n2); e != nil || n3 > i {
					return e, n3
				}
			}
		}
	}
	// the first day of a range: ۱ تا ۵ آذر، ۲۰ - ۲۵ نوامبر ۲۰۲۵
	if n >= 1 && n <= 31 && width <= 2 && !ord && next < len(s.toks) &&
		(s.toks[next].key == "تا" || s.punct(next, "-–")) {
		if e2, _ := s.matchNumber(next+1, modded); e2 != nil && e2.g == gDay && e2.explicit && e2.pending == nil {
			if day, err := sameMonthDay(e2, n); err == nil && !day.After(e2.t) {
				return &expr{ti: i, tj: next, g: gDay, t: day, cal: e2.cal, kind: "date", weekday: -1, explicit: true,
					anchor: e2.anchor}, next
			}
		}
	}
	// year with an era marker: ۱۴۰۳ ه.ش.، ۲۰۲۴ میلادی
	if width == 4 || (width == 0 && n >= 1000) {
		if _, n2, ok := s.era(next); ok {
			if y, n3, cal, ok := s.year(i, ""); ok && n3 == n2 {
				return s.yearExpr(i, n3, y, cal), n3
			}
		}
	}
	return nil, i
}

// numericDate reads Y/M/D or D/M/Y written with / - or . between adjacent digit groups, with an optional clock
// time after it.
func (s *state) numericDate(i int) (*expr, int, bool) {
	t := s.toks
	if i+4 >= len(t) || t[i].kind != tDigits {
		return nil, i, false
	}
	sep := t[i+1].key
	if t[i+1].kind != tPunct || (sep != "/" && sep != "-" && sep != "." && sep != "٫" && sep != "／") {
		return nil, i, false
	}
	for k := i; k < i+4; k++ {
		if !s.adjacent(k) {
			return nil, i, false
		}
	}
	if t[i+2].kind != tDigits || t[i+3].key != sep || t[i+4].kind != tDigits {
		return nil, i, false
	}
	end := i + 5
	// a longer chain (1.2.3.4, a version or phone number) is not a date
	if end+1 < len(t) && s.adjacent(i+4) && t[end].key == sep && t[end+1].kind == tDigits {
		return nil, end + 2, true
	}
	a, b, c := t[i], t[i+2], t[i+4]
	var y, m, d int
	switch {
	case a.width == 4 && b.width <= 2 && c.width <= 2:
		y, m, d = a.num, b.num, c.num
	case c.width == 4 && a.width <= 2 && b.width <= 2:
		y, m, d = c.num, b.num, a.num
	default:
		return nil, end, true
	}
	cal := "jalali"
	if y >= 1700 {
		cal = "gregorian"
	}
	if e, n2, ok := s.era(end); ok {
		if (e == "gregorian") != (cal == "gregorian") {
			return nil, n2, true
		}
		cal, end = e, n2
	}
	day, err := toDay(cal, y, m, d, s.loc)
	if err != nil {
		return nil, end, true
	}
	e := &expr{ti: i, tj: end, g: gDay, t: day, cal: cal, kind: "date", weekday: -1, explicit: true}
	if h, mi, part, loc, n2, ok := s.clockAfter(end); ok {
		s.setClock(e, day, h, mi, part, loc)
		e.kind, e.tj = "date", n2
	}
	return e, e.tj, true
}

// dayMonth handles a day and a month with an optional year: ۱۵ نوامبر ۲۰۲۵، بیست و چهارم آبان، ۱۲ ربیع‌الاول.
func (s *state) dayMonth(i, d, width int, ord bool, m entry, next int) (*expr, int) {
	cal := calName(m.kind)
	y, n2, relYear, hasYear := s.yearAfter(next, cal)
	if m.needYear && !hasYear {
		return nil, i
	}
	// a cardinal number word before an ambiguous month is more likely a count: دو تیر
	if m.ambiguous && width == 0 && !ord && !hasYear {
		return nil, i
	}
	if !hasYear {
		if !s.hasRef {
			return nil, next
		}
		y = s.nearestYear(cal, m.n, d)
		n2 = next
	}
	day, err := toDay(cal, y, m.n, d, s.loc)
	if err != nil {
		return nil, n2 // an invalid date (۳۱ مهر، ۳۰ اسفند of a common year) is not rolled over
	}
	e := &expr{ti: i, tj: n2, g: gDay, t: day, cal: cal, kind: "date", weekday: -1, explicit: true}
	if !hasYear || relYear {
		e.anchor = "published"
	}
	if h, mi, part, loc, n3, ok := s.clockAfter(n2); ok {
		s.setClock(e, day, h, mi, part, loc)
		e.kind, e.tj = "date", n3
	} else if p, n3, ok := s.isKind(n2, kPart); ok {
		e.g, e.part, e.tj = gPart, p.s, n3
	}
	return e, e.tj
}

// matchOffset handles "N unit" followed by پیش/قبل/بعد/دیگر, by پیش از/بعد از and an anchor, or by a duration
// word (گذشته، اخیر، آینده) that makes it a span rather than a date.
func (s *state) matchOffset(i, n int, unit string, next int) (*expr, int) {
	if p, n2, ok := s.isKind(next, kPrep); ok {
		sign := -1
		if p.s == "after" {
			sign = 1
		}
		return s.anchored(i, n, sign, unit, n2)
	}
	if o, n2, ok := s.isKind(next, kOffset); ok {
		if !s.hasRef {
			return nil, n2
		}
		e := &expr{ti: i, tj: n2, cal: "relative", anchor: "published", kind: "date", weekday: -1}
		if !s.offset(e, s.refT, s.refDay, n*o.n, unit, s.dateOnly) {
			return nil, n2
		}
		return e, n2
	}
	if _, n2, ok := s.isKind(next, kDir); ok {
		return nil, n2 // در دو سال گذشته: a duration, not a date
	}
	return nil, i
}

// offset sets e to base moved by n units; clock units keep a time only when the base has one.
func (s *state) offset(e *expr, base, baseDay time.Time, n int, unit string, dateOnly bool) bool {
	switch unit {
	case "second", "minute", "hour":
		var d time.Duration
		switch unit {
		case "second":
			d = time.Duration(n) * time.Second
		case "minute":
			d = time.Duration(n) * time.Minute
		default:
			d = time.Duration(n) * time.Hour
		}
		if dateOnly {
			// the time of day of the reference is unknown: the day is all that can be said
			e.g, e.t = gDay, baseDay
			return true
		}
		t := base.Add(d)
		e.g, e.t = gTime, t
	case "day":
		e.g, e.t = gDay, baseDay.AddDate(0, 0, n)
	case "week":
		e.g, e.t = gWeek, baseDay.AddDate(0, 0, 7*n)
	case "month":
		jy, jm, _ := ToJalali(baseDay)
		jy, jm = addMonths(jy, jm, n)
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
		jy, _, _ := ToJalali(baseDay)
		jy += n
		e.g = gYear
		e.redo = func(e *expr) {
			if v, j, ok := jalaliYearValue(jy, e.mod); ok {
				e.value, e.jalali = v, j
			} else {
				e.drop = true
			}
		}
		e.redo(e)
	default:
		return false
	}
	return true
}

// anchored handles "N unit before/after X". When X is a date the offset is taken from it; when X is an event
// phrase the anchor is resolved after the scan (see resolveAnchors).
func (s *state) anchored(i, n, sign int, unit string, j int) (*expr, int) {
	if unit != "day" && unit != "week" && unit != "month" && unit != "year" && unit != "hour" {
		return nil, j
	}
	if d, n2 := s.matchCore(j, false); d != nil && d.dayLike() && d.weekday < 0 && d.pending == nil {
		e := &expr{ti: i, tj: n2, cal: "relative", kind: "date", weekday: -1, anchor: s.text[s.toks[j].start:s.toks[n2-1].end]}
		if d.explicit {
			e.explicit = false
		}
		if unit == "hour" {
			unit = "day"
			n = 0
		}
		y, m, dd := d.t.Date()
		s.offset(e, d.t, time.Date(y, m, dd, 0, 0, 0, 0, d.t.Location()), sign*n, unit, true)
		return e, n2
	}
	// the event phrase: its head noun after از, and an adjective after it (تماس تلفنی): a word in ی but not in
	// ای, which is as often the indefinite ending (بیانیه‌ای)
	k := j
	var words []int
	for k < len(s.toks) && len(words) < 2 {
		t := s.toks[k]
		if t.kind != tWord || (k > j && t.nl) {
			break
		}
		if _, _, stop := s.isKind(k, kStop); stop {
			break
		}
		if _, _, _, _, num := s.number(k); num {
			break
		}
		if len(words) == 1 && (!strings.HasSuffix(t.key, "ی") || strings.HasSuffix(t.key, "ای")) {
			break
		}
		words = append(words, k)
		k++
	}
	pronoun := false
	if len(words) == 0 {
		if j < len(s.toks) && (s.toks[j].key == "ان" || s.toks[j].key == "این" || s.toks[j].key == "همان") {
			pronoun = true
			words = append(words, j)
			k = j + 1
		} else {
			return nil, j
		}
	}
	head := trimSuffixes(s.toks[words[0]].key)
	e := &expr{ti: i, tj: k, cal: "relative", kind: "date", weekday: -1,
		pending: &pendingAnchor{n: n, sign: sign, unit: unit, head: head, pronoun: pronoun, evStart: j, evEnd: k,
			evPhrase: s.text[s.toks[j].start:s.toks[k-1].end]}}
	return e, k
}

// trimSuffixes removes a plural or ezafe ending from a folded word, keeping at least three letters.
func trimSuffixes(w string) string {
	for _, suf := range []string{"هایی", "های", "ها", "ی"} {
		if t, ok := strings.CutSuffix(w, suf); ok && utf8.RuneCountInString(t) >= 3 {
			return t
		}
	}
	return w
}

// clockAfter reads a clock time right after a date: optional "،" "-" or "," then ساعت ۱۰:۳۰, or ۱۰:۳۰ alone.
func (s *state) clockAfter(j int) (h, m int, part string, loc *time.Location, next int, ok bool) {
	k := j
	for k < len(s.toks) && k < j+2 && s.punct(k, "،,-–") {
		k++
	}
	if k < len(s.toks) && s.toks[k].nl {
		return
	}
	return s.clock(k)
}

// clock reads ساعت H[:MM] [part of day] [به وقت PLACE], or a bare H:MM.
func (s *state) clock(j int) (h, m int, part string, loc *time.Location, next int, ok bool) {
	k := j
	saat := false
	sec := 0
	if n2, isHour := s.isWord(k, "hour"); isHour {
		saat, k = true, n2
	}
	hv, n2, ord, width, okn := s.number(k)
	if !okn || ord || hv > 24 || (width == 0 && !saat) {
		return
	}
	k = n2
	mv := 0
	switch {
	case width > 0 && s.adjacent(k-1) && s.punct(k, ":٫") && k+1 < len(s.toks) && s.adjacent(k) &&
		s.toks[k+1].kind == tDigits && s.toks[k+1].width == 2:
		mv = s.toks[k+1].num
		k += 2
		if s.punct(k, ":") && s.adjacent(k-1) && k+1 < len(s.toks) && s.toks[k+1].kind == tDigits && s.adjacent(k) {
			sec = s.toks[k+1].num
			k += 2
		}
	case saat:
		// ساعت ۱۰ و ۳۰ دقیقه
		if k+2 < len(s.toks) && s.toks[k].key == "و" {
			if mm, n3, _, _, okm := s.number(k + 1); okm {
				if u, n4, isU := s.isKind(n3, kUnit); isU && u.s == "minute" {
					mv, k = mm, n4
				}
			}
		}
	default:
		return
	}
	if mv > 59 || sec > 59 || (hv == 24 && mv > 0) {
		return
	}
	// ق.ظ. and ب.ظ. (before and after noon) of feeds
	if k+2 < len(s.toks) && (s.toks[k].key == "ق" || s.toks[k].key == "ب") && s.toks[k+1].key == "." &&
		s.toks[k+2].key == "ظ" {
		if s.toks[k].key == "ب" && hv < 12 {
			hv += 12
		} else if s.toks[k].key == "ق" && hv == 12 {
			hv = 0
		}
		k += 3
		if s.punct(k, ".") && s.adjacent(k-1) {
			k++
		}
	} else if p, n3, isPart := s.isKind(k, kPart); isPart {
		part, k = p.s, n3
		switch p.s {
		case "AF", "EV":
			if hv < 12 {
				hv += 12
			}
		case "MI":
			if hv < 6 {
				hv += 12
			}
		case "NI":
			if hv >= 6 && hv < 12 {
				hv += 12
			} else if hv == 12 {
				hv = 0
			}
		case "MO":
			if hv == 12 {
				hv = 0
			}
		}
	}
	if hv == 24 {
		hv = 0
	}
	// به وقت تهران
	if n3, isAt := s.isWord(k, "at"); isAt {
		if n4, isTime := s.isWord(n3, "time"); isTime {
			if z, n5, okz := s.zone(n4); okz {
				loc, k = z, n5
				if loc == nil {
					loc = s.loc
				}
			}
		}
	}
	s.lastSec = sec
	return hv, mv, part, loc, k, true
}

// zone reads a place of data/zones.tsv at token i.
func (s *state) zone(i int) (*time.Location, int, bool) {
	if i >= len(s.toks) || s.toks[i].kind != tWord {
		return nil, i, false
	}
	maxW := s.x.lex.zoneMax[s.toks[i].key]
	for n := min(maxW, len(s.toks)-i); n >= 1; n-- {
		key := ""
		ok := true
		for k := i; k < i+n; k++ {
			if s.toks[k].kind != tWord {
				ok = false
				break
			}
			key += s.toks[k].key
		}
		if !ok {
			continue
		}
		if loc, found := s.x.zones[key]; found {
			return loc, i + n, true
		}
	}
	return nil, i, false
}

// single looks up the meaning of kind k of token i alone, ignoring longer forms that start with it (the unit روز
// of "سه روز قبل", not the phrase روز قبل).
func (s *state) single(i int, k kind) (entry, bool) {
	if i >= len(s.toks) || s.toks[i].kind != tWord {
		return entry{}, false
	}
	return find(s.x.lex.phrases[s.toks[i].key], k)
}

// sameMonthDay returns day d of the month (in its own calendar) of the day expression e.
func sameMonthDay(e *expr, d int) (time.Time, error) {
	y, m, _ := e.t.Date()
	switch e.cal {
	case "jalali":
		jy, jm, _ := ToJalali(e.t)
		return toDay("jalali", jy, jm, d, e.t.Location())
	case "hijri":
		hy, hm, _, err := GregorianToHijri(y, m, e.t.Day())
		if err != nil {
			return time.Time{}, err
		}
		return toDay("hijri", hy, hm, d, e.t.Location())
	}
	return toDay("gregorian", y, int(m), d, e.t.Location())
}
