package event

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/khabar/khabar/internal/article"
)

func exportRecord(t *testing.T) *article.Record {
	c := newTestCoder(t)
	text := "پوتین و اردوغان تلفنی با هم گفت‌وگو کردند.\n\nاسرائیل به جنوب لبنان حمله کرد، و \"گروه\" گفت: «این, حمله بود»."
	rec := &article.Record{ID: "abc123", Source: "Test, Inc.", URL: "https://example.com/a?b=1,2", Published: "2025-11-16",
		Text: text, Language: "fa"}
	rec.Events = codeText(c, text, []article.Date{dateAt(t, text, "پوتین", "2025-11-15")})
	if len(rec.Events) != 2 {
		t.Fatalf("want 2 events, got %s", describe(rec.Events))
	}
	rec.Quotes = []article.Quote{{Speaker: "Group", Text: "این, حمله \"بود\"\nخط دوم"}}
	return rec
}

func TestWriteJSONL(t *testing.T) {
	rec := exportRecord(t)
	var b bytes.Buffer
	if err := WriteJSONL(&b, rec); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "text_info", "cite_info"} {
			if _, ok := m[k]; !ok {
				t.Errorf("field %s missing in %s", k, l)
			}
		}
	}
	var first PLOVERRecord
	_ = json.Unmarshal([]byte(lines[0]), &first)
	if first.Event != "CONSULT" || first.Mode != "phone" || len(first.Actor) != 2 || first.Actor[0].Country == "" ||
		first.Date != "2025-11-15" || first.CAMEO != "041" || first.CiteInfo.URL != rec.URL {
		t.Errorf("first record = %+v", first)
	}
}

func TestWriteCSV(t *testing.T) {
	rec := exportRecord(t)
	var b bytes.Buffer
	if err := WriteCSV(&b, rec); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	r := rows[2]
	if r[col["Actor1Name"]] != "Israel" || r[col["Actor1CountryCode"]] != "ISR" || r[col["Actor2Name"]] != "Lebanon" ||
		r[col["EventCode"]] != "190" || r[col["EventRootCode"]] != "19" || r[col["GoldsteinScale"]] != "-10.0" ||
		r[col["QuadClass"]] != "4" || r[col["SourceURL"]] != rec.URL {
		t.Errorf("row = %v", r)
	}
	if rows[1][col["Day"]] != "20251115" || rows[1][col["MonthYear"]] != "202511" {
		t.Errorf("dates = %v", rows[1][:4])
	}
	for _, row := range rows {
		for _, cell := range row {
			if strings.ContainsAny(cell, "\n\r") {
				t.Errorf("cell with a line break: %q", cell)
			}
		}
	}
	b.Reset()
	if err := WriteQuotesCSV(&b, rec); err != nil {
		t.Fatal(err)
	}
	qrows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(qrows) != 2 || qrows[1][2] != "Group" {
		t.Errorf("quotes csv = %v, %v", qrows, err)
	}
	b.Reset()
	if err := WriteQuotesJSONL(&b, rec); err != nil || !strings.Contains(b.String(), `"speaker":"Group"`) {
		t.Errorf("quotes jsonl = %s, %v", b.String(), err)
	}
}

func TestKey(t *testing.T) {
	a := article.Event{Type: "CONSULT", Actors: []string{"Vladimir Putin", "Benjamin Netanyahu"}, Date: "2025-11-15T10:00:00Z"}
	b := article.Event{Type: "CONSULT", Actors: []string{"Benjamin Netanyahu", "Vladimir Putin"}, Date: "2025-11-15"}
	if Key(a) != Key(b) {
		t.Errorf("%s != %s", Key(a), Key(b))
	}
	b.Date = "2025-11-16"
	if Key(a) == Key(b) {
		t.Error("different days share a key")
	}
}
