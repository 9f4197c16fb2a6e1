package persian

import (
	"bufio"
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Entry flags.
const (
	flagConsH   uint8 = 1 << iota // final ه is a consonant (راه، گروه): suffixes attach without ZWNJ
	flagFunc                      // function word: never the first part of a spaced join with تر/ترین
	flagAgent                     // productive second element of compounds in any spelling (کننده)
	flagFusedEl                   // productive second element only when written fused (شده، کرده)
)

// entry is what the lexicon knows about one word, keyed by its fused form (no ZWNJ).
type entry struct {
	disp  string // display form with its ZWNJs; "" when it equals the key
	freq  uint32
	flags uint8
}

// Lexicon is a set of Persian words and compounds in their correct display form, with rough frequencies, plus verb
// stems. The zero value is empty; use LoadLexicon, Learn or Builtin.
type Lexicon struct {
	words   map[string]entry
	present map[string]bool // present stems: کن، شو، گو
	past    map[string]bool // past stems: کرد، شد، گفت
}

//go:embed data/words.txt
var wordsTxt string

//go:embed data/compounds.txt
var compoundsTxt string

//go:embed data/verbs.txt
var verbsTxt string

// Builtin returns the built-in lexicon, parsed once. It must not be modified.
func Builtin() *Lexicon { return builtinLexicon() }

var builtinLexicon = sync.OnceValue(func() *Lexicon {
	lx := newLexicon()
	for _, txt := range []string{wordsTxt, compoundsTxt} {
		if err := lx.read(strings.NewReader(txt)); err != nil {
			panic("persian: built-in lexicon: " + err.Error())
		}
	}
	if err := lx.readVerbs(strings.NewReader(verbsTxt)); err != nil {
		panic("persian: built-in verbs: " + err.Error())
	}
	return lx
})

func newLexicon() *Lexicon {
	return &Lexicon{words: make(map[string]entry, 1<<14), present: map[string]bool{}, past: map[string]bool{}}
}

// Len returns the number of words and compounds in the lexicon.
func (lx *Lexicon) Len() int { return len(lx.words) }

// LoadLexicon reads a lexicon file: one word per line in its correct display form (compounds with their ZWNJs),
// then optionally a tab and a frequency, then optionally a tab and flags (h: final ه is a consonant; f: function
// word; a: productive compound element; p: productive element when written fused). Lines starting with # and blank
// lines are skipped. A line "@verb PAST PRESENT" adds a verb's stems; "@past STEM" and "@present STEM" add one stem.
func LoadLexicon(r io.Reader) (*Lexicon, error) {
	lx := newLexicon()
	if err := lx.read(r); err != nil {
		return nil, err
	}
	return lx, nil
}

func (lx *Lexicon) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var buf []byte
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "@verb"); ok {
			f := strings.Fields(rest)
			if len(f) != 2 {
				return fmt.Errorf("lexicon line %d: want @verb PAST PRESENT", n)
			}
			lx.addVerb(f[0], f[1])
			continue
		}
		if rest, ok := strings.CutPrefix(line, "@past "); ok {
			lx.past[strings.TrimSpace(rest)] = true
			continue
		}
		if rest, ok := strings.CutPrefix(line, "@present "); ok {
			lx.present[strings.TrimSpace(rest)] = true
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) == 1 {
			fields = strings.Fields(line)
		}
		word := fields[0]
		if !utf8.ValidString(word) {
			return fmt.Errorf("lexicon line %d: invalid UTF-8", n)
		}
		freq := uint64(1)
		if len(fields) > 1 && fields[1] != "" {
			f, err := strconv.ParseUint(strings.TrimSpace(fields[1]), 10, 32)
			if err != nil {
				return fmt.Errorf("lexicon line %d: frequency %q: %w", n, fields[1], err)
			}
			freq = f
		}
		var flags uint8
		if len(fields) > 2 {
			for _, c := range fields[2] {
				switch c {
				case 'h':
					flags |= flagConsH
				case 'f':
					flags |= flagFunc
				case 'a':
					flags |= flagAgent
				case 'p':
					flags |= flagFusedEl
				}
			}
		}
		buf = foldText(buf[:0], word, false)
		lx.add(string(buf), uint32(freq), flags)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read lexicon: %w", err)
	}
	return nil
}

// add records a display form; a later entry for the same key replaces the display form only when more frequent.
func (lx *Lexicon) add(disp string, freq uint32, flags uint8) {
	disp = string(cleanZWNJ(nil, disp))
	if disp == "" {
		return
	}
	key := strings.ReplaceAll(disp, zwnjStr, "")
	e := entry{freq: freq, flags: flags}
	if key != disp {
		e.disp = disp
	}
	if old, ok := lx.words[key]; ok {
		e.flags |= old.flags
		if old.freq > freq {
			e.disp, e.freq = old.disp, old.freq
		}
	}
	lx.words[key] = e
}

func (lx *Lexicon) addVerb(past, present string) {
	lx.past[past] = true
	lx.present[present] = true
}

// readVerbs reads lines "PAST PRESENT".
func (lx *Lexicon) readVerbs(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return fmt.Errorf("verbs line %d: want PAST PRESENT", n)
		}
		lx.addVerb(f[0], f[1])
	}
	return sc.Err()
}

// merge returns a new lexicon with the entries of base overridden by those of over; with under, over only adds
// words that base lacks.
func merge(base, over *Lexicon, under bool) *Lexicon {
	lx := &Lexicon{words: maps.Clone(base.words), present: maps.Clone(base.present), past: maps.Clone(base.past)}
	for k, e := range over.words {
		if old, ok := lx.words[k]; ok {
			if under {
				continue
			}
			e.flags |= old.flags
		}
		lx.words[k] = e
	}
	maps.Copy(lx.present, over.present)
	maps.Copy(lx.past, over.past)
	return lx
}

// WriteTo writes the lexicon in the format LoadLexicon reads, most frequent first.
func (lx *Lexicon) WriteTo(w io.Writer) (int64, error) {
	keys := slices.Collect(maps.Keys(lx.words))
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(lx.words[b].freq, lx.words[a].freq); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	bw := bufio.NewWriter(w)
	var n int64
	c, _ := bw.WriteString("# khabar Persian lexicon: WORD<TAB>FREQUENCY[<TAB>FLAGS]\n")
	n += int64(c)
	for _, k := range keys {
		e := lx.words[k]
		d := k
		if e.disp != "" {
			d = e.disp
		}
		line := d + "\t" + strconv.FormatUint(uint64(e.freq), 10)
		if fl := flagString(e.flags); fl != "" {
			line += "\t" + fl
		}
		c, _ = bw.WriteString(line + "\n")
		n += int64(c)
	}
	for _, p := range slices.Sorted(maps.Keys(lx.past)) {
		c, _ = bw.WriteString("@past " + p + "\n")
		n += int64(c)
	}
	for _, p := range slices.Sorted(maps.Keys(lx.present)) {
		c, _ = bw.WriteString("@present " + p + "\n")
		n += int64(c)
	}
	return n, bw.Flush()
}

func flagString(f uint8) string {
	var b []byte
	for _, x := range []struct {
		f uint8
		c byte
	}{{flagConsH, 'h'}, {flagFunc, 'f'}, {flagAgent, 'a'}, {flagFusedEl, 'p'}} {
		if f&x.f != 0 {
			b = append(b, x.c)
		}
	}
	return string(b)
}

// Learn reads text that uses ZWNJ correctly and returns a lexicon of its words and compounds with their
// frequencies. A word seen both with and without ZWNJ keeps its most frequent spelling. Words seen once are kept
// only when they contain a ZWNJ. Write the result with WriteTo and load it with LoadLexicon.
func Learn(corpus io.Reader) (*Lexicon, error) {
	counts := map[string]uint32{}
	br := bufio.NewReaderSize(corpus, 1<<16)
	var buf []byte
	var toks []Token
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			buf = foldText(buf[:0], line, false)
			text := string(buf)
			toks = appendTokens(toks[:0], text)
			for _, t := range toks {
				if t.Kind == Word && utf8.RuneCountInString(t.Text) > 1 {
					counts[t.Text]++
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("learn: %w", err)
		}
	}
	lx := newLexicon()
	for w, c := range counts {
		if c < 2 && !strings.Contains(w, zwnjStr) {
			continue
		}
		lx.add(w, c, 0)
	}
	return lx, nil
}

// LoadHunspell reads a hunspell .dic file (such as Debian's fa_IR.dic from myspell-fa, read at run time and never
// copied into the repository) as a lexicon of whole words with frequency 1; affix flags are ignored.
func LoadHunspell(r io.Reader) (*Lexicon, error) {
	lx := newLexicon()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var buf []byte
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			if _, err := strconv.Atoi(strings.TrimSpace(line)); err == nil {
				continue // the word count
			}
		}
		w, _, _ := strings.Cut(line, "/")
		w = strings.TrimSpace(w)
		if w == "" || !utf8.ValidString(w) {
			continue
		}
		buf = foldText(buf[:0], w, false)
		lx.add(string(buf), 1, 0)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read hunspell dictionary: %w", err)
	}
	return lx, nil
}

// SystemDictionary loads the system Persian hunspell dictionary (Debian myspell-fa installs
// /usr/share/hunspell/fa_IR.dic) for Options.Dictionary. It returns nil and no error when none is installed.
func SystemDictionary() (*Lexicon, error) {
	for _, p := range [...]string{"/usr/share/hunspell/fa_IR.dic", "/usr/share/myspell/fa_IR.dic", "/usr/share/myspell/dicts/fa_IR.dic"} {
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", p, err)
		}
		defer f.Close()
		lx, err := LoadHunspell(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return lx, nil
	}
	return nil, nil
}
