package store

import (
	"context"
	"errors"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	home := func() (string, error) { return "/home/u", nil }
	tests := []struct {
		env  map[string]string
		home func() (string, error)
		want string
		err  bool
	}{
		{map[string]string{"XDG_DATA_HOME": "/data"}, home, "/data/khabar/khabar.db", false},
		{map[string]string{}, home, "/home/u/.local/share/khabar/khabar.db", false},
		{map[string]string{"XDG_DATA_HOME": "relative"}, home, "/home/u/.local/share/khabar/khabar.db", false},
		{map[string]string{}, func() (string, error) { return "", errors.New("no home") }, "", true},
		{map[string]string{}, func() (string, error) { return "", nil }, "", true},
	}
	for _, tt := range tests {
		got, err := defaultPath(func(k string) string { return tt.env[k] }, tt.home)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("defaultPath(%v) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
	if p, err := DefaultPath(); err == nil && p == "" {
		t.Error("DefaultPath returned an empty path without error")
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0.1.0", "0.1.0", 0},
		{"0.10.0", "0.9.1", 1},
		{"0.1", "0.1.1", -1},
		{"1.0.0", "", 1},
		{"1.0.0-beta", "1.0.0-alpha", 1},
		{"2", "10", -1},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestClampLimit(t *testing.T) {
	for in, want := range map[int]int{-1: DefaultLimit, 0: DefaultLimit, 5: 5, MaxLimit + 1: MaxLimit} {
		if got := ClampLimit(in); got != want {
			t.Errorf("ClampLimit(%d) = %d, want %d", in, got, want)
		}
	}
}

// optimizerStore is a Store that counts Optimize calls (its other methods are never called).
type optimizerStore struct {
	Store
	optimized int
}

func (s *optimizerStore) Optimize(context.Context) error { s.optimized++; return nil }

// bulkStore is a Store that records its bulk loads' ends.
type bulkStore struct {
	Store
	ends []bool
}

func (s *bulkStore) BeginBulk(context.Context) (func(context.Context, bool) error, error) {
	return func(_ context.Context, compact bool) error { s.ends = append(s.ends, compact); return nil }, nil
}

// TestBeginLoad checks that a load ends in bulk mode's end where the store has one, and otherwise compacts an
// Optimizer only when asked.
func TestBeginLoad(t *testing.T) {
	ctx := context.Background()
	o := &optimizerStore{}
	for _, compact := range []bool{false, true} {
		end, err := BeginLoad(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := end(ctx, compact); err != nil {
			t.Fatal(err)
		}
	}
	if o.optimized != 1 {
		t.Errorf("an Optimizer was optimized %d times over a load with and one without compaction, want 1", o.optimized)
	}
	b := &bulkStore{}
	end, err := BeginLoad(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := end(ctx, true); err != nil || len(b.ends) != 1 || !b.ends[0] {
		t.Errorf("a BulkLoader's load ended %v (%v), want its own end with compact", b.ends, err)
	}
	if end, err := BeginLoad(ctx, &struct{ Store }{}); err != nil || end(ctx, true) != nil {
		t.Errorf("a store with neither: %v", err)
	}
}
