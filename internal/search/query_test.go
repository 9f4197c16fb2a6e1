package search

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type mapResolver map[string][]string

func (m mapResolver) Resolve(s string) []string { return m[strings.ToLower(s)] }

var testKB = mapResolver{"پوتین": {"putin"}, "vladimir putin": {"putin"}}

func TestParse(t *testing.T) {
	tests := []struct {
		q, want string
	}{
		{"ایران", "ایران"},
		{"ايران", "ایران"},
		{"نخست‌وزیر", "نخستوزیر"},
		{"نخستوزیر", "نخستوزیر"},
		{"تماس‌ها", "تماس"},
		{"۱۴۰۴", "1404"},
		{"١٤٠٤", "1404"},
		{"ایران روسیه", "AND(ایران روسیه)"},
		{`"نخست وزیر هند"`, `"نخستوزیر هند"`},
		{`"ایران و روسیه"`, `"ایران و روسیه"`},
		{"«ایران و روسیه»", `"ایران و روسیه"`},
		{"ایران -روسیه", "AND(ایران NOT(روسیه))"},
		{`ایران -"شورای امنیت"`, `AND(ایران NOT("شورای امنیت"))`},
		{"ایران OR روسیه چین", "AND(OR(ایران روسیه) چین)"},
		{"a OR b OR c", "OR(a b c)"},
		{"تحریم*", "تحریم*"},
		{"(ایران OR روسیه) (چین OR هند)", "AND(OR(ایران روسیه) OR(چین هند))"},
		{"ایران ، ؟", "ایران"},
		{"entity:پوتین", "entity:پوتین=putin"},
		{`entity:"Vladimir Putin" ایران`, "ایران entity:Vladimir Putin=putin"},
		{"entity:ناشناس", "entity:ناشناس="},
		{"type:consult", "type:CONSULT"},
		{"-type:ASSAULT ایران", "ایران -type:ASSAULT"},
		{"source:IRNA source:ISNA", "source:IRNA source:ISNA"},
		{"date:2025-11", "date:2025-11-01..2025-12-01"},
		{"date:1404-08", "date:2025-10-23..2025-11-22"},
		{"date:2025-11-10..2025-11-16", "date:2025-11-10..2025-11-17"},
		{"date:۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵", "date:2025-11-11..2025-11-17"},
		{"date:1404", "date:2025-03-21..2026-03-21"},
		{"ایران sort:date", "ایران sort:date"},
		{"SOURCE:irna", "source:irna"},
		{"http://example.com", "http://example.com"},
	}
	for _, tt := range tests {
		q, err := Parse(tt.q, ParseOptions{Resolver: testKB})
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.q, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.q, got, tt.want)
		}
	}
}

func TestParseDateZone(t *testing.T) {
	q, err := Parse("date:2025-11-10", ParseOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if d := q.Dates[0]; !d.From.Equal(time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC)) || d.To.Sub(d.From) != 24*time.Hour {
		t.Errorf("UTC day = %v..%v", d.From, d.To)
	}
	q, err = Parse("date:2025-11-10", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, off := q.Dates[0].From.Zone(); off != 3*3600+1800 {
		t.Errorf("default zone offset %d, want Tehran's +03:30", off)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		q    string
		col  int    // 1-based character position
		want string // part of the message
	}{
		{"", 1, "empty query"},
		{"   ", 1, "empty query"},
		{"ایران OR", 7, "OR needs a word on both sides"},
		{"OR ایران", 1, "OR needs a word on both sides"},
		{"ایران OR OR روسیه", 7, "OR needs a word on both sides"},
		{`ایران "نخست وزیر`, 7, "unterminated phrase"},
		{"«ایران", 1, "unterminated phrase"},
		{"ایران -", 7, "nothing to exclude"},
		{"-ایران", 1, "only exclude"},
		{"-ایران -روسیه", 1, "only exclude"},
		{"(ایران", 1, "unclosed '('"},
		{"ایران)", 6, "unexpected ')'"},
		{"type:BOMB", 1, "not a PLOVER category"},
		{"ایران type:", 7, "needs a value"},
		{"date:2025-13", 1, "month"},
		{"date:1404-12-31", 1, ""},
		{"date:tomorrow", 1, ""},
		{"date:2025-11-16..2025-11-10", 1, "ends before it starts"},
		{"-date:2025", 1, "not supported"},
		{"sort:random", 1, "sort"},
		{"ایران OR source:IRNA", 7, "OR cannot join a filter"},
		{"source:IRNA OR ایران", 13, "OR cannot join a filter"},
		{"(ایران source:IRNA)", 8, "inside parentheses"},
		{"ایران OR -روسیه", 1, "exclusion cannot be an alternative"},
		{"تحر*یم", 1, "only allowed at the end"},
		{"*", 1, "prefix needs one word"},
		{`""`, 1, "empty phrase"},
		{`"،"`, 1, "no searchable word"},
		{"ایران \xff", 7, "invalid UTF-8"},
		{strings.Repeat("ا", MaxQueryLen), utf8.RuneCountInString(strings.Repeat("ا", MaxQueryLen/2)) + 1, "longer than"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.q, ParseOptions{})
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%q) error = %v, want *Error", tt.q, err)
			continue
		}
		if qe.Column() != tt.col || !strings.Contains(qe.Msg, tt.want) {
			t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.q, qe.Msg, qe.Column(), tt.want, tt.col)
		}
		if !strings.Contains(err.Error(), "at character") {
			t.Errorf("Parse(%q) message %q does not say where", tt.q, err)
		}
	}
}

func TestJoinCompounds(t *testing.T) {
	words := map[string]bool{"نخستوزیر": true, "نخست": true, "وزیر": true, "هند": true, "ابرقدرت": true, "ورود": true, "بازو": true}
	lookup := func(k string) (bool, error) { return words[k], nil }
	tests := []struct{ q, want string }{
		{"نخست وزیر", "نخستوزیر"},
		{"ابر قدرت", "ابرقدرت"},
		{"ابر هند", "AND(ابر هند)"},
		{"نخست وزیر هند", "AND(نخستوزیر هند)"},
		{"هند نخست", "AND(هند نخست)"},
		{"نخست* وزیر", "AND(نخست* وزیر)"},
		{"-نخست وزیر", "AND(NOT(نخست) وزیر)"},
		{"(نخست وزیر) OR هند", "OR(نخستوزیر هند)"},
		{"کوه و رود", "AND(کوه و رود)"}, // not کوه ورود: the conjunction و joins no word
		{"باز و بسته", "AND(باز و بسته)"},
	}
	for _, tt := range tests {
		q, err := Parse(tt.q, ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := JoinCompounds(q.Text, lookup)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.String(); got != tt.want {
			t.Errorf("JoinCompounds(%q) = %s, want %s", tt.q, got, tt.want)
		}
	}
	// Phrases get variants: joined for spaced compounds, split for fused and ZWNJ ones.
	for _, tt := range []struct{ q, joined, split string }{
		{`"ابر قدرت هند"`, "ابرقدرت هند", ""},
		{`"نخست وزیر هند"`, "", "نخست وزیر هند"}, // the normaliser writes the known compound with ZWNJ
		{`"هند نخستوزیر"`, "", "هند نخست وزیر"},
		{`"هند نخست‌وزیر"`, "", "هند نخست وزیر"},
		{`"کوه و رود"`, "", ""},
	} {
		q, _ := Parse(tt.q, ParseOptions{})
		n, err := JoinCompounds(q.Text, lookup)
		if err != nil {
			t.Fatal(err)
		}
		p := n.(*Phrase)
		if strings.Join(p.Joined, " ") != tt.joined || strings.Join(p.Split, " ") != tt.split {
			t.Errorf("%s: joined %q split %q, want %q %q", tt.q, p.Joined, p.Split, tt.joined, tt.split)
		}
	}
	boom := errors.New("boom")
	q, _ := Parse("نخست وزیر", ParseOptions{})
	if _, err := JoinCompounds(q.Text, func(string) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Errorf("lookup error not returned: %v", err)
	}
}

func TestLimitLookups(t *testing.T) {
	calls := 0
	f := LimitLookups(func(string) (bool, error) { calls++; return true, nil }, 2)
	for i := 0; i < 5; i++ {
		ok, _ := f("x")
		if ok != (i < 2) {
			t.Errorf("call %d: %v", i, ok)
		}
	}
	if calls != 2 {
		t.Errorf("%d lookups, want 2", calls)
	}
}

func TestParseSort(t *testing.T) {
	for in, want := range map[string]Sort{"": ByRelevance, "relevance": ByRelevance, "DATE": ByDate} {
		if got, err := ParseSort(in); err != nil || got != want {
			t.Errorf("ParseSort(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseSort("size"); err == nil {
		t.Error("ParseSort(size) succeeded")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"ایران", `"نخست وزیر" -هند`, "a OR (b c) OR d*", "entity:پوتین type:CONSULT source:IRNA",
		"date:۱۴۰۴/۰۸/۲۰..۱۴۰۴/۰۸/۲۵", "date:2025-11..", `entity:"Vladimir Putin" sort:date`, "((a)", `"`,
		"-", "OR", "تماس‌ها -type:ASSAULT", "«نقل»", "x:y", "\xff\xfe", "date:0000", "date:9999-99-99",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, ParseOptions{Resolver: testKB})
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %T %v is not *Error", s, err, err)
			}
			if qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("Parse(%q): position %d out of range", s, qe.Pos)
			}
			return
		}
		if q.Text == nil && len(q.Entities)+len(q.Types)+len(q.Sources)+len(q.Dates) == 0 {
			t.Fatalf("Parse(%q) returned an empty query", s)
		}
		checkNode(t, s, q.Text)
		_ = q.String()
		for _, d := range q.Dates {
			if !d.To.After(d.From) {
				t.Fatalf("Parse(%q): empty date range %v..%v", s, d.From, d.To)
			}
		}
	})
}

// checkNode asserts the AST invariants stores rely on.
func checkNode(t *testing.T, q string, n Node) {
	switch n := n.(type) {
	case nil:
	case *Term:
		if n.Key == "" {
			t.Fatalf("Parse(%q): term %q without key", q, n.Word)
		}
	case *Phrase:
		if len(n.Keys) < 2 {
			t.Fatalf("Parse(%q): phrase with %d keys", q, len(n.Keys))
		}
	case *And:
		if len(n.Nodes) < 2 {
			t.Fatalf("Parse(%q): And of %d", q, len(n.Nodes))
		}
		for _, c := range n.Nodes {
			checkNode(t, q, c)
		}
	case *Or:
		for _, c := range n.Nodes {
			if isNegative(c) {
				t.Fatalf("Parse(%q): negative OR branch", q)
			}
			checkNode(t, q, c)
		}
	case *Not:
		checkNode(t, q, n.Node)
	}
}
