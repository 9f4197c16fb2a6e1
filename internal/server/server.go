// Package server is Khabar's HTTP face: a JSON API described by an embedded OpenAPI 3 document, and a
// right-to-left Persian web application (home, article reader, search, entity, timeline and network pages) whose
// templates, styles and script are embedded in the binary. Charts are drawn as SVG on the server, so every page
// shows its data without JavaScript.
//
// Handlers are thin: they parse parameters, call the store, and render JSON or a template. Every response carries
// a Content-Security-Policy; API errors are JSON objects with a message and a stable code (see Error codes).
// Writes (POST /api/articles) need the bearer token of Config.Token; with no token configured they are refused.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/persian"
	"github.com/khabar/khabar/internal/store"
)

// DefaultAddr is the address Serve binds when none is given: localhost only.
const DefaultAddr = "127.0.0.1:8080"

// DefaultMaxBodyBytes bounds request bodies when Config.MaxBodyBytes is zero: 8 MiB.
const DefaultMaxBodyBytes = 8 << 20

// DefaultRequestTimeout bounds the work of one request when Config.RequestTimeout is zero.
const DefaultRequestTimeout = 30 * time.Second

// Config configures a Server.
type Config struct {
	Store    store.Store       // required
	Analyzer *analyze.Analyzer // required for POST /api/articles; nil refuses writes
	KB       *entity.KB        // Persian names, aliases and roles of entities; nil loads the embedded KB
	Token    string            // bearer token for writes; "" refuses every write
	Logger   *slog.Logger      // nil discards logs
	Now      func() time.Time  // clock for relative times; nil means time.Now
	Location *time.Location    // zone of displayed dates; nil means Asia/Tehran
	// MaxBodyBytes bounds request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// RequestTimeout bounds the store work of one request; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the graceful shutdown of ListenAndServe; 0 means 10 s.
	ShutdownTimeout time.Duration
	// MaxSearches bounds the store searches run at once; more wait their turn first come, first served (the
	// database pool would serve waiters in random order, which makes a few of them wait very long under load).
	// 0 means 2 × GOMAXPROCS.
	MaxSearches int
	// Queue is the PostgreSQL job queue; when set, /metrics reports its depth, latency and failures.
	Queue *jobs.Queue
	// Enqueue makes POST /api/articles queue analysis jobs for `khabar worker` processes instead of analysing
	// inline (202 Accepted). It needs Queue.
	Enqueue bool
}

// Server serves the API and the web application. It is safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	metrics *metrics
	pages   *pages
	started time.Time
	// searches admits store searches, at most Config.MaxSearches at once, first come first served.
	searches *gate
	queries  *analyze.QueryParser
}

// New checks cfg and builds a Server.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if cfg.Enqueue && cfg.Queue == nil {
		return nil, errors.New("server: Enqueue needs a job queue")
	}
	if cfg.KB == nil {
		kb, err := entity.LoadKB()
		if err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
		cfg.KB = kb
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Asia/Tehran")
		if err != nil {
			loc = time.FixedZone("IRST", 3*3600+1800)
		}
		cfg.Location = loc
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.MaxSearches <= 0 {
		cfg.MaxSearches = 2 * runtime.GOMAXPROCS(0)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), metrics: newMetrics(), started: cfg.Now(),
		searches: newGate(cfg.MaxSearches)}
	p, err := newPages(s)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.pages = p
	if cfg.Analyzer != nil {
		s.queries = cfg.Analyzer.QueryParser(cfg.Location)
	} else {
		s.queries = analyze.NewQueryParser(persian.Options{}, cfg.KB, cfg.Location)
	}
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// search runs a store search when its turn comes: at most Config.MaxSearches at once, the others waiting in
// arrival order until the request's context ends.
func (s *Server) search(ctx context.Context, req store.SearchRequest) (store.Results, error) {
	if err := s.searches.acquire(ctx); err != nil {
		return store.Results{}, err
	}
	defer s.searches.release()
	return s.cfg.Store.Search(ctx, req)
}

// Handler returns the server's root handler, with logging, metrics, security headers and limits applied.
func (s *Server) Handler() http.Handler { return s.handler }

// routes registers every endpoint with Go 1.22 method and wildcard patterns.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /metrics", s.serveMetrics)
	m.HandleFunc("GET /api/openapi.json", s.openAPI)
	m.HandleFunc("GET /api/articles", s.apiSearch)
	m.HandleFunc("POST /api/articles", s.apiIngest)
	m.HandleFunc("GET /api/articles/{id}", s.apiArticle)
	m.HandleFunc("GET /api/entities", s.apiEntities)
	m.HandleFunc("GET /api/entities/{id}", s.apiEntity)
	m.HandleFunc("GET /api/events", s.apiEvents)
	m.HandleFunc("GET /api/timeline", s.apiTimeline)
	m.HandleFunc("GET /api/graph", s.apiGraph)
	m.HandleFunc("GET /api/stories", s.apiStories)

	m.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	m.HandleFunc("GET /{$}", s.pageHome)
	m.HandleFunc("GET /article/{id}", s.pageArticle)
	m.HandleFunc("GET /search", s.pageSearch)
	m.HandleFunc("GET /entity/{id}", s.pageEntity)
	m.HandleFunc("GET /timeline", s.pageTimeline)
	m.HandleFunc("GET /network", s.pageNetwork)
	m.HandleFunc("GET /stories", s.pageStories)
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	m.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, http.StatusNotFound, CodeNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
			return
		}
		s.pageError(w, r, http.StatusNotFound, "صفحه پیدا نشد", "نشانی "+r.URL.Path+" در خبر وجود ندارد.")
	})
}

// ListenAndServe serves on addr ("" means DefaultAddr) until ctx is cancelled, then shuts down gracefully,
// letting requests in flight finish within Config.ShutdownTimeout.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	if addr == "" {
		addr = DefaultAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled, then shuts down gracefully. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 30*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "writes", s.cfg.Token != "" && s.cfg.Analyzer != nil)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// csp is the Content-Security-Policy of every response: only the server's own styles, script and images; no
// inline script or style, no frames, no foreign connections.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush lets streaming handlers (JSONL export) flush through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap exposes the underlying writer to http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// bufferedWriter captures a small response so that the mux's own plain-text errors can be rewritten as JSON.
type bufferedWriter struct {
	h      http.Header
	status int
}

func (b *bufferedWriter) Header() http.Header         { return b.h }
func (b *bufferedWriter) Write(p []byte) (int, error) { return len(p), nil }
func (b *bufferedWriter) WriteHeader(code int)        { b.status = code }

// middleware wraps the mux: security headers, request timeout, panic recovery, metrics and access logs.
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		_, pattern := mux.Handler(r) // for the route label only: the mux sets path values when it serves
		route := pattern
		if route == "" {
			route = "unmatched"
		}
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", csp)
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("X-Frame-Options", "DENY")
		sw := &statusWriter{ResponseWriter: w}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, CodeInternal, "internal error")
				}
			}
			d := time.Since(start)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			s.metrics.observe(route, sw.status, d)
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "route", route,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000,
				"remote", r.RemoteAddr)
		}()
		if pattern == "" && strings.HasPrefix(r.URL.Path, "/api/") {
			// The mux answers 405 (and redirects) itself in plain text; the API speaks JSON.
			bw := &bufferedWriter{h: http.Header{}}
			mux.ServeHTTP(bw, r)
			switch {
			case bw.status == http.StatusMethodNotAllowed:
				hdr.Set("Allow", bw.h.Get("Allow"))
				writeError(sw, http.StatusMethodNotAllowed, CodeMethodNotAllowed,
					r.Method+" is not allowed on "+r.URL.Path+"; allowed: "+bw.h.Get("Allow"))
			case bw.status >= 300 && bw.status < 400:
				hdr.Set("Location", bw.h.Get("Location"))
				sw.WriteHeader(bw.status)
			default:
				writeError(sw, http.StatusNotFound, CodeNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
			}
			return
		}
		mux.ServeHTTP(sw, r)
	})
}

// healthz answers 200 when the store answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "store: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "articles": st.Articles,
		"uptime_seconds": int64(s.cfg.Now().Sub(s.started).Seconds())})
}
