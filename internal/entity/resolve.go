package entity

import (
	"sort"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// item kinds of the first pass.
const (
	iMention  = iota + 1 // a linked or discovered mention
	iTitle               // a title word (not emitted)
	iPronoun             // او، وی: resolved in the coreference pass
	iAnaphor             // این نهاد: resolved in the coreference pass
	iHead                // a bare head noun such as آژانس
	iSurname             // the surname of a discovered person
	iConsumed            // words that matched but link to nothing (an attributive demonym)
	iUnnamed             // a title whose holder goes unnamed (مدیر موزه گفت): a person pronouns may refer to
)

// item is one finding of the first pass.
type item struct {
	kind        int
	first, last int // tokens
	start, end  int // bytes
	m           article.Mention
	entry       int    // KB entry, -1 when none
	title       int    // title index for iTitle
	arg         string // anaphor argument, head key, or discovered ID
	surnameOnly bool   // a person linked by surname alone
}

// Recognize returns the entity mentions of a segmented normalised text, in text order: names linked to the
// knowledge base, unknown names found by patterns, and coreferent pronouns and descriptions. A title without a
// name (رئیس‌جمهور روسیه) names the person who holds the role now; RecognizeAt dates that.
func (r *Recognizer) Recognize(doc persian.Doc) []article.Mention {
	return r.RecognizeAt(doc, time.Time{})
}

// RecognizeAt is Recognize for a text written at a given time (the article's publication): roles are read as
// they were then, so that وزیر امور خارجه ایران in 2019 is Zarif. A zero time means now.
func (r *Recognizer) RecognizeAt(doc persian.Doc, at time.Time) []article.Mention {
	if len(doc.Tokens) == 0 {
		return nil
	}
	s := &docState{r: r, doc: doc, keys: make([]string, len(doc.Tokens)), sent: make([]int, len(doc.Tokens))}
	if !at.IsZero() {
		s.at = at.Format("2006-01")
	}
	si := 0
	for i, t := range doc.Tokens {
		if t.Start < 0 || t.End > len(doc.Text) || t.Start > t.End {
			return nil // tokens that do not belong to the text
		}
		s.keys[i] = foldKey(t.Text)
		for si < len(doc.Sentences) && doc.Sentences[si].End <= t.Start {
			si++
		}
		s.sent[i] = si
	}
	items := s.scan()
	items = s.titles(items)
	items = s.surnames(items)
	return s.coref(items)
}

// scan is the first pass: longest KB matches, titles, first-name patterns and coreference candidates.
func (s *docState) scan() []item {
	items := make([]item, 0, len(s.doc.Tokens)/4+4)
	seen := map[int]bool{} // entries mentioned so far
	for i := 0; i < len(s.doc.Tokens); {
		if !s.word(i) {
			if it, ok := s.quotedMedia(i); ok {
				items = append(items, it)
				i = it.last + 2
				continue
			}
			i++
			continue
		}
		if it, ok := s.office(i, seen); ok {
			items = append(items, it)
			seen[it.entry] = true
			i = it.last + 1
			continue
		}
		if it, ok := s.resolveAt(i, seen); ok {
			if it.kind == iMention && it.entry >= 0 {
				seen[it.entry] = true
				s.foreignBody(&it, seen)
			}
			items = append(items, it)
			i = it.last + 1
			continue
		}
		if it, ok := s.unknownPerson(i); ok {
			items = append(items, it)
			i = it.last + 1
			continue
		}
		if it, ok := s.unknownOrg(i); ok {
			items = append(items, it)
			i = it.last + 1
			continue
		}
		k := s.keys[i]
		lex := &s.r.kb.lex
		tok := s.doc.Tokens[i]
		switch {
		case lex.is(cuePronoun, k):
			obj := ""
			if s.key(i+1) == "را" {
				obj = "object"
			}
			items = append(items, item{kind: iPronoun, first: i, last: i, start: tok.Start, end: tok.End, entry: -1, arg: obj})
		case k == "این" && s.word(i+1) && lex.is(cueAnaphor, s.key(i+1)) && s.standsAlone(i+1):
			a, _ := lex.arg(cueAnaphor, s.key(i+1))
			n := s.doc.Tokens[i+1]
			items = append(items, item{kind: iAnaphor, first: i, last: i + 1, start: tok.Start, end: n.End, entry: -1, arg: a})
			i += 2
			continue
		case s.r.headSet[headKey(k)] && s.standsAlone(i):
			items = append(items, item{kind: iHead, first: i, last: i, start: tok.Start, end: tok.End, entry: -1, arg: headKey(k)})
		}
		i++
	}
	return items
}

// resolveAt links the longest supported match at token i.
func (s *docState) resolveAt(i int, seen map[int]bool) (item, bool) {
	for _, m := range s.matches(i) {
		if it, ok := s.resolve(m, seen); ok {
			return it, true
		}
	}
	return item{}, false
}

// resolve chooses the entry a match links to, applying the context rules, or reports that it links nothing.
func (s *docState) resolve(m match, seen map[int]bool) (item, bool) {
	kb := s.r.kb
	tok := s.doc.Tokens[m.first]
	hasZWNJ := strings.ContainsRune(s.doc.Tokens[m.last].Text, zwnj)
	best, bestScore, surnameOnly, title := -1, -1<<30, false, -1
	consumed := false
	for _, p := range m.payloads {
		if p.kind == pTitle && s.spanTokens(m) > int(p.parts) {
			continue
		}
		if p.kind == pTitle {
			if title < 0 {
				title = int(p.idx)
			}
			continue
		}
		e := &kb.entries[p.idx]
		if m.suffix != "" && p.runes <= 3 && !hasZWNJ && m.last == m.first {
			continue // a short name glued to letters is another word
		}
		if p.needsCue && !s.inContext(e, m) {
			continue
		}
		if s.spanTokens(m) > int(p.parts) {
			continue // و نیز is not ونیز: the text may fuse an alias's words, not split them
		}
		if p.kind == pSurname && !seen[int(p.idx)] {
			continue // a surname the KB did not list resolves only to a full name mentioned before
		}
		if m.suffix != "" && !s.suffixAtZWNJ(m) {
			continue // ایرانی‌مان splits at its ZWNJ; خانه‌اش is not خان + هاش
		}
		if p.kind != pDemonym && m.suffix != "" && !nameSuffixes[m.suffix] && !s.hasZWNJSuffix(m) {
			continue // a name takes only ezafe and plural glued on (سپاهان is not سپاه + ان, قبرستان not قبرس + تان)
		}
		adjective := p.kind == pDemonym && !nominalSuffixes[m.suffix] && !pluralKey(s.keys[m.first:m.last+1])
		if p.kind == pEntity && e.Type != article.Person && m.suffix == "ی" && m.last == m.first {
			last := []rune(s.keys[m.first])
			if n := len(last) - 2; n >= 0 && !strings.ContainsRune("هاوی", last[n]) {
				adjective = true // ایرانی: the nisba adjective, not the ezafe
			}
		}
		if adjective && !s.cue(cueAgent, m.first-1) {
			consumed = true
			continue
		}
		score := 0
		if seen[int(p.idx)] {
			score += 8
		}
		if p.kind == pSurname {
			score -= 4
		}
		if e.Subtype == "media" {
			if s.mediaCue(m.first) {
				score += 4
			} else {
				score -= 2
			}
		}
		if e.Type == article.Location {
			score++
			if e.Subtype == "country" {
				score++ // عمان is Oman before Amman
			}
		}
		if score > bestScore || (score == bestScore && int(p.idx) < best) {
			if p.kind == pSurname && best >= 0 && bestScore == score {
				continue
			}
			best, bestScore, surnameOnly = int(p.idx), score, p.kind == pSurname
		}
	}
	it := item{first: m.first, last: m.last, start: tok.Start, end: m.end, entry: best, title: title}
	switch {
	case best >= 0:
		if surnameOnly && !seen[best] && s.ambiguousSurname(m, best) {
			return item{}, false
		}
		it.kind = iMention
		it.surnameOnly = surnameOnly
		it.m = s.mention(best, it.start, it.end)
		s.metonym(&it)
		return it, true
	case title >= 0:
		it.kind = iTitle
		return it, true
	case consumed:
		it.kind = iConsumed
		return it, true
	}
	return item{}, false
}

// spanTokens counts the word tokens a match spans, without a plural written as its own word.
func (s *docState) spanTokens(m match) int {
	n := m.last - m.first + 1
	if m.last > m.first && s.keys[m.last] == m.suffix {
		n--
	}
	return n
}

// pluralKey reports whether the last word of a demonym alias is already plural (ایرانیان، روس‌ها).
func pluralKey(keys []string) bool {
	k := keys[len(keys)-1]
	return strings.HasSuffix(k, "ها") || strings.HasSuffix(k, "یان")
}

// ambiguousSurname reports whether a surname names more than one person, with none mentioned before.
func (s *docState) ambiguousSurname(m match, best int) bool {
	for _, p := range m.payloads {
		if p.kind == pSurname && int(p.idx) != best {
			return true
		}
	}
	return false
}

// mention builds a KB mention of entry i.
func (s *docState) mention(i, start, end int) article.Mention {
	e := &s.r.kb.entries[i]
	return article.Mention{Span: article.Span{Start: start, End: end}, Text: s.doc.Text[start:end], Name: e.Name,
		Type: e.Type, Subtype: e.Subtype, ID: e.ID, Country: e.Country, Sector: e.Sector, Source: SourceKB,
		Antecedent: -1}
}

// metonym marks a capital that speaks or acts (مسکو اعلام کرد) as standing for its government.
func (s *docState) metonym(it *item) {
	e := &s.r.kb.entries[it.entry]
	if e.Type != article.Location || (e.Subtype != "city" && e.Subtype != "capital") || e.Country == "" {
		return
	}
	if p := it.first - 1; p >= 0 && s.word(p) && s.sent[p] == s.sent[it.first] && !s.cue(cueStop, p) {
		return // a modifier of the noun before it (ساکنان خان یونس), or after در
	}
	if s.cue(cueLocative, it.first-1) {
		return
	}
	for j := it.last + 1; j < len(s.doc.Tokens) && j <= it.last+4 && s.sent[j] == s.sent[it.first]; j++ {
		if s.cue(cueSpeech, j) {
			it.m.Subtype = "metonym"
			it.m.Sector = "GOV"
			return
		}
	}
}

// office links `دفتر X` to X's office when X is a person whose role has an office entry (دفتر نتانیاهو), or a
// title with its place (دفتر رئیس‌جمهور روسیه).
func (s *docState) office(i int, seen map[int]bool) (item, bool) {
	if !s.r.kb.lex.is(cueOffice, s.keys[i]) || !s.word(i+1) {
		return item{}, false
	}
	if ms := s.matches(i); len(ms) > 0 {
		return item{}, false // the office is itself a name (دفتر نخست‌وزیری اسرائیل)
	}
	next, ok := s.resolveAt(i+1, seen)
	if !ok {
		return item{}, false
	}
	var keys []string
	last := next.last
	switch {
	case next.kind == iMention && next.m.Type == article.Person && next.entry >= 0:
		roles := s.r.kb.entries[next.entry].Roles
		for _, held := range []bool{true, false} {
			for _, ro := range roles {
				if ro.HeldAt(s.at) == held {
					keys = append(keys, s.r.kb.roleKeys(ro.Title)...)
				}
			}
		}
	case next.kind == iTitle:
		c, ok := s.resolveAt(next.last+1, seen)
		if !ok || c.kind != iMention {
			return item{}, false
		}
		keys = append(keys, titleKey(s.r.kb, s.r.kb.lex.titles[next.title].En, c.m.ID)...)
		last = c.last
	}
	for _, k := range keys {
		if offs := s.r.offices[k]; len(offs) > 0 {
			start := s.doc.Tokens[i].Start
			end := s.doc.Tokens[last].End
			if next.kind == iMention && last == next.last {
				end = next.end
			}
			it := item{kind: iMention, first: i, last: last, start: start, end: end, entry: offs[0]}
			it.m = s.mention(offs[0], start, end)
			return it, true
		}
	}
	return item{}, false
}

// unknownPerson finds a person missing from the KB by a given name: one or two first names and a surname.
func (s *docState) unknownPerson(i int) (item, bool) {
	lex := &s.r.kb.lex
	if _, ok := lex.firstNames[s.keys[i]]; !ok {
		return item{}, false
	}
	j := i + 1
	if s.word(j) && lex.firstNames[s.keys[j]] != "" && s.nameWord(j+1) {
		j++
	}
	if !s.nameWord(j) || s.sent[j] != s.sent[i] {
		return item{}, false
	}
	start, end := s.doc.Tokens[i].Start, s.doc.Tokens[j].End
	if strings.ContainsRune(s.doc.Text[start:end], '\n') {
		return item{}, false
	}
	text := s.doc.Text[start:end]
	it := item{kind: iMention, first: i, last: j, start: start, end: end, entry: -1}
	it.m = article.Mention{Span: article.Span{Start: start, End: end}, Text: text, Name: text,
		Type: article.Person, ID: discoveredPrefix + slug(text), Source: SourcePattern, Antecedent: -1}
	return it, true
}

// nameWord reports whether token j can be part of a name: a word that is no function word, title or KB name.
func (s *docState) nameWord(j int) bool {
	if !s.word(j) || s.r.kb.lex.is(cueStop, s.keys[j]) || s.r.kb.lex.is(cueSpeech, s.keys[j]) {
		return false
	}
	if runeCount(s.keys[j]) < 2 || verbLike(s.doc.Tokens[j].Text) {
		return false
	}
	for _, m := range s.matches(j) {
		if m.last > j || m.suffix == "" {
			for _, p := range m.payloads {
				if p.kind != pSurname && !p.needsCue {
					return false
				}
			}
		}
	}
	return true
}

// verbLike reports whether a word looks like a verb or a comparative rather than a name: می‌/نمی‌ prefixes, and
// -تر/-ترین endings.
func verbLike(w string) bool {
	for _, p := range []string{"می\u200c", "نمی\u200c", "می ", "نمی "} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	k := foldKey(w)
	return strings.HasSuffix(k, "ترین") || (strings.HasSuffix(k, "تر") && runeCount(k) > 4)
}

// slug makes the key of a discovered entity from its text.
func slug(text string) string { return strings.ReplaceAll(foldWords(text), " ", "-") }

// comma reports whether the tokens strictly between a and b are only commas (or there are none).
func (s *docState) comma(a, b int) bool {
	for j := a + 1; j < b; j++ {
		if t := s.doc.Tokens[j].Text; t != "،" && t != "," {
			return false
		}
	}
	return b-a <= 2
}

// titles is the second pass: a title attaches a role to the person beside it, finds an unknown person
// before it (X، سخنگوی Y), or identifies the holder of a role (رئیس‌جمهور روسیه گفت).
func (s *docState) titles(items []item) []item {
	// Honorifics first: the names they find can then take the roles of the titles after them.
	var out []item
	for k := range items {
		if items[k].kind != iTitle || s.r.kb.lex.titles[items[k].title].Kind != "honorific" {
			continue
		}
		last := items[k].last
		if n := k + 1; n < len(items) && items[n].first == last+1 && items[n].kind != iConsumed {
			continue // a known name or another title follows
		}
		if it, ok := s.nameAfter(last + 1); ok {
			out = append(out, it)
		}
	}
	if len(out) > 0 {
		items = append(items, out...)
		sort.SliceStable(items, func(a, b int) bool { return items[a].start < items[b].start })
		out = out[:0]
	}
	for k := 0; k < len(items); k++ {
		if items[k].kind != iTitle {
			continue
		}
		t := s.r.kb.lex.titles[items[k].title]
		if t.Kind == "org" || t.Kind == "honorific" {
			continue
		}
		role, last, compID, head := t.En, items[k].last, "", t.En
		if c := k + 1; c < len(items) && items[c].kind == iMention && items[c].first == last+1 &&
			items[c].m.Type != article.Person {
			// A title that names its country (رئیس مجلس: Speaker of Parliament of Iran) takes the one written
			// after it instead (رئیس مجلس لبنان: Speaker of Parliament of Lebanon).
			if i := strings.LastIndex(head, " of "); i >= 0 && s.r.kb.Find(head[i+4:]) != nil {
				head = head[:i]
			}
			role = head + " of " + items[c].m.Name
			last = items[c].last
			compID = items[c].m.ID
		}
		p := k - 1
		if p >= 0 && items[p].kind == iMention && items[p].m.Type == article.Person && s.comma(items[p].last, items[k].first) {
			if items[p].m.Role == "" {
				items[p].m.Role = role
			}
			continue
		}
		if n := s.nextItem(items, k, last); n >= 0 && items[n].m.Type == article.Person && s.comma(last, items[n].first) {
			if items[n].m.Role == "" {
				items[n].m.Role = role
			}
			continue
		}
		if it, ok := s.nameBefore(items, k, role); ok {
			out = append(out, it)
			continue
		}
		if hs := s.holders(head, compID); len(hs) == 1 && (compID != "" || strings.Contains(t.En, " of ")) {
			it := item{kind: iMention, first: items[k].first, last: items[k].last, start: items[k].start,
				end: items[k].end, entry: hs[0]}
			it.m = s.mention(hs[0], it.start, it.end)
			it.m.Role = role
			out = append(out, it)
			continue
		}
		items[k].kind = iUnnamed
	}
	items = append(items, out...)
	sort.SliceStable(items, func(a, b int) bool { return items[a].start < items[b].start })
	return items
}

// nextItem returns the index of the first mention item after item k starting after token last, or -1.
func (s *docState) nextItem(items []item, k, last int) int {
	for n := k + 1; n < len(items); n++ {
		if items[n].first > last {
			if items[n].kind == iMention {
				return n
			}
			return -1
		}
	}
	return -1
}

// nameBefore finds an unknown name of two or three words just before `، TITLE` (اسماعیل بقائی، سخنگوی …).
func (s *docState) nameBefore(items []item, k int, role string) (item, bool) {
	tf := items[k].first
	c := tf - 1
	if c < 0 || (s.doc.Tokens[c].Text != "،" && s.doc.Tokens[c].Text != ",") {
		return item{}, false
	}
	first := c
	for j := c - 1; j >= 0 && j >= c-3 && s.nameWord(j) && s.sent[j] == s.sent[tf]; j-- {
		first = j
	}
	if k > 0 && items[k-1].last >= first {
		return item{}, false
	}
	if n := c - first; n < 2 || n > 3 {
		return item{}, false
	}
	if _, given := s.r.kb.lex.firstNames[s.keys[first]]; !given && s.r.kb.lex.titles[items[k].title].Kind != "spokesperson" {
		return item{}, false // X، سخنگوی Y takes any name; other titles want a given name
	}
	if b := first - 1; b >= 0 && s.word(b) && s.sent[b] == s.sent[first] && !s.r.kb.lex.is(cueStop, s.keys[b]) {
		return item{}, false // the name must start a clause
	}
	start, end := s.doc.Tokens[first].Start, s.doc.Tokens[c-1].End
	text := s.doc.Text[start:end]
	it := item{kind: iMention, first: first, last: c - 1, start: start, end: end, entry: -1}
	it.m = article.Mention{Span: article.Span{Start: start, End: end}, Text: text, Name: text,
		Type: article.Person, ID: discoveredPrefix + slug(text), Source: SourcePattern, Role: role, Antecedent: -1}
	return it, true
}

// quotedMedia finds an unknown name in quotes after a media word (روزنامه‌ی «وال استریت ژورنال») or an
// organisation word (شرکت «پتروپارس»).
func (s *docState) quotedMedia(q int) (item, bool) {
	if !s.isQuote(q) || !s.word(q+1) || !s.opensQuote(q) {
		return item{}, false
	}
	subtype, sector := "", ""
	for i := q - 1; i >= 0 && i >= q-3 && s.word(i) && subtype == ""; i-- {
		if s.cue(cueMedia, i) {
			subtype, sector = "media", "MED"
		} else if a, ok := s.orgHead(i); ok && i == q-1 {
			subtype, sector, _ = strings.Cut(a, ",")
			sector, _, _ = strings.Cut(sector, ",")
		}
	}
	if subtype == "" {
		return item{}, false
	}
	end := -1
	for j := q + 1; j < len(s.doc.Tokens) && j <= q+6; j++ {
		if s.isQuote(j) {
			end = j
			break
		}
		if !s.word(j) && s.doc.Tokens[j].Kind != persian.Number {
			return item{}, false
		}
	}
	if end < 0 || end == q+1 {
		return item{}, false
	}
	for _, m := range s.matches(q + 1) {
		if m.last == end-1 {
			return item{}, false // a known name: the KB pass links it
		}
	}
	start, stop := s.doc.Tokens[q+1].Start, s.doc.Tokens[end-1].End
	text := s.doc.Text[start:stop]
	it := item{kind: iMention, first: q + 1, last: end - 1, start: start, end: stop, entry: -1}
	it.m = article.Mention{Span: article.Span{Start: start, End: stop}, Text: text, Name: text,
		Type: article.Organization, Subtype: subtype, Sector: sector, ID: discoveredPrefix + slug(text), Source: SourcePattern,
		Antecedent: -1}
	return it, true
}

// orgHead returns the argument of an organisation head word at token i ("subtype,SECTOR,mode").
func (s *docState) orgHead(i int) (string, bool) {
	return s.r.kb.lex.arg(cueOrgHead, s.key(i))
}

// unknownOrg finds an unknown organisation named by a head word and one or two name words (حزب کارگزاران،
// باشگاه پرسپولیس), for the heads whose cue allows it unquoted.
func (s *docState) unknownOrg(i int) (item, bool) {
	a, ok := s.orgHead(i)
	if !ok {
		return item{}, false
	}
	parts := strings.Split(a, ",")
	if len(parts) < 3 || parts[2] != "unquoted" {
		return item{}, false
	}
	last := i
	for j := i + 1; j <= i+2 && s.nameWord(j) && s.sent[j] == s.sent[i] && s.comma(j-1, j) &&
		!strings.HasSuffix(s.keys[j], "انه"); j++ { // مصرانه: an adverb ends the name
		last = j
	}
	if last == i {
		return item{}, false
	}
	start, end := s.doc.Tokens[i].Start, s.doc.Tokens[last].End
	text := s.doc.Text[start:end]
	it := item{kind: iMention, first: i, last: last, start: start, end: end, entry: -1}
	it.m = article.Mention{Span: article.Span{Start: start, End: end}, Text: text, Name: text,
		Type: article.Organization, Subtype: parts[0], Sector: parts[1], ID: discoveredPrefix + slug(text),
		Source: SourcePattern, Antecedent: -1}
	return it, true
}

// holders returns the people who held a title (with a complement entry ID, or none) at the text's time.
func (s *docState) holders(title, id string) []int {
	var out []int
	for _, k := range titleKey(s.r.kb, title, id) {
		for _, h := range s.r.holders[k] {
			if h.role.HeldAt(s.at) {
				out = appendOnce(out, h.entry)
			}
		}
	}
	return out
}

// nameAfter finds an unknown name of one or two words at token j, after an honorific (سردار سلامی).
func (s *docState) nameAfter(j int) (item, bool) {
	if !s.nameWord(j) {
		return item{}, false
	}
	last := j
	if s.nameWord(j+1) && s.sent[j+1] == s.sent[j] {
		// Two words when the first is a given name, or when the name ends there (هاشمی شاهرودی، رئیس …).
		if _, given := s.r.kb.lex.firstNames[s.keys[j]]; given || !s.nameWord(j+2) {
			last = j + 1
		}
	}
	start, end := s.doc.Tokens[j].Start, s.doc.Tokens[last].End
	text := s.doc.Text[start:end]
	it := item{kind: iMention, first: j, last: last, start: start, end: end, entry: -1}
	it.m = article.Mention{Span: article.Span{Start: start, End: end}, Text: text, Name: text,
		Type: article.Person, ID: discoveredPrefix + slug(text), Source: SourcePattern, Antecedent: -1}
	return it, true
}

// surnames finds, after each discovered person, the later words equal to their surname (بقائی after اسماعیل
// بقائی) that no other finding covers.
func (s *docState) surnames(items []item) []item {
	covered := make([]bool, len(s.doc.Tokens))
	for _, it := range items {
		for j := it.first; j <= it.last && j < len(covered); j++ {
			covered[j] = true
		}
	}
	from := map[string]int{} // surname key → first token after the discovered name
	ids := map[string]string{}
	for _, it := range items {
		if it.kind != iMention || it.m.Source != SourcePattern || it.m.Type != article.Person || it.first == it.last {
			continue
		}
		k := s.keys[it.last]
		if _, ok := from[k]; !ok && runeCount(k) >= 3 {
			from[k], ids[k] = it.last+1, it.m.ID
		}
	}
	if len(from) == 0 {
		return items
	}
	n := len(items)
	for j, k := range s.keys {
		if f, ok := from[k]; ok && j >= f && !covered[j] && s.word(j) {
			t := s.doc.Tokens[j]
			items = append(items, item{kind: iSurname, first: j, last: j, start: t.Start, end: t.End, entry: -1, arg: ids[k]})
		}
	}
	if len(items) > n {
		sort.SliceStable(items, func(a, b int) bool { return items[a].start < items[b].start })
	}
	return items
}

// standsAlone reports whether the word at i ends its noun phrase: what follows is punctuation, a function word,
// a speech word, or nothing (آژانس در گزارش خود, not آژانس مسافرتی).
func (s *docState) standsAlone(i int) bool {
	n := i + 1
	if n >= len(s.doc.Tokens) || !s.word(n) || s.sent[n] != s.sent[i] {
		return true
	}
	return s.r.kb.lex.is(cueStop, s.keys[n]) || s.r.kb.lex.is(cueSpeech, s.keys[n])
}

// foreignBody turns a home ministry followed by another country's name (وزارت خارجه عراق) into that country's
// ministry: the KB entry of that name when there is one, else a discovered body named after the ministry's
// generic English name (its first English alias).
func (s *docState) foreignBody(it *item, seen map[int]bool) {
	e := &s.r.kb.entries[it.entry]
	if e.Subtype != "ministry" || len(e.En) == 0 {
		return
	}
	c, ok := s.resolveAt(it.last+1, seen)
	if !ok || c.kind != iMention || c.m.Type != article.Location || c.m.Country == "" || c.m.Country == e.Country {
		return
	}
	name := e.En[0] + " of " + c.m.Name
	it.last, it.end = c.last, c.end
	for _, f := range s.r.kb.Find(name) {
		if f.Type == article.Organization {
			i := s.r.kb.byID[f.ID]
			it.entry = i
			it.m = s.mention(i, it.start, it.end)
			seen[i] = true
			return
		}
	}
	it.entry = -1
	it.m = article.Mention{Span: article.Span{Start: it.start, End: it.end}, Text: s.doc.Text[it.start:it.end],
		Name: name, Type: article.Organization, Subtype: e.Subtype, ID: discoveredPrefix + slug(name), Country: c.m.Country,
		Sector: e.Sector, Source: SourcePattern, Antecedent: -1}
}

// nameSuffixes are the suffixes a name (not a demonym) may carry without a ZWNJ before them.
var nameSuffixes = map[string]bool{"ی": true, "ای": true, "ها": true, "های": true}

// hasZWNJSuffix reports whether the suffix of a match was written after a ZWNJ.
func (s *docState) hasZWNJSuffix(m match) bool {
	if m.last > m.first && s.keys[m.last] == m.suffix {
		return true // written as its own word
	}
	return strings.ContainsRune(s.doc.Tokens[m.last].Text, zwnj)
}

// suffixAtZWNJ reports whether a match that ends inside its last token splits it where the writer put a ZWNJ,
// when the token has one at all.
func (s *docState) suffixAtZWNJ(m match) bool {
	text := s.doc.Tokens[m.last].Text
	if m.last > m.first && (m.suffix == "ها" || m.suffix == "های") && s.keys[m.last] == m.suffix {
		return true // a plural written as its own word
	}
	if !strings.ContainsRune(text, zwnj) {
		return true
	}
	stem := strings.TrimSuffix(s.keys[m.last], m.suffix)
	for i, r := range text {
		if r == zwnj && foldKey(text[:i]) == stem {
			return true
		}
	}
	return false
}

// opensQuote reports whether quotation mark q opens a quotation: « and “ do; a straight quote does when it is
// glued to the word after it rather than to the word before it.
func (s *docState) opensQuote(q int) bool {
	switch s.doc.Tokens[q].Text {
	case "«", "“", "‘":
		return true
	case "»", "”", "’":
		return false
	}
	t := s.doc.Tokens[q]
	before := q > 0 && s.doc.Tokens[q-1].End == t.Start
	after := q+1 < len(s.doc.Tokens) && s.doc.Tokens[q+1].Start == t.End
	return after || !before
}
