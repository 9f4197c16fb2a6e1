// Package samples embeds Khabar's sample articles: the seed article, byte for byte, and Persian news articles
// written for the project as test data (fiction; see articles/README.md). `khabar demo` ingests them.
package samples

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// Dir is the directory inside FS that holds the articles.
const Dir = "articles"

// Seed is the path inside FS of the seed article.
const Seed = Dir + "/seed-putin-netanyahu.txt"

// FS holds the sample articles under Dir, with their README.
//
//go:embed articles
var FS embed.FS

// Files returns the paths inside FS of the sample article files (.txt and .jsonl), sorted; the README is left out.
func Files() []string {
	entries, err := fs.ReadDir(FS, Dir)
	if err != nil {
		panic("samples: " + err.Error()) // unreachable: the directory is embedded
	}
	var out []string
	for _, e := range entries {
		switch path.Ext(e.Name()) {
		case ".txt", ".jsonl":
			out = append(out, path.Join(Dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

// Read returns the bytes of one sample file; name is a path from Files.
func Read(name string) ([]byte, error) {
	return fs.ReadFile(FS, name)
}
