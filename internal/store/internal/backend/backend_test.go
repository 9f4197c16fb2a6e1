package backend

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

func TestWhere(t *testing.T) {
	var w Where
	if w.String() != "" {
		t.Errorf("empty Where = %q", w.String())
	}
	from := time.Date(2025, 11, 15, 23, 0, 0, 0, time.UTC)
	w.Add("a = ?", 1)
	w.Window("u", from, time.Time{})
	w.DayWindow("d", time.Time{}, from)
	w.Ranges("p", []search.DateRange{{From: from, To: from.Add(time.Hour)}, {From: from, To: from}})
	want := " WHERE a = ? AND u >= ? AND d < ? AND ((p >= ? AND p < ?) OR (p >= ? AND p < ?))"
	if w.String() != want {
		t.Errorf("Where = %q\nwant %q", w.String(), want)
	}
	args := []any{1, from.Unix(), "2025-11-15", from.Unix(), from.Unix() + 3600, from.Unix(), from.Unix()}
	if !reflect.DeepEqual(w.Args, args) {
		t.Errorf("args = %v, want %v", w.Args, args)
	}
}

func TestCompileText(t *testing.T) {
	syn := BoolSyntax{And: " AND ", Or: " OR ", AndNot: " NOT "}
	leaf := func(n search.Node) (string, error) { return n.(*search.Term).Key, nil }
	term := func(k string) search.Node { return &search.Term{Word: k, Key: k} }
	n := &search.And{Nodes: []search.Node{term("a"), &search.Or{Nodes: []search.Node{term("b"), term("c")}},
		&search.Not{Node: term("d")}}}
	if got, err := CompileText(n, syn, leaf); err != nil || got != "((a AND (b OR c)) NOT d)" {
		t.Errorf("CompileText = %q, %v", got, err)
	}
	for _, bad := range []search.Node{&search.Not{Node: term("a")}, &search.And{Nodes: []search.Node{&search.Not{Node: term("a")}}},
		&search.Or{}} {
		if _, err := CompileText(bad, syn, leaf); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("CompileText(%s): %v, want ErrInvalid", bad, err)
		}
	}
	pos, neg := SplitNegative(n)
	if got, _ := CompileText(pos, syn, leaf); got != "(a AND (b OR c))" || len(neg) != 1 {
		t.Errorf("SplitNegative: %q, %d exclusions", got, len(neg))
	}
}

func TestValidateRecord(t *testing.T) {
	for _, tc := range []struct {
		id, title  string
		lite, text bool // valid without and with textID
	}{
		{"a", "t", true, true},
		{" ", "t", false, false},
		{strings.Repeat("x", 257), "t", false, false},
		{"a\x00b", "t", true, false},
		{"a\xff", "t", true, false},
		{"a", "\xff", false, false},
	} {
		r := &article.Record{ID: tc.id, Title: tc.title}
		if got := ValidateRecord(r, false) == nil; got != tc.lite {
			t.Errorf("ValidateRecord(%q, %q, false) valid = %v", tc.id, tc.title, got)
		}
		if got := ValidateRecord(r, true) == nil; got != tc.text {
			t.Errorf("ValidateRecord(%q, %q, true) valid = %v", tc.id, tc.title, got)
		}
	}
}

func TestPublication(t *testing.T) {
	if at, day := Publication(&article.Record{}); !at.IsZero() || day != "" {
		t.Errorf("unknown publication = %v %q", at, day)
	}
	at, day := Publication(&article.Record{Published: "2025-11-15T23:30:00+03:30"})
	if at.Unix() != time.Date(2025, 11, 15, 20, 0, 0, 0, time.UTC).Unix() || day != "2025-11-15" {
		t.Errorf("publication = %v %q, want the day in its own zone", at, day)
	}
	if got := Parties([]string{"A", "", "A"}, []article.Party{{}, {ID: "Q1", Name: "B"}}); !reflect.DeepEqual(got,
		[][2]string{{"A", "A"}, {"Q1", "B"}}) {
		t.Errorf("Parties = %v", got)
	}
}
