package reader

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/khabar/khabar/internal/article"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// result is the golden form of one Parse item.
type result struct {
	Origin  string           `json:"origin"`
	Error   string           `json:"error,omitempty"`
	Article *article.Article `json:"article,omitempty"`
}

// TestParseGolden parses every file in testdata and compares the articles and errors with testdata/golden.
func TestParseGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			var got []result
			err = New(Options{}).parse(context.Background(), name, data, func(it Item) error {
				r := result{Origin: it.Origin}
				if it.Err != nil {
					r.Error = it.Err.Error()
				} else {
					a := it.Article
					if a.Raw == "" {
						t.Errorf("%s: Raw is empty", it.Origin)
					}
					a.Raw = "" // Raw is checked below, not stored twice in the golden file
					r.Article = &a
				}
				got = append(got, r)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", golden, out)
			}
		})
	}
}

func TestParseSeedFields(t *testing.T) {
	data, err := os.ReadFile("testdata/seed_bom_crlf.txt")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Parse("x.txt", data)
	if err != nil || len(arts) != 1 {
		t.Fatalf("Parse: %d articles, %v", len(arts), err)
	}
	a := arts[0]
	want := time.Date(2025, 10, 20, 0, 0, 0, 0, Tehran)
	if !a.Published.Equal(want) || !a.DateOnly || a.Published.Location().String() != "Asia/Tehran" {
		t.Errorf("Published = %v (date only %v), want %v in Asia/Tehran, date only", a.Published, a.DateOnly, want)
	}
	if _, off := a.Published.Zone(); off != 3*3600+1800 {
		t.Errorf("zone offset %d, want +03:30", off)
	}
	if a.Title != "سفر هیئت تجاری ایران به مسکو" {
		t.Errorf("Title = %q", a.Title)
	}
	if a.Dateline != "۲ روز پیش" {
		t.Errorf("Dateline = %q", a.Dateline)
	}
	if a.Raw != string(data) {
		t.Error("Raw is not the input verbatim")
	}
	if a.Language != "fa" || a.Origin != "x.txt" {
		t.Errorf("Language %q, Origin %q", a.Language, a.Origin)
	}
	kinds := []article.BlockKind{article.Paragraph, article.Paragraph, article.Heading, article.Paragraph}
	if len(a.Body) != len(kinds) {
		t.Fatalf("body %+v, want %d blocks", a.Body, len(kinds))
	}
	for i, k := range kinds {
		if a.Body[i].Kind != k || strings.ContainsAny(a.Body[i].Text, "\r\n") {
			t.Errorf("block %d = %+v, want kind %s on one line", i, a.Body[i], k)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Format
	}{
		{"seed", "date 2025-11-16 تیتر\n\nمتن.", FormatSeed},
		{"seed with BOM and space", "\ufeff date 2025-11-16 تیتر", FormatSeed},
		{"seed date only", "date 2025-11-16\nتیتر", FormatSeed},
		{"seed needs a full date", "date 2025-11 تیتر", FormatText},
		{"word date in prose", "dated 2025-11-16 is not a header", FormatText},
		{"jsonl", `{"title":"a"}` + "\n" + `{"title":"b"}`, FormatJSONL},
		{"jsonl after blank lines", "\n\n  {\"title\":\"a\"}", FormatJSONL},
		{"pretty object", "{\n  \"title\": \"a\"\n}", FormatJSONL},
		{"array", `[{"title":"a"}]`, FormatJSON},
		{"empty array", `[ ]`, FormatJSON},
		{"brace prose", "{توضیح} متن خبر", FormatText},
		{"bracket prose", "[ویدئو] متن خبر", FormatText},
		{"plain", "تیتر خبر\n\nمتن.", FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.in)); got != tt.want {
				t.Errorf("Detect(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsHeading(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"پیشینه تماسها و گزارش آژانس بینالمللی انرژی اتمی", true},
		{"موضع روسیه و ایران", true},
		{"«ما تسلیم نمی‌شویم»", true},
		{"نقش عمان", true},
		{"این یک جمله کامل است.", false},
		{"او گفت: «می‌آییم».", false},
		{"آیا توافق می‌شود؟", false},
		{"پرسش این است:", false},
		{"جمله ناتمام،", false},
		{"جمله اول. جمله دوم", false},
		{"فروشندگان می‌گویند عرضه بیشتر شده است", false},
		{"قیمت‌ها باز هم بالا رفت", false},
		{"مردم نمی‌دانند", false},
		{"میدان آزادی", true},
		{"یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده", false},
		{"", false},
		{"   ", false},
	}
	for _, tt := range tests {
		if got := IsHeading(tt.in); got != tt.want {
			t.Errorf("IsHeading(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIsDateline(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"3 ساعت پیش", true},
		{"۴۵ دقیقه پیش", true},
		{"دو روز قبل", true},
		{"لحظاتی پیش", true},
		{"دیروز", true},
		{"  امروز  ", true},
		{"2 hours ago", true},
		{"پیش", false},
		{"این خبر را سه روز پیش منتشر کردیم و اکنون به‌روز شده است پیش", false},
		{"ماه پیش.", false},
		{"تیتر خبر", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isDateline(tt.in); got != tt.want {
			t.Errorf("isDateline(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseBody(t *testing.T) {
	P, H := article.Paragraph, article.Heading
	tests := []struct {
		name  string
		in    string
		kinds []article.BlockKind
		texts []string
	}{
		{"blank separated", "الف.\n\nب.", []article.BlockKind{P, P}, []string{"الف.", "ب."}},
		{"no blank lines: one per line", "الف.\nب.\nج", []article.BlockKind{P, P, P}, []string{"الف.", "ب.", "ج"}},
		{"no blank lines: short line is a heading", "الف.\nزیرتیتر\nج.", []article.BlockKind{P, H, P}, []string{"الف.", "زیرتیتر", "ج."}},
		{"hard wrapped", "سطر اول این پاراگراف بلند است و در ستون هفتاد نویسه‌ای شکسته شده و ادامه\nدارد و تمام می‌شود.\n\nدوم.",
			[]article.BlockKind{P, P}, []string{"سطر اول این پاراگراف بلند است و در ستون هفتاد نویسه‌ای شکسته شده و ادامه دارد و تمام می‌شود.", "دوم."}},
		{"heading then paragraph in one group", "زیرتیتر\nمتن زیر آن.\n\nپایان.", []article.BlockKind{H, P, P},
			[]string{"زیرتیتر", "متن زیر آن.", "پایان."}},
		{"lines ending in punctuation split", "یک.\nدو.\n\nسه.", []article.BlockKind{P, P, P}, []string{"یک.", "دو.", "سه."}},
		{"short last line is not a heading", "متن.\n\nپایان پیام", []article.BlockKind{P, P}, []string{"متن.", "پایان پیام"}},
		{"ZWNJ-only line is blank", "یک.\n\u200c\nدو.", []article.BlockKind{P, P}, []string{"یک.", "دو."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, blocks := parseBody(strings.Split(tt.in, "\n"))
			if len(blocks) != len(tt.kinds) {
				t.Fatalf("blocks %+v, want %d", blocks, len(tt.kinds))
			}
			for i := range blocks {
				if blocks[i].Kind != tt.kinds[i] || blocks[i].Text != tt.texts[i] {
					t.Errorf("block %d = %+v, want %s %q", i, blocks[i], tt.kinds[i], tt.texts[i])
				}
			}
		})
	}
}

func TestParseJSONValues(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		published time.Time
		dateOnly  bool
		wantErr   string
	}{
		{"rfc3339", `{"title":"a","published":"2025-10-10T09:15:00+03:30"}`,
			time.Date(2025, 10, 10, 9, 15, 0, 0, Tehran), false, ""},
		{"utc", `{"title":"a","published":"2025-10-10T05:45:00Z"}`,
			time.Date(2025, 10, 10, 9, 15, 0, 0, Tehran), false, ""},
		{"day", `{"title":"a","published":"2025-10-10"}`, time.Date(2025, 10, 10, 0, 0, 0, 0, Tehran), true, ""},
		{"zoneless", `{"title":"a","published":"2025-10-10 09:15:00"}`,
			time.Date(2025, 10, 10, 9, 15, 0, 0, Tehran), false, ""},
		{"no date", `{"title":"a","text":"b"}`, time.Time{}, false, ""},
		{"bad date", `{"title":"a","published":"10/10/2025"}`, time.Time{}, false, "bad published"},
		{"number date", `{"title":"a","published":20251010}`, time.Time{}, false, "bad JSON:"},
		{"nothing", `{"url":"u"}`, time.Time{}, false, "no article"},
		{"bad body", `{"title":"a","body":5}`, time.Time{}, false, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := Parse("in.jsonl", []byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "in.jsonl") {
					t.Fatalf("err = %v, want one naming in.jsonl with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(arts) != 1 {
				t.Fatalf("Parse: %d articles, %v", len(arts), err)
			}
			a := arts[0]
			if !a.Published.Equal(tt.published) || a.DateOnly != tt.dateOnly {
				t.Errorf("Published %v (date only %v), want %v (%v)", a.Published, a.DateOnly, tt.published, tt.dateOnly)
			}
			if a.Raw != tt.in || a.Language != "fa" {
				t.Errorf("Raw %q, Language %q", a.Raw, a.Language)
			}
		})
	}
}

func TestJSONLBadLinesGoOn(t *testing.T) {
	data, err := os.ReadFile("testdata/jsonl_in.txt")
	if err != nil {
		t.Fatal(err)
	}
	// An invalid UTF-8 line costs only that line.
	data = append(data, []byte("{\"title\":\"\xff\xfe\"}\n{\"title\":\"آخر\"}\n")...)
	arts, err := Parse("feed.txt", data)
	var titles []string
	for _, a := range arts {
		titles = append(titles, a.Title)
	}
	if got, want := strings.Join(titles, "|"), "خبر نخست|خبر دوم|خبر سوم|آخر"; got != want {
		t.Errorf("titles %q, want %q", got, want)
	}
	if arts[0].Origin != "feed.txt:1" || arts[1].Origin != "feed.txt:3" {
		t.Errorf("origins %q %q, want feed.txt:1 and feed.txt:3", arts[0].Origin, arts[1].Origin)
	}
	for _, want := range []string{"feed.txt:4: bad JSON:", "feed.txt:5: bad published", "feed.txt:7: bad JSON: not an object",
		"feed.txt:8: no article", "feed.txt:9: invalid UTF-8"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %q", err, want)
		}
	}
	if !errors.Is(err, ErrInvalidUTF8) || !errors.Is(err, ErrNoArticle) {
		t.Errorf("errors.Is does not see the sentinels in %v", err)
	}
}

func TestDecode(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	utf16le := func(s string) []byte {
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	seed := []byte("date 2025-11-02 تیتر\n\nمتن.")
	tests := []struct {
		name    string
		in      []byte
		max     int64
		want    error
		wantOut string
	}{
		{"plain", seed, 1 << 20, nil, string(seed)},
		{"gzip", gz(seed), 1 << 20, nil, string(seed)},
		{"gzip in gzip", gz(gz(seed)), 1 << 20, nil, string(seed)},
		{"utf-16", utf16le(string(seed)), 1 << 20, nil, string(seed)},
		{"gzip bomb", gz(make([]byte, 2<<20)), 1 << 20, ErrTooLarge, ""},
		{"empty", nil, 1 << 20, ErrEmpty, ""},
		{"white space", []byte(" \n\t\r\n"), 1 << 20, ErrEmpty, ""},
		{"BOM only", []byte("\ufeff\n"), 1 << 20, ErrEmpty, ""},
		{"gzip of empty", gz(nil), 1 << 20, ErrEmpty, ""},
		{"NUL", []byte("abc\x00def"), 1 << 20, ErrNotText, ""},
		{"control bytes", bytes.Repeat([]byte{1, 2, 3, 'a'}, 100), 1 << 20, ErrNotText, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := decode(tt.in, tt.max)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && string(out) != tt.wantOut {
				t.Errorf("out = %q, want %q", out, tt.wantOut)
			}
		})
	}
	if _, err := decode([]byte{0x1f, 0x8b, 0, 0}, 1<<20); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("broken gzip: err = %v, want a gzip error", err)
	}
}

func TestInvalidUTF8JSONObject(t *testing.T) {
	for _, in := range []string{"{\n \"title\": \"\xff\"\n}", "[{\"title\": \"\xff\"}]"} {
		arts, err := Parse("a.json", []byte(in))
		if !errors.Is(err, ErrInvalidUTF8) || len(arts) != 0 {
			t.Errorf("Parse(%q) = %d articles, %v; want ErrInvalidUTF8", in, len(arts), err)
		}
	}
}

func TestInvalidUTF8Text(t *testing.T) {
	_, err := Parse("bad.txt", []byte("تیتر\n\nمتن \xff\xfe خراب."))
	if !errors.Is(err, ErrInvalidUTF8) || !strings.HasPrefix(err.Error(), "bad.txt: invalid UTF-8 at line 3") {
		t.Fatalf("err = %v, want bad.txt: invalid UTF-8 at line 3", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Origin != "bad.txt" {
		t.Errorf("err is not an *Error naming bad.txt: %#v", err)
	}
}
