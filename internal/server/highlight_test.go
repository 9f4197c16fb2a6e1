package server

import (
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
)

// joinBlocks rebuilds the text of blocks, separated like Record.Text.
func joinPieces(bs []Block) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		var sb strings.Builder
		for _, p := range b.Pieces {
			sb.WriteString(p.Text)
		}
		parts[i] = sb.String()
	}
	return strings.Join(parts, "\n\n")
}

func TestAnnotate(t *testing.T) {
	s := newTestServer(t, nil)
	text := "پوتین روز شنبه گفت «ما آماده‌ایم».\n\nتهران"
	at := func(sub string) (int, int) {
		i := strings.Index(text, sub)
		return i, i + len(sub)
	}
	ps, pe := at("پوتین")
	ds, de := at("روز شنبه")
	qs, qe := at("ما آماده‌ایم")
	ts, te := at("تهران")
	rec := article.Record{
		Text:   text,
		Blocks: []article.Block{{Kind: article.Paragraph, Text: "پوتین روز شنبه گفت «ما آماده‌ایم»."}, {Kind: article.Heading, Text: "تهران"}},
		Entities: []article.Mention{
			{Span: article.Span{Start: ps, End: pe}, Text: "پوتین", Name: "Vladimir Putin", Type: "person", ID: "vladimir-putin"},
			{Span: article.Span{Start: ps, End: pe - 2}, Text: "پو", Name: "overlap", Type: "person"}, // overlaps: dropped
			{Span: article.Span{Start: ts, End: te}, Text: "تهران", Name: "Tehran", Type: "location"},
			{Span: article.Span{Start: 1, End: 3}, Name: "mid-rune", Type: "person"},         // not on a rune boundary: dropped
			{Span: article.Span{Start: 10, End: 5000}, Name: "out of range", Type: "person"}, // dropped
			{Span: article.Span{Start: 0, End: 4, Field: article.FieldTitle}, Name: "title"}, // another field: dropped
		},
		Dates:  []article.Date{{Span: article.Span{Start: ds, End: de}, Text: "روز شنبه", Value: "2025-11-15"}},
		Quotes: []article.Quote{{Span: article.Span{Start: qs, End: qe}, Speaker: "Vladimir Putin", SpeakerID: "vladimir-putin", Text: "ما آماده‌ایم"}},
	}
	bs := s.annotate(&rec)
	if got := joinPieces(bs); got != text {
		t.Fatalf("pieces do not rebuild the text:\n%q\n%q", got, text)
	}
	if len(bs) != 2 || bs[0].Heading || !bs[1].Heading {
		t.Fatalf("blocks: %+v", bs)
	}
	want := []struct{ text, class, href string }{
		{"پوتین", "ent ent-person", "/entity/vladimir-putin"},
		{" ", "", ""},
		{"روز شنبه", "date", ""},
		{" گفت «", "", ""},
		{"ما آماده‌ایم", "quote", ""},
		{"».", "", ""},
	}
	if len(bs[0].Pieces) != len(want) {
		t.Fatalf("pieces: %+v", bs[0].Pieces)
	}
	for i, w := range want {
		p := bs[0].Pieces[i]
		if p.Text != w.text || p.Class != w.class || p.Href != w.href {
			t.Errorf("piece %d = %+v, want %+v", i, p, w)
		}
	}
	if p := bs[1].Pieces[0]; p.Class != "ent ent-location" || p.Href != "/entity/Tehran" {
		t.Errorf("heading piece = %+v", p)
	}
}

func TestAnnotateNested(t *testing.T) {
	s := newTestServer(t, nil)
	// An entity inside a quote keeps both classes; the quote continues around it.
	text := "او گفت «ایران آماده است» و رفت"
	q0 := strings.Index(text, "ایران آماده است")
	e0 := q0
	rec := article.Record{Text: text,
		Entities: []article.Mention{{Span: article.Span{Start: e0, End: e0 + len("ایران")}, Name: "Iran", Type: "location", ID: "iran"}},
		Quotes:   []article.Quote{{Span: article.Span{Start: q0, End: q0 + len("ایران آماده است")}}}}
	bs := s.annotate(&rec)
	if joinPieces(bs) != text {
		t.Fatal("text not rebuilt")
	}
	var classes []string
	for _, p := range bs[0].Pieces {
		classes = append(classes, p.Class)
	}
	if got := strings.Join(classes, "|"); got != "|ent ent-location quote|quote|" {
		t.Errorf("classes %q", got)
	}
}

func TestSeedAnnotations(t *testing.T) {
	s := newTestServer(t, nil)
	rec := seedRecord(t)
	bs := s.annotate(&rec)
	if joinPieces(bs) != rec.Text {
		t.Fatal("the seed's pieces do not rebuild its text")
	}
	found := false
	for _, b := range bs {
		for _, p := range b.Pieces {
			if p.Text == "ولادیمیر پوتین" && strings.Contains(p.Class, "ent-person") && p.Href == "/entity/"+putinID(t) {
				found = true
			}
		}
	}
	if !found {
		t.Error("ولادیمیر پوتین is not an entity piece")
	}
}

func TestMarked(t *testing.T) {
	text := "نخست‌وزیر اسرائیل و نخست‌وزیر"
	i := strings.LastIndex(text, "نخست‌وزیر")
	ps := marked(text, []search.Range{{Start: 0, End: len("نخست‌وزیر")}, {Start: 3, End: 9}, {Start: i, End: len(text)}, {Start: 1, End: 2}})
	var b strings.Builder
	marks := 0
	for _, p := range ps {
		b.WriteString(p.Text)
		if p.Mark {
			marks++
		}
	}
	if b.String() != text || marks != 2 {
		t.Errorf("marked: %+v", ps)
	}
}

// FuzzAnnotate checks that any annotation offsets, valid or not, give pieces that rebuild the text exactly.
func FuzzAnnotate(f *testing.F) {
	f.Add("پوتین گفت «ما آماده‌ایم».\n\nتهران", 0, 10, 5, 40, 12, 30)
	f.Add("abc", -1, 2, 2, 2, 1, 100)
	f.Add("a\n\nb\n\nc", 0, 1, 3, 4, 0, 7)
	f.Add("\xff\xfe", 0, 1, 1, 2, 0, 2)
	s, err := New(Config{Store: nopStore{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, a, b, c, d, e, g int) {
		rec := article.Record{Text: text,
			Blocks:   []article.Block{{Text: text}},
			Entities: []article.Mention{{Span: article.Span{Start: a, End: b}, Type: "person", Name: "x"}},
			Dates:    []article.Date{{Span: article.Span{Start: c, End: d}}},
			Quotes:   []article.Quote{{Span: article.Span{Start: e, End: g}}}}
		bs := s.annotate(&rec)
		if got := joinPieces(bs); got != text && strings.TrimSpace(text) != "" {
			t.Fatalf("pieces %q do not rebuild %q", got, text)
		}
		var hs []search.Range
		hs = append(hs, search.Range{Start: a, End: b}, search.Range{Start: c, End: d})
		var sb strings.Builder
		for _, p := range marked(text, hs) {
			sb.WriteString(p.Text)
		}
		if sb.String() != text {
			t.Fatalf("marked pieces %q do not rebuild %q", sb.String(), text)
		}
	})
}
