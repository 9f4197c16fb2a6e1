package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store"
)

func TestServeAndShutdown(t *testing.T) {
	s := newTestServer(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"ok"`) {
		t.Fatalf("healthz over TCP: %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestListenAndServeBadAddr(t *testing.T) {
	s := newTestServer(t, nil)
	if err := s.ListenAndServe(context.Background(), "256.0.0.1:http"); err == nil {
		t.Fatal("no error for an impossible address")
	}
}

func TestNewNeedsStore(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New without a store succeeded")
	}
}

func TestRequestTimeout(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.RequestTimeout = time.Nanosecond }).Handler()
	rec := do(t, h, "GET", "/api/articles?q=ایران", nil)
	decodeError(t, http.StatusServiceUnavailable, CodeTimeout, rec)
}

// closedStore fails every call as a closed store does.
type closedStore struct{ nopStore }

func (closedStore) Stats(context.Context) (store.Stats, error) { return store.Stats{}, store.ErrClosed }

func TestHealthzStoreDown(t *testing.T) {
	s, err := New(Config{Store: closedStore{}})
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, s.Handler(), "GET", "/healthz", nil)
	decodeError(t, http.StatusServiceUnavailable, CodeUnavailable, rec)
	if m := do(t, s.Handler(), "GET", "/metrics", nil); !strings.Contains(m.Body.String(), "khabar_store_up 0") {
		t.Error("metrics do not report the store down")
	}
}
