package entity

import (
	"sort"
	"strings"

	"github.com/khabar/khabar/internal/article"
)

// Count is one distinct entity of an article with its number of mentions.
type Count = article.EntityCount

// Summarize returns the distinct entities of an article's mentions with their counts, most mentioned first
// (ties in order of first mention).
func Summarize(ms []article.Mention) []Count {
	idx := map[string]int{}
	var out []Count
	for _, m := range ms {
		i, ok := idx[m.ID]
		if !ok {
			i = len(out)
			idx[m.ID] = i
			src := m.Source
			if src == SourceCoref {
				src = SourceKB
				if strings.HasPrefix(m.ID, discoveredPrefix) {
					src = SourcePattern
				}
			}
			out = append(out, Count{ID: m.ID, Name: m.Name, Type: m.Type, Subtype: m.Subtype, Country: m.Country, Source: src})
		}
		c := &out[i]
		c.Mentions++
		if !containsString(c.Texts, m.Text) {
			c.Texts = append(c.Texts, m.Text)
		}
		if m.Role != "" && !containsString(c.Roles, m.Role) {
			c.Roles = append(c.Roles, m.Role)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Mentions > out[b].Mentions })
	return out
}

// discoveredPrefix starts the ID of an entity found by a pattern rather than the knowledge base.
const discoveredPrefix = "new:"

// Discovered returns the entities of an article that the knowledge base lacks (IDs "new:…"), with their counts:
// what `khabar entities --discovered` accumulates over an archive.
func Discovered(ms []article.Mention) []Count {
	var out []Count
	for _, c := range Summarize(ms) {
		if IsDiscovered(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// IsDiscovered reports whether an entity ID names a discovered entity rather than a KB entry.
func IsDiscovered(id string) bool { return strings.HasPrefix(id, discoveredPrefix) }

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
