package timex

import (
	"sort"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// separators may stand between two forms of one date: ۱۵ نوامبر ۲۰۲۵ (۲۴ آبان ۱۴۰۴)، روز شنبه، ۲۴ آبان.
var separatorPunct = "،,()[]«»:"

var separatorWords = map[string]bool{"برابر": true, "با": true, "مطابق": true, "یعنی": true, "معادل": true}

// together reports whether only separators stand between expressions a and b (a before b).
func (s *state) together(a, b *expr) bool {
	if b.ti-a.tj > 4 {
		return false
	}
	for k := a.tj; k < b.ti; k++ {
		t := s.toks[k]
		if t.nl {
			return false
		}
		switch t.kind {
		case tPunct:
			if !strings.Contains(separatorPunct, t.key) {
				return false
			}
		case tWord:
			if !separatorWords[t.key] {
				return false
			}
		default:
			return false
		}
	}
	return b.ti < len(s.toks) && !s.toks[b.ti].nl
}

func sameDay(a, b *expr) bool {
	ay, am, ad := a.t.Date()
	by, bm, bd := b.t.Date()
	return ay == by && am == bm && ad == bd
}

// resolveWeekdaysAndLinks gives each bare weekday its day and links the forms written together as one date.
//
// A weekday written beside an explicit date (روز شنبه، ۱۵ نوامبر ۲۰۲۵) takes that date's day and is flagged as a
// conflict when the weekday is wrong. Otherwise a weekday is the nearest such day on or before the reference, or on
// or after it when its sentence speaks of the future (خواهد، قرار است). Explicit dates written together in two
// calendars are linked through Same when they denote the same day and flagged as Conflict when they do not.
func (s *state) resolveWeekdaysAndLinks() {
	ex := s.exprs
	for gi := 0; gi < len(ex); {
		gj := gi + 1
		for gj < len(ex) && s.together(ex[gj-1], ex[gj]) {
			gj++
		}
		// the first explicit day of the group is its head
		head := -1
		for k := gi; k < gj; k++ {
			if ex[k].dayLike() && ex[k].weekday < 0 && ex[k].pending == nil {
				head = k
				break
			}
		}
		for k := gi; k < gj; k++ {
			e := ex[k]
			if head < 0 || k == head {
				continue
			}
			h := ex[head]
			switch {
			case e.weekday >= 0:
				if e.g == gTime {
					hh, mm, _ := e.t.Clock()
					e.t = dayStart(h.t).Add(timeOfDay(hh, mm))
				} else {
					e.t = dayStart(h.t)
				}
				e.cal, e.anchor, e.kind = "relative", s.text[s.toks[h.ti].start:s.toks[h.tj-1].end], "weekday"
				if int(h.t.Weekday()) != e.weekday {
					e.conflict, h.conflict = true, true
				} else {
					e.same = head + 1
				}
				e.weekday = -2 // resolved
			case e.dayLike() && e.pending == nil:
				if sameDay(e, h) {
					e.same = head + 1
					if h.same == 0 {
						h.same = k + 1
					}
				} else if e.explicit && h.explicit {
					e.conflict, h.conflict = true, true
				}
			}
		}
		gi = gj
	}
	for _, e := range ex {
		if e.weekday < 0 {
			continue
		}
		if !s.hasRef {
			e.drop = true
			continue
		}
		dir := -1
		if s.futureSentence(e) {
			dir = 1
		}
		d := s.refDay
		for int(d.Weekday()) != e.weekday {
			d = d.AddDate(0, 0, dir)
		}
		if e.g == gTime {
			h, m, _ := e.t.Clock()
			e.t = d.Add(timeOfDay(h, m))
		} else {
			e.t = d
		}
	}
}

// futureSentence reports whether the sentence of e has a future marker (خواهد، قرار است). The answer is kept per
// sentence, so a text of many weekdays stays linear.
func (s *state) futureSentence(e *expr) bool {
	sn := s.sent[e.ti]
	if s.future == nil {
		s.future = map[int]bool{}
	}
	if v, ok := s.future[sn]; ok {
		return v
	}
	k := e.ti
	for k > 0 && s.sent[k-1] == sn {
		k--
	}
	v := false
	for ; k < len(s.toks) && s.sent[k] == sn; k++ {
		if s.toks[k].kind == tWord {
			if _, _, ok := s.isKind(k, kFuture); ok {
				v = true
				break
			}
		}
	}
	s.future[sn] = v
	return v
}

// resolveAnchors resolves "N unit before/after <event>". The rule: the event phrase's head word (its first content
// word, without plural or ezafe endings) is looked for in the sentences that hold an explicit full date; the
// nearest such date before the phrase wins, else the nearest after it; failing both, an explicit full date earlier
// in the phrase's own sentence. "پیش از آن" (that) takes the nearest explicit full date before it. An event the
// article does not date leaves the expression out: its day is unknown.
func (s *state) resolveAnchors() {
	for idx, e := range s.exprs {
		p := e.pending
		if p == nil {
			continue
		}
		anchor := -1
		if p.pronoun {
			for k := idx - 1; k >= 0; k-- {
				if s.exprs[k].explicit && s.exprs[k].dayLike() && s.exprs[k].pending == nil {
					anchor = k
					break
				}
			}
		} else {
			for k := idx - 1; k >= 0 && k >= idx-maxAnchorLook && anchor < 0; k-- {
				if s.anchorable(s.exprs[k], p, e) {
					anchor = k
				}
			}
			for k := idx + 1; k < len(s.exprs) && k <= idx+maxAnchorLook && anchor < 0; k++ {
				if s.anchorable(s.exprs[k], p, e) {
					anchor = k
				}
			}
		}
		if anchor < 0 && idx > 0 {
			// no sentence names the event: an explicit full date earlier in the phrase's own sentence dates it
			// (دادگاه در ۱۲ آذر ۱۴۰۳ حکم داد و متهم ۲۰ روز پس از صدور حکم آزاد شد)
			for k := idx - 1; k >= 0 && k >= idx-maxAnchorLook; k-- {
				a := s.exprs[k]
				if s.sent[a.ti] != s.sent[e.ti] {
					break
				}
				if a.explicit && a.dayLike() && a.pending == nil && !a.drop {
					anchor = k
					break
				}
			}
		}
		if anchor < 0 {
			e.drop = true
			continue
		}
		a := s.exprs[anchor]
		day := a.t
		n, unit := p.n, p.unit
		if unit == "hour" {
			n, unit = 0, "day"
		}
		if !s.offset(e, day, dayStart(a.t), p.sign*n, unit, true) {
			e.drop = true
			continue
		}
		e.anchor = p.evPhrase
	}
}

// Bounds of the anchor search, which keep pathological texts linear: the dates looked at on each side of the
// phrase, and the words looked at on each side of a date within its sentence.
const (
	maxAnchorLook   = 30
	maxSentenceLook = 120
)

// anchorable reports whether explicit date a can anchor the event of p: a full date whose sentence holds the
// event's head word (outside the phrase itself).
func (s *state) anchorable(a *expr, p *pendingAnchor, e *expr) bool {
	if !a.explicit || !a.dayLike() || a.pending != nil || a.drop {
		return false
	}
	sn := s.sent[a.ti]
	lo, hi := a.ti, a.ti
	for lo > 0 && s.sent[lo-1] == sn && a.ti-lo < maxSentenceLook {
		lo--
	}
	for hi < len(s.toks) && s.sent[hi] == sn && hi-a.ti < maxSentenceLook {
		hi++
	}
	for k := lo; k < hi; k++ {
		if k >= e.ti && k < e.tj {
			continue
		}
		t := s.toks[k]
		if t.kind == tWord && strings.HasPrefix(t.key, p.head) {
			return true
		}
	}
	return false
}

// output turns the expressions into article.Dates in text order, renumbering the links.
func (s *state) output() []article.Date {
	keep := make([]int, len(s.exprs)) // old index → new index+1, 0 when dropped
	var out []article.Date
	ex := s.exprs
	sort.SliceStable(ex, func(a, b int) bool { return ex[a].ti < ex[b].ti })
	for k, e := range ex {
		if e.drop || e.ti >= e.tj || e.tj > len(s.toks) {
			continue
		}
		d := article.Date{Text: s.text[s.toks[e.ti].start:s.toks[e.tj-1].end], Mod: e.mod, Calendar: e.cal,
			Anchor: e.anchor, Kind: e.kind, Conflict: e.conflict}
		d.Start, d.End = s.toks[e.ti].start, s.toks[e.tj-1].end
		switch e.g {
		case gDay:
			d.Value, d.Jalali = dayValue(e.t)
		case gPart:
			d.Value, d.Jalali = partValue(e.t, e.part)
		case gTime:
			d.Value, d.Jalali = timeValue(e.t)
		case gWeek:
			d.Value = weekValue(persianWeekMiddle(e.t))
		default:
			d.Value, d.Jalali = e.value, e.jalali
		}
		if d.Value == "" {
			continue
		}
		out = append(out, d)
		keep[k] = len(out)
	}
	j := 0
	for k, e := range ex {
		if keep[k] == 0 {
			continue
		}
		if e.same > 0 && keep[e.same-1] > 0 {
			out[j].Same = keep[e.same-1]
		}
		j++
	}
	return out
}

// Append appends the dates of one Extract call to those of another, shifting the 1-based Same links of the new
// dates so that they still point at the right entries of the combined slice.
func Append(dst, src []article.Date) []article.Date {
	off := len(dst)
	for _, d := range src {
		if d.Same > 0 {
			d.Same += off
		}
		dst = append(dst, d)
	}
	return dst
}

// dayStart returns midnight of t's day in t's location.
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func timeOfDay(h, m int) time.Duration {
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
}

// persianWeekMiddle returns the Tuesday of the Saturday-to-Friday week of t: the ISO week that holds it names the
// Persian week.
func persianWeekMiddle(t time.Time) time.Time {
	start := t.AddDate(0, 0, -int((t.Weekday()+1)%7))
	return start.AddDate(0, 0, 3)
}
