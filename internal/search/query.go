// Package search is Khabar's query language and its Persian text side: queries parse into an AST whose words
// carry search keys (ZWNJ-, space- and fusion-insensitive, digits and Arabic letters folded, light stemming),
// and the helpers that every store backend shares: snippets with highlight ranges cut from the normalised text,
// and date-histogram buckets in the Gregorian or Jalali calendar. The store packages execute queries; this
// package holds no SQL.
//
// Query syntax:
//
//	word                 a word in any spelling (ZWNJ, spaced or fused compounds; ي/ی; three digit scripts)
//	"two words"          a phrase
//	-word, -"phrase"     exclusion
//	a OR b               either (OR binds tighter than the implicit AND between words)
//	pre*                 prefix
//	( … )                grouping
//	entity:پوتین         articles mentioning an entity, by canonical name, KB ID or Persian alias
//	type:CONSULT         articles with an event of a PLOVER category
//	source:IRNA          articles from a source
//	date:1404-08         published in a Jalali or Gregorian year, month, day, or range a..b
//	sort:date            newest first instead of by relevance
//
// Filters stand at the top level and -field:value excludes. Repeated entity: filters must all match; repeated
// source:, type: or date: filters allow either value.
package search

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/event"
	"github.com/khabar/khabar/internal/persian"
)

// normalizer returns the display normaliser with default options, the one the analyser applies to stored text.
var normalizer = sync.OnceValue(func() *persian.Normalizer { return persian.NewNormalizer(persian.Options{}) })

// Node is a node of the text part of a query: *Term, *Phrase, *And, *Or or *Not.
type Node interface {
	// String renders the node with its keys, for tests and debugging.
	String() string
}

// Term is one word, matched by its key (or by key prefix).
type Term struct {
	Word   string // as typed
	Key    string // search key
	Prefix bool   // match every key starting with Key
	Pos    int    // byte offset in the query
}

// Phrase is a sequence of keys that must appear in order, adjacent.
type Phrase struct {
	Text string   // as typed, without quotes
	Keys []string // one key per word
	// Joined is the same phrase with known compounds joined into one key (set by JoinCompounds); a store
	// matches either form.
	Joined []string
	// Split is the same phrase with compounds split into their parts (ZWNJ parts, or a fused word cut where both
	// halves are indexed words; set by JoinCompounds), so that it also matches the spaced spelling.
	Split []string
	Pos   int
}

// And matches when all its nodes match.
type And struct{ Nodes []Node }

// Or matches when any of its nodes matches.
type Or struct{ Nodes []Node }

// Not excludes what its node matches; it only appears as a conjunct of an And, or as the whole text query.
type Not struct{ Node Node }

// String renders the term's key, with '*' for a prefix.
func (t *Term) String() string {
	if t.Prefix {
		return t.Key + "*"
	}
	return t.Key
}

// String renders the phrase's keys in quotes.
func (p *Phrase) String() string { return `"` + strings.Join(p.Keys, " ") + `"` }

// PairKey returns the compound key of a two-word phrase ("نخست وزیر" → the key of نخست‌وزیر), or "" when the
// phrase has another number of words.
func (p *Phrase) PairKey() string {
	toks := Tokens(p.Text)
	if len(toks) != 2 {
		return ""
	}
	return PairKey(p.Text[toks[0].Start:toks[0].End], p.Text[toks[1].Start:toks[1].End])
}

// String renders AND(…).
func (a *And) String() string { return "AND(" + joinNodes(a.Nodes) + ")" }

// String renders OR(…).
func (o *Or) String() string { return "OR(" + joinNodes(o.Nodes) + ")" }

// String renders NOT(…).
func (n *Not) String() string { return "NOT(" + n.Node.String() + ")" }

func joinNodes(ns []Node) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = n.String()
	}
	return strings.Join(s, " ")
}

// Sort orders search results.
type Sort string

// Sort orders.
const (
	ByRelevance Sort = "relevance" // BM25 with a recency boost (the default)
	ByDate      Sort = "date"      // newest first
)

// ParseSort parses a sort order name ("relevance" or "date"; "" means relevance).
func ParseSort(s string) (Sort, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "relevance", "rank", "score":
		return ByRelevance, nil
	case "date", "time", "newest":
		return ByDate, nil
	}
	return "", fmt.Errorf("unknown sort %q: want relevance or date", s)
}

// Filter is a value of a field filter (source:, type:).
type Filter struct {
	Value   string
	Negated bool
	Pos     int
}

// EntityFilter is an entity: filter with the knowledge-base IDs its value resolved to.
type EntityFilter struct {
	Value   string
	IDs     []string // resolved KB IDs; empty when the resolver knows no such entity
	Negated bool
	Pos     int
}

// DateRange is a date: filter as the half-open interval [From, To).
type DateRange struct {
	Value    string
	From, To time.Time
	Pos      int
}

// Query is a parsed search query.
type Query struct {
	Raw      string
	Text     Node // nil when the query has only filters
	Entities []EntityFilter
	Types    []Filter
	Sources  []Filter
	Dates    []DateRange // an article matches when its publication time falls in any of them
	Sort     Sort        // "" unless the query says sort:
}

// String renders the query in a canonical form for tests and logs.
func (q *Query) String() string {
	var parts []string
	if q.Text != nil {
		parts = append(parts, q.Text.String())
	}
	for _, e := range q.Entities {
		parts = append(parts, neg(e.Negated)+"entity:"+e.Value+"="+strings.Join(e.IDs, ","))
	}
	for _, f := range q.Types {
		parts = append(parts, neg(f.Negated)+"type:"+f.Value)
	}
	for _, f := range q.Sources {
		parts = append(parts, neg(f.Negated)+"source:"+f.Value)
	}
	for _, d := range q.Dates {
		parts = append(parts, "date:"+d.From.Format("2006-01-02")+".."+d.To.Format("2006-01-02"))
	}
	if q.Sort != "" {
		parts = append(parts, "sort:"+string(q.Sort))
	}
	return strings.Join(parts, " ")
}

func neg(b bool) string {
	if b {
		return "-"
	}
	return ""
}

// EntityResolver maps an entity name, ID or alias in any language to knowledge-base IDs. The entity package's KB
// satisfies it through a small adapter.
type EntityResolver interface {
	Resolve(s string) []string
}

// ResolverFunc adapts a function to EntityResolver, for example over entity.KB.Find:
//
//	search.ResolverFunc(func(s string) (ids []string) {
//		for _, e := range kb.Find(s) {
//			ids = append(ids, e.ID)
//		}
//		return ids
//	})
type ResolverFunc func(s string) []string

// Resolve calls f(s).
func (f ResolverFunc) Resolve(s string) []string { return f(s) }

// ParseOptions configure Parse.
type ParseOptions struct {
	Resolver EntityResolver // nil: entity: values match stored entity IDs and names only
	Location *time.Location // zone of date: filters; nil means Asia/Tehran
}

// Error is a malformed query: what is wrong and where.
type Error struct {
	Query string
	Pos   int // byte offset in Query
	Msg   string
}

// Column returns the 1-based position of the error in characters.
func (e *Error) Column() int { return utf8.RuneCountInString(e.Query[:min(e.Pos, len(e.Query))]) + 1 }

// Error says what is wrong and at which character.
func (e *Error) Error() string { return fmt.Sprintf("query: at character %d: %s", e.Column(), e.Msg) }

// MaxQueryLen bounds the length of a query in bytes.
const MaxQueryLen = 4096

// Parse parses a query. Every error is an *Error naming the position.
func Parse(s string, opts ParseOptions) (*Query, error) {
	p := &parser{src: s, opts: opts, q: &Query{Raw: s}}
	if len(s) > MaxQueryLen {
		return nil, p.errf(MaxQueryLen, "query longer than %d bytes", MaxQueryLen)
	}
	if !utf8.ValidString(s) {
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return nil, p.errf(i, "invalid UTF-8")
	}
	if err := p.lex(); err != nil {
		return nil, err
	}
	n, err := p.parseSeq(true)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, p.errf(p.toks[p.i].pos, "unexpected '%s'", p.toks[p.i].text)
	}
	p.q.Text = n
	if p.q.Text == nil && len(p.q.Entities)+len(p.q.Types)+len(p.q.Sources)+len(p.q.Dates) == 0 {
		return nil, p.errf(0, "empty query: give words or a filter")
	}
	if isNegative(p.q.Text) && len(p.q.Entities)+len(p.q.Types)+len(p.q.Sources)+len(p.q.Dates) == 0 {
		return nil, p.errf(0, "a query cannot only exclude: add a word or a filter")
	}
	return p.q, nil
}

// isNegative reports whether a text node only excludes.
func isNegative(n Node) bool {
	switch n := n.(type) {
	case *Not:
		return true
	case *And:
		for _, c := range n.Nodes {
			if _, ok := c.(*Not); !ok {
				return false
			}
		}
		return true
	}
	return false
}

type tokKind int

const (
	tWord tokKind = iota
	tPhrase
	tOr
	tLParen
	tRParen
	tField
)

type token struct {
	kind  tokKind
	text  string // word, phrase content, or field value
	field string // for tField
	neg   bool   // preceded by '-'
	pos   int
}

type parser struct {
	src  string
	opts ParseOptions
	toks []token
	i    int
	q    *Query
}

func (p *parser) errf(pos int, format string, a ...any) *Error {
	return &Error{Query: p.src, Pos: pos, Msg: fmt.Sprintf(format, a...)}
}

var fields = map[string]bool{"entity": true, "type": true, "source": true, "date": true, "sort": true}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// lex splits the query into tokens.
func (p *parser) lex() error {
	s := p.src
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			i += n
			continue
		}
		start := i
		negated := false
		if r == '-' || r == '−' {
			negated = true
			i += n
			if i >= len(s) {
				return p.errf(start, "nothing to exclude after '-'")
			}
			r, n = utf8.DecodeRuneInString(s[i:])
			if isSpace(r) || r == ')' {
				return p.errf(start, "nothing to exclude after '-'")
			}
		}
		switch {
		case r == '(' || r == ')':
			if negated {
				return p.errf(start, "'-' cannot exclude a group; exclude words one by one")
			}
			k := tLParen
			if r == ')' {
				k = tRParen
			}
			p.toks = append(p.toks, token{kind: k, text: string(r), pos: start})
			i += n
		case r == '"' || r == '«' || r == '“':
			text, next, err := p.quoted(i)
			if err != nil {
				return err
			}
			p.toks = append(p.toks, token{kind: tPhrase, text: text, neg: negated, pos: start})
			i = next
		default:
			j := i
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isSpace(r2) || r2 == '(' || r2 == ')' || r2 == '"' || r2 == '«' || r2 == '“' {
					break
				}
				if r2 == ':' && fields[strings.ToLower(s[i:j])] {
					break
				}
				j += n2
			}
			word := s[i:j]
			if j < len(s) && s[j] == ':' {
				field := strings.ToLower(word)
				j++
				var val string
				if j < len(s) && (s[j] == '"' || strings.HasPrefix(s[j:], "«") || strings.HasPrefix(s[j:], "“")) {
					v, next, err := p.quoted(j)
					if err != nil {
						return err
					}
					val, j = v, next
				} else {
					k := j
					for k < len(s) {
						r2, n2 := utf8.DecodeRuneInString(s[k:])
						if isSpace(r2) || r2 == '(' || r2 == ')' {
							break
						}
						k += n2
					}
					val, j = s[j:k], k
				}
				if strings.TrimSpace(val) == "" {
					return p.errf(start, "%s: needs a value", field)
				}
				p.toks = append(p.toks, token{kind: tField, field: field, text: val, neg: negated, pos: start})
				i = j
				continue
			}
			if word == "OR" && !negated {
				p.toks = append(p.toks, token{kind: tOr, text: word, pos: start})
			} else {
				p.toks = append(p.toks, token{kind: tWord, text: word, neg: negated, pos: start})
			}
			i = j
		}
	}
	return nil
}

// quoted reads a quoted string starting at s[i] and returns its content and the offset after the closing quote.
func (p *parser) quoted(i int) (string, int, error) {
	open, n := utf8.DecodeRuneInString(p.src[i:])
	closer := '"'
	switch open {
	case '«':
		closer = '»'
	case '“':
		closer = '”'
	}
	j := i + n
	end := strings.IndexRune(p.src[j:], closer)
	if end < 0 {
		return "", 0, p.errf(i, "unterminated phrase: missing closing %q", closer)
	}
	return p.src[j : j+end], j + end + utf8.RuneLen(closer), nil
}

// parseSeq parses conjuncts until ')' or the end. top says whether filters are allowed.
func (p *parser) parseSeq(top bool) (Node, error) {
	var nodes []Node
	for p.i < len(p.toks) && p.toks[p.i].kind != tRParen {
		t := p.toks[p.i]
		if t.kind == tOr {
			return nil, p.errf(t.pos, "OR needs a word on both sides")
		}
		if t.kind == tField {
			if !top {
				return nil, p.errf(t.pos, "%s: filters cannot stand inside parentheses", t.field)
			}
			if p.i+1 < len(p.toks) && p.toks[p.i+1].kind == tOr {
				return nil, p.errf(p.toks[p.i+1].pos, "OR cannot join a filter; repeat the filter (%s:a %s:b) to allow either value", t.field, t.field)
			}
			p.i++
			if err := p.filter(t); err != nil {
				return nil, err
			}
			continue
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if n != nil {
			nodes = append(nodes, n)
		}
	}
	switch len(nodes) {
	case 0:
		return nil, nil
	case 1:
		return nodes[0], nil
	}
	return &And{Nodes: nodes}, nil
}

func (p *parser) parseOr() (Node, error) {
	first := p.toks[p.i]
	n, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	alts := []Node{n}
	for p.i < len(p.toks) && p.toks[p.i].kind == tOr {
		or := p.toks[p.i]
		p.i++
		if p.i >= len(p.toks) || p.toks[p.i].kind == tRParen || p.toks[p.i].kind == tOr {
			return nil, p.errf(or.pos, "OR needs a word on both sides")
		}
		if p.toks[p.i].kind == tField {
			return nil, p.errf(or.pos, "OR cannot join a filter; repeat the filter to allow either value")
		}
		m, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		alts = append(alts, m)
	}
	if len(alts) == 1 {
		return n, nil
	}
	var kept []Node
	for _, a := range alts {
		if a == nil {
			continue
		}
		if isNegative(a) {
			return nil, p.errf(first.pos, "an exclusion cannot be an alternative of OR")
		}
		kept = append(kept, a)
	}
	switch len(kept) {
	case 0:
		return nil, nil
	case 1:
		return kept[0], nil
	}
	return &Or{Nodes: kept}, nil
}

func (p *parser) parseUnary() (Node, error) {
	t := p.toks[p.i]
	switch t.kind {
	case tLParen:
		p.i++
		n, err := p.parseSeq(false)
		if err != nil {
			return nil, err
		}
		if p.i >= len(p.toks) || p.toks[p.i].kind != tRParen {
			return nil, p.errf(t.pos, "unclosed '('")
		}
		p.i++
		return n, nil
	case tRParen:
		return nil, p.errf(t.pos, "unexpected ')'")
	case tField:
		return nil, p.errf(t.pos, "%s: filters cannot stand inside OR or parentheses", t.field)
	}
	p.i++
	var n Node
	var err error
	if t.kind == tPhrase {
		n, err = p.phrase(t)
	} else {
		n, err = p.word(t)
	}
	if err != nil || n == nil {
		return nil, err
	}
	if t.neg {
		return &Not{Node: n}, nil
	}
	return n, nil
}

// word turns a typed word into a term, or a phrase when it holds several words ("۱۴۰۴/۰۸").
func (p *parser) word(t token) (Node, error) {
	w := t.text
	if strings.HasSuffix(w, "*") {
		stem := strings.TrimRight(w, "*")
		if strings.ContainsRune(stem, '*') {
			return nil, p.errf(t.pos, "'*' is only allowed at the end of a word")
		}
		toks := Tokens(stem)
		if len(toks) != 1 {
			return nil, p.errf(t.pos, "a prefix needs one word before '*'")
		}
		k := PrefixKey(stem[toks[0].Start:toks[0].End])
		return &Term{Word: w, Key: k, Prefix: true, Pos: t.pos}, nil
	}
	if strings.ContainsRune(w, '*') {
		return nil, p.errf(t.pos, "'*' is only allowed at the end of a word")
	}
	return p.keysNode(w, t.pos)
}

func (p *parser) phrase(t token) (Node, error) {
	if strings.TrimSpace(t.text) == "" {
		return nil, p.errf(t.pos, "empty phrase")
	}
	n, err := p.keysNode(t.text, t.pos)
	if err == nil && n == nil {
		return nil, p.errf(t.pos, "phrase %q has no searchable word", t.text)
	}
	return n, err
}

// keysNode returns a term for text of one word, a phrase for several, nil for none (punctuation). The text goes
// through the analyser's normaliser first, as stored text did.
func (p *parser) keysNode(text string, pos int) (Node, error) {
	text = normalizer().String(text)
	toks := Tokens(text)
	switch len(toks) {
	case 0:
		return nil, nil
	case 1:
		return &Term{Word: text, Key: toks[0].Key, Pos: pos}, nil
	}
	keys := make([]string, len(toks))
	for i, tk := range toks {
		keys[i] = tk.Key
	}
	return &Phrase{Text: text, Keys: keys, Pos: pos}, nil
}

func (p *parser) filter(t token) error {
	v := strings.TrimSpace(t.text)
	switch t.field {
	case "entity":
		var ids []string
		if p.opts.Resolver != nil {
			ids = p.opts.Resolver.Resolve(v)
		}
		p.q.Entities = append(p.q.Entities, EntityFilter{Value: v, IDs: ids, Negated: t.neg, Pos: t.pos})
	case "type":
		typ := strings.ToUpper(v)
		if event.Quad(typ) == "" {
			return p.errf(t.pos, "type:%s is not a PLOVER category (want one of %s)", v, strings.Join(event.Categories(), ", "))
		}
		p.q.Types = append(p.q.Types, Filter{Value: typ, Negated: t.neg, Pos: t.pos})
	case "source":
		p.q.Sources = append(p.q.Sources, Filter{Value: v, Negated: t.neg, Pos: t.pos})
	case "date":
		if t.neg {
			return p.errf(t.pos, "-date: is not supported; give the range you want")
		}
		from, to, err := parseRange(v, p.opts.Location)
		if err != nil {
			return p.errf(t.pos, "%v", err)
		}
		p.q.Dates = append(p.q.Dates, DateRange{Value: v, From: from, To: to, Pos: t.pos})
	case "sort":
		s, err := ParseSort(v)
		if err != nil || t.neg {
			return p.errf(t.pos, "sort: want relevance or date")
		}
		p.q.Sort = s
	}
	return nil
}
