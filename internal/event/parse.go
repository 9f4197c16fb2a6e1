package event

import (
	"sort"
	"strings"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// Parse is the clause-level reading of one text that the event and quote stages share: folded tokens, sentences,
// paragraphs, quoted stretches, predicate and speech-verb matches, and the role of every entity mention.
type Parse struct {
	lx       *Lexicon
	Doc      persian.Doc
	Mentions []article.Mention // the input mentions
	f        []string          // folded tokens
	sent     []int             // token → sentence index
	para     []int             // token → paragraph index
	quoted   []bool            // token inside a quotation of more than a few words
	breakAt  []bool            // a clause ends after this token
	ments    []ment            // mentions usable as parties, in text order
	mentAt   []int             // token → index into ments, or -1
	Matches  []Match           // event predicates, in text order
	Speeches []Match           // speech predicates, in text order
	topics   map[int][]string  // sentence → themes, filled on demand
}

// Match is one occurrence of a predicate in the text.
type Match struct {
	Pred       *Predicate
	First      int // first token
	Last       int // last token (the verb for a verbal predicate)
	Verb       verbForm
	Aux        string // the auxiliary after a participle: است, بود, شد, …
	Future     bool
	Adjectival bool // a bare participle that modifies a noun (توافق میانجی‌گری شده از سوی آمریکا)
}

// Start returns the byte offset of the match.
func (p *Parse) Start(m Match) int { return p.Doc.Tokens[m.First].Start }

// End returns the end byte offset of the match.
func (p *Parse) End(m Match) int { return p.Doc.Tokens[m.Last].End }

type ment struct {
	idx      int // index into Mentions
	first    int
	last     int
	role     string // "" bare (subject), را object, or a preposition role
	group    int    // mentions coordinated with و or a comma share a group
	modifier bool   // a place after a title (رئیس‌جمهور روسیه): no party
	object   bool
	genitive bool // right after another name
}

// NewParse reads a segmented text and its mentions.
func (lx *Lexicon) NewParse(doc persian.Doc, mentions []article.Mention) *Parse {
	p := &Parse{lx: lx, Doc: doc, Mentions: mentions}
	n := len(doc.Tokens)
	p.f = make([]string, n)
	p.sent = make([]int, n)
	p.para = make([]int, n)
	p.quoted = make([]bool, n)
	p.breakAt = make([]bool, n)
	p.mentAt = make([]int, n)
	si, para := 0, 0
	prevEnd := 0
	for i, t := range doc.Tokens {
		p.f[i] = fold(t.Text)
		for si < len(doc.Sentences)-1 && t.Start >= doc.Sentences[si].End {
			si++
		}
		p.sent[i] = si
		if t.Start > prevEnd && t.Start <= len(doc.Text) && strings.Contains(doc.Text[prevEnd:t.Start], "\n\n") {
			para++
		}
		p.para[i] = para
		prevEnd = t.End
		p.mentAt[i] = -1
	}
	p.markQuotes()
	p.matchAll()
	p.markBreaks()
	p.placeMentions()
	p.assignRoles()
	return p
}

// quotePairs maps opening quotation marks to their closing marks.
var quotePairs = map[string]string{"«": "»", "\"": "\"", "“": "”", "„": "“"}

// QuoteSpans returns the token ranges [open, close] of quotations, outermost only.
func (p *Parse) QuoteSpans() [][2]int {
	var out [][2]int
	toks := p.Doc.Tokens
	for i := 0; i < len(toks); i++ {
		closeMark, ok := quotePairs[toks[i].Text]
		if !ok {
			continue
		}
		depth := 0
		for j := i + 1; j < len(toks) && j < i+400; j++ {
			if toks[j].Text == closeMark && depth == 0 {
				out = append(out, [2]int{i, j})
				i = j
				break
			}
			if toks[j].Text == "«" && closeMark != "«" {
				depth++
			} else if toks[j].Text == "»" && depth > 0 {
				depth--
			}
			if p.paraOf(j) != p.paraOf(i) {
				break
			}
		}
	}
	return out
}

func (p *Parse) paraOf(i int) int {
	if p.para == nil || i >= len(p.para) {
		return 0
	}
	return p.para[i]
}

func (p *Parse) markQuotes() {
	for _, q := range p.QuoteSpans() {
		words := 0
		for k := q[0] + 1; k < q[1]; k++ {
			if p.Doc.Tokens[k].Kind != persian.Punct {
				words++
			}
		}
		if words <= 4 {
			continue // a short quoted stretch is a name or a phrase, still part of the clause
		}
		for k := q[0]; k <= q[1]; k++ {
			p.quoted[k] = true
		}
	}
}

// isPunctBreak reports whether a token ends a clause by itself.
func isPunctBreak(s string) bool {
	switch s {
	case ".", "؛", ";", ":", "!", "؟", "?", "(", ")":
		return true
	}
	return false
}

// matchAll finds the predicates and speech verbs, longest first, without overlaps.
func (p *Parse) matchAll() {
	used := make([]bool, len(p.f))
	var all []Match
	var cands []*Predicate
	for i := range p.f {
		if p.quoted[i] {
			continue
		}
		if m, ok := p.bestAt(i, p.lx.speechBy[p.f[i]], p.lx.speechVerb); ok {
			all = append(all, m)
			continue
		}
		cands = p.candidates(i, cands)
		if m, ok := p.bestAt(i, cands, p.lx.verbFirst); ok {
			all = append(all, m)
		}
	}
	// Longest matches win; a match inside the gap of another is dropped only when it is a noun.
	sort.SliceStable(all, func(a, b int) bool {
		la, lb := all[a].Last-all[a].First, all[b].Last-all[b].First
		if la != lb {
			return la > lb
		}
		return all[a].Pred.Speech != "" && all[b].Pred.Speech == ""
	})
	var kept []Match
	for _, m := range all {
		clash := false
		for k := m.First; k <= m.Last; k++ {
			if used[k] {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		// Only the words and verb of a gapped match are used; the gap stays free for verbal predicates.
		for k := m.First; k <= m.Last; k++ {
			used[k] = true
		}
		kept = append(kept, m)
	}
	sort.Slice(kept, func(a, b int) bool { return kept[a].First < kept[b].First })
	for _, m := range kept {
		if m.Pred.Speech != "" {
			p.Speeches = append(p.Speeches, m)
		} else {
			p.Matches = append(p.Matches, m)
		}
	}
}

// candidates returns the predicates whose first word the token at i may be: its folded form, or that form
// without a noun ending.
func (p *Parse) candidates(i int, buf []*Predicate) []*Predicate {
	t := p.f[i]
	buf = append(buf[:0], p.lx.byFirst[t]...)
	for k := len(t) - 1; k > 0 && k >= len(t)-12; k-- {
		if ps, ok := p.lx.byFirst[t[:k]]; ok && nounSuffixes[t[k:]] {
			buf = append(buf, ps...)
		}
	}
	return buf
}

func (p *Parse) bestAt(i int, preds, verbPreds []*Predicate) (Match, bool) {
	var best Match
	found := false
	try := func(pr *Predicate) {
		if m, ok := p.matchAt(i, pr); ok {
			if !found || m.Last-m.First > best.Last-best.First || (m.Last-m.First == best.Last-best.First && !pr.Nominal() && best.Pred.Nominal()) {
				best, found = m, true
			}
		}
	}
	for _, pr := range preds {
		try(pr)
	}
	for _, pr := range verbPreds {
		v := pr.elems[0].verb
		if strings.Contains(p.f[i], v.past) || (v.pres != "" && strings.Contains(p.f[i], v.pres)) {
			try(pr)
		}
	}
	if found {
		// A speech predicate list is searched with preds only; verb-first speech verbs are in it too.
		return best, true
	}
	return Match{}, false
}

const maxGap = 14

// matchAt matches predicate pr starting at token i.
func (p *Parse) matchAt(i int, pr *Predicate) (Match, bool) {
	var m Match
	m.Pred = pr
	m.First = i
	var rec func(e, pos int) bool
	rec = func(e, pos int) bool {
		if e == len(pr.elems) {
			return true
		}
		el := pr.elems[e]
		switch el.kind {
		case elWord:
			if pos < len(p.f) && !p.quoted[pos] && wordMatch(p.f[pos], el.word) {
				if e == len(pr.elems)-1 {
					m.Last = pos
				}
				return rec(e+1, pos+1)
			}
			return false
		case elGap:
			for k := pos; k < len(p.f) && k <= pos+maxGap; k++ {
				if rec(e+1, k) {
					return true
				}
				if isPunctBreak(p.Doc.Tokens[k].Text) || p.lx.boundary[p.f[k]] || p.Doc.Tokens[k].Text == "،" {
					return false
				}
			}
			return false
		case elVerb:
			if pos >= len(p.f) {
				return false
			}
			future := false
			if e > 0 && pos+1 < len(p.f) && p.isFutureAux(pos) {
				future = true
				pos++
			}
			vf, ok := conjugated(p.f[pos], el.verb)
			if !ok && e > 0 && pr.elems[e-1].kind == elWord && pos+1 < len(p.f) && p.adjective(pos) {
				// One relational adjective between the noun and its light verb (کمک مالی کرد).
				pos++
				vf, ok = conjugated(p.f[pos], el.verb)
			}
			if !ok {
				return false
			}
			// A gapped verb must not be swallowed by another noun phrase: a verb-only pattern needs nothing before.
			m.Last = pos
			m.Verb = vf
			if pos > 0 && (p.f[pos-1] == "می" || p.f[pos-1] == "نمی") {
				if p.f[pos-1] == "نمی" {
					m.Verb.neg = true
				}
			}
			if pos > 0 && (future || p.isFutureAux(pos-1)) {
				m.Future = true
				if strings.HasPrefix(p.f[pos-1], "ن") {
					m.Verb.neg = true
				}
			}
			if vf.participle && !vf.fusedAux && pos+1 < len(p.f) {
				next := p.f[pos+1]
				switch {
				case isAux(next):
					m.Aux = next
					m.Last = pos + 1
				case next == "و" || next == "،" || isPunctBreak(p.Doc.Tokens[pos+1].Text) || p.lx.boundary[next]:
				default:
					m.Adjectival = true
				}
			}
			return true
		}
		return false
	}
	if !rec(0, i) {
		return Match{}, false
	}
	return m, true
}

// isAux reports whether a folded token is an auxiliary after a participle.
func isAux(t string) bool {
	for _, a := range [...]string{"است", "اند", "ام", "ای", "ایم", "اید", "بود", "بودند", "بودم", "بودیم", "بودید", "باشد", "باشند", "شد", "شدند", "شده", "شود", "شوند", "میشود", "میشوند"} {
		if t == a {
			return true
		}
	}
	return false
}

func (p *Parse) isFutureAux(i int) bool {
	t := strings.TrimPrefix(p.f[i], "ن")
	switch t {
	case "خواهد", "خواهند", "خواهم", "خواهیم", "خواهید", "خواهی":
		return true
	}
	return false
}

// markBreaks marks where clauses end: punctuation, clause words, and after every verb.
func (p *Parse) markBreaks() {
	for i, t := range p.Doc.Tokens {
		if isPunctBreak(t.Text) || p.lx.boundary[p.f[i]] {
			p.breakAt[i] = true
		}
		if i+1 < len(p.sent) && p.sent[i+1] != p.sent[i] {
			p.breakAt[i] = true
		}
	}
	// A comma closes a clause that a subordinating word opened (اگر ایران …، آمریکا …).
	sub := false
	for i, t := range p.Doc.Tokens {
		if p.lx.boundary[p.f[i]] {
			sub = true
		}
		if sub && (t.Text == "،" || t.Text == ",") {
			p.breakAt[i] = true
			sub = false
		}
		if isPunctBreak(t.Text) {
			sub = false
		}
	}
	for _, m := range p.Matches {
		if !m.Pred.Nominal() && !m.Adjectival {
			p.breakAt[m.Last] = true
		}
	}
	for _, m := range p.Speeches {
		if !m.Adjectival {
			p.breakAt[m.Last] = true
		}
	}
}

// placeMentions maps body mentions to tokens, dropping mentions nested in a longer one.
func (p *Parse) placeMentions() {
	type cand struct {
		idx, first, last int
	}
	var cs []cand
	toks := p.Doc.Tokens
	for i, m := range p.Mentions {
		if m.Field != article.FieldBody || m.Start < 0 || m.End > len(p.Doc.Text) || m.Start >= m.End {
			continue
		}
		first := sort.Search(len(toks), func(k int) bool { return toks[k].End > m.Start })
		last := first
		for last+1 < len(toks) && toks[last+1].Start < m.End {
			last++
		}
		if first >= len(toks) {
			continue
		}
		cs = append(cs, cand{i, first, last})
	}
	sort.SliceStable(cs, func(a, b int) bool {
		if cs[a].first != cs[b].first {
			return cs[a].first < cs[b].first
		}
		return cs[a].last > cs[b].last
	})
	for _, c := range cs {
		if p.mentAt[c.first] >= 0 || p.mentAt[c.last] >= 0 {
			continue
		}
		for k := c.first; k <= c.last; k++ {
			p.mentAt[k] = len(p.ments)
		}
		p.ments = append(p.ments, ment{idx: c.idx, first: c.first, last: c.last, group: len(p.ments)})
	}
}

// prepEndingAt returns the role of a preposition whose last word is token j, and its first token.
func (p *Parse) prepEndingAt(j int) (string, int, bool) {
	for n := p.lx.prepMax; n >= 1; n-- {
		s := j - n + 1
		if s < 0 {
			continue
		}
		var key string
		if n == 1 {
			key = p.f[j]
		} else {
			key = strings.Join(p.f[s:j+1], " ")
		}
		if r, ok := p.lx.preps[key]; ok {
			return r, s, true
		}
		// An ezafe on the last word: درباره‌ی, به گفته‌ی.
		if strings.HasSuffix(key, "ی") {
			if r, ok := p.lx.preps[strings.TrimSuffix(key, "ی")]; ok {
				return r, s, true
			}
		}
	}
	return "", 0, false
}

// titleEndingAt reports whether a title phrase ends at token j.
func (p *Parse) titleEndingAt(j int) bool {
	for n := p.lx.titleMax; n >= 1; n-- {
		s := j - n + 1
		if s < 0 {
			continue
		}
		key := strings.Join(p.f[s:j+1], " ")
		if p.lx.titles[key] || p.lx.titles[strings.TrimSuffix(key, "ی")] {
			return true
		}
	}
	return false
}

func isConj(t string) bool { return t == "و" || t == "،" || t == "," || t == "یا" }

// assignRoles gives each mention its role in its clause by reading back to the preposition, the clause start or a
// coordinated mention, and forward to a direct-object marker.
func (p *Parse) assignRoles() {
	for mi := range p.ments {
		m := &p.ments[mi]
		ent := p.Mentions[m.idx]
		onlyConj, sawConj := true, false
		titled := false
		for j := m.first - 1; j >= 0; j-- {
			if p.breakAt[j] {
				break
			}
			if o := p.mentAt[j]; o >= 0 {
				if onlyConj && sawConj {
					m.role = p.ments[o].role
					m.group = p.ments[o].group
				}
				break
			}
			if r, s, ok := p.prepEndingAt(j); ok {
				m.role = r
				_ = s
				break
			}
			// A comma after anything but a name ends a fronted phrase (در همین حال، ارتش اسرائیل …).
			if (p.f[j] == "،" || p.f[j] == ",") && j > 0 && p.mentAt[j-1] < 0 {
				break
			}
			if j == m.first-1 && p.titleEndingAt(j) {
				titled = true
			}
			if isConj(p.f[j]) {
				sawConj = true
			}
			if !isConj(p.f[j]) && !p.titleEndingAt(j) && !(j < m.first-1 && titled) {
				onlyConj = false
			}
		}
		if titled && ent.Type == article.Location {
			m.modifier = true
		}
	}
	// A titled place modifies a person only when a person stands in its group (پوتین، رئیس‌جمهور روسیه); alone
	// (با وزیر خارجه فرانسه) it stands for its state.
	for mi := range p.ments {
		m := &p.ments[mi]
		if !m.modifier || m.genitive {
			continue
		}
		person := false
		for _, o := range p.ments {
			if o.group == m.group && p.Mentions[o.idx].Type == article.Person {
				person = true
			}
		}
		m.modifier = person
	}
	// Direct objects: a mention, or a coordinated chain of them, right before را.
	for mi := len(p.ments) - 1; mi >= 0; mi-- {
		m := &p.ments[mi]
		obj := false
		initial := m.first == 0 || p.breakAt[m.first-1]
		for k := m.last + 1; k < len(p.f) && k <= m.last+2; k++ {
			if p.f[k] == "را" {
				obj = true
				break
			}
			if k == m.last+2 || initial || p.mentAt[k] >= 0 || p.breakAt[k] || isConj(p.f[k]) || demonstratives[p.f[k]] ||
				p.Doc.Tokens[k].Kind == persian.Number {
				break
			}
			if _, _, ok := p.prepEndingAt(k); ok {
				break
			}
		}
		if obj {
			m.object = true
			continue
		}
		if mi+1 < len(p.ments) && p.ments[mi+1].object && p.ments[mi+1].group == m.group {
			m.object = true
		}
	}
	// A name right after another name is its genitive (پلیس فرانسه, "کان" اسرائیل): a modifier, no party —
	// unless را follows it (ایران اسرائیل را تهدید کرد: subject and object).
	for mi := 1; mi < len(p.ments); mi++ {
		m := &p.ments[mi]
		prev := p.ments[mi-1]
		adjacent := true
		for k := prev.last + 1; k < m.first; k++ {
			if _, q := quotePairs[p.Doc.Tokens[k].Text]; !q && p.Doc.Tokens[k].Text != "»" && p.Doc.Tokens[k].Text != "”" {
				adjacent = false
			}
		}
		if adjacent && !m.object && p.sent[prev.last] == p.sent[m.first] {
			m.modifier = true
			m.genitive = true
		}
	}
}

// clauseStart returns the first token of the clause that holds token i.
func (p *Parse) clauseStart(i int) int {
	for j := i - 1; j >= 0; j-- {
		if p.breakAt[j] {
			return j + 1
		}
	}
	return 0
}

// sentenceStart returns the first token of the sentence of token i.
func (p *Parse) sentenceStart(i int) int {
	j := i
	for j > 0 && p.sent[j-1] == p.sent[i] {
		j--
	}
	return j
}

// sentenceEnd returns the last token of the sentence of token i.
func (p *Parse) sentenceEnd(i int) int {
	j := i
	for j+1 < len(p.sent) && p.sent[j+1] == p.sent[i] {
		j++
	}
	return j
}

// Subject returns the mention indexes (into Mentions) of the subject of the clause that ends before token end and
// starts at or after token start: the first bare, non-object group of mentions.
func (p *Parse) subject(start, end int, allowQuoted bool) []int {
	group := -1
	var out []int
	for k := start; k < end && k < len(p.f); k++ {
		mi := p.mentAt[k]
		if mi < 0 || (k > 0 && p.mentAt[k-1] == mi && k != start) {
			continue
		}
		m := p.ments[mi]
		if (p.quoted[k] && !allowQuoted) || m.object || m.role != "" {
			continue
		}
		if group < 0 {
			group = m.group
		}
		if m.group == group && !m.modifier {
			out = append(out, m.idx)
		}
	}
	return out
}

// SpeakerOf returns the subject of speech match s (mention indexes), looking in its clause, then the clause
// before it in the sentence.
func (p *Parse) SpeakerOf(s Match) []int {
	cs := p.clauseStart(s.First)
	if subj := p.subject(cs, s.First, false); len(subj) > 0 {
		return subj
	}
	return p.inheritSubject(cs)
}

// inheritSubject finds the subject of the previous clause in the same sentence when the clause at cs has none
// (روسیه ... محکوم کرده و خواستار ... شده بود).
func (p *Parse) inheritSubject(cs int) []int {
	if cs == 0 || p.sent[cs-1] != p.sent[min(cs, len(p.sent)-1)] {
		return nil
	}
	ss := p.sentenceStart(cs - 1)
	for end := cs - 1; end >= ss; {
		start := p.clauseStart(end)
		if subj := p.subject(start, end+1, false); len(subj) > 0 {
			return subj
		}
		if start == 0 {
			break
		}
		end = start - 1
	}
	return nil
}

// roleMentions returns the mentions (indexes into Mentions) in tokens [start, end) with the given role.
func (p *Parse) roleMentions(start, end int, role string) []int {
	var out []int
	for k := start; k < end && k < len(p.f); k++ {
		mi := p.mentAt[k]
		if mi < 0 || (k > start && p.mentAt[k-1] == mi) || p.quoted[k] {
			continue
		}
		m := p.ments[mi]
		if m.modifier {
			continue
		}
		// A place inside the object phrase (مناطقی در جنوب لبنان را) is the target too.
		if (role == "را" && m.object && (m.role == "" || m.role == "در")) || (role != "را" && m.role == role) {
			out = append(out, m.idx)
		}
	}
	return out
}

// SubjectBefore returns the subject (mention indexes) of the clause that holds token k, read up to k: the speaker
// of a verb that follows a quotation (کرملین ... را "…" توصیف کرد).
func (p *Parse) SubjectBefore(k int) []int {
	cs := p.clauseStart(k)
	if subj := p.subject(cs, k, false); len(subj) > 0 {
		return subj
	}
	return p.inheritSubject(cs)
}

// SourcesIn returns the mentions marked as sources (به گفته X, از قول X, به نقل از X) in tokens [start, end).
func (p *Parse) SourcesIn(start, end int) []int { return p.roleMentions(start, end, "source") }

// Sentence returns the sentence index of token k.
func (p *Parse) Sentence(k int) int { return p.sent[k] }

// SentenceBounds returns the first and last token of the sentence of token k.
func (p *Parse) SentenceBounds(k int) (int, int) { return p.sentenceStart(k), p.sentenceEnd(k) }

// Paragraph returns the paragraph index of token k.
func (p *Parse) Paragraph(k int) int { return p.para[k] }

// Folded returns the folded form of token k.
func (p *Parse) Folded(k int) string { return p.f[k] }

// Quoted reports whether token k lies in a quotation of more than a few words.
func (p *Parse) Quoted(k int) bool { return p.quoted[k] }

// MentionAt returns the index into Mentions of the mention at token k, or -1.
func (p *Parse) MentionAt(k int) int {
	if mi := p.mentAt[k]; mi >= 0 {
		return p.ments[mi].idx
	}
	return -1
}

// MentionTokens returns the first and last token of mention i (an index into Mentions), or -1, -1.
func (p *Parse) MentionTokens(i int) (int, int) {
	for _, m := range p.ments {
		if m.idx == i {
			return m.first, m.last
		}
	}
	return -1, -1
}

// Kind returns the speech kind of a speech match (say, report, indirect), "" for an event predicate.
func (m Match) Kind() string { return m.Pred.Speech }

// adjective reports whether token k looks like a relational adjective (ending in ی, not a name, not a function
// word) that may stand between an event noun and its light verb.
func (p *Parse) adjective(k int) bool {
	t := p.f[k]
	if p.mentAt[k] >= 0 || p.breakAt[k] || p.quoted[k] || len(t) < 6 || !strings.HasSuffix(t, "ی") ||
		demonstratives[t] || p.lx.boundary[t] {
		return false
	}
	if _, _, ok := p.prepEndingAt(k); ok {
		return false
	}
	return true
}
