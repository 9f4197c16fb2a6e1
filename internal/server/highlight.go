package server

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
)

// Piece is a run of text with the annotations that cover it. Templates print Text escaped; no piece is ever
// trusted HTML.
type Piece struct {
	Text  string
	Class string // CSS classes: "ent ent-person", "date", "quote", combined
	Href  string // the entity page when the piece is part of an entity mention
	Title string // tooltip: canonical name, date value, speaker
	Mark  bool   // a search match
}

// Block is a paragraph or subheading of annotated text.
type Block struct {
	Heading bool
	Pieces  []Piece
}

// span is an annotation reduced to what highlighting needs.
type span struct {
	start, end int
	class      string
	href       string
	title      string
}

// validSpan reports whether [start, end) is a non-empty byte range of text on rune boundaries.
func validSpan(text string, start, end int) bool {
	if start < 0 || end > len(text) || start >= end {
		return false
	}
	return utf8.RuneStart(text[start]) && (end == len(text) || utf8.RuneStart(text[end]))
}

// layer drops invalid spans and spans overlapping an earlier one, so that one layer has at most one span at a
// byte. Spans are kept in order of start; at equal starts the longer wins.
func layer(text string, spans []span) []span {
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	out := spans[:0]
	last := 0
	for _, s := range spans {
		if !validSpan(text, s.start, s.end) || s.start < last {
			continue
		}
		out = append(out, s)
		last = s.end
	}
	return out
}

// annotate cuts a record's normalised body into blocks of pieces, each piece covered by the same entity, date
// and quote annotations. Annotations whose offsets do not fit the text are skipped, never trusted.
func (s *Server) annotate(rec *article.Record) []Block {
	text := rec.Text
	var ents, dates, quotes []span
	for _, m := range rec.Entities {
		if m.Field != article.FieldBody {
			continue
		}
		key := m.ID
		if key == "" {
			key = m.Name
		}
		title := s.faName(m.ID, m.Name)
		if m.Name != "" && m.Name != title {
			title += " · " + m.Name
		}
		if m.Role != "" {
			title += " · " + m.Role
		}
		ents = append(ents, span{m.Start, m.End, "ent ent-" + classWord(m.Type), entityHref(key), title})
	}
	for _, d := range rec.Dates {
		if d.Field != article.FieldBody {
			continue
		}
		title := d.Value
		if d.Jalali != "" {
			title += " · " + d.Jalali
		}
		dates = append(dates, span{d.Start, d.End, "date", "", title})
	}
	for _, q := range rec.Quotes {
		if q.Field != article.FieldBody {
			continue
		}
		title := "نقل‌قول"
		if q.Speaker != "" {
			title += " از " + s.faName(q.SpeakerID, q.Speaker)
		}
		quotes = append(quotes, span{q.Start, q.End, "quote", "", title})
	}
	layers := [][]span{layer(text, ents), layer(text, dates), layer(text, quotes)}
	return splitBlocks(text, rec.Blocks, layers)
}

// classWord keeps a CSS class word to letters.
func classWord(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, strings.ToLower(s))
}

// blockRanges returns the byte ranges of the blocks in text (the blocks joined by blank lines), falling back to
// splitting text at blank lines when the blocks do not add up to it.
func blockRanges(text string, blocks []article.Block) ([][2]int, []bool) {
	var rs [][2]int
	var heads []bool
	at := 0
	ok := true
	for i, b := range blocks {
		if i > 0 {
			if !strings.HasPrefix(text[at:], "\n\n") {
				ok = false
				break
			}
			at += 2
		}
		if !strings.HasPrefix(text[at:], b.Text) {
			ok = false
			break
		}
		rs = append(rs, [2]int{at, at + len(b.Text)})
		heads = append(heads, b.Kind == article.Heading)
		at += len(b.Text)
	}
	if ok && at == len(text) && len(blocks) > 0 {
		return rs, heads
	}
	rs, heads = rs[:0], heads[:0]
	at = 0
	for _, part := range strings.Split(text, "\n\n") {
		rs = append(rs, [2]int{at, at + len(part)})
		heads = append(heads, false)
		at += len(part) + 2
	}
	return rs, heads
}

// splitBlocks cuts text at every span boundary inside each block and labels the pieces.
func splitBlocks(text string, blocks []article.Block, layers [][]span) []Block {
	cuts := map[int]bool{}
	for _, l := range layers {
		for _, s := range l {
			cuts[s.start], cuts[s.end] = true, true
		}
	}
	ranges, heads := blockRanges(text, blocks)
	out := make([]Block, 0, len(ranges))
	idx := make([]int, len(layers)) // next candidate span per layer
	for bi, br := range ranges {
		if strings.TrimSpace(text[br[0]:br[1]]) == "" {
			continue
		}
		pts := []int{br[0], br[1]}
		for c := range cuts {
			if c > br[0] && c < br[1] {
				pts = append(pts, c)
			}
		}
		sort.Ints(pts)
		b := Block{Heading: heads[bi]}
		for i := 0; i+1 < len(pts); i++ {
			a, z := pts[i], pts[i+1]
			if a == z {
				continue
			}
			var p Piece
			p.Text = text[a:z]
			var classes, titles []string
			for li, l := range layers {
				for idx[li] < len(l) && l[idx[li]].end <= a {
					idx[li]++
				}
				if idx[li] < len(l) && l[idx[li]].start <= a && l[idx[li]].end >= z {
					sp := l[idx[li]]
					classes = append(classes, sp.class)
					titles = append(titles, sp.title)
					if sp.href != "" {
						p.Href = sp.href
					}
				}
			}
			p.Class = strings.Join(classes, " ")
			p.Title = strings.Join(titles, " — ")
			if n := len(b.Pieces); n > 0 && b.Pieces[n-1].Class == p.Class && b.Pieces[n-1].Href == p.Href &&
				b.Pieces[n-1].Title == p.Title && p.Class == "" {
				b.Pieces[n-1].Text += p.Text
			} else {
				b.Pieces = append(b.Pieces, p)
			}
		}
		out = append(out, b)
	}
	return out
}

// marked cuts text into pieces with the highlighted ranges marked; invalid or overlapping ranges are skipped.
func marked(text string, hs []search.Range) []Piece {
	var out []Piece
	at := 0
	for _, h := range hs {
		if h.Start < at || !validSpan(text, h.Start, h.End) {
			continue
		}
		if h.Start > at {
			out = append(out, Piece{Text: text[at:h.Start]})
		}
		out = append(out, Piece{Text: text[h.Start:h.End], Mark: true})
		at = h.End
	}
	if at < len(text) {
		out = append(out, Piece{Text: text[at:]})
	}
	return out
}
