package feed

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/timex"
)

// Feed is a parsed RSS, Atom or JSON Feed document.
type Feed struct {
	Title string
	Link  string
	Type  string // rss, atom or json
	Items []Item
}

// Item is one entry of a feed, its link resolved against the feed's URL.
type Item struct {
	GUID      string
	Link      string // absolute URL of the article page
	Title     string
	Summary   []article.Block // description or content as text blocks: the fallback when the page fails
	Author    string
	Published time.Time // zero when the feed gives no date it can read
	DateOnly  bool      // the feed gave a day without a time of day
	RawDate   string    // the date as written
	DateErr   error     // why RawDate could not be read, when it could not
}

// Key returns the identity of an item within its feed: its GUID, else its link.
func (it Item) Key() string {
	if it.GUID != "" {
		return it.GUID
	}
	return it.Link
}

// IsFeed reports whether a body is an RSS, Atom or JSON Feed document.
func IsFeed(body []byte) bool {
	return gofeed.DetectFeedType(bytes.NewReader(body)) != gofeed.FeedTypeUnknown
}

// Parse reads a feed document fetched from base. Dates that gofeed leaves unparsed (Jalali, Persian digits,
// zone-less times) are read with timex.ParseTimestamp in loc (Asia/Tehran when nil). A document that is not a
// feed, or is broken beyond reading, is an error.
func Parse(body []byte, base *url.URL, loc *time.Location) (*Feed, error) {
	if loc == nil {
		loc = timex.DefaultLocation()
	}
	p := gofeed.NewParser()
	f, err := p.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	out := &Feed{Title: strings.TrimSpace(f.Title), Link: Resolve(base, f.Link), Type: f.FeedType}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		item := Item{
			GUID:  strings.TrimSpace(it.GUID),
			Link:  Resolve(base, it.Link),
			Title: TextOf(it.Title),
		}
		if item.Link == "" && len(it.Links) > 0 {
			item.Link = Resolve(base, it.Links[0])
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = strings.TrimSpace(it.Authors[0].Name)
		}
		summary := it.Content
		if len(strings.TrimSpace(TextOf(summary))) < len(strings.TrimSpace(TextOf(it.Description))) {
			summary = it.Description
		}
		item.Summary = HTMLBlocks(summary)
		item.RawDate = strings.TrimSpace(it.Published)
		parsed := it.PublishedParsed
		if item.RawDate == "" {
			item.RawDate, parsed = strings.TrimSpace(it.Updated), it.UpdatedParsed
		}
		if item.RawDate != "" {
			t, dateOnly, err := ParseDate(item.RawDate, loc)
			switch {
			case err == nil:
				item.Published, item.DateOnly = t, dateOnly
			case parsed != nil:
				item.Published = *parsed
			default:
				item.DateErr = err
			}
		}
		if item.Key() == "" && item.Title == "" {
			continue
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// ParseDate reads a feed or page date with timex.ParseTimestamp: Gregorian layouts and Persian ones in any
// digits ("۱۴۰۴/۰۸/۲۴ - ۱۰:۳۰", "شنبه ۲۴ آبان ۱۴۰۴"). dateOnly is true when it gave no time of day.
func ParseDate(s string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	t, err = timex.ParseTimestamp(s, loc)
	if err != nil {
		return time.Time{}, false, err
	}
	return t, !hasClock(s), nil
}

// hasClock reports whether a date string has a time of day: a colon between digits in any digit system.
func hasClock(s string) bool {
	rs := []rune(s)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == ':' && isAnyDigit(rs[i-1]) && isAnyDigit(rs[i+1]) {
			return true
		}
	}
	return false
}

func isAnyDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= '۰' && r <= '۹' || r >= '٠' && r <= '٩'
}

// TextOf returns the text of an HTML fragment (or plain text) on one line, entities decoded.
func TextOf(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var parts []string
	for _, b := range HTMLBlocks(s) {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, " ")
}

// HTMLBlocks splits an HTML fragment (or plain text) into paragraph and heading blocks.
func HTMLBlocks(s string) []article.Block {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if !strings.ContainsAny(s, "<&") {
		var out []article.Block
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if t := strings.Join(strings.Fields(p), " "); t != "" {
				out = append(out, article.Block{Kind: article.Paragraph, Text: t})
			}
		}
		return out
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body",
		DataAtom: atom.Body})
	if err != nil {
		return []article.Block{{Kind: article.Paragraph, Text: strings.Join(strings.Fields(s), " ")}}
	}
	var bw blockWriter
	for _, n := range nodes {
		bw.walk(n)
	}
	return bw.finish()
}
