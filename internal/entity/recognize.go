package entity

import (
	"strings"
	"unicode"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// Sources of a mention's link.
const (
	SourceKB      = "kb"
	SourcePattern = "pattern"
	SourceCoref   = "coref"
)

// maxNameTokens bounds the tokens of one alias match.
const maxNameTokens = 10

// suffixes are the inflections and clitics that may follow a name inside one token (keys, without ZWNJ):
// plural, ezafe, indefinite, possessive and copula clitics and their combinations.
var suffixes = map[string]bool{}

// nominalSuffixes make a demonym a noun (the people) rather than an adjective.
var nominalSuffixes = map[string]bool{}

func init() {
	base := []string{"", "ها", "های", "هایی", "ان", "یان", "گان"}
	clitic := []string{"", "ی", "ای", "م", "ت", "ش", "مان", "تان", "شان", "ام", "ات", "اش", "یم", "یت", "یش", "یمان", "یتان", "یشان"}
	for _, b := range base {
		for _, c := range clitic {
			if b+c != "" {
				suffixes[b+c] = true
				if b != "" || (c != "ی" && c != "ای") {
					nominalSuffixes[b+c] = true
				}
			}
		}
	}
}

// holding is one person's tenure of a role.
type holding struct {
	entry int
	role  Role
}

// Recognizer finds entity mentions and links them to the knowledge base. It is safe for concurrent use.
type Recognizer struct {
	kb       *KB
	trie     *trie
	offices  map[string][]int     // role key ("prime minister of israel") → office entries
	holders  map[string][]holding // role key → people who held it, with when
	heads    map[int]string       // organisation entry → key of its head noun (آژانس for the IAEA)
	headSet  map[string]bool      // the head noun keys that may stand alone for an organisation
	headOrgs map[string][]int     // head noun key → organisations with that head
}

// NewRecognizer returns a recogniser over the embedded knowledge base.
func NewRecognizer() (*Recognizer, error) {
	kb, err := LoadKB()
	if err != nil {
		return nil, err
	}
	return NewRecognizerKB(kb), nil
}

// NewRecognizerKB returns a recogniser over kb.
func NewRecognizerKB(kb *KB) *Recognizer {
	r := &Recognizer{kb: kb, trie: newTrie(), offices: map[string][]int{}, holders: map[string][]holding{},
		heads: map[int]string{}, headSet: map[string]bool{}, headOrgs: map[string][]int{}}
	common := kb.lex.cues[cueCommon]
	type link struct {
		key string
		p   payload
	}
	var links []link
	add := func(alias string, kind uint8, i int) {
		cue := containsString(kb.entries[i].InContext, alias)
		k := foldKey(alias)
		if !hasLetter(k) {
			return // digits alone (۱+۵ folds to 15) would match numbers
		}
		if _, ok := common[k]; ok {
			cue = true
		}
		links = append(links, link{k, payload{kind: kind, idx: int32(i), runes: int16(min(runeCount(k), 1<<14)),
			parts: aliasParts(alias), needsCue: cue}})
	}
	for i, e := range kb.entries {
		for _, a := range e.Fa {
			add(a, pEntity, i)
		}
		for _, a := range append([]string{e.Name}, e.En...) {
			if len(a) >= 3 || strings.ToUpper(a) == a {
				add(a, pEntity, i)
			}
		}
		for _, a := range e.Demonyms {
			add(a, pDemonym, i)
		}
		if e.Type == article.Person && len(e.Fa) > 0 {
			if ws := strings.Fields(e.Fa[0]); len(ws) > 1 && runeCount(foldKey(ws[len(ws)-1])) >= 3 {
				add(ws[len(ws)-1], pSurname, i)
			}
		}
		for _, ro := range e.Roles {
			for _, key := range kb.roleKeys(ro.Title) {
				if e.Subtype == "office" {
					r.offices[key] = appendOnce(r.offices[key], i)
				} else if e.Type == article.Person {
					r.holders[key] = append(r.holders[key], holding{i, ro})
				}
			}
		}
		if e.Type == article.Organization && len(e.Fa) > 0 {
			if ws := strings.Fields(e.Fa[0]); len(ws) > 1 {
				r.heads[i] = headKey(foldKey(ws[0]))
				if kb.lex.is(cueAnaphor, r.heads[i]) {
					r.headSet[r.heads[i]] = true
					r.headOrgs[r.heads[i]] = append(r.headOrgs[r.heads[i]], i)
				}
			}
		}
	}
	// A media name that is also another entry's name (ایران the newspaper) links only in context.
	mediaAt := map[string]bool{}
	otherAt := map[string]bool{}
	for _, l := range links {
		if l.p.kind == pEntity && kb.entries[l.p.idx].Subtype == "media" {
			mediaAt[l.key] = true
		} else if l.p.kind != pSurname {
			otherAt[l.key] = true
		}
	}
	for _, l := range links {
		if l.p.kind == pEntity && kb.entries[l.p.idx].Subtype == "media" && otherAt[l.key] {
			l.p.needsCue = true
		}
		r.trie.insert(l.key, l.p)
	}
	for i, t := range kb.lex.titles {
		for _, f := range t.Fa {
			k := foldKey(f)
			r.trie.insert(k, payload{kind: pTitle, idx: int32(i), runes: int16(min(runeCount(k), 1<<14)), parts: aliasParts(f)})
		}
	}
	return r
}

// KB returns the recogniser's knowledge base.
func (r *Recognizer) KB() *KB { return r.kb }

// roleKey folds a role title for comparison: lower case, single spaces, no "the".
func roleKey(s string) string {
	ws := strings.Fields(foldWords(s))
	out := ws[:0]
	for _, w := range ws {
		if w != "the" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// roleKeys returns the keys a role title is indexed under: the folded title itself, and for every way of reading
// it as "<title> of <name>" where name is in the KB, "<title>|<id>" (so "Secretary-General of the United
// Nations" and "Secretary-General of UN" meet).
func (kb *KB) roleKeys(title string) []string {
	keys := []string{roleKey(title)}
	rest := title
	for off := 0; ; {
		i := strings.Index(rest[off:], " of ")
		if i < 0 {
			break
		}
		head, tail := title[:off+i], strings.TrimSpace(title[off+i+4:])
		tail = strings.TrimPrefix(strings.TrimPrefix(tail, "the "), "The ")
		for _, e := range kb.Find(tail) {
			keys = append(keys, roleKey(head)+"|"+e.ID)
		}
		off += i + 4
	}
	return keys
}

// titleKey returns the key of a title with an optional complement entry ID.
func titleKey(kb *KB, title, id string) []string {
	if id == "" {
		return kb.roleKeys(title)
	}
	return []string{roleKey(title) + "|" + id}
}

func appendOnce(xs []int, x int) []int {
	if containsInt(xs, x) {
		return xs
	}
	return append(xs, x)
}

// headKey strips a written ezafe from a head noun key (شورای → شورا).
func headKey(k string) string {
	if strings.HasSuffix(k, "ای") || strings.HasSuffix(k, "وی") {
		return strings.TrimSuffix(k, "ی")
	}
	return k
}

// match is one trie match starting at a token.
type match struct {
	first, last int // token range
	end         int // byte end in the text
	suffix      string
	payloads    []payload
}

// docState is the per-call working state of Recognize.
type docState struct {
	r    *Recognizer
	doc  persian.Doc
	keys []string
	sent []int  // sentence index of each token
	at   string // "YYYY-MM" of the text's date, "" for now
	// roles holds the role attached to each output mention with no antecedent, for its coreferent mentions.
	roles map[int]string
}

func (s *docState) word(i int) bool {
	if i < 0 || i >= len(s.doc.Tokens) {
		return false
	}
	k := s.doc.Tokens[i].Kind
	return k == persian.Word || k == persian.Latin
}

func (s *docState) key(i int) string {
	if i < 0 || i >= len(s.keys) {
		return ""
	}
	return s.keys[i]
}

// isQuote reports whether token i is a quotation mark.
func (s *docState) isQuote(i int) bool {
	if i < 0 || i >= len(s.doc.Tokens) {
		return false
	}
	switch s.doc.Tokens[i].Text {
	case "\"", "«", "»", "“", "”", "'", "‘", "’":
		return true
	}
	return false
}

// cue reports whether token i is a cue word of kind, with or without a written ezafe.
func (s *docState) cue(kind string, i int) bool {
	k := s.key(i)
	if k == "" {
		return false
	}
	lex := &s.r.kb.lex
	if lex.is(kind, k) {
		return true
	}
	for _, suf := range []string{"ی", "ها", "های", "هایی"} {
		if strings.HasSuffix(k, suf) && lex.is(kind, strings.TrimSuffix(k, suf)) {
			return true
		}
	}
	return false
}

// matches returns the trie matches starting at token i, longest first.
func (s *docState) matches(i int) []match {
	if !s.word(i) {
		return nil
	}
	t := s.r.trie
	var out []match
	node := int32(0)
	for j := i; j < len(s.doc.Tokens) && j < i+maxNameTokens; j++ {
		if j > i {
			tk := s.doc.Tokens[j].Kind
			if tk != persian.Word && tk != persian.Latin && tk != persian.Number {
				break
			}
			if strings.ContainsAny(s.doc.Text[s.doc.Tokens[j-1].End:s.doc.Tokens[j].Start], "\n") {
				break
			}
		}
		key := s.keys[j]
		ok := true
		for p, c := range key {
			// A suffix may follow a name inside a token, but not a name whose last word was cut short by a space
			// (کار نیست is not کارنی + ست): the token must bring at least three letters of the name.
			if p > 0 && (j == i || runeCount(key[:p]) >= 3) {
				if ps, has := t.term[node]; has && suffixes[key[p:]] {
					out = append(out, match{first: i, last: j, end: s.doc.Tokens[j].End, suffix: key[p:], payloads: ps})
				}
			}
			if node, ok = t.step(node, c); !ok {
				break
			}
		}
		if !ok || key == "" {
			break
		}
		if ps, has := t.term[node]; has {
			m := match{first: i, last: j, end: s.doc.Tokens[j].End, payloads: ps}
			// A plural or ezafe written as a separate word: آمریکایی ها.
			if n := j + 1; n < len(s.keys) && s.word(n) && (s.keys[n] == "ها" || s.keys[n] == "های") {
				m.last, m.end, m.suffix = n, s.doc.Tokens[n].End, s.keys[n]
			}
			out = append(out, m)
		}
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// quoted reports whether tokens [first, last] stand between quotation marks.
func (s *docState) quoted(first, last int) bool {
	return s.isQuote(first-1) && s.isQuote(last+1)
}

// mediaCue reports whether one of the three words before token first (quotes skipped) announces a media name.
func (s *docState) mediaCue(first int) bool {
	for i, n := first-1, 0; i >= 0 && n < 3; i-- {
		if s.isQuote(i) {
			continue
		}
		if !s.word(i) {
			return false
		}
		if s.cue(cueMedia, i) {
			return true
		}
		n++
	}
	return false
}

// inContext reports whether a needs-cue link is supported by its context.
func (s *docState) inContext(e *Entry, m match) bool {
	if s.quoted(m.first, m.last) && e.Type != article.Person {
		return true
	}
	switch {
	case e.Subtype == "media":
		return s.mediaCue(m.first)
	case e.Type == article.Location:
		return s.cue(cuePlace, m.first-1)
	}
	return false
}

// aliasParts counts the words of an alias, split at spaces, ZWNJs and hyphens.
func aliasParts(alias string) int8 {
	n := len(strings.FieldsFunc(alias, func(r rune) bool { return r == ' ' || r == zwnj || r == '-' || r == '\t' }))
	return int8(min(n, 100))
}

// hasLetter reports whether a key has a letter.
func hasLetter(k string) bool {
	for _, c := range k {
		if unicode.IsLetter(c) {
			return true
		}
	}
	return false
}
