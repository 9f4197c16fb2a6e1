package reader

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // embed zone data so Asia/Tehran resolves on every machine
	"unicode"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
)

// Tehran is the zone of dates given without one (the seed header, date-only JSON values).
var Tehran = mustZone("Asia/Tehran")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("reader: zone %s: %v", name, err)) // unreachable: time/tzdata is embedded
	}
	return loc
}

// Heading and dateline limits: a subheading is a line of at most maxHeadingWords words and maxHeadingRunes
// characters without final punctuation; a dateline has at most maxDatelineWords words.
const (
	maxHeadingWords  = 12
	maxHeadingRunes  = 100
	maxDatelineWords = 5
)

var seedLine = regexp.MustCompile(`^date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ \t]+(.*))?$`)

// parseSeed reads the seed format: "date YYYY-MM-DD headline", an optional relative publication line, and the
// body. Published is that day at 00:00 in Tehran, with DateOnly set.
func parseSeed(text []byte) (article.Article, error) {
	lines := splitLines(text)
	i := skipBlank(lines, 0)
	if i == len(lines) {
		return article.Article{}, ErrEmpty
	}
	m := seedLine.FindStringSubmatch(strings.TrimSpace(lines[i]))
	if m == nil {
		return article.Article{}, errors.New(`seed format: first line is not "date YYYY-MM-DD headline"`)
	}
	day, err := time.ParseInLocation("2006-01-02", m[1], Tehran)
	if err != nil {
		return article.Article{}, fmt.Errorf("seed format: bad date %q", m[1])
	}
	title := strings.TrimSpace(m[2])
	i++
	if title == "" { // the headline may stand on its own line
		i = skipBlank(lines, i)
		if i < len(lines) {
			title = strings.TrimSpace(lines[i])
			i++
		}
	}
	if title == "" {
		return article.Article{}, errors.New("seed format: no headline")
	}
	a := newArticle(text, title)
	a.Published, a.DateOnly = day, true
	a.Dateline, a.Body = parseBody(lines[i:])
	return a, nil
}

// parseText reads plain text: the first non-empty line is the title, then an optional relative publication line,
// then the body.
func parseText(text []byte) (article.Article, error) {
	lines := splitLines(text)
	i := skipBlank(lines, 0)
	if i == len(lines) {
		return article.Article{}, ErrEmpty
	}
	a := newArticle(text, strings.TrimSpace(lines[i]))
	a.Dateline, a.Body = parseBody(lines[i+1:])
	return a, nil
}

func newArticle(raw []byte, title string) article.Article {
	return article.Article{Title: title, Raw: string(raw), Language: "fa"}
}

// splitLines drops a UTF-8 byte-order mark and splits on LF, CRLF or CR.
func splitLines(text []byte) []string {
	s := string(bytes.TrimPrefix(text, bomUTF8))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

func skipBlank(lines []string, i int) int {
	for i < len(lines) && isBlank(lines[i]) {
		i++
	}
	return i
}

// isBlank reports whether a line holds only white space, including ZWNJ and other format characters.
func isBlank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == ""
}

// parseBody splits the lines after the title into an optional dateline and body blocks.
//
// Paragraphs are separated by blank lines. When the body has no blank line at all, each line is a paragraph.
// Within a group of lines a line ending in final punctuation closes a paragraph, and other lines are joined with
// a space (hard-wrapped text). A line standing first in its group that is short and has no final punctuation is
// a subheading, unless nothing follows it.
func parseBody(lines []string) (dateline string, blocks []article.Block) {
	i := skipBlank(lines, 0)
	if i < len(lines) && isDateline(lines[i]) {
		dateline = strings.TrimSpace(lines[i])
		i++
	}
	var groups [][]string
	var cur []string
	for _, l := range lines[i:] {
		if isBlank(l) {
			if cur != nil {
				groups = append(groups, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, strings.TrimSpace(l))
	}
	if cur != nil {
		groups = append(groups, cur)
	}
	if len(groups) == 1 { // no blank lines: each line is a paragraph
		for _, l := range groups[0] {
			groups = append(groups, []string{l})
		}
		groups = groups[1:]
	}
	for gi, g := range groups {
		var para []string
		flush := func() {
			if len(para) > 0 {
				blocks = append(blocks, article.Block{Kind: article.Paragraph, Text: strings.Join(para, " ")})
				para = nil
			}
		}
		for li, l := range g {
			last := gi == len(groups)-1 && li == len(g)-1
			if len(para) == 0 && !last && IsHeading(l) {
				blocks = append(blocks, article.Block{Kind: article.Heading, Text: l})
				continue
			}
			para = append(para, l)
			if endsSentence(l) {
				flush()
			}
		}
		flush()
	}
	return dateline, blocks
}

// IsHeading reports whether a line reads as a subheading: at most 12 words and 100 characters, no final
// punctuation, no sentence break inside, not ending in a comma, and not ending in a common verb form (a sentence
// that lost its full stop, such as "… بیشتر شده است").
func IsHeading(line string) bool {
	s := strings.TrimSpace(line)
	if s == "" || utf8.RuneCountInString(s) > maxHeadingRunes {
		return false
	}
	if n := len(strings.Fields(s)); n == 0 || n > maxHeadingWords {
		return false
	}
	if endsSentence(s) || strings.HasSuffix(s, ",") || strings.HasSuffix(s, "،") || endsInVerb(s) {
		return false
	}
	for _, br := range []string{". ", "! ", "? ", "؟ ", "؛ "} {
		if strings.Contains(s, br) {
			return false
		}
	}
	return true
}

// sentenceVerbs are common final verbs and auxiliaries of Persian news sentences.
var sentenceVerbs = map[string]bool{
	"است": true, "هست": true, "هستند": true, "نیست": true, "بود": true, "بودند": true, "باشد": true,
	"شد": true, "شدند": true, "شود": true, "شوند": true, "کرد": true, "کردند": true, "کند": true, "کنند": true,
	"دارد": true, "دارند": true, "داشت": true, "گفت": true, "رفت": true, "آمد": true, "داد": true, "دادند": true,
	"کرده‌اند": true, "شده‌اند": true, "کرده‌است": true, "شده‌است": true, "اند": true,
}

// endsInVerb reports whether the last word of s is a common verb form, or a present or negated continuous verb
// written with its ZWNJ (می‌… / نمی‌…).
func endsInVerb(s string) bool {
	if strings.HasPrefix(s, "«") && strings.HasSuffix(s, "»") {
		return false // a quotation standing as a subheading
	}
	f := strings.Fields(s)
	last := strings.Trim(f[len(f)-1], "»\"'”’)]")
	last = strings.NewReplacer("ي", "ی", "ك", "ک").Replace(last)
	return sentenceVerbs[last] || strings.HasPrefix(last, "می\u200c") || strings.HasPrefix(last, "نمی\u200c")
}

// endsSentence reports whether s ends in final punctuation, looking through closing quotes and brackets:
// ". ! ? ؟ : ; ؛ …" and forms such as «…». or "…!".
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	s = strings.TrimRight(s, "»\"'”’)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '؟', ':', ';', '؛', '…', '۔':
		return true
	}
	return false
}

var datelineWords = map[string]bool{
	"دیروز": true, "امروز": true, "دیشب": true, "امشب": true, "پریروز": true,
}

// isDateline reports whether a line is a relative publication time such as "3 ساعت پیش", "دو روز قبل",
// "لحظاتی پیش", "دیروز" or "2 hours ago".
func isDateline(line string) bool {
	f := strings.Fields(line)
	if len(f) == 0 || len(f) > maxDatelineWords {
		return false
	}
	if len(f) == 1 && datelineWords[f[0]] {
		return true
	}
	switch f[len(f)-1] {
	case "پیش", "قبل", "ago":
		return len(f) >= 2 && !endsSentence(line)
	}
	return false
}
