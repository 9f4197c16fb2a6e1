package store

import (
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
