package timex

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed data/*.tsv
var dataFS embed.FS

// foldKey returns the matching key of a word: Arabic ي ى ك → ی ک, ۀ ة → ه, أ إ آ ٱ → ا, ؤ → و, digits to ASCII,
// Latin letters to lower case; ZWNJ, ZWJ, tatweel and combining marks (harakat, hamza above) are dropped. Words
// that need no change are returned without allocating.
func foldKey(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	changed := false
	for i, r := range s {
		f, keep := foldRune(r)
		if !keep || f != r {
			if !changed {
				b.Grow(len(s))
				b.WriteString(s[:i])
				changed = true
			}
		}
		if changed && keep {
			b.WriteRune(f)
		}
	}
	if !changed {
		return s
	}
	return b.String()
}

// foldRune maps one rune for foldKey; keep is false for runes that are dropped.
func foldRune(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A', true
		}
		return r, true
	case r >= '۰' && r <= '۹':
		return '0' + r - '۰', true
	case r >= '٠' && r <= '٩':
		return '0' + r - '٠', true
	case r >= 0x064B && r <= 0x065F, r == 0x0670: // harakat, hamza above, superscript alef
		return 0, false
	case r >= 0x0621 && r <= 0x06FF:
		switch r {
		case 'ي', 'ى', 'ئ':
			return 'ی', true
		case 'ك':
			return 'ک', true
		case 'ۀ', 'ة', 'ە':
			return 'ه', true
		case 'أ', 'إ', 'آ', 'ٱ':
			return 'ا', true
		case 'ؤ':
			return 'و', true
		case '\u0640':
			return 0, false
		}
		return r, true
	}
	switch r {
	case 'ي', 'ى', 'ئ':
		return 'ی', true
	case 'ك':
		return 'ک', true
	case 'ۀ', 'ة', 'ە':
		return 'ه', true
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا', true
	case 'ؤ':
		return 'و', true
	case '\u200c', '\u200d', '\u0640', '\u200e', '\u200f':
		return 0, false
	}
	if unicode.Is(unicode.Mn, r) || r == utf8.RuneError {
		if r == utf8.RuneError {
			return r, true
		}
		return 0, false
	}
	return r, true
}

// kind is the grammatical role of a lexicon entry.
type kind uint8

// Lexicon kinds (see data/lexicon.tsv).
const (
	kJMonth kind = iota + 1
	kGMonth
	kHMonth
	kWeekday
	kDayRel
	kNightRel
	kYearRel
	kUnit
	kDir
	kMod
	kSeason
	kPart
	kEra
	kFuture
	kPrep
	kWord
	kOffset
	kStop
	kVeto
	kThis
	kRecent
)

var kindNames = map[string]kind{
	"jmonth": kJMonth, "gmonth": kGMonth, "hmonth": kHMonth, "weekday": kWeekday, "dayrel": kDayRel,
	"nightrel": kNightRel, "yearrel": kYearRel, "unit": kUnit, "dir": kDir, "mod": kMod, "season": kSeason,
	"part": kPart, "era": kEra, "future": kFuture, "prep": kPrep, "word": kWord, "offset": kOffset, "stop": kStop, "veto": kVeto, "this": kThis, "recent": kRecent,
}

// entry is one meaning of a lexicon form.
type entry struct {
	kind      kind
	n         int    // month, weekday, offset, direction or season number
	s         string // unit, modifier, part of day, era or keyword name
	ambiguous bool   // a month name that is also a common word
	needYear  bool   // a month name that counts only with a year
	words     int    // number of words of the form
}

// numWord is one number word.
type numWord struct {
	value   int
	class   string // unit, teen, ten, hundred, scale
	ordinal bool
}

// lexicon is the immutable data of the package, loaded once from data/.
type lexicon struct {
	phrases  map[string][]entry // folded form, words joined without space → meanings
	maxWords map[string]int     // folded first word → the most words of a form that starts with it
	numbers  map[string]numWord // folded number words, cardinal and ordinal
	zones    map[string]string  // folded place → IANA zone name
	zoneMax  map[string]int
}

var loadLexicon = sync.OnceValues(func() (*lexicon, error) { return parseLexicon(dataFS) })

// mustLexicon returns the embedded lexicon; the data is part of the binary and checked by tests, so a failure here
// is a build defect.
func mustLexicon() *lexicon {
	l, err := loadLexicon()
	if err != nil {
		panic(err)
	}
	return l
}

func parseLexicon(fsys embed.FS) (*lexicon, error) {
	l := &lexicon{phrases: map[string][]entry{}, maxWords: map[string]int{}, numbers: map[string]numWord{},
		zones: map[string]string{}, zoneMax: map[string]int{}}
	err := eachRow(fsys, "data/lexicon.tsv", 3, func(cols []string) error {
		k, ok := kindNames[cols[0]]
		if !ok {
			return fmt.Errorf("unknown kind %q", cols[0])
		}
		e := entry{kind: k}
		v := cols[1]
		if strings.HasSuffix(v, "!") {
			e.ambiguous, e.needYear = true, true
			v = strings.TrimSuffix(v, "!")
		}
		if strings.HasSuffix(v, "?") {
			e.ambiguous = true
			v = strings.TrimSuffix(v, "?")
		}
		switch k {
		case kJMonth, kGMonth, kHMonth, kWeekday, kDayRel, kNightRel, kYearRel, kDir, kSeason, kFuture, kOffset, kStop, kVeto, kRecent:
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("value %q: %w", v, err)
			}
			e.n = n
		default:
			e.s = v
		}
		for _, form := range strings.Split(cols[2], "|") {
			words := strings.Fields(form)
			if len(words) == 0 {
				return fmt.Errorf("empty form in %q", cols[2])
			}
			e.words = len(words)
			key := ""
			for _, w := range words {
				key += foldKey(w)
			}
			l.phrases[key] = append(l.phrases[key], e)
			first := foldKey(words[0])
			l.maxWords[first] = max(l.maxWords[first], len(words))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(fsys, "data/numerals.tsv", 3, func(cols []string) error {
		n, err := strconv.Atoi(cols[1])
		if err != nil {
			return fmt.Errorf("value %q: %w", cols[1], err)
		}
		for _, form := range strings.Split(cols[0], "|") {
			k := foldKey(strings.TrimSpace(form))
			switch cols[2] {
			case "ordinal":
				l.numbers[k] = numWord{value: n, class: "unit", ordinal: true}
			case "unit", "teen", "ten", "hundred", "scale":
				l.numbers[k] = numWord{value: n, class: cols[2]}
				for _, suf := range []string{"م", "ام", "مین", "امین"} {
					if k == "سه" {
						break
					}
					if strings.HasSuffix(k, "ی") && (suf == "م" || suf == "مین") {
						continue
					}
					if _, taken := l.numbers[k+suf]; !taken {
						l.numbers[k+suf] = numWord{value: n, class: cols[2], ordinal: true}
					}
				}
			default:
				return fmt.Errorf("unknown numeral kind %q", cols[2])
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(fsys, "data/zones.tsv", 2, func(cols []string) error {
		for _, form := range strings.Split(cols[0], "|") {
			words := strings.Fields(form)
			key := ""
			for _, w := range words {
				key += foldKey(w)
			}
			l.zones[key] = cols[1]
			first := foldKey(words[0])
			l.zoneMax[first] = max(l.zoneMax[first], len(words))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// eachRow calls fn for every non-comment row of a TSV data file, checking its column count.
func eachRow(fsys embed.FS, name string, ncols int, fn func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("timex data %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != ncols {
			return fmt.Errorf("timex data %s:%d: %d columns, want %d", name, line, len(cols), ncols)
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if err := fn(cols); err != nil {
			return fmt.Errorf("timex data %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("timex data %s: %w", name, err)
	}
	return nil
}
