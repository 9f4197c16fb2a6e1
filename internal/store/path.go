package store

import (
	"errors"
	"os"
	"path/filepath"
)

// DefaultPath returns the default database path: $XDG_DATA_HOME/khabar/khabar.db, else
// ~/.local/share/khabar/khabar.db. It does not create the directory.
func DefaultPath() (string, error) { return defaultPath(os.Getenv, os.UserHomeDir) }

func defaultPath(getenv func(string) string, home func() (string, error)) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "khabar", "khabar.db"), nil
	}
	h, err := home()
	if err != nil {
		return "", err
	}
	if h == "" {
		return "", errors.New("default database path: no home directory; give --db")
	}
	return filepath.Join(h, ".local", "share", "khabar", "khabar.db"), nil
}
