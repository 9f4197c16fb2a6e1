package entity

import (
	"bufio"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/persian"
)

// ownFiles are the data files this package writes; the test KB uses them with testdata/kb's places and people,
// so that unit tests do not depend on the country, city, region and people files.
var ownFiles = []string{"orgs.tsv", "media.tsv", "titles.tsv", "firstnames.tsv", "cues.tsv"}

var (
	testOnce sync.Once
	testRec  *Recognizer
	testErr  error
)

// testFS returns the test KB's files.
func testFS(t testing.TB) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range ownFiles {
		b, err := fs.ReadFile(dataFS, path.Join("data", name))
		if err != nil {
			t.Fatalf("embedded %s: %v", name, err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	ents, err := os.ReadDir("testdata/kb")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(path.Join("testdata/kb", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m["test-"+e.Name()] = &fstest.MapFile{Data: b}
	}
	return m
}

// testRecognizer returns a recogniser over the test KB, built once.
func testRecognizer(t testing.TB) *Recognizer {
	t.Helper()
	testOnce.Do(func() {
		kb, err := LoadKBFS(testFS(t))
		if err != nil {
			testErr = err
			return
		}
		testRec = NewRecognizerKB(kb)
	})
	if testErr != nil {
		t.Fatal(testErr)
	}
	return testRec
}

// analyse normalises and segments text and recognises its mentions.
func analyse(r *Recognizer, text string) (string, []article.Mention) {
	norm := persian.NewNormalizer(persian.Options{}).String(text)
	return norm, r.Recognize(persian.Segment(norm))
}

type want struct {
	text, name, source, role string
}

func parseWant(s string) []want {
	if strings.TrimSpace(s) == "-" {
		return nil
	}
	var out []want
	for _, item := range strings.Split(s, " ; ") {
		var w want
		item, w.role, _ = strings.Cut(item, "#")
		item, w.source, _ = strings.Cut(item, "@")
		w.text, w.name, _ = strings.Cut(item, "=")
		out = append(out, w)
	}
	return out
}

// TestSentences runs the hand-made sentences of testdata/sentences.tsv: every expected mention must be found
// with its canonical name (and source and role when given), and nothing else.
func TestSentences(t *testing.T) {
	r := testRecognizer(t)
	f, err := os.Open("testdata/sentences.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, header := 0, false
	for line := 0; sc.Scan(); {
		line++
		row := sc.Text()
		if row == "" || strings.HasPrefix(row, "#") {
			continue
		}
		if !header {
			header = true
			continue
		}
		sentence, wantText, ok := strings.Cut(row, "\t")
		if !ok {
			t.Fatalf("sentences.tsv:%d: want two columns", line)
		}
		n++
		_, got := analyse(r, sentence)
		wants := parseWant(wantText)
		used := make([]bool, len(got))
		for _, w := range wants {
			found := false
			for i, m := range got {
				if used[i] || foldKey(m.Text) != foldKey(w.text) || m.Name != w.name {
					continue
				}
				if (w.source != "" && m.Source != w.source) || (w.role != "" && m.Role != w.role) {
					continue
				}
				used[i], found = true, true
				break
			}
			if !found {
				t.Errorf("sentences.tsv:%d: %s\n  missing %s=%s @%s #%s\n  got %s", line, sentence, w.text, w.name, w.source, w.role, describe(got))
			}
		}
		for i, m := range got {
			if !used[i] {
				t.Errorf("sentences.tsv:%d: %s\n  unexpected %s=%s @%s #%s", line, sentence, m.Text, m.Name, m.Source, m.Role)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d sentences, want at least 100", n)
	}
}

func describe(ms []article.Mention) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text + "=" + m.Name + "@" + m.Source)
		if m.Role != "" {
			b.WriteString("#" + m.Role)
		}
		b.WriteString(" ; ")
	}
	return b.String()
}

// TestMentionInvariants checks spans, texts and antecedents on every sentence.
func TestMentionInvariants(t *testing.T) {
	r := testRecognizer(t)
	b, err := os.ReadFile("testdata/sentences.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, row := range strings.Split(string(b), "\n") {
		if s, _, ok := strings.Cut(row, "\t"); ok && !strings.HasPrefix(row, "#") {
			all.WriteString(s + "\n\n")
		}
	}
	norm, ms := analyse(r, all.String())
	if len(ms) < 200 {
		t.Errorf("only %d mentions over all sentences", len(ms))
	}
	checkInvariants(t, norm, ms)
}

func checkInvariants(t *testing.T, text string, ms []article.Mention) {
	t.Helper()
	for i, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			t.Fatalf("mention %d: span [%d,%d) out of text of %d bytes", i, m.Start, m.End, len(text))
		}
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %d: text %q, span holds %q", i, m.Text, text[m.Start:m.End])
		}
		if i > 0 && m.Start < ms[i-1].End {
			t.Errorf("mention %d %q overlaps mention %d %q", i, m.Text, i-1, ms[i-1].Text)
		}
		switch m.Type {
		case article.Person, article.Organization, article.Location:
		default:
			t.Errorf("mention %d: type %q", i, m.Type)
		}
		if m.Name == "" || m.ID == "" {
			t.Errorf("mention %d %q: empty name or id", i, m.Text)
		}
		switch m.Source {
		case SourceKB, SourcePattern:
			if m.Antecedent != -1 {
				t.Errorf("mention %d: source %s with antecedent %d", i, m.Source, m.Antecedent)
			}
		case SourceCoref:
			if m.Antecedent < 0 || m.Antecedent >= i || ms[m.Antecedent].ID != m.ID {
				t.Errorf("mention %d %q: bad antecedent %d", i, m.Text, m.Antecedent)
			}
		default:
			t.Errorf("mention %d: source %q", i, m.Source)
		}
	}
}

// TestRecognizeEdgeCases feeds inputs with no words, broken UTF-8 and bad token offsets.
func TestRecognizeEdgeCases(t *testing.T) {
	r := testRecognizer(t)
	for _, text := range []string{"", " ", "\n\n", "«»", "\"\"", "،", "او", "دفتر", "این", "این نهاد", "آژانس",
		"سردار", "رئیس‌جمهور", "\xff\xfe", "۱+۵", strings.Repeat("ایران ", 1000)} {
		norm, ms := analyse(r, text)
		checkInvariants(t, norm, ms)
	}
	bad := persian.Doc{Text: "ایران", Tokens: []persian.Token{{Text: "ایران", Start: 0, End: 99, Kind: persian.Word}}}
	if ms := r.Recognize(bad); len(ms) != 0 {
		t.Errorf("tokens outside the text gave %d mentions", len(ms))
	}
}

// TestFind checks alias lookup across scripts, spellings and spacing.
func TestFind(t *testing.T) {
	kb := testRecognizer(t).KB()
	for _, c := range []struct{ alias, id string }{
		{"پوتین", "vladimir-putin"}, {"Vladimir Putin", "vladimir-putin"}, {"vladimir putin", "vladimir-putin"},
		{"vladimir-putin", "vladimir-putin"}, {"پوتين", "vladimir-putin"}, {"IAEA", "iaea"},
		{"آژانس بین المللی انرژی اتمی", "iaea"}, {"آژانس بینالمللی انرژی اتمی", "iaea"}, {"کرملین", "kremlin"},
		{"ایرانی", "iran"}, {"رژیم صهیونیستی", "israel"}, {"کان", "kan"}, {"Kan 11", "kan"},
		{"لاریجانی", "ali-larijani"}, {"گوترش", "antonio-guterres"}, {"بایدن", "joe-biden"},
	} {
		es := kb.Find(c.alias)
		found := false
		for _, e := range es {
			found = found || e.ID == c.id
		}
		if !found {
			t.Errorf("Find(%q) = %v, want %s", c.alias, ids(es), c.id)
		}
	}
	if es := kb.Find("no such entity"); len(es) != 0 {
		t.Errorf("Find(nonsense) = %v", ids(es))
	}
	e, ok := kb.Lookup("abbas-araghchi")
	if !ok || e.Name != "Abbas Araghchi" || len(e.Roles) != 1 || e.Roles[0].From != "2024-08" || !e.Roles[0].Current() {
		t.Errorf("Lookup(abbas-araghchi) = %+v, %v", e, ok)
	}
	if k, _ := kb.Lookup("kan"); len(k.Fa) == 0 || k.Fa[0] != "کان" || len(k.InContext) != 1 || k.InContext[0] != "کان" {
		t.Errorf("Lookup(kan): Fa %q, InContext %q: want the ~ stripped and recorded", k.Fa, k.InContext)
	}
	if _, ok := kb.Lookup("nobody"); ok {
		t.Error("Lookup(nobody) found something")
	}
}

func ids(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	sort.Strings(out)
	return out
}

// TestSummarize checks the per-article entity list: counts, forms, roles, and the discovered subset.
func TestSummarize(t *testing.T) {
	r := testRecognizer(t)
	_, ms := analyse(r, "ولادیمیر پوتین، رئیس‌جمهور روسیه، گفت. پوتین افزود. او گفت. اسماعیل بقائی، سخنگوی وزارت امور خارجه، گفت. بقائی افزود.")
	cs := Summarize(ms)
	if len(cs) < 4 || cs[0].ID != "vladimir-putin" || cs[0].Mentions != 3 || len(cs[0].Texts) != 3 ||
		len(cs[0].Roles) != 1 || cs[0].Roles[0] != "President of Russia" {
		t.Fatalf("Summarize = %+v", cs)
	}
	ds := Discovered(ms)
	if len(ds) != 1 || ds[0].Mentions != 2 || ds[0].Source != SourcePattern || !IsDiscovered(ds[0].ID) {
		t.Errorf("Discovered = %+v", ds)
	}
}

// TestRecognizeAt checks that a title without a name is read as of the text's date.
func TestRecognizeAt(t *testing.T) {
	r := testRecognizer(t)
	for _, c := range []struct {
		text, at, want string
	}{
		{"وزیر امور خارجه ایران گفت.", "2019-05", "Mohammad Javad Zarif"},
		{"وزیر امور خارجه ایران گفت.", "2025-06", "Abbas Araghchi"},
		{"وزیر امور خارجه ایران گفت.", "", "Abbas Araghchi"},
		{"رئیس‌جمهور آمریکا گفت.", "2023-01", "Joe Biden"},
		{"رئیس‌جمهور آمریکا گفت.", "2019-01", "Donald Trump"},
		{"رئیس‌جمهور آمریکا گفت.", "2021-01", ""}, // both held the office that month
		{"رئیس‌جمهور آمریکا گفت.", "", "Donald Trump"},
		{"رئیس‌جمهور ایران گفت.", "2015-03", "Hassan Rouhani"},
		{"رئیس‌جمهور ایران گفت.", "2010-03", ""},
	} {
		var at time.Time
		if c.at != "" {
			at, _ = time.Parse("2006-01", c.at)
		}
		norm := persian.NewNormalizer(persian.Options{}).String(c.text)
		got := ""
		for _, m := range r.RecognizeAt(persian.Segment(norm), at) {
			if m.Type == article.Person {
				got = m.Name
			}
		}
		if got != c.want {
			t.Errorf("%s at %q: person %q, want %q", c.text, c.at, got, c.want)
		}
	}
}

// TestRoleHeldAt checks tenure arithmetic at year and month granularity.
func TestRoleHeldAt(t *testing.T) {
	for _, c := range []struct {
		role Role
		at   string
		want bool
	}{
		{Role{From: "2024-08"}, "", true},
		{Role{From: "2024-08"}, "2024-07", false},
		{Role{From: "2024-08"}, "2024-08", true},
		{Role{From: "2013", To: "2021-08"}, "2013-01", true},
		{Role{From: "2013", To: "2021-08"}, "2021-09", false},
		{Role{From: "2013", To: "2021"}, "2021-12", true},
		{Role{From: "2013", To: "2021"}, "", false},
		{Role{}, "1990-01", true},
	} {
		if got := c.role.HeldAt(c.at); got != c.want {
			t.Errorf("%+v.HeldAt(%q) = %v", c.role, c.at, got)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden recognises testdata/golden/*.txt with the test KB and compares every field of every mention with
// the .json beside it; run with -update to rewrite them after a reviewed change.
func TestGolden(t *testing.T) {
	r := testRecognizer(t)
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		norm, ms := analyse(r, string(b))
		checkInvariants(t, norm, ms)
		got, err := json.MarshalIndent(ms, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		golden := strings.TrimSuffix(f, ".txt") + ".json"
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: mentions differ from %s (run go test -run TestGolden -update and review the diff):\n%s", f, golden, describe(ms))
		}
	}
}

// TestConcurrent runs one recogniser from several goroutines (go test -race checks the sharing) and expects the
// same mentions as a sequential run.
func TestConcurrent(t *testing.T) {
	r := testRecognizer(t)
	text := benchText(t, 20000)
	doc := persian.Segment(text)
	want := describe(r.Recognize(doc))
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := describe(r.Recognize(doc)); got != want {
				errs <- got
			}
		}()
	}
	wg.Wait()
	close(errs)
	for range errs {
		t.Error("a concurrent run gave other mentions")
	}
}
