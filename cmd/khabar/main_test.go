package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStartProfile checks that KHABAR_CPUPROFILE's file holds a profile once the run ends, that an unset path
// profiles nothing, and that a path that cannot be created leaves the run going.
func TestStartProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	stop := startProfile(path)
	n := 0
	for i := range 3_000_000 { // some work to sample
		n += i % 7
	}
	stop()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("profile %s after the run: %v, %v", path, fi, err)
	}
	startProfile("")() // nothing to do
	startProfile(filepath.Join(t.TempDir(), "missing", "dir", "cpu.prof"))()
	_ = n
}
