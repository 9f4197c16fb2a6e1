package reader

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// collect reads path and returns the articles' titles by origin and the errors by origin.
func collect(t *testing.T, r *Reader, path string) (titles map[string]string, errs map[string]error) {
	t.Helper()
	titles, errs = map[string]string{}, map[string]error{}
	err := r.Read(context.Background(), path, func(it Item) error {
		if it.Err != nil {
			errs[it.Origin] = it.Err
			return nil
		}
		if it.Origin != it.Article.Origin {
			t.Errorf("item origin %q, article origin %q", it.Origin, it.Article.Origin)
		}
		titles[it.Origin] = it.Article.Title
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return titles, errs
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadDirectoryWithBadFiles is the ingest acceptance case: a directory holding good articles in every format
// next to an invalid-UTF-8 file, an empty file and a 50 MB binary file. Every good article is read, each bad file
// is reported with its name and reason, and hidden files are skipped.
func TestReadDirectoryWithBadFiles(t *testing.T) {
	dir := t.TempDir()
	seed := []byte("date 2025-11-02 خبر بذر\n\n۳ ساعت پیش\n\nمتن خبر.\n")
	writeFile(t, filepath.Join(dir, "a-seed.txt"), seed)
	writeFile(t, filepath.Join(dir, "b-plain"), []byte("خبر ساده\n\nمتن ساده.\n"))
	writeFile(t, filepath.Join(dir, "c-feed.txt"), []byte(`{"title":"خبر یک","text":"یک."}`+"\n"+`{"title":"خبر دو","text":"دو."}`+"\n"))
	writeFile(t, filepath.Join(dir, "sub", "d-seed.gz"), gzipBytes(t, []byte("date 2025-11-03 خبر فشرده\n\nمتن.")))
	writeFile(t, filepath.Join(dir, "sub", "deeper", "e.json"), []byte(`[{"title":"خبر آرایه"}]`))
	writeFile(t, filepath.Join(dir, "bad-utf8.txt"), []byte("تیتر\n\nمتن \xff\xfe\xfd خراب."))
	writeFile(t, filepath.Join(dir, "empty.txt"), nil)
	writeFile(t, filepath.Join(dir, "small.bin"), append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 512)...))
	writeFile(t, filepath.Join(dir, ".hidden.txt"), []byte("date 2025-11-02 پنهان"))
	writeFile(t, filepath.Join(dir, ".git", "x.txt"), []byte("date 2025-11-02 پنهان"))

	big := filepath.Join(dir, "big.bin")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	junk := bytes.Repeat([]byte{0x00, 0xff, 0x13, 0x37, 0x8b, 0x1f, 0xfe, 0x01}, 1<<17) // 1 MiB of binary
	for range 50 {
		if _, err := f.Write(junk); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	titles, errs := collect(t, New(Options{}), dir)

	wantTitles := map[string]string{
		filepath.Join(dir, "a-seed.txt"):                "خبر بذر",
		filepath.Join(dir, "b-plain"):                   "خبر ساده",
		filepath.Join(dir, "c-feed.txt") + ":1":         "خبر یک",
		filepath.Join(dir, "c-feed.txt") + ":2":         "خبر دو",
		filepath.Join(dir, "sub", "d-seed.gz"):          "خبر فشرده",
		filepath.Join(dir, "sub", "deeper", "e.json#1"): "خبر آرایه",
	}
	for origin, want := range wantTitles {
		if titles[origin] != want {
			t.Errorf("%s: title %q, want %q", origin, titles[origin], want)
		}
	}
	if len(titles) != len(wantTitles) {
		t.Errorf("read %d articles, want %d: %v", len(titles), len(wantTitles), titles)
	}
	wantErrs := map[string]error{
		filepath.Join(dir, "bad-utf8.txt"): ErrInvalidUTF8,
		filepath.Join(dir, "empty.txt"):    ErrEmpty,
		filepath.Join(dir, "small.bin"):    ErrNotText,
		big:                                ErrTooLarge,
	}
	for origin, want := range wantErrs {
		err := errs[origin]
		if !errors.Is(err, want) {
			t.Errorf("%s: err %v, want %v", origin, err, want)
			continue
		}
		if !strings.HasPrefix(err.Error(), origin+": ") {
			t.Errorf("error %q does not start with the file name", err)
		}
	}
	if len(errs) != len(wantErrs) {
		t.Errorf("%d errors, want %d: %v", len(errs), len(wantErrs), errs)
	}
}

func TestReadOrder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"c.txt", "a.txt", "b/z.txt", "b/a.txt"} {
		writeFile(t, filepath.Join(dir, name), []byte(name+"\n\nمتن."))
	}
	var got []string
	err := Read(context.Background(), dir, func(it Item) error {
		got = append(got, it.Article.Title)
		return it.Err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sort.StringsAreSorted(got) || strings.Join(got, " ") != "a.txt b/a.txt b/z.txt c.txt" {
		t.Errorf("order %v, want lexical", got)
	}
}

func TestReadStdin(t *testing.T) {
	in := gzipBytes(t, []byte(`{"title":"از ورودی","published":"2025-11-01"}`+"\n"))
	var items []Item
	r := New(Options{Stdin: bytes.NewReader(in)})
	if err := r.Read(context.Background(), "-", func(it Item) error { items = append(items, it); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Err != nil || items[0].Article.Title != "از ورودی" || items[0].Origin != "-:1" {
		t.Fatalf("items %+v", items)
	}
}

func TestReadStdinTooLarge(t *testing.T) {
	r := New(Options{Stdin: bytes.NewReader(bytes.Repeat([]byte("الف "), 1000)), MaxSize: 100})
	var got error
	if err := r.Read(context.Background(), "-", func(it Item) error { got = it.Err; return nil }); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(got, ErrTooLarge) || !strings.HasPrefix(got.Error(), "-: ") {
		t.Errorf("err %v, want too large naming -", got)
	}
}

func TestReadMissingAndSpecial(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.txt")
	_, errs := collect(t, New(Options{}), missing)
	if err := errs[missing]; !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), missing+": ") {
		t.Errorf("missing file: err %v", err)
	}
}

func TestReadMaxSizeOption(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), []byte("تیتر\n\n"+strings.Repeat("متن ", 100)))
	_, errs := collect(t, New(Options{MaxSize: 64}), dir)
	if err := errs[filepath.Join(dir, "a.txt")]; !errors.Is(err, ErrTooLarge) {
		t.Errorf("err %v, want ErrTooLarge", err)
	}
}

func TestReadContext(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), []byte("الف\n\nمتن."))
	writeFile(t, filepath.Join(dir, "b.txt"), []byte("ب\n\nمتن."))
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Read(ctx, dir, func(Item) error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("err %v after %d items, want context.Canceled after 1", err, n)
	}
}

func TestReadCallbackErrorStops(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), []byte("الف\n\nمتن."))
	writeFile(t, filepath.Join(dir, "b.txt"), []byte("ب\n\nمتن."))
	stop := errors.New("stop")
	n := 0
	if err := Read(context.Background(), dir, func(Item) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d items, want stop after 1", err, n)
	}
}

func TestReadFetched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, path, []byte("الف\n\nمتن."))
	now := time.Date(2025, 11, 20, 10, 0, 0, 0, time.UTC)
	var got time.Time
	r := New(Options{Now: func() time.Time { return now }})
	if err := r.Read(context.Background(), path, func(it Item) error { got = it.Article.Fetched; return it.Err }); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(now) {
		t.Errorf("Fetched %v, want %v", got, now)
	}
}

func TestForcedFormat(t *testing.T) {
	data := []byte("date 2025-11-02 تیتر\n\nمتن.")
	arts, err := New(Options{Format: FormatText}).Parse("a", data)
	if err != nil || len(arts) != 1 || arts[0].Title != "date 2025-11-02 تیتر" || !arts[0].Published.IsZero() {
		t.Fatalf("forced text: %+v, %v", arts, err)
	}
}

func TestReadSymlinkedDirectory(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	writeFile(t, filepath.Join(real, "a.txt"), []byte("الف\n\nمتن."))
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	titles, errs := collect(t, New(Options{}), link)
	if len(titles) != 1 || len(errs) != 0 {
		t.Errorf("titles %v, errors %v; want the one article behind the link", titles, errs)
	}
}
