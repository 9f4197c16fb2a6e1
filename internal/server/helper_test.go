package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// testToken is the bearer token of test servers that accept writes.
const testToken = "s3cret-token"

// testNow is the clock of test servers: three hours after the seed article's publication day began in Tehran.
var testNow = time.Date(2025, 11, 16, 3, 0, 0, 0, time.FixedZone("IRST", 3*3600+1800))

var (
	sharedOnce sync.Once
	sharedAn   *analyze.Analyzer
	sharedKB   *entity.KB
	sharedRecs []article.Record
	sharedErr  error
)

// sampleRecords analyses the embedded sample articles once per test binary.
func sampleRecords(t testing.TB) (*analyze.Analyzer, *entity.KB, []article.Record) {
	t.Helper()
	sharedOnce.Do(func() {
		sharedAn, sharedErr = analyze.New(analyze.Options{})
		if sharedErr != nil {
			return
		}
		sharedKB, sharedErr = entity.LoadKB()
		if sharedErr != nil {
			return
		}
		arts, err := reader.Samples()
		if err != nil {
			sharedErr = err
			return
		}
		for _, a := range arts {
			rec, err := sharedAn.Article(context.Background(), a)
			if err != nil {
				sharedErr = err
				return
			}
			sharedRecs = append(sharedRecs, rec)
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedAn, sharedKB, sharedRecs
}

// newStore opens a SQLite store in t.TempDir holding the samples.
func newStore(t testing.TB) store.Store {
	t.Helper()
	_, _, recs := sampleRecords(t)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return st
}

// newTestServer builds a server over the samples; mutate adjusts its config.
func newTestServer(t testing.TB, mutate func(*Config)) *Server {
	t.Helper()
	an, kb, _ := sampleRecords(t)
	cfg := Config{Store: newStore(t), Analyzer: an, KB: kb, Token: testToken,
		Logger: slog.New(slog.NewTextHandler(logSink(), nil)), Now: func() time.Time { return testNow }}
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seedRecord returns the analysed sample whose title mentions Russia and Israel.
func seedRecord(t testing.TB) article.Record {
	t.Helper()
	_, _, recs := sampleRecords(t)
	for _, r := range recs {
		if strings.Contains(r.Title, "روسیه") && strings.Contains(r.Title, "اسرائیل") {
			return r
		}
	}
	t.Fatal("no sample article mentions روسیه and اسرائیل in its title")
	return article.Record{}
}

// do sends a request to the handler and returns the recorded response.
func do(t testing.TB, h http.Handler, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// httptestRequestNoLength builds a POST whose body length is unknown, as with chunked encoding.
func httptestRequestNoLength(body string) *http.Request {
	req := httptest.NewRequest("POST", "/api/articles", io.NopCloser(strings.NewReader(body)))
	req.ContentLength = -1
	return req
}

func recorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func itoa(n int) string { return strconv.Itoa(n) }

// logSink is where test servers log: stderr with KHABAR_TEST_LOG set, else nowhere.
func logSink() io.Writer {
	if os.Getenv("KHABAR_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// nopStore is a Store with nothing in it, for tests that need a server but no data.
type nopStore struct{ store.Store }
