package persian

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLoadLexicon checks that lexicon and hunspell files of any shape load or fail cleanly, and that a loaded
// lexicon written out loads again with the same size and normalises text to valid UTF-8.
func FuzzLoadLexicon(f *testing.F) {
	f.Add("# khabar Persian lexicon\nنخست‌وزیر\t100\nراه\t50\th\n")
	f.Add("گفت‌وگو\t10\tap\n\n\n")
	f.Add("3\nکتاب/AB\nمی‌شود\nخانه/X\n")
	f.Add("\xff\xfe\t-1\tzz\n")
	f.Add("word\tnot-a-number\n")
	f.Fuzz(func(t *testing.T, data string) {
		if lx, err := LoadHunspell(strings.NewReader(data)); err == nil && lx == nil {
			t.Fatal("LoadHunspell: nil lexicon without an error")
		}
		lx, err := LoadLexicon(strings.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if _, err := lx.WriteTo(&buf); err != nil {
			t.Fatalf("WriteTo: %v", err)
		}
		again, err := LoadLexicon(&buf)
		if err != nil {
			t.Fatalf("a written lexicon does not load again: %v", err)
		}
		if again.Len() != lx.Len() {
			t.Fatalf("round trip changed the size: %d → %d", lx.Len(), again.Len())
		}
		out := NewNormalizer(Options{Lexicon: lx}).String("نخستوزیر گفت و گو کتابها " + data)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out: %q", out)
		}
	})
}
