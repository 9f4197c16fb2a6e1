package backend

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/timex"
)

// ValidateRecord rejects a record that cannot be stored: no ID, an ID longer than 256 bytes, a title or text
// that is not valid UTF-8, and, when textID is set (for IDs kept in text columns that hold neither), an ID that
// is not valid UTF-8 or holds a NUL.
func ValidateRecord(r *article.Record, textID bool) error {
	switch {
	case strings.TrimSpace(r.ID) == "":
		return errors.New("empty ID")
	case len(r.ID) > 256:
		return errors.New("ID longer than 256 bytes")
	case textID && (!utf8.ValidString(r.ID) || strings.ContainsRune(r.ID, 0)):
		return errors.New("ID is not valid UTF-8 text")
	case !utf8.ValidString(r.Title) || !utf8.ValidString(r.Text):
		return errors.New("title or text is not valid UTF-8")
	}
	return nil
}

// Publication returns the publication instant of a record (the zero time when unknown) and its day,
// YYYY-MM-DD in the publication's own zone ("" when unknown).
func Publication(r *article.Record) (time.Time, string) {
	t := r.PublishedTime
	if t.IsZero() && r.Published != "" {
		if p, err := time.Parse(time.RFC3339, r.Published); err == nil {
			t = p
		} else if p, err := time.ParseInLocation("2006-01-02", r.Published, timex.DefaultLocation()); err == nil {
			t = p
		}
	}
	if t.IsZero() {
		return t, ""
	}
	d := t.Format("2006-01-02")
	if len(r.Published) >= 10 && r.Published[4] == '-' {
		d = r.Published[:10] // the day in the publication's own zone
	}
	return t, d
}

// EntityKey is the key of a linked or unlinked entity: its KB ID, else its canonical name.
func EntityKey(id, name string) string {
	if id != "" {
		return id
	}
	return strings.TrimSpace(name)
}

// SurfaceKeys returns the space-separated word keys of a surface form.
func SurfaceKeys(ix *search.Indexer, text string) string {
	ks := ix.IndexKeys(text).Words
	out := ks[:0]
	for _, k := range ks {
		if k != search.Break {
			out = append(out, k)
		}
	}
	return strings.Join(out, " ")
}

// Parties pairs event party names with their keys (the ID from info when given), as [key, name], each key once.
func Parties(names []string, info []article.Party) [][2]string {
	var out [][2]string
	seen := map[string]bool{}
	for i, n := range names {
		id := ""
		if i < len(info) {
			id = info[i].ID
			if n == "" {
				n = info[i].Name
			}
		}
		k := EntityKey(id, n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, [2]string{k, n})
	}
	return out
}
