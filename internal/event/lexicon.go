package event

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

//go:embed data/*.tsv
var dataFS embed.FS

// Category describes one PLOVER category: its modes and the CAMEO code of each.
type Category struct {
	Name  string
	CAMEO map[string]string // mode ("" for the default) → CAMEO code
}

// Predicate is one entry of the predicate lexicon.
type Predicate struct {
	Pattern    string   // as written in the data file
	Category   string   // PLOVER category, or "" for a speech predicate
	Mode       string   // PLOVER mode
	CAMEO      string   // CAMEO code ("" for the mode's default)
	Recipients []string // markers of the recipient: را, به, علیه, از, با, میان, …
	Reciprocal bool     // a با-phrase is a co-actor
	NeedParty  bool     // emit only with a recipient or co-actor
	Weak       bool     // ambiguous trigger: low confidence
	Passive    bool     // the pattern itself is passive
	Speech     string   // say, report or indirect for speech predicates
	elems      []elem
}

// Nominal reports whether the predicate is an event noun without a verb.
func (p *Predicate) Nominal() bool {
	for _, e := range p.elems {
		if e.verb != nil {
			return false
		}
	}
	return true
}

// HasRecipient reports whether marker marks the predicate's recipient.
func (p *Predicate) HasRecipient(marker string) bool {
	for _, r := range p.Recipients {
		if r == marker {
			return true
		}
	}
	return false
}

type elemKind uint8

const (
	elWord elemKind = iota
	elGap
	elVerb
)

type elem struct {
	kind elemKind
	word string // folded
	verb *verb
}

type verb struct {
	inf, past, pres string // folded; pres may be ""
	passiveOf       string
}

// Theme is one entry of the theme taxonomy.
type Theme struct {
	Name    string
	Context string
	cues    [][]string // folded words of each cue
}

// Lexicon is the loaded language data of the event coder.
type Lexicon struct {
	Categories map[string]*Category
	Goldstein  map[string]float64 // CAMEO code → Goldstein score
	Predicates []*Predicate
	Speech     []*Predicate
	Themes     []Theme
	verbs      map[string]*verb
	modes      map[string]map[string]string // category → folded modifier word → mode
	preps      map[string]string            // folded phrase (words joined by " ") → role
	prepMax    int
	titles     map[string]bool // folded phrase
	titleMax   int
	boundary   map[string]bool
	anaphor    map[string]string // folded noun → the category it refers back to ("" for any)
	future     [][]string
	hypo       [][]string
	byFirst    map[string][]*Predicate // first folded word → predicates starting with a word
	verbFirst  []*Predicate            // predicates that start with their verb
	speechBy   map[string][]*Predicate // the same two indexes for speech predicates
	speechVerb []*Predicate
}

// LoadLexicon reads the embedded data files.
func LoadLexicon() (*Lexicon, error) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		return nil, err
	}
	return LoadLexiconFS(sub)
}

// LoadLexiconFS reads the data files from fsys: plover.tsv, cameo.tsv, verbs.tsv, predicates.tsv, speech.tsv,
// modes.tsv, themes.tsv and words.tsv.
func LoadLexiconFS(fsys fs.FS) (*Lexicon, error) {
	lx := &Lexicon{
		Categories: map[string]*Category{}, Goldstein: map[string]float64{}, verbs: map[string]*verb{},
		modes: map[string]map[string]string{}, preps: map[string]string{}, titles: map[string]bool{},
		boundary: map[string]bool{}, anaphor: map[string]string{}, byFirst: map[string][]*Predicate{},
		speechBy: map[string][]*Predicate{},
	}
	steps := []struct {
		name string
		cols int
		fn   func(line int, c []string) error
	}{
		{"cameo.tsv", 3, lx.addCAMEO},
		{"plover.tsv", 4, lx.addCategory},
		{"verbs.tsv", 4, lx.addVerb},
		{"predicates.tsv", 6, lx.addPredicate},
		{"speech.tsv", 2, lx.addSpeech},
		{"modes.tsv", 3, lx.addMode},
		{"themes.tsv", 3, lx.addTheme},
		{"words.tsv", 3, lx.addWord},
	}
	for _, s := range steps {
		data, err := fs.ReadFile(fsys, s.name)
		if err != nil {
			return nil, fmt.Errorf("event lexicon: %w", err)
		}
		header := firstDataLine(string(data))
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") || i == header {
				continue
			}
			cols := strings.Split(line, "\t")
			for len(cols) < s.cols {
				cols = append(cols, "")
			}
			for j := range cols {
				cols[j] = strings.TrimSpace(cols[j])
			}
			if err := s.fn(i+1, cols); err != nil {
				return nil, fmt.Errorf("event lexicon: %s:%d: %w", s.name, i+1, err)
			}
		}
	}
	return lx, nil
}

// firstDataLine returns the index of the header line: the first line that is neither blank nor a comment.
func firstDataLine(data string) int {
	for i, line := range strings.Split(data, "\n") {
		if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
			return i
		}
	}
	return -1
}

func (lx *Lexicon) addCAMEO(_ int, c []string) error {
	g, err := strconv.ParseFloat(c[1], 64)
	if err != nil || g < -10 || g > 10 {
		return fmt.Errorf("bad Goldstein score %q", c[1])
	}
	if _, dup := lx.Goldstein[c[0]]; dup {
		return fmt.Errorf("duplicate CAMEO code %s", c[0])
	}
	lx.Goldstein[c[0]] = g
	return nil
}

func (lx *Lexicon) addCategory(_ int, c []string) error {
	cat := lx.Categories[c[0]]
	if cat == nil {
		cat = &Category{Name: c[0], CAMEO: map[string]string{}}
		lx.Categories[c[0]] = cat
	}
	if _, ok := lx.Goldstein[c[2]]; !ok {
		return fmt.Errorf("CAMEO code %s of %s/%s is not in cameo.tsv", c[2], c[0], c[1])
	}
	cat.CAMEO[c[1]] = c[2]
	return nil
}

func (lx *Lexicon) addVerb(_ int, c []string) error {
	v := &verb{inf: fold(c[0]), past: fold(c[1]), pres: fold(c[2]), passiveOf: fold(c[3])}
	if c[2] == "-" {
		v.pres = ""
	}
	if v.inf == "" || v.past == "" {
		return fmt.Errorf("verb needs an infinitive and a past stem")
	}
	if _, dup := lx.verbs[v.inf]; dup {
		return fmt.Errorf("duplicate verb %s", c[0])
	}
	lx.verbs[v.inf] = v
	return nil
}

func (lx *Lexicon) parsePattern(s string) ([]elem, error) {
	var out []elem
	for _, w := range strings.Fields(s) {
		switch {
		case w == "...":
			out = append(out, elem{kind: elGap})
		case strings.HasPrefix(w, "+"):
			v := lx.verbs[fold(w[1:])]
			if v == nil {
				return nil, fmt.Errorf("pattern %q: verb %s is not in verbs.tsv", s, w[1:])
			}
			out = append(out, elem{kind: elVerb, verb: v})
		default:
			out = append(out, elem{kind: elWord, word: fold(w)})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	for i, e := range out {
		if e.kind == elVerb && i != len(out)-1 {
			return nil, fmt.Errorf("pattern %q: the verb must come last", s)
		}
	}
	if out[0].kind == elGap || out[len(out)-1].kind == elGap {
		return nil, fmt.Errorf("pattern %q: a gap must stand between words", s)
	}
	return out, nil
}

func (lx *Lexicon) index(p *Predicate) {
	if p.elems[0].kind == elVerb {
		lx.verbFirst = append(lx.verbFirst, p)
		return
	}
	lx.byFirst[p.elems[0].word] = append(lx.byFirst[p.elems[0].word], p)
}

func (lx *Lexicon) addPredicate(_ int, c []string) error {
	cat := lx.Categories[c[1]]
	if cat == nil {
		return fmt.Errorf("unknown PLOVER category %q", c[1])
	}
	if _, ok := cat.CAMEO[c[2]]; !ok {
		return fmt.Errorf("mode %q is not a mode of %s in plover.tsv", c[2], c[1])
	}
	if c[3] != "" {
		if _, ok := lx.Goldstein[c[3]]; !ok {
			return fmt.Errorf("CAMEO code %s is not in cameo.tsv", c[3])
		}
	}
	elems, err := lx.parsePattern(c[0])
	if err != nil {
		return err
	}
	p := &Predicate{Pattern: c[0], Category: c[1], Mode: c[2], CAMEO: c[3], elems: elems}
	for _, r := range strings.Split(c[4], ",") {
		if r = strings.TrimSpace(r); r != "" {
			p.Recipients = append(p.Recipients, fold(r))
		}
	}
	for _, f := range strings.Split(c[5], ",") {
		switch strings.TrimSpace(f) {
		case "":
		case "recip":
			p.Reciprocal = true
		case "needparty":
			p.NeedParty = true
		case "weak":
			p.Weak = true
		case "passive":
			p.Passive = true
		default:
			return fmt.Errorf("unknown flag %q", f)
		}
	}
	lx.Predicates = append(lx.Predicates, p)
	lx.index(p)
	// The passive: the light verb's passive partner (کردن → شدن, قرار دادن → قرار گرفتن), and مورد N قرار گرفتن.
	last := elems[len(elems)-1]
	if last.kind == elVerb && !p.Passive {
		for _, v := range lx.verbs {
			if v.passiveOf == "" || v.passiveOf != last.verb.inf {
				continue
			}
			if last.verb.inf == fold("دادن") && (len(elems) < 2 || elems[len(elems)-2].word != fold("قرار")) {
				continue
			}
			q := *p
			q.Passive = true
			q.elems = append(append([]elem(nil), elems[:len(elems)-1]...), elem{kind: elVerb, verb: v})
			lx.Predicates = append(lx.Predicates, &q)
			lx.index(&q)
		}
		if len(elems) == 2 && elems[0].kind == elWord && (last.verb.inf == fold("کردن") || last.verb.inf == fold("نمودن")) {
			q := *p
			q.Passive = true
			q.elems = []elem{{kind: elWord, word: fold("مورد")}, elems[0], {kind: elWord, word: fold("قرار")},
				{kind: elVerb, verb: lx.verbs[fold("گرفتن")]}}
			lx.Predicates = append(lx.Predicates, &q)
			lx.index(&q)
		}
	}
	return nil
}

func (lx *Lexicon) addSpeech(_ int, c []string) error {
	elems, err := lx.parsePattern(c[0])
	if err != nil {
		return err
	}
	switch c[1] {
	case "say", "report", "indirect":
	default:
		return fmt.Errorf("unknown speech kind %q", c[1])
	}
	sp := &Predicate{Pattern: c[0], Speech: c[1], elems: elems}
	lx.Speech = append(lx.Speech, sp)
	if elems[0].kind == elVerb {
		lx.speechVerb = append(lx.speechVerb, sp)
	} else {
		lx.speechBy[elems[0].word] = append(lx.speechBy[elems[0].word], sp)
	}
	return nil
}

func (lx *Lexicon) addMode(_ int, c []string) error {
	cat := lx.Categories[c[0]]
	if cat == nil {
		return fmt.Errorf("unknown PLOVER category %q", c[0])
	}
	if _, ok := cat.CAMEO[c[2]]; !ok {
		return fmt.Errorf("mode %q is not a mode of %s", c[2], c[0])
	}
	if lx.modes[c[0]] == nil {
		lx.modes[c[0]] = map[string]string{}
	}
	lx.modes[c[0]][fold(c[1])] = c[2]
	return nil
}

func (lx *Lexicon) addTheme(_ int, c []string) error {
	t := Theme{Name: c[0], Context: c[1]}
	for _, cue := range strings.Split(c[2], "|") {
		if w := foldWords(cue); len(w) > 0 {
			t.cues = append(t.cues, w)
		}
	}
	if t.Name == "" || len(t.cues) == 0 {
		return fmt.Errorf("theme needs a name and cues")
	}
	lx.Themes = append(lx.Themes, t)
	return nil
}

func (lx *Lexicon) addWord(_ int, c []string) error {
	words := foldWords(c[1])
	if len(words) == 0 {
		return fmt.Errorf("empty phrase")
	}
	key := strings.Join(words, " ")
	switch c[0] {
	case "prep":
		if c[2] == "" {
			return fmt.Errorf("preposition %s needs a role", c[1])
		}
		lx.preps[key] = fold(c[2])
		lx.prepMax = max(lx.prepMax, len(words))
	case "title":
		lx.titles[key] = true
		lx.titleMax = max(lx.titleMax, len(words))
	case "boundary":
		lx.boundary[key] = true
	case "anaphor":
		if c[2] != "" && lx.Categories[c[2]] == nil {
			return fmt.Errorf("anaphor %s: unknown category %q", c[1], c[2])
		}
		lx.anaphor[key] = c[2]
	case "future":
		lx.future = append(lx.future, words)
	case "hypothetical":
		lx.hypo = append(lx.hypo, words)
	default:
		return fmt.Errorf("unknown word kind %q", c[0])
	}
	return nil
}

// CAMEOFor returns the CAMEO code and Goldstein score of a category and mode, with code overriding when set.
func (lx *Lexicon) CAMEOFor(category, mode, code string) (string, float64, bool) {
	if code == "" {
		cat := lx.Categories[category]
		if cat == nil {
			return "", 0, false
		}
		var ok bool
		if code, ok = cat.CAMEO[mode]; !ok {
			code = cat.CAMEO[""]
		}
	}
	g, ok := lx.Goldstein[code]
	return code, g, ok
}
