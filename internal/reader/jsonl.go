package reader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// jsonArticle is the JSON shape read: the documented fields plus a few common aliases, and the article.Article
// encoding itself (body as blocks, date_only), so that Khabar's own output reads back.
type jsonArticle struct {
	Title     string          `json:"title"`
	Headline  string          `json:"headline"`
	Text      string          `json:"text"`
	Content   string          `json:"content"`
	Body      json.RawMessage `json:"body"` // a string, or a list of {kind, text} blocks
	Published string          `json:"published"`
	Date      string          `json:"date"`
	DateOnly  bool            `json:"date_only"`
	Dateline  string          `json:"dateline"`
	URL       string          `json:"url"`
	Source    string          `json:"source"`
	Language  string          `json:"language"`
}

// parseJSON reads JSON Lines, a single JSON object (which may span lines) or a JSON array of objects. Each bad
// line or element is an error item naming origin:line (or origin#index for arrays); the others go on.
func parseJSON(ctx context.Context, origin string, text []byte, fn func(Item) error) error {
	t := bytes.TrimSpace(bytes.TrimPrefix(text, bomUTF8))
	switch {
	case len(t) > 0 && t[0] == '[':
		if err := checkUTF8(t); err != nil {
			return emitErr(fn, origin, err)
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(t, &elems); err != nil {
			return emitErr(fn, origin, fmt.Errorf("bad JSON: %w", err))
		}
		if len(elems) == 0 {
			return emitErr(fn, origin, fmt.Errorf("%w: empty JSON array", ErrNoArticle))
		}
		for i, e := range elems {
			if err := ctx.Err(); err != nil {
				return err
			}
			o := origin + "#" + strconv.Itoa(i+1)
			a, err := decodeObject(e)
			if err := emitOne(fn, o, a, err); err != nil {
				return err
			}
		}
		return nil
	case bytes.IndexByte(t, '\n') >= 0 && json.Valid(t): // one object pretty-printed over several lines
		if err := checkUTF8(t); err != nil {
			return emitErr(fn, origin, err)
		}
		a, err := decodeObject(t)
		return emitOne(fn, origin, a, err)
	}
	lines := bytes.Split(text, []byte{'\n'})
	for n, line := range lines {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if n == 0 {
			line = bytes.TrimPrefix(line, bomUTF8)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		o := origin + ":" + strconv.Itoa(n+1)
		var a article.Article
		err := checkUTF8(line)
		if err == nil {
			a, err = decodeObject(line)
		}
		if err := emitOne(fn, o, a, err); err != nil {
			return err
		}
	}
	return nil
}

// decodeObject turns one JSON object into an article; Raw is the object's text verbatim.
func decodeObject(data []byte) (article.Article, error) {
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '{' {
		return article.Article{}, errors.New("bad JSON: not an object")
	}
	var j jsonArticle
	if err := json.Unmarshal(t, &j); err != nil {
		return article.Article{}, fmt.Errorf("bad JSON: %w", err)
	}
	a := article.Article{
		Title:    strings.TrimSpace(first(j.Title, j.Headline)),
		Source:   strings.TrimSpace(j.Source),
		URL:      strings.TrimSpace(j.URL),
		Language: first(strings.TrimSpace(j.Language), "fa"),
		Dateline: strings.TrimSpace(j.Dateline),
		Raw:      string(data),
	}
	body := first(j.Text, j.Content)
	if len(j.Body) > 0 && string(j.Body) != "null" {
		var s string
		var blocks []article.Block
		switch {
		case json.Unmarshal(j.Body, &s) == nil:
			body = first(body, s)
		case json.Unmarshal(j.Body, &blocks) == nil:
			for _, b := range blocks {
				if strings.TrimSpace(b.Text) == "" {
					continue
				}
				if b.Kind != article.Heading {
					b.Kind = article.Paragraph
				}
				a.Body = append(a.Body, article.Block{Kind: b.Kind, Text: strings.TrimSpace(b.Text)})
			}
		default:
			return article.Article{}, errors.New(`bad JSON: "body" is neither a string nor a list of blocks`)
		}
	}
	if a.Body == nil && strings.TrimSpace(body) != "" {
		var dl string
		dl, a.Body = parseBody(splitLines([]byte(body)))
		a.Dateline = first(a.Dateline, dl)
	}
	if a.Title == "" && len(a.Body) == 0 {
		return article.Article{}, fmt.Errorf("%w: no title or text", ErrNoArticle)
	}
	if p := strings.TrimSpace(first(j.Published, j.Date)); p != "" {
		t, dateOnly, err := parseTime(p)
		if err != nil {
			return article.Article{}, err
		}
		a.Published, a.DateOnly = t, dateOnly || j.DateOnly
	}
	return a, nil
}

// parseTime reads RFC 3339, or YYYY-MM-DD (00:00 Tehran, date only), or a zoneless date and time (Tehran).
func parseTime(s string) (time.Time, bool, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, false, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, Tehran); err == nil {
		return t, true, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Tehran); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("bad published %q: want RFC 3339 or YYYY-MM-DD", s)
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
