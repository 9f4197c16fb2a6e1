package entity

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed data/*.tsv
var dataFS embed.FS

// Role is a title an entry held, with its dates at month granularity ("" when open or unknown).
type Role struct {
	Title string // for example "President of Russia"
	From  string // YYYY or YYYY-MM, "" when unknown
	To    string // YYYY or YYYY-MM, "" when still held or unknown
}

// Current reports whether the role is still held (it has no end date).
func (r Role) Current() bool { return r.To == "" }

// HeldAt reports whether the role was held in the month ym ("YYYY-MM"); an empty ym means now. Dates compare at
// the granularity they are written in, so a tenure ending "2021-01" and one starting then both hold in that month.
func (r Role) HeldAt(ym string) bool {
	if ym == "" {
		return r.Current()
	}
	if r.From != "" && ym[:min(len(r.From), len(ym))] < r.From {
		return false
	}
	return r.To == "" || ym[:min(len(r.To), len(ym))] <= r.To
}

// Entry is one actor of the knowledge base.
type Entry struct {
	ID      string   // stable lowercase slug, unique across files
	Type    string   // person, organization or location
	Subtype string   // country, city, igo, media, government, metonym, office, …
	Name    string   // canonical English name
	Country string   // ISO 3166 alpha-3, "IGO", or ""
	Sector  string   // GOV, MIL, IGO, MED, REB, OPP, BUS, NGO, JUD, LEG, or ""
	Fa      []string // Persian names, preferred first
	// InContext lists the Persian names of Fa that are common words (written `~name` in the data): they link
	// only in context, after a media word or a place noun, or in quotes.
	InContext []string
	En        []string // English aliases
	Demonyms  []string // Persian demonyms (countries)
	Roles     []Role   // titles with dates
	QID       string   // Wikidata QID, "" unless certain
	File      string   // the data file it came from
	Line      int      // its line in File
}

// KB is the knowledge base: entries indexed by ID and by every alias. It is read-only after loading and safe
// for concurrent use.
type KB struct {
	entries []Entry
	byID    map[string]int
	byAlias map[string][]int // foldWords(alias) → entries
	byKey   map[string][]int // foldKey(alias) → entries (space-insensitive)
	surname map[string][]int // foldKey(last word of a person's Persian name) → people, for Find's fallback
	lex     lexicon
}

// kbHeader is the header of every entity file.
const kbHeader = "id\ttype\tsubtype\tname\tcountry\tsector\tfa\ten\tdemonyms\troles\tqid"

var (
	idPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	qidPattern     = regexp.MustCompile(`^Q[1-9][0-9]*$`)
	countryPattern = regexp.MustCompile(`^([A-Z]{3})?$`)
	datePattern    = regexp.MustCompile(`^([0-9]{4}(-(0[1-9]|1[0-2]))?)?$`)
)

// LoadKB loads the knowledge base embedded in the binary.
func LoadKB() (*KB, error) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		return nil, fmt.Errorf("entity: embedded data: %w", err)
	}
	return LoadKBFS(sub)
}

// LoadKBFS loads every *.tsv file at the top of fsys: entity files, titles.tsv, firstnames.tsv and cues.tsv,
// told apart by their header lines.
func LoadKBFS(fsys fs.FS) (*KB, error) {
	names, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return nil, fmt.Errorf("entity: list data: %w", err)
	}
	sort.Strings(names)
	kb := &KB{byID: map[string]int{}, byAlias: map[string][]int{}, byKey: map[string][]int{}, surname: map[string][]int{}}
	kb.lex = newLexicon()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("entity: read %s: %w", name, err)
		}
		if err := kb.loadFile(path.Base(name), string(data)); err != nil {
			return nil, err
		}
	}
	kb.index()
	return kb, nil
}

// loadFile parses one data file, dispatching on its header.
func (kb *KB) loadFile(name, data string) error {
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	header := ""
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header == "" {
			header = line
			if _, ok := lexHeaders[header]; !ok && header != kbHeader {
				return fmt.Errorf("entity: %s:%d: unknown header %q (want %q)", name, lineNo, header, kbHeader)
			}
			continue
		}
		cols := strings.Split(line, "\t")
		var err error
		if header == kbHeader {
			err = kb.addEntry(name, lineNo, cols)
		} else {
			err = kb.lex.add(lexHeaders[header], cols)
		}
		if err != nil {
			return fmt.Errorf("entity: %s:%d: %w", name, lineNo, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("entity: %s: %w", name, err)
	}
	if header == "" {
		return fmt.Errorf("entity: %s: no header line", name)
	}
	return nil
}

// addEntry validates one entity row and appends it.
func (kb *KB) addEntry(file string, line int, cols []string) error {
	if len(cols) != 11 {
		return fmt.Errorf("%d columns, want 11", len(cols))
	}
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	e := Entry{ID: cols[0], Type: cols[1], Subtype: cols[2], Name: cols[3], Country: cols[4], Sector: cols[5],
		Fa: splitList(cols[6], "|"), En: splitList(cols[7], "|"), Demonyms: splitList(cols[8], "|"),
		QID: cols[10], File: file, Line: line}
	switch {
	case !idPattern.MatchString(e.ID):
		return fmt.Errorf("bad id %q (want a lowercase ASCII slug)", e.ID)
	case e.Type != "person" && e.Type != "organization" && e.Type != "location":
		return fmt.Errorf("%s: bad type %q (want person, organization or location)", e.ID, e.Type)
	case e.Name == "":
		return fmt.Errorf("%s: empty name", e.ID)
	case e.Country != "IGO" && !countryPattern.MatchString(e.Country):
		return fmt.Errorf("%s: bad country %q (want ISO 3166 alpha-3, IGO or empty)", e.ID, e.Country)
	case e.QID != "" && !qidPattern.MatchString(e.QID):
		return fmt.Errorf("%s: bad qid %q", e.ID, e.QID)
	}
	if prev, ok := kb.byID[e.ID]; ok {
		p := kb.entries[prev]
		return fmt.Errorf("duplicate id %q (first at %s:%d)", e.ID, p.File, p.Line)
	}
	for i, a := range e.Fa {
		if strings.HasPrefix(a, "~") {
			e.Fa[i] = strings.TrimSpace(strings.TrimPrefix(a, "~"))
			e.InContext = append(e.InContext, e.Fa[i])
		}
	}
	roles, err := parseRoles(cols[9])
	if err != nil {
		return fmt.Errorf("%s: %w", e.ID, err)
	}
	e.Roles = roles
	kb.byID[e.ID] = len(kb.entries)
	kb.entries = append(kb.entries, e)
	return nil
}

// parseRoles parses `Title@YYYY[-MM]..[YYYY[-MM]]` items separated by semicolons.
func parseRoles(s string) ([]Role, error) {
	var out []Role
	for _, item := range splitList(s, ";") {
		title, dates, hasDates := strings.Cut(item, "@")
		r := Role{Title: strings.TrimSpace(title)}
		if r.Title == "" {
			return nil, fmt.Errorf("role %q: empty title", item)
		}
		if hasDates {
			from, to, ok := strings.Cut(strings.TrimSpace(dates), "..")
			if !ok {
				from = strings.TrimSpace(dates)
				to = from
			}
			if !datePattern.MatchString(from) || !datePattern.MatchString(to) {
				return nil, fmt.Errorf("role %q: dates want YYYY[-MM]..[YYYY[-MM]]", item)
			}
			if from != "" && to != "" && to < from {
				return nil, fmt.Errorf("role %q: ends before it starts", item)
			}
			r.From, r.To = from, to
		}
		out = append(out, r)
	}
	return out, nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// index builds the alias maps.
func (kb *KB) index() {
	add := func(alias string, i int) {
		if w := foldWords(alias); w != "" && !containsInt(kb.byAlias[w], i) {
			kb.byAlias[w] = append(kb.byAlias[w], i)
		}
		if k := foldKey(alias); k != "" && !containsInt(kb.byKey[k], i) {
			kb.byKey[k] = append(kb.byKey[k], i)
		}
	}
	for i, e := range kb.entries {
		add(e.ID, i)
		add(e.Name, i)
		for _, a := range e.En {
			add(a, i)
		}
		for _, a := range e.Fa {
			add(a, i)
		}
		for _, a := range e.Demonyms {
			add(a, i)
		}
		if e.Type == "person" && len(e.Fa) > 0 {
			if ws := strings.Fields(e.Fa[0]); len(ws) > 1 {
				k := foldKey(ws[len(ws)-1])
				kb.surname[k] = append(kb.surname[k], i)
			}
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Entries returns all entries in file order. The slice is shared: do not modify it.
func (kb *KB) Entries() []Entry { return kb.entries }

// Len returns the number of entries.
func (kb *KB) Len() int { return len(kb.entries) }

// Lookup returns the entry with the given ID.
func (kb *KB) Lookup(id string) (Entry, bool) {
	i, ok := kb.byID[id]
	if !ok {
		return Entry{}, false
	}
	return kb.entries[i], true
}

// Find returns the entries whose ID, canonical name, Persian or English alias or demonym is alias, compared
// after folding letters, case and spacing (`پوتین`, `Vladimir Putin`, `vladimir putin`, `رئیس جمهور`). When
// nothing has that name, it returns the people whose Persian name ends with it (a surname the data left out).
func (kb *KB) Find(alias string) []Entry {
	idx := kb.byAlias[foldWords(alias)]
	if len(idx) == 0 {
		idx = kb.byKey[foldKey(alias)]
	}
	if len(idx) == 0 {
		idx = kb.surname[foldKey(alias)]
	}
	out := make([]Entry, 0, len(idx))
	for _, i := range idx {
		out = append(out, kb.entries[i])
	}
	return out
}

// CurrentHolders returns the people whose role title (case-insensitive) is still held.
func (kb *KB) CurrentHolders(title string) []Entry {
	var out []Entry
	for _, e := range kb.entries {
		for _, r := range e.Roles {
			if r.Current() && strings.EqualFold(r.Title, title) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// itoa is strconv.Itoa, kept for slugs.
func itoa(n int) string { return strconv.Itoa(n) }
