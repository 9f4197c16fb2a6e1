// Package event codes who did what to whom in Persian text as PLOVER events with CAMEO codes.
//
// The coder reads a Parse of the text (folded tokens, clauses, predicate matches from the embedded predicate
// lexicon, and the role of every entity mention), turns each predicate into an event with its actors, recipients,
// date, attributes and sources, and merges mentions of one event (a call, then "this call") into one record.
package event

import (
	"sort"
	"strings"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/timex"
)

// Input is what the event coder reads: the segmented text and the annotations of the earlier stages.
type Input struct {
	Doc      persian.Doc
	Mentions []article.Mention
	Dates    []article.Date
	Ref      timex.Reference
}

// Coder codes events. It is safe for concurrent use.
type Coder struct{ lx *Lexicon }

// NewCoder returns a coder over the embedded predicate lexicon.
func NewCoder() (*Coder, error) {
	lx, err := LoadLexicon()
	if err != nil {
		return nil, err
	}
	return &Coder{lx: lx}, nil
}

// NewCoderLexicon returns a coder over lx.
func NewCoderLexicon(lx *Lexicon) *Coder { return &Coder{lx: lx} }

// Lexicon returns the coder's language data.
func (c *Coder) Lexicon() *Lexicon { return c.lx }

// Confidence below which an event is a guess: callers that want only sure events filter on it.
const LowConfidence = 0.5

// draft is an event under construction.
type draft struct {
	ev           article.Event
	actors       []int // mention indexes
	recipients   []int
	sources      []string
	topics       []string
	contexts     []string
	initiator    string
	nominal      bool
	dateFallback bool
	sentence     int
	predMode     string
	cameo        string
}

type coding struct {
	c      *Coder
	p      *Parse
	in     Input
	drafts []*draft
	// reportSpeakers are the speakers of the last report (an announcement or statement), for طبق این بیانیه.
	reportSpeakers []string
}

// Code returns the events of one article.
func (c *Coder) Code(in Input) []article.Event {
	if len(in.Doc.Tokens) == 0 {
		return nil
	}
	return c.CodeParse(c.lx.NewParse(in.Doc, in.Mentions), in)
}

// Parse reads a text for Code and for the quote stage, so that both can share one reading
// (quote.Extractor.ExtractParse).
func (c *Coder) Parse(doc persian.Doc, mentions []article.Mention) *Parse {
	return c.lx.NewParse(doc, mentions)
}

// CodeParse returns the events of an article already read with Parse; in gives the dates and the reference.
func (c *Coder) CodeParse(p *Parse, in Input) []article.Event {
	if p == nil || len(p.Doc.Tokens) == 0 {
		return nil
	}
	in.Doc, in.Mentions = p.Doc, p.Mentions
	cd := &coding{c: c, p: p, in: in}
	si := 0
	for _, m := range p.Matches {
		for si < len(p.Speeches) && p.Speeches[si].First < m.First {
			cd.noteSpeech(p.Speeches[si])
			si++
		}
		cd.code(m)
	}
	var out []article.Event
	for _, d := range cd.drafts {
		out = append(out, cd.finish(d))
	}
	return out
}

func (cd *coding) noteSpeech(s Match) {
	if s.Pred.Speech != "report" {
		return
	}
	if names := cd.names(cd.p.SpeakerOf(s)); len(names) > 0 {
		cd.reportSpeakers = names
	}
}

func (cd *coding) names(idx []int) []string {
	var out []string
	for _, i := range idx {
		out = appendUniq(out, cd.p.Mentions[i].Name)
	}
	return out
}

func appendUniq(xs []string, vs ...string) []string {
	for _, v := range vs {
		if v == "" {
			continue
		}
		dup := false
		for _, x := range xs {
			if x == v {
				dup = true
				break
			}
		}
		if !dup {
			xs = append(xs, v)
		}
	}
	return xs
}

func uniqInts(xs []int) []int {
	var out []int
	for _, x := range xs {
		dup := false
		for _, y := range out {
			if x == y {
				dup = true
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

var demonstratives = map[string]bool{"این": true, "آن": true, "همین": true, "همان": true}

// code turns one predicate match into a new event, or into more about an event already coded.
func (cd *coding) code(m Match) {
	p := cd.p
	pr := m.Pred
	if m.Adjectival {
		return
	}
	cs := p.clauseStart(m.First)
	anaphoric := m.First > 0 && demonstratives[p.f[m.First-1]]
	d := &draft{sentence: p.sent[m.First], nominal: pr.Nominal()}
	d.ev.Type = pr.Category
	d.predMode = pr.Mode
	d.cameo = pr.CAMEO
	d.ev.Trigger = p.triggerText(m)
	if pr.Nominal() {
		if anaphoric {
			if ref := cd.latest(pr.Category, m.First); ref != nil {
				cd.attach(ref, m, cs)
			}
			return
		}
		d.actors, d.recipients = p.nominalParties(m, cs)
		if len(d.actors) == 0 {
			return
		}
	} else {
		end := m.Last
		// The subject stands before the predicate; a name inside its gap (خواستار نشست شورای امنیت شد) is no
		// subject.
		subj := p.subject(cs, m.First, false)
		if len(subj) == 0 && cs > 0 && p.f[cs-1] == "که" {
			subj = p.relativeHead(cs - 1)
		} else if len(subj) == 0 {
			subj = p.inheritSubject(cs)
		}
		if pr.Passive || (m.Aux != "" && strings.HasPrefix(m.Aux, "شد") && !pr.Passive && m.Pred.elems[len(m.Pred.elems)-1].verb.inf == fold("کردن")) {
			d.recipients = append(d.recipients, subj...)
			d.actors = append(d.actors, p.roleMentions(cs, end, "agent")...)
		} else {
			d.actors = append(d.actors, subj...)
		}
		co := p.roleMentions(cs, end, "با")
		if pr.Reciprocal {
			d.actors = append(d.actors, co...)
		} else if pr.HasRecipient("با") {
			d.recipients = append(d.recipients, co...)
		}
		for _, r := range pr.Recipients {
			if r != "با" {
				d.recipients = append(d.recipients, p.roleMentions(cs, end, r)...)
			}
		}
		if pr.HasRecipient("را") && !pr.Passive {
			d.recipients = append(d.recipients, p.objectPhrase(cs, end, subj)...)
		}
		if pr.HasRecipient("را") {
			if ref := cd.objectAnaphor(cs, end); ref != nil {
				d.recipients = append(d.recipients, ref.actors...)
			} else if ref, rest := cd.objectEvent(cs, end); ref != nil {
				// The object is an event noun (حمله‌ی اسرائیل به سوریه را محکوم کرد): its actors are the
				// recipients, not the parties inside the noun phrase.
				d.recipients = append(minus(d.recipients, rest), ref.actors...)
			}
		}
		if len(d.actors) == 0 && len(d.recipients) == 0 {
			if ref := cd.latest(pr.Category, m.First); ref != nil {
				cd.attach(ref, m, cs)
			}
			return
		}
		if len(d.actors) == 0 && !pr.Passive && !strings.HasPrefix(m.Aux, "شد") {
			return // an active verb without a subject: too unsure to code
		}
	}
	d.actors = uniqInts(d.actors)
	d.recipients = minus(uniqInts(d.recipients), d.actors)
	if pr.NeedParty && len(d.recipients) == 0 && len(d.actors) < 2 {
		return
	}
	cd.attributes(d, m, cs)
	if ref := cd.mergeTarget(d); ref != nil {
		cd.merge(ref, d)
		return
	}
	cd.drafts = append(cd.drafts, d)
}

func minus(xs, ys []int) []int {
	var out []int
	for _, x := range xs {
		keep := true
		for _, y := range ys {
			if x == y {
				keep = false
			}
		}
		if keep {
			out = append(out, x)
		}
	}
	return out
}

// relativeHead returns the last mention before a relative که in its sentence (the sites that were bombed).
func (p *Parse) relativeHead(ke int) []int {
	if ke > 0 && p.isVerbEnd(ke-1) {
		return nil // a complement clause after a verb, not a relative clause
	}
	ss := p.sentenceStart(ke)
	for k := ke - 1; k >= ss && k >= ke-4; k-- {
		if mi := p.mentAt[k]; mi >= 0 && !p.ments[mi].modifier {
			return []int{p.ments[mi].idx}
		}
	}
	return nil
}

func (p *Parse) isVerbEnd(k int) bool {
	for _, m := range p.Speeches {
		if m.Last == k {
			return true
		}
	}
	for _, m := range p.Matches {
		if m.Last == k && !m.Pred.Nominal() {
			return true
		}
	}
	return false
}

// nominalParties reads the parties of an event noun: the genitive after it (حمله‌ی اسرائیل و آمریکا) as actors,
// a marked phrase after that (به ایران) as recipient; for a reciprocal noun in a clause (در تماسی با پوتین) the
// clause subject and the با-phrase are actors.
func (p *Parse) nominalParties(m Match, cs int) (actors, recips []int) {
	k := m.Last + 1
	skipped := 0
	for k < len(p.f) && p.mentAt[k] < 0 && skipped < 2 {
		t := p.f[k]
		if isConj(t) || p.breakAt[k] || p.Doc.Tokens[k].Kind == persian.Punct || demonstratives[t] {
			break
		}
		if _, _, ok := p.prepEndingAt(k); ok {
			break
		}
		k++
		skipped++
	}
	group := -1
	for k < len(p.f) {
		mi := p.mentAt[k]
		if mi < 0 {
			if isConj(p.f[k]) && group >= 0 {
				k++
				continue
			}
			break
		}
		mm := p.ments[mi]
		if group < 0 {
			group = mm.group
		}
		if mm.group != group && mm.role != "" {
			break
		}
		if !mm.modifier && !p.quoted[k] {
			actors = append(actors, mm.idx)
		}
		k = mm.last + 1
	}
	// The marked phrase right after: به X, علیه X, با X.
	if k < len(p.f) {
		if r, _, ok := p.prepStartingAt(k); ok {
			for j := k; j < len(p.f) && j < k+6; j++ {
				if mi := p.mentAt[j]; mi >= 0 {
					idx := p.ments[mi].idx
					switch {
					case r == "با" && m.Pred.Reciprocal:
						actors = append(actors, idx)
					case m.Pred.HasRecipient(r):
						recips = append(recips, idx)
					}
					break
				}
				if p.breakAt[j] {
					break
				}
			}
		}
	}
	if m.Pred.Reciprocal && m.First > 0 {
		if r, _, ok := p.prepEndingAt(m.First - 1); ok && r == "در" {
			actors = append(p.subject(cs, m.First, false), actors...)
		}
	}
	return actors, recips
}

// prepStartingAt returns the role of a preposition that starts at token k.
func (p *Parse) prepStartingAt(k int) (string, int, bool) {
	for n := p.lx.prepMax; n >= 1; n-- {
		if k+n > len(p.f) {
			continue
		}
		if r, s, ok := p.prepEndingAt(k + n - 1); ok && s == k {
			return r, s, true
		}
	}
	return "", 0, false
}

// objectAnaphor finds "این اقدام را" in a clause and returns the event it points back to.
func (cd *coding) objectAnaphor(cs, end int) *draft {
	p := cd.p
	for k := cs; k+2 < end; k++ {
		if demonstratives[p.f[k]] && p.f[k+2] == "را" {
			noun := p.f[k+1]
			cat, ok := p.lx.anaphor[noun]
			if !ok {
				cat, ok = p.lx.anaphor[strings.TrimSuffix(noun, "ها")]
			}
			if ok {
				return cd.latest(cat, p.Doc.Tokens[k].Start)
			}
		}
	}
	return nil
}

// objectEvent finds an event noun coded in this clause whose phrase ends in the direct-object marker, and returns
// its event and the mentions inside its phrase.
func (cd *coding) objectEvent(cs, end int) (*draft, []int) {
	p := cd.p
	for _, m := range p.Matches {
		if !m.Pred.Nominal() || m.First < cs || m.First >= end {
			continue
		}
		k := m.Last + 1
		var inside []int
		for ; k < end && p.f[k] != "را" && !p.breakAt[k]; k++ {
			if mi := p.mentAt[k]; mi >= 0 {
				inside = append(inside, p.ments[mi].idx)
			}
		}
		if k >= end || p.f[k] != "را" {
			continue
		}
		for i := len(cd.drafts) - 1; i >= 0; i-- {
			d := cd.drafts[i]
			if d.sentence == p.sent[m.First] && d.ev.Type == m.Pred.Category {
				return d, inside
			}
		}
	}
	return nil, nil
}

// latest returns the last event of a category (any category when empty) coded before token (or offset) pos.
func (cd *coding) latest(category string, _ int) *draft {
	for i := len(cd.drafts) - 1; i >= 0; i-- {
		if category == "" || cd.drafts[i].ev.Type == category {
			return cd.drafts[i]
		}
	}
	return nil
}

// attach adds what a reference to an event (این تماس) says about it: sources, initiator, topics.
func (cd *coding) attach(ref *draft, m Match, cs int) {
	tmp := &draft{}
	cd.attribution(tmp, m, cs)
	ref.sources = appendUniq(ref.sources, tmp.sources...)
	if ref.initiator == "" {
		ref.initiator = tmp.initiator
	}
	ref.topics = appendUniq(ref.topics, cd.topics(m)...)
}

// attributes fills date, negation, modality, sources, topics, mode and context.
func (cd *coding) attributes(d *draft, m Match, cs int) {
	p := cd.p
	ss, se := p.sentenceStart(m.First), p.sentenceEnd(m.First)
	d.ev.Span = article.Span{Start: p.Doc.Tokens[ss].Start, End: p.Doc.Tokens[se].End}
	d.ev.Text = p.Doc.Text[d.ev.Span.Start:d.ev.Span.End]
	d.ev.Negated = m.Verb.neg
	d.ev.Future = m.Future || p.hasPhrase(cs, m.First, p.lx.future)
	d.ev.Hypothetical = p.hasPhrase(p.sentenceStart(m.First), m.First, p.lx.hypo)
	aux := m.Aux
	if m.Verb.participle && aux == "" {
		aux = cd.laterAux(m)
	}
	d.ev.Historical = strings.HasPrefix(aux, "بود")
	cd.date(d, m, cs)
	cd.attribution(d, m, cs)
	d.topics = appendUniq(d.topics, cd.topics(m)...)
	if d.predMode == "" {
		ce := m.Last
		for ce+1 < len(p.f) && !p.breakAt[ce] {
			ce++
		}
		order := make([]int, 0, ce-cs+1)
		for k := m.Last; k >= cs; k-- {
			order = append(order, k)
		}
		for k := m.Last + 1; k <= ce && k < len(p.f); k++ {
			order = append(order, k)
		}
		for _, k := range order {
			if mode, ok := p.lx.modes[d.ev.Type][p.f[k]]; ok {
				d.predMode = mode
				break
			}
			if mode, ok := p.lx.modes[d.ev.Type][p.firstModeKey(d.ev.Type, k)]; ok {
				d.predMode = mode
				break
			}
		}
	}
	d.ev.Confidence = 0.9
	if d.nominal {
		d.ev.Confidence = 0.7
	}
	if m.Pred.Weak {
		d.ev.Confidence -= 0.3
	}
	if len(d.actors) == 0 {
		d.ev.Confidence -= 0.2
	}
}

func (p *Parse) firstModeKey(cat string, k int) string {
	t := p.f[k]
	for n := len(t) - 1; n > 0; n-- {
		if _, ok := p.lx.modes[cat][t[:n]]; ok && nounSuffixes[t[n:]] {
			return t[:n]
		}
	}
	return ""
}

// laterAux returns the auxiliary of the next verb of the sentence, which a bare participle shares
// (محکوم کرده و خواستار ... شده بود).
func (cd *coding) laterAux(m Match) string {
	p := cd.p
	for _, o := range p.Matches {
		if o.First > m.Last && p.sent[o.First] == p.sent[m.First] && o.Aux != "" {
			return o.Aux
		}
	}
	return ""
}

func (p *Parse) hasPhrase(start, end int, phrases [][]string) bool {
	for k := start; k < end && k < len(p.f); k++ {
		for _, ph := range phrases {
			if k+len(ph) > len(p.f) {
				continue
			}
			ok := true
			for j, w := range ph {
				if p.f[k+j] != w {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// date picks the event's date: an expression in the clause, else the sentence, else the last one earlier in the
// paragraph, else the publication day with low confidence. An event noun takes only a date in its clause.
func (cd *coding) date(d *draft, m Match, cs int) {
	p := cd.p
	ce := m.Last
	for ce+1 < len(p.f) && !p.breakAt[ce] {
		ce++
	}
	ss, se := p.sentenceStart(m.First), p.sentenceEnd(m.First)
	toks := p.Doc.Tokens
	// otherClause reports whether a date stands in a clause that another verb closes (the report's date in
	// "آژانس سه روز پیش ... اعلام کرده بود که ... بمباران شدند").
	otherClause := func(dt *article.Date) bool {
		k := sort.Search(len(toks), func(i int) bool { return toks[i].End > dt.Start })
		for k < len(toks) && !p.breakAt[k] {
			k++
		}
		return k < len(toks) && k != m.Last && p.isVerbEnd(k)
	}
	pick := func(lo, hi int, nearestBefore bool) *article.Date {
		var best *article.Date
		bestScore := -1 << 30
		for i := range cd.in.Dates {
			dt := &cd.in.Dates[i]
			if dt.Field != article.FieldBody || dt.Value == "" || dt.Kind == "duration" || dt.Kind == "set" {
				continue
			}
			if dt.Start < toks[lo].Start || dt.Start >= toks[hi].End {
				continue
			}
			if !nearestBefore && (lo != cs) && otherClause(dt) {
				continue
			}
			score := len(dayOf(dt.Value)) * 1000
			dist := dt.Start - toks[m.First].Start
			if dist < 0 {
				dist = -dist
			}
			if nearestBefore {
				score = dt.Start
			} else {
				score -= dist / 10
			}
			if score > bestScore {
				best, bestScore = dt, score
			}
		}
		return best
	}
	dt := pick(cs, ce, false)
	if dt == nil && !d.nominal {
		dt = pick(ss, se, false)
		if dt == nil && ss > 0 {
			ps := ss
			for ps > 0 && p.para[ps-1] == p.para[ss] {
				ps--
			}
			if ps < ss {
				dt = pick(ps, ss-1, true)
			}
		}
	}
	switch {
	case dt != nil:
		d.ev.Date = dt.Value
		d.ev.DateText = dt.Text
	case !d.nominal && !d.ev.Historical && !cd.in.Ref.Time.IsZero():
		d.ev.Date = cd.in.Ref.Time.Format("2006-01-02")
		d.dateFallback = true
	}
}

// dayOf cuts an ISO value to its day (or coarser) part.
func dayOf(v string) string {
	if len(v) > 10 {
		return v[:10]
	}
	return v
}

// attribution fills sources and initiator from the sentence: به نقل از X, به گزارش X, X اعلام کرد که …,
// طبق این بیانیه, به درخواست X.
func (cd *coding) attribution(d *draft, m Match, cs int) {
	p := cd.p
	ss, se := p.sentenceStart(m.First), p.sentenceEnd(m.First)
	d.sources = appendUniq(d.sources, cd.names(p.roleMentions(ss, se+1, "source"))...)
	if ini := p.roleMentions(ss, se+1, "initiator"); len(ini) > 0 && d.initiator == "" {
		d.initiator = p.Mentions[ini[0]].Name
	}
	for _, s := range p.Speeches {
		if s.First >= ss && s.Last < m.First && !s.Adjectival {
			d.sources = appendUniq(d.sources, cd.names(p.SpeakerOf(s))...)
		}
	}
	for k := ss; k+2 <= se; k++ {
		if (p.f[k] == "طبق" || p.f[k] == "براساس") && demonstratives[p.f[k+1]] {
			d.sources = appendUniq(d.sources, cd.reportSpeakers...)
		}
	}
}

// topics returns the themes whose cues stand in the sentence of m.
func (cd *coding) topics(m Match) []string {
	p := cd.p
	si := p.sent[m.First]
	if out, ok := p.topics[si]; ok {
		return out
	}
	ss, se := p.sentenceStart(m.First), p.sentenceEnd(m.First)
	var out []string
	for _, th := range p.lx.Themes {
		if p.hasCue(ss, se+1, th.cues) {
			out = append(out, th.Name)
		}
	}
	if p.topics == nil {
		p.topics = map[int][]string{}
	}
	p.topics[si] = out
	return out
}

func (p *Parse) hasCue(start, end int, cues [][]string) bool {
	for k := start; k < end && k < len(p.f); k++ {
		if p.mentAt[k] >= 0 {
			continue // a name (آژانس بین‌المللی انرژی اتمی) is no theme
		}
		for _, c := range cues {
			if k+len(c) > end {
				continue
			}
			ok := true
			for j, w := range c {
				if !wordMatch(p.f[k+j], w) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// mergeTarget finds an earlier event that d is another mention of: same category, overlapping parties, compatible
// dates; or, in the same sentence, one that lacks the side d has (an attack by X; sites bombed in it).
func (cd *coding) mergeTarget(d *draft) *draft {
	for i := len(cd.drafts) - 1; i >= 0; i-- {
		o := cd.drafts[i]
		if o.ev.Type != d.ev.Type {
			continue
		}
		if !d.nominal && !d.dateFallback && !o.dateFallback && o.ev.Date != "" && d.ev.Date != "" &&
			!strings.HasPrefix(o.ev.Date, d.ev.Date) && !strings.HasPrefix(d.ev.Date, o.ev.Date) {
			continue
		}
		if !d.nominal && d.ev.Date != "" && o.ev.Date != "" && !d.dateFallback && o.dateFallback {
			continue
		}
		if cd.overlap(d.actors, o.recipients) && !cd.overlap(d.actors, o.actors) {
			continue
		}
		if d.ev.Negated != o.ev.Negated {
			continue
		}
		if cd.overlap(d.actors, o.actors) && (len(d.recipients) == 0 || len(o.recipients) == 0 || cd.overlap(d.recipients, o.recipients)) {
			return o
		}
		if o.sentence == d.sentence && (len(o.actors) == 0 || len(d.actors) == 0) {
			return o
		}
	}
	return nil
}

// overlap reports whether two party lists share a party, by name or by country (Putin and Russia).
func (cd *coding) overlap(a, b []int) bool {
	for _, x := range a {
		mx := cd.p.Mentions[x]
		for _, y := range b {
			my := cd.p.Mentions[y]
			if mx.Name != "" && mx.Name == my.Name {
				return true
			}
			if mx.Country != "" && mx.Country == my.Country && (mx.Type == article.Location || my.Type == article.Location) {
				return true
			}
		}
	}
	return false
}

func (cd *coding) merge(into, d *draft) {
	// A party joins only when the event does not already name it or its state (Israel beside Netanyahu).
	for _, a := range d.actors {
		if !cd.overlap([]int{a}, into.actors) && !cd.overlap([]int{a}, into.recipients) {
			into.actors = append(into.actors, a)
		}
	}
	for _, r := range d.recipients {
		if !cd.overlap([]int{r}, into.actors) && !cd.overlap([]int{r}, into.recipients) {
			into.recipients = append(into.recipients, r)
		}
	}
	into.sources = appendUniq(into.sources, d.sources...)
	into.topics = appendUniq(into.topics, d.topics...)
	if into.initiator == "" {
		into.initiator = d.initiator
	}
	if into.predMode == "" {
		into.predMode = d.predMode
		into.cameo = d.cameo
	}
	if (into.ev.Date == "" || into.dateFallback) && d.ev.Date != "" && !d.dateFallback {
		into.ev.Date, into.ev.DateText, into.dateFallback = d.ev.Date, d.ev.DateText, false
	}
	if into.nominal && !d.nominal {
		into.nominal = false
		into.ev.Trigger = d.ev.Trigger
		into.ev.Confidence = max(into.ev.Confidence, d.ev.Confidence)
	}
}

// baseContext is the PLOVER context of a category before the themes add theirs.
var baseContext = map[string]string{
	"CONSULT": "diplomatic", "AGREE": "diplomatic", "SUPPORT": "diplomatic", "REQUEST": "diplomatic",
	"ACCUSE": "diplomatic", "REJECT": "diplomatic", "CONCEDE": "diplomatic", "COOPERATE": "diplomatic",
	"SANCTION": "economic", "AID": "humanitarian", "RETREAT": "military", "THREATEN": "military",
	"MOBILIZE": "military", "COERCE": "political", "ASSAULT": "military", "PROTEST": "political",
}

// finish fills the event's derived fields.
func (cd *coding) finish(d *draft) article.Event {
	lx := cd.c.lx
	ev := d.ev
	ev.Mode = d.predMode
	code := d.cameo
	if ev.Mode != "" {
		if mc, ok := lx.Categories[ev.Type].CAMEO[ev.Mode]; ok {
			code = mc
		}
	}
	ev.CAMEO, ev.Goldstein, _ = lx.CAMEOFor(ev.Type, ev.Mode, code)
	ev.Actors, ev.ActorInfo = cd.parties(d.actors)
	ev.Recipients, ev.RecipientInfo = cd.parties(d.recipients)
	ev.Recipients = minusNames(ev.Recipients, ev.Actors)
	ev.Initiator = d.initiator
	ev.Sources = appendUniq([]string{}, d.sources...)
	ev.Topics = appendUniq([]string{}, d.topics...)
	if c := baseContext[ev.Type]; c != "" {
		ev.Context = append(ev.Context, c)
	}
	for _, t := range lx.Themes {
		for _, tp := range ev.Topics {
			if tp == t.Name && t.Context != "" {
				ev.Context = appendUniq(ev.Context, t.Context)
			}
		}
	}
	if d.dateFallback {
		ev.Confidence -= 0.2
	}
	ev.Confidence = float64(int(ev.Confidence*100+0.5)) / 100
	if ev.Confidence < 0.1 {
		ev.Confidence = 0.1
	}
	ev.Key = Key(ev)
	return ev
}

func minusNames(xs, ys []string) []string {
	out := []string{}
	for _, x := range xs {
		keep := true
		for _, y := range ys {
			if x == y {
				keep = false
			}
		}
		if keep {
			out = append(out, x)
		}
	}
	return out
}

func (cd *coding) parties(idx []int) ([]string, []article.Party) {
	names := []string{}
	var info []article.Party
	for _, i := range idx {
		m := cd.p.Mentions[i]
		if m.Name == "" {
			continue
		}
		dup := false
		for _, n := range names {
			if n == m.Name {
				dup = true
			}
		}
		if dup {
			continue
		}
		names = append(names, m.Name)
		info = append(info, article.Party{Name: m.Name, ID: m.ID, Country: m.Country, Sector: m.Sector, Type: m.Type})
	}
	return names, info
}

// Key returns the cross-article identity of an event: its category, its actors in name order, and its day (or
// coarser date). Two articles that report the same act on the same day share the key.
func Key(ev article.Event) string {
	actors := append([]string(nil), ev.Actors...)
	sort.Strings(actors)
	for i, a := range actors {
		actors[i] = strings.ReplaceAll(strings.ToLower(a), " ", "-")
	}
	return ev.Type + ":" + strings.Join(actors, "+") + ":" + dayOf(ev.Date)
}

// triggerText returns the matched words of m, with "…" for a gap.
func (p *Parse) triggerText(m Match) string {
	if len(m.Pred.elems) == 0 || m.Last-m.First < len(m.Pred.elems)+1 {
		return p.Doc.Text[p.Start(m):p.End(m)]
	}
	hasGap := false
	for _, e := range m.Pred.elems {
		if e.kind == elGap {
			hasGap = true
		}
	}
	if !hasGap {
		return p.Doc.Text[p.Start(m):p.End(m)]
	}
	var words []string
	for k := m.First; k <= m.Last; k++ {
		words = append(words, p.Doc.Tokens[k].Text)
	}
	// The words before the gap are the pattern's leading words; the verb (and its auxiliary) close it.
	lead := 0
	for _, e := range m.Pred.elems {
		if e.kind != elWord {
			break
		}
		lead++
	}
	tail := 1
	if m.Aux != "" {
		tail = 2
	}
	if lead+tail >= len(words) {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:lead], " ") + " … " + strings.Join(words[len(words)-tail:], " ")
}

// objectPhrase returns the mentions inside the direct-object phrase of a clause: bare or locative names after the
// subject and before را (مواضع حزب‌الله در جنوب لبنان را).
func (p *Parse) objectPhrase(cs, end int, subj []int) []int {
	ra := -1
	for k := end - 1; k >= cs; k-- {
		if p.f[k] == "را" {
			ra = k
			break
		}
	}
	if ra < 0 {
		return nil
	}
	var out []int
	for k := cs; k < ra; k++ {
		mi := p.mentAt[k]
		if mi < 0 || (k > cs && p.mentAt[k-1] == mi) || p.quoted[k] {
			continue
		}
		m := p.ments[mi]
		// A place phrase counts only when it closes the object (مناطقی در جنوب لبنان را), not as an adjunct
		// before it (در استانبول ده‌ها معترض را).
		if m.modifier || (m.role != "" && m.role != "در") || (m.role == "در" && !m.object) {
			continue
		}
		in := false
		for _, s := range subj {
			if s == m.idx || p.Mentions[s].Name == p.Mentions[m.idx].Name {
				in = true
			}
		}
		if !in && (len(subj) > 0 || m.object) {
			out = append(out, m.idx)
		}
	}
	return out
}
