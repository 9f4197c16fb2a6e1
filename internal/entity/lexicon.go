package entity

import (
	"fmt"
	"strings"
)

// The headers of the lexicon files that sit beside the entity files in data/.
const (
	titlesHeader     = "title\tfa\ten\tsector\tkind"
	firstNamesHeader = "fa\ten\tgender"
	cuesHeader       = "kind\tfa\targ"
)

// lexHeaders maps a lexicon header to the file kind it announces.
var lexHeaders = map[string]string{titlesHeader: "titles", firstNamesHeader: "firstnames", cuesHeader: "cues"}

// Title is a title or role word such as رئیس‌جمهور.
type Title struct {
	Slug   string   // stable slug
	Fa     []string // Persian forms
	En     string   // English role name, for example "President"
	Sector string   // sector of a holder
	Kind   string   // person, spokesperson, org or honorific
}

// Cue kinds of cues.tsv.
const (
	cueMedia    = "media"    // a word that announces a media name: شبکه، روزنامه
	cueAgent    = "agent"    // a head noun whose nationality adjective names a state actor: مقامات، نیروهای
	cuePronoun  = "pronoun"  // a personal pronoun that refers back to a person: او، وی
	cueAnaphor  = "anaphor"  // a head noun that refers back to an organisation: نهاد، سازمان
	cueStop     = "stop"     // a function word that is never part of a name
	cueSpeech   = "speech"   // a speech or communication word: گفت، اعلام، پیام
	cueLocative = "locative" // a preposition that makes a place a place: در
	cuePlace    = "place"    // a noun that announces a place name: کشور، شهر
	cueCommon   = "common"   // a common word that is also an alias: it links only in context
	cueOffice   = "office"   // a word that, before a leader's name, names the leader's office: دفتر
	cueOrgHead  = "orghead"  // a word that heads an organisation's name: حزب، شرکت (arg: subtype,SECTOR,mode)
)

// lexicon holds the words the recogniser's rules use; all keys are foldKey forms.
type lexicon struct {
	titles     []Title
	firstNames map[string]string // key → English
	cues       map[string]map[string]string
}

func newLexicon() lexicon {
	return lexicon{firstNames: map[string]string{}, cues: map[string]map[string]string{}}
}

// add parses one row of a lexicon file of the given kind.
func (l *lexicon) add(kind string, cols []string) error {
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	switch kind {
	case "titles":
		if len(cols) != 5 {
			return fmt.Errorf("%d columns, want 5", len(cols))
		}
		t := Title{Slug: cols[0], Fa: splitList(cols[1], "|"), En: cols[2], Sector: cols[3], Kind: cols[4]}
		if t.Slug == "" || len(t.Fa) == 0 || t.En == "" {
			return fmt.Errorf("title needs slug, fa and en")
		}
		switch t.Kind {
		case "person", "spokesperson", "org", "honorific":
		default:
			return fmt.Errorf("title %s: bad kind %q (want person, spokesperson, org or honorific)", t.Slug, t.Kind)
		}
		l.titles = append(l.titles, t)
	case "firstnames":
		if len(cols) != 3 {
			return fmt.Errorf("%d columns, want 3", len(cols))
		}
		if k := foldKey(cols[0]); k != "" {
			l.firstNames[k] = cols[1]
		} else {
			return fmt.Errorf("empty first name")
		}
	case "cues":
		if len(cols) != 3 {
			return fmt.Errorf("%d columns, want 3", len(cols))
		}
		switch cols[0] {
		case cueMedia, cueAgent, cuePronoun, cueAnaphor, cueStop, cueSpeech, cueLocative, cuePlace, cueCommon, cueOffice, cueOrgHead:
		default:
			return fmt.Errorf("unknown cue kind %q", cols[0])
		}
		m := l.cues[cols[0]]
		if m == nil {
			m = map[string]string{}
			l.cues[cols[0]] = m
		}
		for _, w := range splitList(cols[1], "|") {
			if k := foldKey(w); k != "" {
				m[k] = cols[2]
			}
		}
	}
	return nil
}

// is reports whether the folded word is a cue of the kind.
func (l *lexicon) is(kind, key string) bool {
	_, ok := l.cues[kind][key]
	return ok
}

// arg returns the argument of a cue.
func (l *lexicon) arg(kind, key string) (string, bool) {
	a, ok := l.cues[kind][key]
	return a, ok
}

// Titles returns the titles of titles.tsv.
func (kb *KB) Titles() []Title { return kb.lex.titles }

// IsFirstName reports whether w is a Persian given name of firstnames.tsv.
func (kb *KB) IsFirstName(w string) bool {
	_, ok := kb.lex.firstNames[foldKey(w)]
	return ok
}
