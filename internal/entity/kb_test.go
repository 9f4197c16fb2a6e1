package entity

import (
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestLoadEmbedded loads every file of data/ and checks the coverage the knowledge base promises.
func TestLoadEmbedded(t *testing.T) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	r, err := NewRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	kb := r.KB()
	t.Logf("KB: %d entries, %d titles, %d first names, %d trie nodes; start-up %v, heap %.1f MB",
		kb.Len(), len(kb.Titles()), len(kb.lex.firstNames), r.trie.nodes, took,
		float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	byType := map[string]int{}
	for _, e := range kb.Entries() {
		byType[e.Type+"/"+e.Subtype]++
	}
	t.Logf("by type: %v", byType)
	if kb.Len() < 1500 {
		t.Errorf("KB has %d entries, want at least 1500", kb.Len())
	}
	for _, id := range []string{"iaea", "kremlin", "israel-pmo", "kan", "jerusalem-post", "majlis", "irgc",
		"guardian-council", "iran-judiciary", "white-house", "pentagon", "united-nations", "nato", "european-union",
		"opec", "irna", "isna", "tasnim", "fars-news", "mehr-news", "bbc-persian", "radio-farda",
		"iran-international", "euronews-persian", "reuters", "associated-press", "afp", "hamas", "hezbollah"} {
		if _, ok := kb.Lookup(id); !ok {
			t.Errorf("KB lacks %s", id)
		}
	}
	for _, e := range kb.Entries() {
		if e.Type != "person" && len(e.Fa) == 0 {
			t.Errorf("%s:%d: %s has no Persian name", e.File, e.Line, e.ID)
		}
	}
}

// TestLoadErrors checks that malformed files are refused with the file and line named.
func TestLoadErrors(t *testing.T) {
	good := "id\ttype\tsubtype\tname\tcountry\tsector\tfa\ten\tdemonyms\troles\tqid\n"
	for _, c := range []struct{ name, data, want string }{
		{"columns", good + "a\tperson\tleader\tA\n", "a.tsv:2: 4 columns"},
		{"type", good + "a\tthing\t\tA\t\t\t\t\t\t\t\n", "bad type"},
		{"id", good + "A B\tperson\t\tA\t\t\t\t\t\t\t\n", "bad id"},
		{"dup", good + "a\tperson\t\tA\t\t\t\t\t\t\t\na\tperson\t\tB\t\t\t\t\t\t\t\n", "duplicate id"},
		{"qid", good + "a\tperson\t\tA\t\t\t\t\t\t\tX1\n", "bad qid"},
		{"country", good + "a\tperson\t\tA\tRussia\t\t\t\t\t\t\n", "bad country"},
		{"role dates", good + "a\tperson\t\tA\t\t\t\t\t\tPresident@2020..2019\t\n", "ends before"},
		{"role format", good + "a\tperson\t\tA\t\t\t\t\t\tPresident@20\t\n", "dates want"},
		{"name", good + "a\tperson\t\t\t\t\t\t\t\t\t\n", "empty name"},
		{"header", "id\tname\n", "unknown header"},
		{"empty", "# nothing\n", "no header"},
		{"title kind", titlesHeader + "\nx\tرئیس\tHead\t\tboss\n", "bad kind"},
		{"cue kind", cuesHeader + "\nnope\tکان\t\n", "unknown cue kind"},
	} {
		_, err := LoadKBFS(fstest.MapFS{"a.tsv": {Data: []byte(c.data)}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	kb, err := LoadKBFS(fstest.MapFS{"a.tsv": {Data: []byte("\ufeff# c\n" + good +
		"a\tperson\tleader\tA B\tRUS\tGOV\tالف|ب\tAB\t\tPresident of X@2020-01..;Envoy@2001..2002\tQ1\r\n")}})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := kb.Lookup("a")
	if len(e.Roles) != 2 || e.Roles[0].From != "2020-01" || e.Roles[1].To != "2002" || e.QID != "Q1" {
		t.Errorf("parsed %+v", e)
	}
}

// FuzzLoadKB feeds arbitrary files to the loader: it must return a KB or an error, never panic, and a KB it
// returns must answer lookups for every entry.
func FuzzLoadKB(f *testing.F) {
	good := "id\ttype\tsubtype\tname\tcountry\tsector\tfa\ten\tdemonyms\troles\tqid\n"
	for _, s := range []string{
		good + "a\tperson\tleader\tA B\tRUS\tGOV\tالف|~ب\tAB\t\tPresident of X@2020-01..;Envoy@2001..2002\tQ1\n",
		good + "a\tperson\n", titlesHeader + "\nx\tرئیس\tHead\t\tperson\n", cuesHeader + "\ncommon\tکان\t\n",
		firstNamesHeader + "\nعلی\tAli\tm\n", "\ufeff# c\n" + good + "\r\n", "", "id\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kb, err := LoadKBFS(fstest.MapFS{"x.tsv": {Data: data}})
		if err != nil {
			return
		}
		for _, e := range kb.Entries() {
			if got, ok := kb.Lookup(e.ID); !ok || got.Name != e.Name {
				t.Fatalf("Lookup(%q) = %v, %v", e.ID, got.Name, ok)
			}
			if len(kb.Find(e.Name)) == 0 && foldWords(e.Name) != "" {
				t.Fatalf("Find(%q) finds nothing", e.Name)
			}
		}
		NewRecognizerKB(kb)
	})
}
