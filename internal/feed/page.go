package feed

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/khabar/khabar/internal/article"
)

// Page is the article extracted from an HTML page.
type Page struct {
	Title     string
	Byline    string
	Canonical string // rel=canonical (or og:url) resolved against the page URL, "" when absent
	Published time.Time
	DateOnly  bool
	Language  string
	Charset   string // the charset the body was read in
	Blocks    []article.Block
	// Readability is go-readability's own text of the main content, before Khabar's block cleanup; kept for
	// measuring the cleanup.
	Readability string
}

// publishedMeta are <meta> names and properties that carry a publication time, best first.
var publishedMeta = []string{"article:published_time", "og:published_time", "datepublished", "pubdate",
	"publishdate", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"}

// ExtractPage reads an HTML page: charset, metadata, and the main text as blocks. contentType is the
// Content-Type header ("" when unknown); loc reads dates without a zone (Asia/Tehran when nil).
func ExtractPage(body []byte, contentType string, pageURL *url.URL, loc *time.Location) (Page, error) {
	var pg Page
	text, cs := Decode(body, contentType)
	pg.Charset = cs
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return pg, fmt.Errorf("parse HTML: %w", err)
	}
	meta := collectMeta(doc)
	if c := meta.canonical; c != "" {
		pg.Canonical = Resolve(pageURL, c)
	}
	for _, k := range publishedMeta {
		if v := meta.values[k]; v != "" {
			if t, dateOnly, err := ParseDate(v, loc); err == nil {
				pg.Published, pg.DateOnly = t, dateOnly
				break
			}
		}
	}
	if pg.Published.IsZero() {
		for _, v := range meta.dates { // <time datetime>, then elements classed as dates, in page order
			if t, dateOnly, err := ParseDate(v, loc); err == nil {
				pg.Published, pg.DateOnly = t, dateOnly
				break
			}
		}
	}
	parser := readability.NewParser()
	parser.KeepClasses = true // Clean drops captions and credits by class
	art, err := parser.ParseDocument(doc, pageURL)
	if err != nil {
		return pg, fmt.Errorf("extract main text: %w", err)
	}
	if pg.Published.IsZero() {
		if t, err := art.PublishedTime(); err == nil {
			pg.Published = t
		}
	}
	pg.Title = strings.Join(strings.Fields(art.Title()), " ")
	if meta.title != "" {
		pg.Title = meta.title
	}
	pg.Byline = strings.Join(strings.Fields(art.Byline()), " ")
	pg.Language = art.Language()
	if pg.Language == "" {
		pg.Language = meta.lang
	}
	if art.Node == nil {
		return pg, fmt.Errorf("extract main text: no article content found")
	}
	var sb strings.Builder
	if err := art.RenderText(&sb); err == nil {
		pg.Readability = sb.String()
	}
	for _, h := range meta.h1 { // "headline :: site name" → the page's own headline
		if h != "" && h != pg.Title && (strings.HasPrefix(pg.Title, h) || strings.HasSuffix(pg.Title, h)) {
			pg.Title = h
			break
		}
	}
	pg.Blocks = Clean(NodeBlocks(art.Node), pg.Title, pg.Byline)
	if meta.lead != "" && len(pg.Blocks) > 0 && !containsText(pg.Blocks, meta.lead) {
		// The lead paragraph (لید) sits above the body container on many Persian sites; readability drops it.
		pg.Blocks = append([]article.Block{{Kind: article.Paragraph, Text: meta.lead}}, pg.Blocks...)
	}
	if len(pg.Blocks) == 0 {
		return pg, fmt.Errorf("extract main text: no article content found")
	}
	return pg, nil
}

// containsText reports whether the blocks already hold a text (white space aside).
func containsText(blocks []article.Block, text string) bool {
	for _, b := range blocks {
		if strings.Contains(b.Text, text) || strings.Contains(text, b.Text) && len(b.Text) > len(text)/2 {
			return true
		}
	}
	return false
}

// leadClasses name the lead paragraph on Persian news sites (introtext, lead, lid, summary, …).
var leadClasses = []string{"lead", "introtext", "intro-text", "lid", "summary", "news-summary", "subtitle-lead"}

// isLead reports whether an element is classed as an article's lead.
func isLead(n *html.Node) bool {
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		for _, l := range leadClasses {
			if c == l || strings.HasSuffix(c, "-"+l) || strings.HasSuffix(c, "_"+l) {
				return true
			}
		}
	}
	return false
}

// Clean drops blocks that are page furniture rather than article text: a repeat of the headline or byline,
// lines that start like share prompts, tag lists, read-more links or credits (furniturePrefixes), end markers
// such as "انتهای پیام", lines that are only a date, and headings left with nothing after them. (NodeBlocks
// already skips captions and credits by class and turns all-bold short paragraphs into headings.)
func Clean(blocks []article.Block, title, byline string) []article.Block {
	out := blocks[:0:0]
	for _, b := range blocks {
		t := b.Text
		switch {
		case t == title:
			continue
		case byline != "" && t == byline:
			continue
		case isFurniture(t):
			continue
		case len(t) < 80 && isDateLine(t):
			continue
		}
		out = append(out, b)
	}
	// A heading with nothing after it is the caption of a removed list ("اخبار مرتبط").
	for len(out) > 0 && out[len(out)-1].Kind == article.Heading {
		out = out[:len(out)-1]
	}
	return out
}

// furniturePrefixes start lines of page furniture on Persian news sites.
var furniturePrefixes = []string{"برچسب‌ها", "برچسب ها", "کلیدواژه", "کلید واژه", "اشتراک گذاری", "اشتراک‌گذاری",
	"لینک کوتاه", "کد خبر", "نسخه چاپی", "ارسال به دوستان", "بیشتر بخوانید", "اخبار مرتبط", "خبرهای مرتبط",
	"منبع:", "Share", "Tags:"}

// furnitureLines are whole lines of page furniture.
var furnitureLines = map[string]bool{"انتهای پیام": true, "انتهای پیام/": true, "انتهای خبر": true, "پایان خبر": true}

// isDateLine reports whether a line is only a publication date, with or without a label.
func isDateLine(t string) bool {
	_, _, err := ParseDate(stripLabel(t), nil)
	return err == nil
}

func isFurniture(t string) bool {
	if furnitureLines[strings.TrimSpace(t)] {
		return true
	}
	for _, p := range furniturePrefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// pageMeta is what the page head and markup say about the article.
type pageMeta struct {
	values    map[string]string // meta name/property (lower case) → content
	canonical string
	title     string // og:title
	lang      string
	dates     []string // datetime attributes and texts of date-like elements
	h1        []string // texts of the h1 elements
	lead      string   // the first element classed as a lead, outside navigation and asides
}

func collectMeta(doc *html.Node) pageMeta {
	m := pageMeta{values: map[string]string{}}
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, aside bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "nav", "aside", "footer", "header", "form":
				aside = true
			}
			if !aside && m.lead == "" && isLead(n) {
				if t := strings.Join(strings.Fields(innerText(n)), " "); len(t) >= 60 && len(t) <= 1500 {
					m.lead = t
				}
			}
			switch n.Data {
			case "html":
				m.lang = attr(n, "lang")
			case "h1":
				m.h1 = append(m.h1, strings.Join(strings.Fields(innerText(n)), " "))
			case "meta":
				k := strings.ToLower(attr(n, "property"))
				if k == "" {
					k = strings.ToLower(attr(n, "name"))
				}
				if k == "" {
					k = strings.ToLower(attr(n, "itemprop"))
				}
				if v := strings.TrimSpace(attr(n, "content")); k != "" && v != "" && m.values[k] == "" {
					m.values[k] = v
				}
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = attr(n, "href")
				}
			case "time":
				if v := attr(n, "datetime"); v != "" {
					m.dates = append(m.dates, v)
				}
				m.dates = append(m.dates, strings.Join(strings.Fields(innerText(n)), " "))
			case "span", "div", "p", "small", "li":
				cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
				if strings.Contains(cls, "date") || strings.Contains(cls, "time") || strings.Contains(cls, "publish") {
					if t := strings.Join(strings.Fields(innerText(n)), " "); t != "" && len(t) < 120 {
						m.dates = append(m.dates, t, stripLabel(t))
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, aside)
		}
	}
	walk(doc, false)
	if v := m.values["og:url"]; m.canonical == "" && v != "" {
		m.canonical = v
	}
	m.title = strings.Join(strings.Fields(m.values["og:title"]), " ")
	return m
}

// stripLabel drops a label before a colon ("تاریخ انتشار: ۲۴ آبان ۱۴۰۴" → "۲۴ آبان ۱۴۰۴").
func stripLabel(t string) string {
	if i := strings.IndexAny(t, ":："); i >= 0 && !hasClock(t[:min(len(t), i+3)]) {
		return strings.TrimSpace(t[i+1:])
	}
	return t
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func innerText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
