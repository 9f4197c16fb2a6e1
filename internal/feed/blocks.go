package feed

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/khabar/khabar/internal/article"
)

// blockTags end the text before them and start a new block.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "li": true, "ul": true, "ol": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "td": true, "th": true, "dl": true, "dt": true,
	"dd": true, "figure": true, "figcaption": true, "header": true, "footer": true, "main": true, "aside": true,
	"nav": true, "br": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"address": true, "details": true, "summary": true, "form": true,
}

// skipTags hold no article text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true, "iframe": true,
	"button": true, "select": true, "textarea": true, "input": true, "head": true, "object": true, "video": true,
	"audio": true, "canvas": true,
}

func isHeading(tag string) bool {
	return len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6'
}

// blockWriter turns an HTML tree into blocks, keeping paragraph and subheading boundaries.
type blockWriter struct {
	out     []article.Block
	cur     strings.Builder
	heading int // depth inside heading elements
}

func (w *blockWriter) flush(kind article.BlockKind) {
	t := strings.Join(strings.Fields(w.cur.String()), " ")
	w.cur.Reset()
	if t == "" {
		return
	}
	w.out = append(w.out, article.Block{Kind: kind, Text: t})
}

func (w *blockWriter) kind() article.BlockKind {
	if w.heading > 0 {
		return article.Heading
	}
	return article.Paragraph
}

func (w *blockWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipTags[n.Data] || n.Data == "figcaption" || isCaption(n) {
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.Data]
	head := n.Type == html.ElementNode && (isHeading(n.Data) || n.Data == "p" && boldOnly(n))
	if block {
		w.flush(w.kind())
	}
	if head {
		w.heading++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush(w.kind())
	}
	if head {
		w.heading--
	}
}

func (w *blockWriter) finish() []article.Block {
	w.flush(w.kind())
	return w.out
}

// isCaption reports whether an element is an image caption or credit by its class.
func isCaption(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			c := strings.ToLower(a.Val)
			return strings.Contains(c, "caption") || strings.Contains(c, "credit")
		}
	}
	return false
}

// boldOnly reports whether a paragraph is a short line all in bold: the subheading of old sites
// (<p><b>…</b></p>).
func boldOnly(p *html.Node) bool {
	var text, bold int
	var walk func(n *html.Node, inBold bool)
	walk = func(n *html.Node, inBold bool) {
		if n.Type == html.TextNode {
			k := len(strings.TrimSpace(n.Data))
			text += k
			if inBold {
				bold += k
			}
			return
		}
		if n.Type == html.ElementNode && (n.Data == "b" || n.Data == "strong") {
			inBold = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBold)
		}
	}
	walk(p, false)
	return text > 0 && text == bold && text < 160
}

// NodeBlocks returns the blocks of an HTML subtree.
func NodeBlocks(n *html.Node) []article.Block {
	if n == nil {
		return nil
	}
	var w blockWriter
	w.walk(n)
	return w.finish()
}
