package timex

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// tokKind classifies the tokens of the extractor's own light tokenizer.
type tokKind uint8

const (
	tWord tokKind = iota + 1
	tDigits
	tPunct
)

// tok is one token: a run of letters and digits (with ZWNJ and marks), or one other non-space character.
type tok struct {
	start, end int
	key        string // foldKey of the token
	kind       tokKind
	num, width int  // value and digit count of a tDigits token
	nl         bool // a line break lies between this token and the one before
}

func isWordRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	case r >= 0x0610 && r <= 0x06FF: // the Arabic block, whose few punctuation marks are listed
		switch r {
		case '،', '؛', '؟', '٪', '٫', '٬', '٭', '۔', '؜', '؝', '؞', '۝', '۞', '۩':
			return false
		}
		return true
	case r == '\u200c' || r == '\u200d':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
		r == '\u200c' || r == '\u200d'
}

// tokenize splits text into tokens with byte offsets. The extractor keeps its own tokenizer so that numeric dates
// (۱۴۰۴/۰۸/۲۴), clock times (۱۰:۳۰) and era abbreviations (ه.ش.) are seen character by character whatever the
// general tokenizer does with them.
func tokenize(text string) []tok {
	toks := make([]tok, 0, len(text)/6)
	nl := false
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r2) {
					break
				}
				j += s2
			}
			t := tok{start: i, end: j, key: foldKey(text[i:j]), kind: tWord, nl: nl}
			if n, w, ok := digitsValue(text[i:j]); ok {
				t.kind, t.num, t.width = tDigits, n, w
			}
			toks = append(toks, t)
			nl = false
			i = j
		case unicode.IsSpace(r):
			if r == '\n' || r == '\r' || r == '\u2029' {
				nl = true
			}
			i += size
		default:
			toks = append(toks, tok{start: i, end: i + size, key: text[i : i+size], kind: tPunct, nl: nl})
			nl = false
			i += size
		}
	}
	return toks
}

// gran is the granularity of a resolved expression.
type gran uint8

const (
	gDecade gran = iota + 1
	gYear
	gSeason
	gMonth
	gWeek
	gDay
	gPart
	gTime
)

// expr is one expression found in the text, before it becomes an article.Date.
type expr struct {
	ti, tj        int // token range [ti, tj)
	g             gran
	t             time.Time // the day (midnight) or instant of day, part and time granularities
	value, jalali string    // preset values of the coarser granularities
	part          string
	mod, cal      string
	anchor, kind  string
	explicit      bool // a calendar date written out, not relative
	weekday       int  // -1, or the weekday a weekday expression names
	pending       *pendingAnchor
	same          int // index+1 of the linked expression
	conflict      bool
	drop          bool
	redo          func(*expr) // recomputes value and jalali after a modifier
}

// pendingAnchor is "N unit before/after <event phrase>", resolved once every explicit date is known.
type pendingAnchor struct {
	n, sign  int
	unit     string
	head     string // folded first word of the event phrase
	pronoun  bool   // the phrase is آن / این: the most recent explicit date
	evStart  int    // token index of the event phrase
	evEnd    int
	evPhrase string
}

func (e *expr) dayLike() bool { return e.g == gDay || e.g == gPart || e.g == gTime }

// Extractor finds and resolves temporal expressions. It is immutable after New and safe for concurrent use.
type Extractor struct {
	lex    *lexicon
	tehran *time.Location
	zones  map[string]*time.Location
}

// New returns an Extractor with its tables built from the embedded data.
func New() *Extractor {
	lex := mustLexicon()
	x := &Extractor{lex: lex, tehran: DefaultLocation(), zones: map[string]*time.Location{}}
	for k, name := range lex.zones {
		if name == "local" {
			x.zones[k] = nil
			continue
		}
		if loc, err := time.LoadLocation(name); err == nil {
			x.zones[k] = loc
		}
	}
	return x
}

// Reference is the time against which relative expressions resolve: the article's publication time in its zone.
type Reference struct {
	Time     time.Time
	DateOnly bool           // the time of day is unknown
	Location *time.Location // the source's zone; nil means Asia/Tehran
}

// state is the working memory of one Extract call.
type state struct {
	x        *Extractor
	text     string
	toks     []tok
	sent     []int // sentence number of each token
	loc      *time.Location
	hasRef   bool
	dateOnly bool
	refT     time.Time // the reference instant in loc
	refDay   time.Time // midnight of the reference day in loc
	exprs    []*expr
	lastSec  int          // seconds of the clock time read last
	depth    int          // nesting of matchCore
	future   map[int]bool // sentences with a future marker, filled as asked
}

// Extract returns the temporal expressions of a segmented text, resolved against ref, in text order. Offsets are
// byte offsets into doc.Text; Same indexes are 1-based into the returned slice (see Append to concatenate).
func (x *Extractor) Extract(doc persian.Doc, ref Reference) []article.Date {
	return x.ExtractText(doc.Text, ref)
}

// ExtractText is Extract on a plain text.
func (x *Extractor) ExtractText(text string, ref Reference) []article.Date {
	s := x.newState(text, ref)
	s.scan()
	s.resolveWeekdaysAndLinks()
	s.resolveAnchors()
	return s.output()
}

func (x *Extractor) newState(text string, ref Reference) *state {
	s := &state{x: x, text: text, toks: tokenize(text), loc: ref.Location}
	if s.loc == nil {
		s.loc = x.tehran
	}
	if !ref.Time.IsZero() {
		s.hasRef = true
		s.dateOnly = ref.DateOnly
		if ref.DateOnly {
			y, m, d := ref.Time.Date()
			s.refT = time.Date(y, m, d, 0, 0, 0, 0, s.loc)
		} else {
			s.refT = ref.Time.In(s.loc)
		}
		y, m, d := s.refT.Date()
		s.refDay = time.Date(y, m, d, 0, 0, 0, 0, s.loc)
	}
	s.sent = make([]int, len(s.toks))
	n := 0
	for i, t := range s.toks {
		if t.nl && i > 0 {
			n++
		}
		s.sent[i] = n
		if t.kind == tPunct && (t.key == "." || t.key == "!" || t.key == "?" || t.key == "؟" || t.key == "؛") {
			n++
		}
	}
	return s
}

// scan walks the tokens left to right and keeps the longest expression at each position.
func (s *state) scan() {
	for i := 0; i < len(s.toks); {
		e, next := s.matchOuter(i)
		if next <= i {
			next = i + 1
		}
		if e != nil {
			s.exprs = append(s.exprs, e)
		}
		i = next
	}
}

// lookup returns the meanings of the longest lexicon form that starts at token i, and the token after it.
func (s *state) lookup(i int) ([]entry, int) {
	if i >= len(s.toks) || s.toks[i].kind != tWord {
		return nil, i
	}
	lex := s.x.lex
	first := s.toks[i].key
	maxW := lex.maxWords[first]
	for n := min(maxW, len(s.toks)-i); n >= 2; n-- {
		ok := true
		key := first
		for k := i + 1; k < i+n; k++ {
			if s.toks[k].kind != tWord || s.toks[k].nl {
				ok = false
				break
			}
			key += s.toks[k].key
		}
		if !ok {
			continue
		}
		if es, found := lex.phrases[key]; found {
			return es, i + n
		}
	}
	if es, found := lex.phrases[first]; found {
		return es, i + 1
	}
	// A form with the ezafe ی after ه (ژانویه‌ی → ژانویهی) or a trailing ی (مهرماهی) falls back to the bare form.
	if strings.HasSuffix(first, "هی") {
		if es, found := lex.phrases[strings.TrimSuffix(first, "ی")]; found {
			return es, i + 1
		}
	}
	return nil, i
}

func find(es []entry, k kind) (entry, bool) {
	for _, e := range es {
		if e.kind == k {
			return e, true
		}
	}
	return entry{}, false
}

func findMonth(es []entry) (entry, bool) {
	for _, e := range es {
		if e.kind == kJMonth || e.kind == kGMonth || e.kind == kHMonth {
			return e, true
		}
	}
	return entry{}, false
}

func (s *state) isKind(i int, k kind) (entry, int, bool) {
	es, next := s.lookup(i)
	e, ok := find(es, k)
	return e, next, ok
}

func (s *state) isWord(i int, name string) (int, bool) {
	es, next := s.lookup(i)
	for _, e := range es {
		if e.kind == kWord && e.s == name {
			return next, true
		}
	}
	return i, false
}

func (s *state) punct(i int, set string) bool {
	return i < len(s.toks) && s.toks[i].kind == tPunct && strings.Contains(set, s.toks[i].key)
}

// adjacent reports whether token i+1 starts where token i ends.
func (s *state) adjacent(i int) bool {
	return i+1 < len(s.toks) && s.toks[i].end == s.toks[i+1].start
}

// number reads a number at token i: digits (with an optional ordinal suffix) or words joined by و.
func (s *state) number(i int) (n, next int, ordinal bool, width int, ok bool) {
	if i >= len(s.toks) {
		return
	}
	t := s.toks[i]
	if t.kind == tDigits {
		return t.num, i + 1, false, t.width, true
	}
	if t.kind != tWord {
		return
	}
	for _, suf := range []string{"امین", "مین", "ام", "م"} {
		if d := strings.TrimSuffix(t.key, suf); d != t.key {
			if v, w, okd := digitsValue(d); okd {
				return v, i + 1, true, w, true
			}
		}
	}
	if _, isNum := s.x.lex.numbers[t.key]; !isNum {
		// بیست‌وچهارم: a number written as one word with ZWNJ
		raw := s.text[t.start:t.end]
		if first, _, found := strings.Cut(raw, "\u200c"); found {
			if _, okf := s.x.lex.numbers[foldKey(first)]; okf {
				if v, o, err := ParseNumeral(raw); err == nil {
					return v, i + 1, o, 0, true
				}
			}
		}
		return
	}
	var p numberParser
	j := i
	end := i
	for j < len(s.toks) {
		tk := s.toks[j]
		if tk.kind != tWord || (j > i && tk.nl) {
			break
		}
		if j > i && tk.key == "و" {
			if j+1 < len(s.toks) {
				if w, okw := s.x.lex.numbers[s.toks[j+1].key]; okw && s.toks[j+1].kind == tWord && p.add(w) {
					j += 2
					end = j
					continue
				}
			}
			break
		}
		w, okw := s.x.lex.numbers[tk.key]
		if !okw {
			break
		}
		if j > i && w.class != "scale" && p.last != "hundred" {
			break
		}
		if !p.add(w) {
			break
		}
		j++
		end = j
	}
	if p.words == 0 {
		return
	}
	return p.value(), end, p.ordinal, 0, true
}

// matchOuter handles the modifiers and prepositions that wrap an expression, then the expression itself.
func (s *state) matchOuter(i int) (*expr, int) {
	if s.depth > maxDepth {
		return nil, i
	}
	s.depth++
	defer func() { s.depth-- }()
	es, next := s.lookup(i)
	if m, ok := find(es, kMod); ok {
		if e, n2 := s.matchCore(next, true); e != nil && e.g <= gMonth && e.mod == "" {
			s.applyMod(e, m.s)
			e.ti = i
			return e, n2
		}
	}
	if p, ok := find(es, kPrep); ok {
		if e, n2 := s.matchOuter(next); e != nil && e.mod == "" && e.pending == nil {
			if p.s == "before" {
				e.mod = "BEFORE"
			} else {
				e.mod = "AFTER"
			}
			e.ti = i
			return e, n2
		}
	}
	return s.matchCore(i, false)
}

// applyMod sets a START/MID/END modifier and recomputes the values that depend on it.
func (s *state) applyMod(e *expr, mod string) {
	e.mod = mod
	if e.redo != nil {
		e.redo(e)
	}
}
