package persian

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Options configure the display normaliser.
type Options struct {
	// KeepDiacritics keeps harakat in the display form (search keys never keep them).
	KeepDiacritics bool
	// Digits chooses the display digits: "fa" (Persian, the default; "" means "fa") or "keep" (as written).
	Digits string
	// Lexicon is a user lexicon (LoadLexicon, Learn) whose entries override the built-in ones.
	Lexicon *Lexicon
	// Dictionary is an extra word list, such as LoadHunspell of the system fa_IR.dic, that only adds words the
	// built-in and user lexicons lack.
	Dictionary *Lexicon
}

// Normalizer turns messy Persian text into Khabar's display form. It is safe for concurrent use.
type Normalizer struct {
	opts Options
	an   *analyzer
}

var builtinAnalyzer = sync.OnceValue(func() *analyzer { return newAnalyzer(Builtin()) })

// NewNormalizer returns a normaliser with the given options.
func NewNormalizer(opts Options) *Normalizer {
	an := builtinAnalyzer()
	if opts.Lexicon != nil || opts.Dictionary != nil {
		lx := Builtin()
		if opts.Lexicon != nil {
			lx = merge(lx, opts.Lexicon, false)
		}
		if opts.Dictionary != nil {
			lx = merge(lx, opts.Dictionary, true)
		}
		an = newAnalyzer(lx)
	}
	return &Normalizer{opts: opts, an: an}
}

var defaultNormalizer = sync.OnceValue(func() *Normalizer { return NewNormalizer(Options{}) })

// String returns the display form of s: characters and digits folded, tatweel, bidi controls and (by default)
// diacritics removed, lost ZWNJs restored in fused and spaced words, wrong ZWNJs removed, white space collapsed and
// punctuation spaced (none before ، ؛ ؟ ! . : » ), one after; none after « (, one before). Numbers, dates, times,
// URLs, e-mail addresses, hashtags and Latin words are copied whole. Line breaks are kept. String is idempotent.
func (n *Normalizer) String(s string) string {
	return string(n.Append(nil, s))
}

// Append appends the display form of s to dst.
func (n *Normalizer) Append(dst []byte, s string) []byte {
	folded := string(foldText(make([]byte, 0, len(s)+8), s, n.opts.KeepDiacritics))
	if cap(dst)-len(dst) < len(folded)+16 {
		dst = append(make([]byte, 0, len(dst)+len(folded)+len(folded)/16+16), dst...)
	}
	// Line by line: nothing joins across a line break, and the token buffer stays small.
	var toks []Token
	var joinBuf []byte
	for {
		nl := strings.IndexByte(folded, '\n')
		line := folded
		if nl >= 0 {
			line = folded[:nl]
		}
		// Long lines go in chunks cut after a full stop or comma and before a space (a token boundary where no
		// join can happen), carrying the last token over for the spacing rules.
		var last Token
		var prev *Token
		for len(line) > 0 {
			chunk := line
			if len(line) > chunkSize {
				if cut := safeCut(line[:chunkSize]); cut > 0 {
					chunk = line[:cut]
				}
			}
			toks = appendTokens(toks[:0], chunk)
			dst = n.appendLine(dst, chunk, toks, &joinBuf, prev)
			if len(toks) > 0 {
				last = toks[len(toks)-1]
				prev = &last
			}
			line = line[len(chunk):]
		}
		if nl < 0 {
			return dst
		}
		dst = append(dst, '\n')
		folded = folded[nl+1:]
	}
}

// chunkSize is the longest piece of a line tokenised at once.
const chunkSize = 16 << 10

// safeCut returns the position of the last space in s that follows ". " or "، " style punctuation, or 0.
func safeCut(s string) int {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] != ' ' {
			continue
		}
		if c := s[i-1]; c == '.' || c == '!' || c == '?' || c == ';' || c == ',' {
			return i
		}
		if i >= 2 && (s[i-2:i] == "،" || s[i-2:i] == "؛" || s[i-2:i] == "؟") {
			return i
		}
	}
	return 0
}

// appendLine writes the display form of one line or chunk (no \n) whose tokens are toks; prev is the last token
// of the previous chunk of the same line, if any.
func (n *Normalizer) appendLine(dst []byte, line string, toks []Token, joinBuf *[]byte, prev *Token) []byte {
	prevEnd := 0
	startOfLine := prev == nil
	// Look each plain word up once: the joins and the repair share the result.
	info := func(i int) (wordInfo, bool) {
		if toks[i].zw {
			return wordInfo{}, false
		}
		wi, ok := n.an.info[toks[i].Text]
		return wi, ok
	}
	var cur, next wordInfo
	var curOK, nextOK bool
	have := -1 // index whose info is in cur
	var probe []byte
	var runBuf []string
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		gap := line[prevEnd:t.Start]
		at := len(dst)
		dst = n.appendGap(dst, gap, prev, t, i == 0 && startOfLine)
		if len(dst) == at && gap != "" && prev != nil && n.fuses(&probe, dst, line, toks, i) {
			// Keep the tokens apart with the separator that was there: a space, or else the ZWNJ.
			if strings.IndexByte(gap, ' ') >= 0 {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, zwnjStr...)
			}
		}
		switch t.Kind {
		case Word:
			if have != i {
				cur, curOK = info(i)
			}
			w := t.Text
			end := t.End
			joinedAny := false
			// Join spaced affixes and compounds: the greedy loop keeps the joined word and tries the next one.
			for i+1 < len(toks) && toks[i+1].Kind == Word && isSingleSpace(line[end:toks[i+1].Start]) {
				next, nextOK = info(i + 1)
				k := 1
				joined, ok := "", false
				if joinedAny || t.zw || curOK && cur.first {
					// The longest run first: joining a shorter run that ends a longer compound (ان بی سی in
					// سی ان بی سی) would leave the longer one to the next pass, and normalising twice would differ.
					if m := n.an.compoundRun(w, line, toks, i, joinBuf); m >= 3 {
						words := append(runBuf[:0], w)
						for _, t := range toks[i+1 : i+m] {
							words = append(words, t.Text)
						}
						runBuf = words
						for ; m >= 3 && !ok; m-- {
							joined, ok = n.an.joinRun(words[:m], joinBuf)
							k = m - 1
						}
					}
				}
				if !ok {
					// plain: w is toks[i]'s word and neither word has a ZWNJ, so both lookups are done.
					plain := !joinedAny && !t.zw && !toks[i+1].zw
					if plain && !(nextOK && (next.chain != nil || next.agent)) && !(curOK && (cur.first || cur.left != 0)) {
						break // the common case: no join, decided from the cached lookups
					}
					if plain {
						joined, ok = n.an.joinPairInfo(w, toks[i+1].Text, true, &cur, curOK, &next, nextOK, joinBuf)
					} else {
						joined, ok = n.an.joinPair(w, toks[i+1].Text, joinBuf)
					}
					k = 1
				}
				if !ok {
					break
				}
				w = joined
				joinedAny = true
				i += k
				end = toks[i].End
			}
			if joinedAny {
				dst = n.an.repair(w, dst)
			} else if t.zw {
				dst = n.an.repairSlow(w, dst)
			} else {
				dst = n.an.repairKnown(w, cur, curOK, dst)
			}
			prevEnd = end
			// The next word's lookup is reusable when it was done for this word's joins.
			if !joinedAny && i+1 < len(toks) && toks[i+1].Kind == Word && isSingleSpace(line[end:toks[i+1].Start]) {
				cur, curOK, have = next, nextOK, i+1
			}
		case Number:
			dst = n.appendNumber(dst, t.Text)
			prevEnd = t.End
		default:
			dst = append(dst, t.Text...)
			prevEnd = t.End
		}
		prev = &toks[i]
	}
	if tail := line[prevEnd:]; strings.ContainsAny(tail, "\r") {
		dst = appendNewlines(dst, tail)
	}
	return dst
}

// fuses reports whether writing the token toks[i] right after the output so far, with nothing between them (the
// spacing rules drop the space before a closer, and a ZWNJ outside a word), would let the tokeniser read part of
// toks[i] into a token before it on the next pass: 0 .0 written ۰.۰ is one decimal number, which the next pass
// turns into ۰٫۰ (so is 0.‌0 once its stray ZWNJ goes); a .b, www .x, http ://x and http://a .b become one Latin
// word or URL that swallows what follows. Normalising must not merge tokens, or it is not idempotent. The test
// tokenises the output's last run (after its last space or line break), toks[i] and the start of what the
// output puts after it, exactly as the next pass will see them. Only called when a gap is dropped.
func (n *Normalizer) fuses(probe *[]byte, dst []byte, line string, toks []Token, i int) bool {
	b := append((*probe)[:0], dst[bytes.LastIndexAny(dst, " \n")+1:]...)
	cut := len(b)
	if cut == 0 {
		return false
	}
	b = n.appendTokenOut(b, &toks[i])
	// A few bytes of what follows decide it (http + ://x is a URL), but take the next tokens whole.
	for j := i + 1; j < len(toks) && len(b)-cut < 8; j++ {
		at := len(b)
		if b = n.appendGap(b, line[toks[j-1].End:toks[j].Start], &toks[j-1], &toks[j], false); len(b) > at {
			break // white space ends every token
		}
		b = n.appendTokenOut(b, &toks[j])
	}
	*probe = b
	s := string(b)
	for pos := 0; pos < cut; {
		r, size := utf8.DecodeRuneInString(s[pos:])
		end, _ := scanToken(s, pos, r, size)
		if end > cut {
			return true
		}
		pos = max(end, pos+size)
	}
	return false
}

// appendTokenOut appends the display form of a token as far as the tokeniser cares: numbers in the display
// digits, anything else as written.
func (n *Normalizer) appendTokenOut(dst []byte, t *Token) []byte {
	if t.Kind == Number {
		return n.appendNumber(dst, t.Text)
	}
	return append(dst, t.Text...)
}

// isSingleSpace reports whether gap is a run of spaces only (no line break or stray character).
func isSingleSpace(gap string) bool {
	if gap == "" {
		return false
	}
	for i := 0; i < len(gap); i++ {
		if gap[i] != ' ' {
			return false
		}
	}
	return true
}

// appendNewlines appends the line breaks of gap.
func appendNewlines(dst []byte, gap string) []byte {
	for i := 0; i < len(gap); i++ {
		if gap[i] == '\n' || gap[i] == '\r' {
			dst = append(dst, gap[i])
		}
	}
	return dst
}

// Punctuation classes for spacing.
func isCloser(s string) bool {
	switch s {
	case "،", "؛", "؟", "!", ".", ":", "»", ")", "]", "}", ",", ";", "?", "…":
		return true
	}
	return false
}

func isOpener(s string) bool { return s == "«" || s == "(" || s == "[" || s == "{" }

// spaceAfter reports whether one space belongs after the punctuation p when a word follows it directly.
func spaceAfter(p string) bool {
	switch p {
	case "،", "؛", "؟", "!", "»", ")", "]", "…":
		return true
	}
	return false
}

// appendGap writes the white space between prev and t, applying the punctuation spacing rules.
func (n *Normalizer) appendGap(dst []byte, gap string, prev, t *Token, first bool) []byte {
	if strings.ContainsAny(gap, "\n\r") {
		return appendNewlines(dst, gap)
	}
	if first || prev == nil {
		return dst
	}
	hasSpace := strings.IndexByte(gap, ' ') >= 0
	switch {
	case t.Kind == Punct && isCloser(t.Text):
		return dst // no space before a closer
	case prev.Kind == Punct && isOpener(prev.Text):
		return dst // no space after an opener
	case t.Kind == Punct && isOpener(t.Text):
		if hasSpace || prev.Kind != Punct || isCloser(prev.Text) {
			return append(dst, ' ')
		}
		return dst
	case prev.Kind == Punct && spaceAfter(prev.Text) && (t.Kind == Word || t.Kind == Number || t.Kind == Hashtag):
		return append(dst, ' ')
	case prev.Kind == Punct && (prev.Text == "." || prev.Text == ":") && t.Kind == Word && !hasSpace:
		if prevWordBefore(dst) {
			return append(dst, ' ')
		}
		return dst
	}
	if hasSpace {
		return append(dst, ' ')
	}
	return dst
}

// prevWordBefore reports whether the byte before the final punctuation mark in dst is a Persian letter.
func prevWordBefore(dst []byte) bool {
	if len(dst) < 2 {
		return false
	}
	r, _ := utf8.DecodeLastRune(dst[:len(dst)-1])
	return isLetterFa(r)
}

// appendNumber writes a number in the display digits, folding a lone decimal point to ٫ and thousands commas to
// ٬ when digits are Persian.
func (n *Normalizer) appendNumber(dst []byte, num string) []byte {
	if n.opts.Digits == "keep" {
		return append(dst, num...)
	}
	dots, commas, others := 0, 0, 0
	for _, r := range num {
		switch {
		case r == '.' || r == '٫':
			dots++
		case r == ',' || r == '٬':
			commas++
		case !isDigit(r):
			others++
		}
	}
	decimal := dots == 1 && commas == 0 && others == 0
	thousands := commas > 0 && dots == 0 && others == 0 && groupsOfThree(num)
	for _, r := range num {
		switch {
		case isDigit(r):
			dst = utf8.AppendRune(dst, rune(0x06F0+digitValue(r)))
		case r == '.' && decimal:
			dst = utf8.AppendRune(dst, '٫')
		case r == ',' && thousands:
			dst = utf8.AppendRune(dst, '٬')
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// groupsOfThree reports whether every comma-separated group after the first has three digits.
func groupsOfThree(num string) bool {
	first := true
	for g := range strings.FieldsFuncSeq(num, func(r rune) bool { return r == ',' || r == '٬' }) {
		c := utf8.RuneCountInString(g)
		if first {
			if c > 3 {
				return false
			}
			first = false
			continue
		}
		if c != 3 {
			return false
		}
	}
	return true
}

// fusedInto appends w without its ZWNJs.
func fusedInto(dst []byte, w string) []byte {
	for {
		i := strings.Index(w, zwnjStr)
		if i < 0 {
			return append(dst, w...)
		}
		dst = append(dst, w[:i]...)
		w = w[i+len(zwnjStr):]
	}
}

// fusedKey returns w without ZWNJs, without copying when it has none.
func fusedKey(w string, buf *[]byte) string {
	if !hasZWNJ(w) {
		return w
	}
	*buf = fusedInto((*buf)[:0], w)
	return string(*buf)
}

// joinPair decides whether the spaced words l and r are one word (کتاب ها، می شود، نخست وزیر، هسته ای) and
// returns the joined spelling (with a ZWNJ after a joining letter).
func (a *analyzer) joinPair(l, r string, buf *[]byte) (string, bool) {
	plain := !hasZWNJ(l) && !hasZWNJ(r)
	var li, ri wordInfo
	var lok, rok bool
	if plain {
		ri, rok = a.info[r]
		li, lok = a.info[l]
	}
	return a.joinPairInfo(l, r, plain, &li, lok, &ri, rok, buf)
}

// joinPairInfo is joinPair with the words' lookups done: when plain (neither has a ZWNJ), li and ri are the
// info of l and r (lok and rok whether they are known); otherwise they are unset.
func (a *analyzer) joinPairInfo(l, r string, plain bool, li *wordInfo, lok bool, ri *wordInfo, rok bool, buf *[]byte) (string, bool) {
	if plain && !(rok && (ri.chain != nil || ri.agent)) && !li.first && li.left == 0 {
		return "", false // the common case, decided without copying
	}
	b := fusedInto((*buf)[:0], l)
	cut := len(b)
	b = fusedInto(b, r)
	*buf = b
	fl := b[:cut]
	if !plain { // without ZWNJs the fused parts are l and r, looked up above
		var lv, rv wordInfo
		rv, rok = a.info[string(b[cut:])]
		lv, lok = a.info[string(fl)]
		li, ri = &lv, &rv
	}
	isMi := lok && li.left == leftVerb
	if !(rok && (ri.chain != nil || ri.agent)) && !(lok && (li.first || li.left != 0)) {
		return "", false
	}
	fr := string(b[cut:])
	if isMi {
		// The space marks the prefix: the rest must be a verb body (می دانی is a verb, not میدانی).
		var vb [8]int
		if _, _, ok := a.verbBody(fr, 0, vb[:0]); ok {
			return l + zwnjStr + r, true
		}
	}
	if lok && li.left == leftBi && utf8.RuneCountInString(fr) >= 2 && !hasZWNJ(r) {
		if e, known := a.lx.words[fr]; known && e.flags&flagFunc == 0 {
			return l + zwnjStr + r, true // بی مهار → بی‌مهار
		}
	}
	if lok && li.left == leftNum && measureWords[r] {
		return l + zwnjStr + r, true // سه ساله → سه‌ساله
	}
	if (fr == "اند" || fr == "ایم" || fr == "اید") && len(fl) >= 4 && !nonJoining(lastRune(l)) {
		if e, known := a.lx.words[string(fl)]; !known || e.flags&flagFunc == 0 {
			return l + zwnjStr + r, true // a copula written apart: مهم اند
		}
	}
	if chain := ri.chain; chain != nil && len(fl) >= 2 {
		// The space marks the boundary: read r as a suffix chain on l.
		e, known := a.lx.words[string(fl)]
		if known && e.flags&flagFunc != 0 && !strings.HasPrefix(fr, "ها") {
			return "", false
		}
		last, vowelH := lastRune(string(fl)), a.isVowelH(string(fl), e, known)
		zw := false
		for i, m := range chain {
			ok, z := m.allow(last, vowelH)
			if !ok {
				return "", false
			}
			if i == 0 {
				zw = z
			}
			last, vowelH = lastRune(m.s), false
		}
		if zw {
			return l + zwnjStr + r, true
		}
		if nonJoining(lastRune(l)) && strings.HasPrefix(fr, "ها") {
			return l + r, true
		}
		return "", false
	}
	if !rok && len(fl) >= 4 {
		// An element with a suffix chain written apart: بحران سازیهای.
		for k := len(fr) - 2; k >= 4; k-- {
			if utf8.RuneStart(fr[k]) && a.agents[fr[:k]] {
				if _, ok := a.chains[fr[k:]]; ok {
					if e, known := a.lx.words[string(fl)]; known && e.flags&(flagFunc|flagAgent|flagFusedEl) == 0 {
						return l + zwnjStr + r, true
					}
				}
			}
		}
	}
	candidate := false
	isFirst := lok && li.first
	if e, ok := a.lx.words[string(b)]; isFirst && ok {
		candidate = e.disp != ""
	} else if _, ok := a.chains[fr]; ok {
		candidate = true
	} else if a.agents[fr] {
		candidate = true
	} else if len(fl) == len("می") && string(fl) == "می" || len(fl) == len("نمی") && string(fl) == "نمی" {
		candidate = true
	} else if isFirst {
		for k := len(fr) - 1; k > 0 && len(fr)-k <= 12; k-- {
			if utf8.RuneStart(fr[k]) {
				if _, ok := a.chains[fr[k:]]; ok {
					if e, ok := a.lx.words[string(b[:cut+k])]; ok && e.disp != "" {
						candidate = true
						break
					}
				}
			}
		}
	}
	if !candidate {
		return "", false
	}
	if e, ok := a.lx.words[string(fl)]; ok && e.flags&flagFunc != 0 && !strings.HasSuffix(string(fl), "ه") {
		if _, isChain := a.chains[fr]; isChain && fr != "ها" && fr != "های" && fr != "هایی" {
			return "", false // که تر، از اش: a function word takes no comparative or clitic across a space
		}
	}
	s := string(b)
	if nonJoining(lastRune(string(fl))) {
		if e, ok := a.lx.words[s]; !(ok && e.disp != "" || slices.Contains(haChains, fr)) {
			return "", false
		}
		return l + r, true
	}
	var nb, vb [8]int
	bounds, ok := a.analyze(s, true, nb[:0], vb[:0])
	if !ok || !slices.Contains(bounds, cut) {
		return "", false
	}
	return l + zwnjStr + r, true
}

// maxRun is the most spaced words one lexicon compound is joined from (سی ان بی سی).
const maxRun = 5

// compoundRun returns how many spaced words from w on (w, then the words of toks after toks[i] that single
// spaces separate, at most maxRun) may join into one compound: each word but the last must extend a fused run
// that starts a compound of the lexicon. Most runs stop at one or two, and nothing more is tried.
func (a *analyzer) compoundRun(w, line string, toks []Token, i int, buf *[]byte) int {
	if i+2 >= len(toks) || toks[i+2].Kind != Word {
		return 2 // no third word: a pair at most
	}
	if !hasZWNJ(w) && !a.info[w].first {
		return 1
	}
	b := fusedInto((*buf)[:0], w)
	m := 1
	for j := i + 1; j < len(toks) && m < maxRun && toks[j].Kind == Word &&
		isSingleSpace(line[toks[j-1].End:toks[j].Start]); j++ {
		if m > 1 || hasZWNJ(w) { // w alone was looked up above
			if !a.info[string(b)].first {
				break
			}
		}
		m++
		b = fusedInto(b, toks[j].Text)
	}
	*buf = b
	return m
}

// joinRun joins three or more spaced words that form one compound or a preverbal verb (گفت و گو، بر می گردد،
// سی ان بی سی). ws is a run compoundRun allowed: each fused prefix already starts a lexicon compound.
func (a *analyzer) joinRun(ws []string, buf *[]byte) (string, bool) {
	b := fusedInto((*buf)[:0], ws[0])
	var cuts [maxRun]int
	for i, w := range ws[1:] {
		cuts[i] = len(b)
		b = fusedInto(b, w)
	}
	*buf = b
	e, ok := a.lx.words[string(b)]
	if !ok || e.disp == "" {
		return "", false
	}
	bounds := boundsOf(e.disp, nil)
	for _, c := range cuts[:len(ws)-1] {
		if !slices.Contains(bounds, c) && !nonJoining(lastRune(string(b[:c]))) {
			return "", false
		}
	}
	var out strings.Builder
	for i, w := range ws {
		if i > 0 && !nonJoining(lastRune(ws[i-1])) {
			out.WriteString(zwnjStr)
		}
		out.WriteString(w)
	}
	return out.String(), true
}
