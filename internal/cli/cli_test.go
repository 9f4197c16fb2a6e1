package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/samples"
)

// run executes a command line and returns its exit code, standard output and standard error.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// writeSamples copies the embedded sample articles into a directory.
func writeSamples(t *testing.T, dir string) int {
	t.Helper()
	for _, name := range samples.Files() {
		data, err := samples.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return len(samples.Files())
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
	}{
		{nil, ExitUsage},
		{[]string{"help"}, ExitOK},
		{[]string{"no-such-command"}, ExitUsage},
		{[]string{"version"}, ExitOK},
		{[]string{"analyze"}, ExitUsage},
		{[]string{"analyze", "/no/such/file.txt"}, ExitFailure},
		{[]string{"normalize", "--digits", "roman"}, ExitUsage},
		{[]string{"ingest", "--bogus-flag"}, ExitUsage},
		{[]string{"search", "--db", filepath.Join(t.TempDir(), "k.db"), "date:"}, ExitUsage},
		{[]string{"show", "--db", filepath.Join(t.TempDir(), "k.db"), "0000000000000000"}, ExitFailure},
	} {
		code, _, stderr := run(t, "", tc.args...)
		if code != tc.code {
			t.Errorf("khabar %v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, stderr)
		}
	}
}

func TestEveryCommandHasHelpWithExample(t *testing.T) {
	for _, c := range commands() {
		code, out, _ := run(t, "", "help", c.name)
		if code != ExitOK {
			t.Errorf("help %s: exit %d", c.name, code)
		}
		if !strings.Contains(out, "Usage: khabar "+c.name) || !strings.Contains(out, "Example:") {
			t.Errorf("help %s lacks usage or example:\n%s", c.name, out)
		}
	}
}

func TestNormalizeLineForLine(t *testing.T) {
	in := "نخستوزیر اسرائيل\n\nمي شود ۴۵.۵\nwww.irna.ir"
	code, out, _ := run(t, in, "normalize")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if got, want := strings.Count(out, "\n"), strings.Count(in, "\n"); got != want {
		t.Errorf("%d lines out for %d in: %q", got, want, out)
	}
	for _, want := range []string{"نخست‌وزیر اسرائیل", "می‌شود ۴۵٫۵", "www.irna.ir"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}

func TestAnalyzeJSONContract(t *testing.T) {
	data, err := samples.Read(samples.Seed)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, string(data), "analyze", "--json", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("output is not one JSON object: %v", err)
	}
	for _, k := range []string{"title", "published", "text", "dates", "entities", "events", "quotes"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("record lacks %q", k)
		}
	}
	if rec["published"] != "2025-11-16" {
		t.Errorf("published = %v", rec["published"])
	}
	if !strings.Contains(rec["text"].(string), "نخست‌وزیر") {
		t.Error("text does not show the repaired ZWNJ")
	}
}

func TestIngestTwiceReportsDuplicates(t *testing.T) {
	dir := t.TempDir()
	n := writeSamples(t, dir)
	db := filepath.Join(t.TempDir(), "k.db")
	code, out, stderr := run(t, "", "ingest", "--json", "--db", db, dir)
	if code != ExitOK {
		t.Fatalf("first ingest: exit %d: %s %s", code, out, stderr)
	}
	var first, second struct {
		Read, New, Duplicate, Failed int
	}
	if err := json.Unmarshal([]byte(out), &first); err != nil {
		t.Fatal(err)
	}
	if first.New < n || first.Duplicate != 0 || first.Failed != 0 {
		t.Errorf("first ingest = %+v, want ≥%d new and nothing else", first, n)
	}
	code, out, _ = run(t, "", "ingest", "--json", "--db", db, dir)
	if code != ExitOK {
		t.Fatalf("second ingest: exit %d", code)
	}
	if err := json.Unmarshal([]byte(out), &second); err != nil {
		t.Fatal(err)
	}
	if second.New != 0 || second.Duplicate != first.New {
		t.Errorf("second ingest = %+v, want all %d duplicate", second, first.New)
	}
	code, out, _ = run(t, "", "list", "--db", db, "--limit", "100")
	if code != ExitOK || strings.Count(out, "\n") != first.New {
		t.Errorf("list: exit %d, %d lines, want %d", code, strings.Count(out, "\n"), first.New)
	}
}

func TestIngestBadFilesGoOn(t *testing.T) {
	dir := t.TempDir()
	n := writeSamples(t, dir)
	os.WriteFile(filepath.Join(dir, "bad-utf8.txt"), []byte("خبر\xff\xfe نادرست\n\nمتن"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	big := make([]byte, 50<<20)
	for i := range big {
		big[i] = byte(i*7 + i>>8)
	}
	os.WriteFile(filepath.Join(dir, "blob.bin"), big, 0o644)
	db := filepath.Join(t.TempDir(), "k.db")
	code, out, _ := run(t, "", "ingest", "--db", db, dir)
	if code != ExitFailure {
		t.Errorf("exit %d, want %d when some inputs fail", code, ExitFailure)
	}
	for _, name := range []string{"bad-utf8.txt", "empty.txt", "blob.bin"} {
		if !strings.Contains(out, "failed: "+filepath.Join(dir, name)) {
			t.Errorf("summary does not name %s:\n%s", name, out)
		}
	}
	if !strings.Contains(out, "3 failed") {
		t.Errorf("summary: %s", out)
	}
	_, list, _ := run(t, "", "list", "--db", db, "--limit", "100")
	if got := strings.Count(list, "\n"); got < n {
		t.Errorf("%d articles stored, want every good one (≥%d)", got, n)
	}
}

func TestSearchSpellings(t *testing.T) {
	dir := t.TempDir()
	writeSamples(t, dir)
	db := filepath.Join(t.TempDir(), "k.db")
	if code, out, errs := run(t, "", "ingest", "--db", db, dir); code != ExitOK {
		t.Fatalf("ingest: %s %s", out, errs)
	}
	var want string
	for i, q := range []string{"نخست‌وزیر", "نخست وزیر", "نخستوزیر", "گفت‌وگو", "گفت و گو", "گفتوگو"} {
		code, out, errs := run(t, "", "search", "--db", db, "--limit", "50", q)
		if code != ExitOK {
			t.Fatalf("search %q: exit %d: %s", q, code, errs)
		}
		ids := hitIDs(out)
		if len(ids) == 0 {
			t.Errorf("search %q found nothing", q)
		}
		if i%3 == 0 {
			want = ids
		} else if ids != want {
			t.Errorf("search %q found %s, want %s", q, ids, want)
		}
		// Under the rank window every count is exact: --exact-total changes nothing.
		if _, exact, _ := run(t, "", "search", "--db", db, "--limit", "50", "--exact-total", q); exact != out || strings.Contains(out, "more than") {
			t.Errorf("search --exact-total %q: %s\nwithout: %s", q, exact, out)
		}
	}
}

// hitIDs extracts the article IDs of a readable search result.
func hitIDs(out string) string {
	var ids []string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[1] == "·" && len(f[0]) == 16 {
			ids = append(ids, f[0])
		}
	}
	return strings.Join(ids, ",")
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, errs := run(t, "", "demo", "--db", db)
	if code != ExitOK {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Vladimir Putin", "CONSULT", "Try next:", "khabar search --db " + db} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

func TestLexiconLearnTeachesNormalize(t *testing.T) {
	// تیلم‌بوش is a made-up compound no built-in lexicon has; a corpus that spells it with a ZWNJ teaches it.
	const fused = "تیلمبوش"
	if code, out, _ := run(t, fused+"\n", "normalize"); code != ExitOK || strings.TrimSpace(out) != fused {
		t.Fatalf("without a lexicon %s became %q", fused, out)
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.txt")
	os.WriteFile(corpus, []byte(strings.Repeat("حفاظت از تیلم‌بوش‌ها و تیلم‌بوش دریایی خلیج فارس مهم است.\n", 5)), 0o644)
	lex := filepath.Join(dir, "my.lex")
	if code, _, errs := run(t, "", "lexicon", "learn", "-o", lex, corpus); code != ExitOK {
		t.Fatalf("lexicon learn: exit %d: %s", code, errs)
	}
	code, out, errs := run(t, fused+" دریایی\n", "normalize", "--lexicon", lex)
	if code != ExitOK {
		t.Fatalf("normalize --lexicon: exit %d: %s", code, errs)
	}
	if want := "تیلم‌بوش دریایی\n"; out != want {
		t.Errorf("normalize --lexicon = %q, want %q", out, want)
	}
	if code, _, _ := run(t, "x", "normalize", "--lexicon", filepath.Join(dir, "missing.lex")); code != ExitFailure {
		t.Errorf("a missing lexicon file: exit %d, want %d", code, ExitFailure)
	}
}

func TestExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	if code, _, errs := run(t, "", "demo", "--db", db); code != ExitOK {
		t.Fatalf("demo: %s", errs)
	}
	code, all, errs := run(t, "", "export", "events", "--db", db)
	if code != ExitOK {
		t.Fatalf("export events: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(all), "\n")
	if len(lines) < 5 {
		t.Fatalf("only %d events exported", len(lines))
	}
	for _, l := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("bad JSONL line %q: %v", l, err)
		}
		for _, k := range []string{"id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "text_info", "cite_info"} {
			if _, ok := ev[k]; !ok {
				t.Errorf("PLOVER record lacks %q", k)
			}
		}
	}
	code, out, _ := run(t, "", "export", "events", "--db", db, "--format", "csv", "--actor", "پوتین")
	if code != ExitOK {
		t.Fatalf("export csv: exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) < 2 || len(rows)-1 >= len(lines) {
		t.Errorf("--actor پوتین kept %d of %d events", len(rows)-1, len(lines))
	}
	for _, r := range rows[1:] {
		if !strings.Contains(strings.Join(r, ","), "Vladimir Putin") {
			t.Errorf("row without Putin: %v", r)
		}
	}
	code, out, _ = run(t, "", "export", "events", "--db", db, "--from", "2030-01-01")
	if code != ExitOK || strings.TrimSpace(out) != "" {
		t.Errorf("--from 2030: exit %d, output %q", code, out)
	}
	if code, _, _ := run(t, "", "export", "events", "--db", db, "--from", "1404-13"); code != ExitUsage {
		t.Errorf("--from 1404-13: exit %d, want usage error", code)
	}
	code, out, _ = run(t, "", "export", "quotes", "--db", db, "--format", "csv")
	if rows, err := csv.NewReader(strings.NewReader(out)).ReadAll(); code != ExitOK || err != nil || len(rows) < 10 {
		t.Errorf("export quotes csv: exit %d, err %v, %d rows", code, err, len(rows))
	}
}

func TestEntities(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	if code, _, errs := run(t, "", "demo", "--db", db); code != ExitOK {
		t.Fatalf("demo: %s", errs)
	}
	code, out, _ := run(t, "", "entities", "--db", db, "--limit", "3")
	if code != ExitOK || strings.Count(out, "\n") != 3 || !strings.Contains(out, "Iran") {
		t.Errorf("entities: exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, "", "entities", "--db", db, "--discovered")
	if code != ExitOK || out == "" {
		t.Fatalf("entities --discovered: exit %d, %q", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(line, "new:") {
			t.Errorf("a knowledge-base entity among the discovered: %s", line)
		}
	}
	code, out, _ = run(t, "", "entities", "--db", db, "پوتین")
	if code != ExitOK || !strings.Contains(out, "Vladimir Putin") || !strings.Contains(out, "CONSULT") {
		t.Errorf("entity profile by alias: exit %d:\n%s", code, out)
	}
	if code, _, _ := run(t, "", "entities", "--db", db, "no such entity at all"); code != ExitFailure {
		t.Errorf("unknown entity: exit %d", code)
	}
}

// startServe runs khabar serve with args on a free local port until stop, which shuts it down and returns its
// exit code.
func startServe(t *testing.T, args ...string) (addr string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	stderr = &syncBuffer{}
	go func() {
		done <- Run(ctx, append([]string{"serve", "--addr", addr}, args...), strings.NewReader(""), io.Discard, stderr)
	}()
	stop = func() int {
		t.Helper()
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not shut down")
			return -1
		}
	}
	t.Cleanup(func() { cancel() })
	return addr, stderr, stop
}

func TestServeGracefulShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	if code, _, errs := run(t, "", "demo", "--db", db); code != ExitOK {
		t.Fatalf("demo: %s", errs)
	}
	addr, errb, stop := startServe(t, "--db", db)
	var body []byte
	for i := 0; i < 100; i++ {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(string(body), `"articles":12`) {
		t.Errorf("/healthz = %q", body)
	}
	resp, err := http.Post("http://"+addr+"/api/articles", "application/json", strings.NewReader(`{"title":"x","text":"y"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a write without a configured token: status %d, want 403", resp.StatusCode)
	}
	if code := stop(); code != ExitOK {
		t.Errorf("serve exited %d after shutdown: %s", code, errb.String())
	}
}

func TestBench(t *testing.T) {
	code, a, _ := run(t, "", "bench", "corpus", "--articles", "20", "--seed", "3")
	_, b, _ := run(t, "", "bench", "corpus", "--articles", "20", "--seed", "3")
	if code != ExitOK || a != b || strings.Count(a, "\n") != 20 {
		t.Errorf("bench corpus: exit %d, %d lines, deterministic %v", code, strings.Count(a, "\n"), a == b)
	}
	code, out, errs := run(t, "", "bench", "search", "--articles", "150", "--queries", "40", "--json")
	if code != ExitOK {
		t.Fatalf("bench search: exit %d: %s", code, errs)
	}
	var rep struct {
		Stored   int
		Errors   int
		Spelling []struct {
			Kind      string
			Groups    int
			Identical int
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Stored != 150 || rep.Errors != 0 || len(rep.Spelling) == 0 {
		t.Errorf("bench search report: %+v", rep)
	}
	for _, s := range rep.Spelling {
		if s.Identical != s.Groups {
			t.Errorf("spelling %s: %d of %d groups identical", s.Kind, s.Identical, s.Groups)
		}
	}
	if code, _, _ := run(t, "", "bench", "nonsense"); code != ExitUsage {
		t.Errorf("bench nonsense: exit %d", code)
	}
}

// TestOptimize checks `khabar optimize`, ingest's --optimize and the bulk-load rule of --optimize auto.
func TestOptimize(t *testing.T) {
	dir := t.TempDir()
	writeSamples(t, dir)
	db := filepath.Join(t.TempDir(), "k.db")
	code, out, stderr := run(t, "", "ingest", "--db", db, "--optimize", "always", dir)
	if code != ExitOK || !strings.Contains(stderr, "optimized the search index in") {
		t.Fatalf("ingest --optimize always: exit %d: %s %s", code, out, stderr)
	}
	_, before, _ := run(t, "", "search", "--db", db, "--limit", "50", "نخستوزیر")
	code, out, stderr = run(t, "", "optimize", "--db", db)
	if code != ExitOK || !strings.HasPrefix(out, "optimized "+db+" in ") {
		t.Fatalf("optimize: exit %d: %q %s", code, out, stderr)
	}
	if _, after, _ := run(t, "", "search", "--db", db, "--limit", "50", "نخستوزیر"); after != before || !strings.Contains(after, "match") {
		t.Errorf("search changed by optimize:\n%s\n%s", before, after)
	}
	// A small ingest leaves the index to its own merging.
	small := filepath.Join(t.TempDir(), "s.db")
	code, _, stderr = run(t, "", "ingest", "--db", small, dir)
	if code != ExitOK || strings.Contains(stderr, "optimized") {
		t.Errorf("a small ingest optimized: exit %d: %s", code, stderr)
	}
	// Every ingest loads in bulk mode and ends it: the index merges as usual afterwards.
	never := filepath.Join(t.TempDir(), "n.db")
	if code, out, stderr := run(t, "", "ingest", "--db", never, "--optimize", "never", dir); code != ExitOK {
		t.Fatalf("ingest --optimize never: exit %d: %s %s", code, out, stderr)
	}
	for _, path := range []string{db, small, never} {
		if got := mergeSettings(t, path); got != "automerge=4 crisismerge=16" {
			t.Errorf("%s: index merge settings after the ingest %q, want FTS5's defaults", filepath.Base(path), got)
		}
	}
	if code, _, _ := run(t, "", "ingest", "--db", db, "--optimize", "sometimes", dir); code != ExitUsage {
		t.Errorf("--optimize sometimes: exit %d, want %d", code, ExitUsage)
	}
	for _, c := range []struct {
		stored, total int
		want          bool
	}{{9999, 9999, false}, {10000, 10000, true}, {10000, 40000, true}, {10000, 40001, false}, {250000, 1000000, true}} {
		if got := bulkLoad(c.stored, c.total); got != c.want {
			t.Errorf("bulkLoad(%d, %d) = %v, want %v", c.stored, c.total, got, c.want)
		}
	}
}

// mergeSettings reads the FTS5 merge options of the SQLite store at path, FTS5's defaults where unset.
func mergeSettings(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, k := range []string{"automerge", "crisismerge"} {
		v := map[string]int{"automerge": 4, "crisismerge": 16}[k]
		if err := db.QueryRow(`SELECT v FROM fts_config WHERE k = ?`, k).Scan(&v); err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	return strings.Join(out, " ")
}
