package persian

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Morpheme kinds of the noun suffix chain; each has its own rule for where it may follow and whether a ZWNJ
// separates it from what precedes.
const (
	mPlural = iota + 1 // ها: ZWNJ after a joining letter (کتاب‌ها، کارها)
	mComp              // تر، ترین: ZWNJ after a joining letter (بزرگ‌تر)
	mEzafe             // ی: ZWNJ only after a vowel ه (برنامه‌ی، کتابی)
	mAy                // ای: after a vowel ه or ی, with ZWNJ (هسته‌ای)
	mYi                // یی: after ا or و, fused (هایی)
	mPron1             // م ت ش: after a consonant, fused
	mPronY             // یم یت یش یمان یتان یشان: after ا or و, fused
	mPronA             // ام ات اش ایم اید اند: after a vowel ه or ی, with ZWNJ (نیافته‌اند)
	mPronPl            // مان تان شان: ZWNJ after a vowel ه or ی (ایرانی‌مان، کشورشان)
)

type morph struct {
	s    string
	kind uint8
}

// allow reports whether m may follow a stem ending in last (vowelH: a vowel ه) and whether a ZWNJ goes between.
func (m morph) allow(last rune, vowelH bool) (ok, zw bool) {
	switch m.kind {
	case mPlural, mComp:
		return true, !nonJoining(last)
	case mEzafe:
		return last != 'ی', vowelH
	case mAy, mPronA:
		return vowelH || last == 'ی', true
	case mYi, mPronY:
		return last == 'ا' || last == 'و', false
	case mPron1:
		return !vowelH && last != 'ا' && last != 'و' && last != 'ی' && last != 'ه', false
	case mPronPl:
		return last != 'ا' && last != 'و', vowelH || last == 'ی'
	}
	return false, false
}

// buildChains lists every suffix chain (plural or comparative, then an ezafe, clitic or copula) by its spelling.
func buildChains() map[string][]morph {
	l1 := []morph{{}, {"ها", mPlural}, {"تر", mComp}, {"ترین", mComp}}
	l2 := []morph{{}, {"ی", mEzafe}, {"ای", mAy}, {"یی", mYi},
		{"م", mPron1}, {"ت", mPron1}, {"ش", mPron1},
		{"یم", mPronY}, {"یت", mPronY}, {"یش", mPronY}, {"یمان", mPronY}, {"یتان", mPronY}, {"یشان", mPronY},
		{"ام", mPronA}, {"ات", mPronA}, {"اش", mPronA}, {"ایم", mPronA}, {"اید", mPronA}, {"اند", mPronA},
		{"مان", mPronPl}, {"تان", mPronPl}, {"شان", mPronPl}}
	out := map[string][]morph{}
	for _, a := range l1 {
		for _, b := range l2 {
			var ms []morph
			if a.s != "" {
				ms = append(ms, a)
			}
			if b.s != "" {
				ms = append(ms, b)
			}
			if len(ms) == 0 {
				continue
			}
			s := a.s + b.s
			if _, dup := out[s]; !dup {
				out[s] = ms
			}
		}
	}
	return out
}

// analyzer splits fused Persian words into stems and affixes with a lexicon.
type analyzer struct {
	lx       *Lexicon
	chains   map[string][]morph
	agents   map[string]bool // productive second elements in any spelling: کننده، گذاری
	fusedEls map[string]bool // productive second elements only when fused: شده، کرده
	maxEl    int             // longest element in bytes
	firsts   map[string]bool // fused first parts of compounds (نخست of نخست‌وزیر): a spaced word may start one
	info     map[string]wordInfo
}

// wordInfo is what a spaced join needs to know about one fused word, found with a single map lookup.
type wordInfo struct {
	e     entry   // the lexicon entry, when known
	known bool    // the word is in the lexicon
	chain []morph // the word is a suffix chain (ها، ای)
	first bool    // the word may start a compound
	agent bool    // the word is a productive element joined in any spelling
	left  uint8   // the word joins the next one: leftVerb (می، برمی), leftBi (بی), leftNum (سه ساله)
}

// Kinds of words that join the following word when written apart.
const (
	leftVerb = iota + 1
	leftBi
	leftNum
)

// numberWords take a measure word (ساله، ماهه) as one compound: سه‌ساله.
var numberWords = []string{"یک", "سه", "پنج", "شش", "هفت", "هشت", "نه", "ده", "صد", "چند", "نیم", "یازده", "دوازده",
	"سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده", "بیست", "سی", "چهل", "پنجاه", "شصت", "دویست"}

// measureWords follow a number word in a compound adjective.
var measureWords = map[string]bool{"ساله": true, "ماهه": true, "روزه": true, "ساعته": true,
	"نفره": true, "جانبه": true, "لایه": true, "زبانه": true, "طبقه": true, "قطبی": true,
	"بعدی": true, "ملیتی": true, "حزبی": true, "منظوره": true, "رقمی": true, "درصدی": true, "ستاره": true,
	"ساعتی": true, "سالانه": true, "گانه": true, "تایی": true}

func newAnalyzer(lx *Lexicon) *analyzer {
	a := &analyzer{lx: lx, chains: buildChains(), agents: map[string]bool{}, fusedEls: map[string]bool{}, firsts: map[string]bool{}}
	for k, e := range lx.words {
		if e.disp != "" {
			for i := 0; i < len(k); i++ {
				if utf8.RuneStart(k[i]) && i > 0 {
					a.firsts[k[:i]] = true // any prefix may end a spaced word (ZWNJ or non-joining boundary)
				}
			}
		}
		if e.flags&flagAgent != 0 {
			a.agents[k] = true
		}
		if e.flags&(flagAgent|flagFusedEl) != 0 {
			a.fusedEls[k] = true
			a.maxEl = max(a.maxEl, len(k))
		}
	}
	a.info = make(map[string]wordInfo, len(lx.words)+len(a.firsts)+len(a.chains))
	for k, e := range lx.words {
		a.info[k] = wordInfo{e: e, known: true}
	}
	for k := range a.firsts {
		wi := a.info[k]
		wi.first = true
		a.info[k] = wi
	}
	for k, c := range a.chains {
		wi := a.info[k]
		wi.chain = c
		a.info[k] = wi
	}
	for k := range a.agents {
		wi := a.info[k]
		wi.agent = true
		a.info[k] = wi
	}
	setLeft := func(k string, kind uint8) {
		wi := a.info[k]
		wi.left = kind
		a.info[k] = wi
	}
	for _, pv := range preverbs {
		for _, mp := range verbPrefixes {
			setLeft(pv+mp, leftVerb)
		}
	}
	setLeft("بی", leftBi)
	for _, w := range numberWords {
		setLeft(w, leftNum)
	}
	return a
}

// lastRune returns the last rune of s.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// boundsOf returns the byte offsets, in the fused form, of the ZWNJs of a display form.
func boundsOf(disp string, dst []int) []int {
	n := 0
	for i := 0; i < len(disp); {
		if strings.HasPrefix(disp[i:], zwnjStr) {
			dst = append(dst, n)
			i += len(zwnjStr)
			continue
		}
		i++
		n++
	}
	return dst
}

// isVowelH reports whether the stem ends in a ه pronounced as a vowel (برنامه), not a consonant (راه، گروه).
func (a *analyzer) isVowelH(stem string, e entry, known bool) bool {
	if !strings.HasSuffix(stem, "ه") {
		return false
	}
	if known && e.flags&flagConsH != 0 {
		return false
	}
	return !strings.HasSuffix(stem, "اه")
}

// analysis is one way to read a fused word.
type analysis struct {
	bounds    []int
	coreRunes int // runes of the lexical core (noun) or prefix plus stem (verb)
	ok        bool
}

// core reports whether s is a lexical core: a known word, a participle, or a productive compound. spaced restricts
// compounds to those whose second element also joins when written with a space.
func (a *analyzer) core(s string, spaced bool, dst []int) (bounds []int, vowelH, ok bool) {
	if e, known := a.lx.words[s]; known {
		if e.flags&flagFunc != 0 {
			return dst, false, false
		}
		if e.disp != "" {
			dst = boundsOf(e.disp, dst)
		}
		return dst, a.isVowelH(s, e, true), true
	}
	if a.isParticiple(s) {
		return dst, true, true
	}
	// Reduplication: گروه‌گروه، کم‌کم، یک‌یک.
	if h := len(s) / 2; len(s)%2 == 0 && h >= 4 && s[:h] == s[h:] && utf8.RuneStart(s[h]) && !nonJoining(lastRune(s[:h])) {
		if _, known := a.lx.words[s[:h]]; known {
			return append(dst, h), false, true
		}
	}
	// A number word and a measure word: سه‌ساله، چندجانبه.
	for _, nw := range numberWords {
		if rest, ok := strings.CutPrefix(s, nw); ok && measureWords[rest] && !nonJoining(lastRune(nw)) {
			return append(dst, len(nw)), strings.HasSuffix(rest, "ه"), true
		}
	}
	for _, pre := range [...]string{"بی", "به"} {
		rest, ok := strings.CutPrefix(s, pre)
		if !ok || utf8.RuneCountInString(rest) < 3 || pre == "به" && utf8.RuneCountInString(rest) < 4 {
			continue // بهروز، بهنام are names
		}
		if e, known := a.lx.words[rest]; known && e.flags&(flagFunc|flagAgent|flagFusedEl) == 0 {
			dst = append(dst, len(pre))
			if e.disp != "" {
				for _, b := range boundsOf(e.disp, nil) {
					dst = append(dst, len(pre)+b)
				}
			}
			return dst, a.isVowelH(rest, e, true), true
		}
	}
	if len(s) <= 4 {
		return dst, false, false
	}
	for i := len(s) - 4; i >= 4 && len(s)-i <= a.maxEl; i-- {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		el := s[i:]
		if !a.fusedEls[el] || spaced && !a.agents[el] {
			continue
		}
		left := s[:i]
		e, known := a.lx.words[left]
		if known && e.flags&(flagFunc|flagAgent|flagFusedEl) != 0 || utf8.RuneCountInString(left) < 2 {
			continue
		}
		if !known && (!openLeft[el] || utf8.RuneCountInString(left) < 3) {
			continue
		}
		if e.disp != "" {
			dst = boundsOf(e.disp, dst)
		}
		if !nonJoining(lastRune(left)) {
			dst = append(dst, len(left))
		}
		return dst, strings.HasSuffix(el, "ه"), true
	}
	if !spaced {
		// A known word ending in a vowel ه, then a known word: the ه cannot join on (تازه‌وارد).
		for i := 6; i <= len(s)-4; i++ {
			if !utf8.RuneStart(s[i]) || s[i-2:i] != "ه" {
				continue
			}
			left, right := s[:i], s[i:]
			e, known := a.lx.words[left]
			if !known || e.flags&flagFunc != 0 || !a.isVowelH(left, e, true) {
				continue
			}
			er, rk := a.lx.words[right]
			if !rk || er.flags&flagFunc != 0 || er.disp != "" || utf8.RuneCountInString(right) < 2 {
				continue
			}
			if e.disp != "" {
				dst = boundsOf(e.disp, dst)
			}
			dst = append(dst, len(left))
			return dst, a.isVowelH(right, er, true), true
		}
	}
	return dst, false, false
}

// openLeft lists the compound elements that also follow unknown words (of three letters or more) when fused:
// they hardly ever end a simple word (Xشده، Xکننده، Xآباد، Xگذاری).
var openLeft = map[string]bool{"شده": true, "شدگان": true, "کننده": true, "کنندگان": true, "کنندگی": true,
	"آباد": true, "آبادی": true, "گذار": true, "گذاری": true, "گذاران": true, "پرداز": true, "پردازی": true,
	"افزار": true, "افزاری": true, "آفرین": true, "آفرینی": true, "زدایی": true, "انگیز": true, "انگیزی": true,
	"آمیز": true, "پذیر": true, "پذیری": true, "ناپذیر": true, "پردازان": true, "شناسی": true, "سازی": true,
	"دهنده": true, "دهندگان": true, "گیرنده": true, "گیرندگان": true}

// isParticiple reports whether s is a past participle: optional ن, a past stem, ه (رفته، نیافته).
func (a *analyzer) isParticiple(s string) bool {
	st, ok := strings.CutSuffix(s, "ه")
	if !ok || len(st) < 4 {
		return false
	}
	if a.lx.past[st] {
		return true
	}
	if rest, ok := strings.CutPrefix(st, "ن"); ok && len(rest) >= 4 && a.lx.past[rest] {
		return true
	}
	return false
}

var (
	presentEndings = map[string]bool{"م": true, "ی": true, "د": true, "یم": true, "ید": true, "ند": true, "یند": true, "یی": true, "ییم": true, "یید": true}
	pastEndings    = map[string]bool{"": true, "م": true, "ی": true, "یم": true, "ید": true, "ند": true}
	copulas        = map[string]bool{"ام": true, "ای": true, "ایم": true, "اید": true, "اند": true}
	preverbs       = []string{"", "بر", "در", "باز", "فرا", "فرو", "وا"}
	verbPrefixes   = []string{"نمی", "می"}
	haChains       = []string{"هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها"}
	// openChains may follow unknown stems: the plural family and the superlative.
	openChains = []string{"هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها", "ترینها", "ترین"}
)

// verbBody reads s as a verb stem with its ending; it appends the ZWNJ before a copula (کرده‌اند) and returns the
// stem length in runes.
func (a *analyzer) verbBody(s string, off int, dst []int) ([]int, int, bool) {
	for k := len(s); k >= 2; k-- {
		if k < len(s) && !utf8.RuneStart(s[k]) {
			continue
		}
		stem, end := s[:k], s[k:]
		if a.lx.present[stem] && presentEndings[end] || a.lx.past[stem] && pastEndings[end] {
			return dst, utf8.RuneCountInString(stem), true
		}
		if a.lx.past[stem] && strings.HasPrefix(end, "ه") {
			if cop := end[len("ه"):]; cop == "" || copulas[cop] {
				if cop != "" {
					dst = append(dst, off+k+len("ه"))
				}
				return dst, utf8.RuneCountInString(stem), true
			}
		}
	}
	return dst, 0, false
}

// verb reads s as [preverb] می/نمی + verb body.
func (a *analyzer) verb(s string, dst []int) analysis {
	for _, pv := range preverbs {
		t, ok := strings.CutPrefix(s, pv)
		if !ok {
			continue
		}
		for _, mp := range verbPrefixes {
			body, ok := strings.CutPrefix(t, mp)
			if !ok || body == "" {
				continue
			}
			off := len(pv) + len(mp)
			b := append(dst, off)
			if b, n, ok := a.verbBody(body, off, b); ok {
				return analysis{bounds: b, coreRunes: utf8.RuneCountInString(s[:off]) + n, ok: true}
			}
		}
	}
	return analysis{}
}

// noun reads s as a lexical core followed by a suffix chain, taking the longest core; but where s ends in های and
// both X+های and Xه+ای read, the more frequent of X and Xه wins (plural on a tie), and a participle core never
// beats X+های (نهادهای، زبانهای). Before a pronoun (حرفهایشان) the plural reads whenever X is a word: Xه+ای
// takes no such ending (حرفه‌ایشان is not a word form).
func (a *analyzer) noun(s string, spaced bool, dst []int) analysis {
	if st, rest, ok := cutPlural(s); ok && len(st) >= 4 {
		e1, k1 := a.lx.words[st]
		e2, k2 := a.lx.words[st+"ه"]
		k2 = k2 && rest == ""
		if k1 && e1.flags&flagFunc == 0 && (!k2 || e1.freq >= e2.freq && !a.isPluralAn(st)) || !k2 && a.lx.past[st] {
			if e1.disp != "" {
				dst = boundsOf(e1.disp, dst)
			}
			if !nonJoining(lastRune(st)) {
				dst = append(dst, len(st))
			}
			return analysis{bounds: dst, coreRunes: utf8.RuneCountInString(st), ok: true}
		}
	}
	for j := len(s); j >= 4; j-- {
		if j < len(s) && !utf8.RuneStart(s[j]) {
			continue
		}
		var chain []morph
		if j < len(s) {
			c, ok := a.chains[s[j:]]
			if !ok {
				continue
			}
			chain = c
		}
		core := s[:j]
		b, vowelH, ok := a.core(core, spaced, dst[:0])
		if !ok {
			continue
		}
		if j == len(s) && len(b) == 0 {
			continue // a plain known word would have been found whole
		}
		last, pos := lastRune(core), j
		good := true
		for _, m := range chain {
			ok, zw := m.allow(last, vowelH)
			if !ok {
				good = false
				break
			}
			if zw {
				b = append(b, pos)
			}
			pos += len(m.s)
			last, vowelH = lastRune(m.s), false
		}
		if good {
			return analysis{bounds: b, coreRunes: utf8.RuneCountInString(core), ok: true}
		}
	}
	return analysis{}
}

// cutPlural splits s before the plural های, alone or followed by a pronoun that Xه+ای cannot take (هایش،
// هایت، هایشان، هایتان، هایمان): the stem, and what follows های. هایم and هایی are left to the general
// reading: Xه+ایم is a participle and its copula (رفته‌ایم).
func cutPlural(s string) (stem, rest string, ok bool) {
	for _, c := range [...]string{"هایشان", "هایتان", "هایمان", "هایش", "هایت", "های"} {
		if st, found := strings.CutSuffix(s, c); found {
			return st, c[len("های"):], true
		}
	}
	return "", "", false
}

// isPluralAn reports whether st is a known word plus the plural ان (دوستان، کودکان): such a plural takes no
// second plural, so stانهای reads as stانه‌ای (دوستانه‌ای), not stان‌های.
func (a *analyzer) isPluralAn(st string) bool {
	y, ok := strings.CutSuffix(st, "ان")
	if !ok || utf8.RuneCountInString(y) < 2 {
		return false
	}
	e, known := a.lx.words[y]
	return known && e.flags&flagFunc == 0
}

// analyze returns the byte offsets in the fused word s (no ZWNJ) where ZWNJs belong. spaced restricts the
// analysis to readings that also hold when the parts were written apart (for joining spaced words).
// nb and vb are scratch space for the noun and verb readings.
func (a *analyzer) analyze(s string, spaced bool, nb, vb []int) ([]int, bool) {
	if e, ok := a.lx.words[s]; ok {
		if e.disp == "" {
			return nil, true
		}
		return boundsOf(e.disp, nb), true
	}
	if len(s) < 4 {
		return nil, false
	}
	n := a.noun(s, spaced, nb)
	if strings.Contains(s[:min(len(s), 12)], "می") {
		if v := a.verb(s, vb); v.ok && (!n.ok || n.coreRunes < v.coreRunes) {
			return v.bounds, true
		}
	}
	if n.ok {
		return n.bounds, true
	}
	for _, c := range openChains {
		stem, ok := strings.CutSuffix(s, c)
		if ok && utf8.RuneCountInString(stem) >= 3 && !nonJoining(lastRune(stem)) {
			if e, known := a.lx.words[stem]; known && e.flags&flagFunc != 0 {
				return nil, false
			}
			return append(nb[:0], len(stem)), true
		}
	}
	return nil, false
}

// repair returns the display form of one Persian word: redundant ZWNJs removed (after a non-joining letter, doubled,
// at the edges), ZWNJs restored where the analysis of the fused word puts them, ZWNJs already written kept.
func (a *analyzer) repair(w string, buf []byte) []byte {
	if !hasZWNJ(w) {
		wi, ok := a.info[w]
		return a.repairKnown(w, wi, ok, buf)
	}
	return a.repairSlow(w, buf)
}

// repairKnown is repair for a word without ZWNJ whose info lookup (wi, ok) is already done.
func (a *analyzer) repairKnown(w string, wi wordInfo, ok bool, buf []byte) []byte {
	if ok && wi.known {
		if wi.e.disp == "" {
			return append(buf, w...)
		}
		return append(buf, wi.e.disp...)
	}
	return a.repairSlow(w, buf)
}

func (a *analyzer) repairSlow(w string, buf []byte) []byte {
	for _, r := range w {
		if isMark(r) {
			return cleanZWNJ(buf, w)
		}
	}
	fused := w
	var bb [8]int
	bounds := bb[:0]
	if hasZWNJ(w) {
		var fb []byte
		for i := 0; i < len(w); {
			if strings.HasPrefix(w[i:], zwnjStr) {
				if len(fb) > 0 && !nonJoining(lastRune(string(fb))) {
					bounds = append(bounds, len(fb))
				}
				i += len(zwnjStr)
				continue
			}
			fb = append(fb, w[i])
			i++
		}
		fused = string(fb)
	}
	var nb, vb [8]int
	if b, ok := a.analyze(fused, false, nb[:0], vb[:0]); ok {
		if covers(b, bounds, fused) {
			bounds = append(bounds, b...)
		} else {
			// The reading of the whole word contradicts the ZWNJs already written: keep them and read each part
			// on its own (دقیقه‌ای is not دقیق‌های).
			bounds = a.partBounds(fused, bounds)
		}
	} else if len(bounds) > 0 {
		bounds = a.partBounds(fused, bounds)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	prev := 0
	for _, p := range bounds {
		if p <= 0 || p >= len(fused) || nonJoining(lastRune(fused[:p])) {
			continue
		}
		buf = append(buf, fused[prev:p]...)
		buf = append(buf, zwnjStr...)
		prev = p
	}
	return append(buf, fused[prev:]...)
}

// covers reports whether the analysis bounds b include every written ZWNJ position in have.
func covers(b, have []int, fused string) bool {
	for _, h := range have {
		if !slices.Contains(b, h) {
			return false
		}
	}
	return true
}

// partBounds returns the written ZWNJ positions have plus those found by analysing each part between them.
func (a *analyzer) partBounds(fused string, have []int) []int {
	out := slices.Clone(have)
	prev := 0
	var nb, vb [8]int
	for i := 0; i <= len(have); i++ {
		end := len(fused)
		if i < len(have) {
			end = have[i]
		}
		if end > prev {
			if b, ok := a.analyze(fused[prev:end], false, nb[:0], vb[:0]); ok {
				for _, x := range b {
					out = append(out, prev+x)
				}
			}
		}
		prev = end
	}
	return out
}

// cleanZWNJ copies w dropping ZWNJs that are doubled, at an edge or after a non-joining letter.
func cleanZWNJ(buf []byte, w string) []byte {
	start := len(buf)
	for i := 0; i < len(w); {
		if strings.HasPrefix(w[i:], zwnjStr) {
			i += len(zwnjStr)
			if len(buf) == start || i >= len(w) || strings.HasPrefix(w[i:], zwnjStr) {
				continue
			}
			if r := lastRune(string(buf[start:])); nonJoining(r) || isMark(r) && len(buf)-start >= 2 && nonJoiningBeforeMarks(buf[start:]) {
				continue
			}
			buf = append(buf, zwnjStr...)
			continue
		}
		buf = append(buf, w[i])
		i++
	}
	return buf
}

// nonJoiningBeforeMarks reports whether the last letter before trailing marks is non-joining.
func nonJoiningBeforeMarks(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeLastRune(b)
		if !isMark(r) {
			return nonJoining(r)
		}
		b = b[:len(b)-n]
	}
	return true
}
