package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fetch defaults.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBody      = 10 << 20 // bytes
	DefaultMaxRedirects = 5
	DefaultHostDelay    = 2 * time.Second
)

// UserAgent names Khabar to the sites it reads.
const UserAgent = "Khabar/0.1 (Persian news reader; +https://github.com/khabar/khabar)"

// FetchOptions configure a Fetcher.
type FetchOptions struct {
	Timeout      time.Duration // whole request, body included; 0 means DefaultTimeout
	MaxBody      int64         // larger bodies are an error; 0 means DefaultMaxBody
	MaxRedirects int           // 0 means DefaultMaxRedirects; negative follows none
	HostDelay    time.Duration // pause between two requests to one host; negative means none, 0 DefaultHostDelay
	UserAgent    string        // "" means UserAgent
	Transport    http.RoundTripper
}

// Fetcher makes polite HTTP requests: one at a time per host with a delay between them, a timeout, a body size
// limit, a redirect limit and conditional GETs. It is safe for concurrent use.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client
	mu     sync.Mutex
	hosts  map[string]*hostGate
}

// hostGate serialises the requests to one host.
type hostGate struct {
	sem  chan struct{}
	last time.Time
}

// NewFetcher returns a Fetcher.
func NewFetcher(opts FetchOptions) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.HostDelay == 0 {
		opts.HostDelay = DefaultHostDelay
	}
	if opts.UserAgent == "" {
		opts.UserAgent = UserAgent
	}
	f := &Fetcher{opts: opts, hosts: map[string]*hostGate{}}
	f.client = &http.Client{
		Transport: opts.Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > max(opts.MaxRedirects, 0) {
				return fmt.Errorf("more than %d redirects (last to %s)", max(opts.MaxRedirects, 0), req.URL)
			}
			return nil
		},
	}
	return f
}

// Response is the outcome of a fetch.
type Response struct {
	URL          string // final URL after redirects
	Status       int
	NotModified  bool // 304: the conditional GET found nothing new
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
}

// ErrTooLarge is wrapped by the error of a body over the size limit.
var ErrTooLarge = errors.New("body too large")

// StatusError is an HTTP status other than 200 or 304.
type StatusError struct {
	URL        string
	Status     int
	RetryAfter time.Duration // from a Retry-After header (429, 503), 0 when absent
}

// Error names the URL and the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

func (f *Fetcher) gate(host string) *hostGate {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.hosts[host]
	if g == nil {
		g = &hostGate{sem: make(chan struct{}, 1)}
		f.hosts[host] = g
	}
	return g
}

// Get fetches a URL. etag and lastModified, when set, make it a conditional GET.
func (f *Fetcher) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("GET %s: not an http(s) URL", rawURL)
	}
	g := f.gate(u.Host)
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() {
		g.last = time.Now()
		<-g.sem
	}()
	if f.opts.HostDelay > 0 && !g.last.IsZero() {
		if wait := f.opts.HostDelay - time.Since(g.last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return nil, ctx.Err()
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, text/html;q=0.9, application/xml;q=0.8, */*;q=0.5")
	req.Header.Set("Accept-Language", "fa, en;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, fmt.Errorf("GET %s: timed out after %s", rawURL, f.opts.Timeout)
		}
		return nil, fmt.Errorf("GET %s: %w", rawURL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return out, &StatusError{URL: rawURL, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	}
	if resp.ContentLength > f.opts.MaxBody {
		return out, fmt.Errorf("GET %s: %w: %d bytes announced, limit %d", rawURL, ErrTooLarge, resp.ContentLength, f.opts.MaxBody)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBody+1))
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return out, fmt.Errorf("GET %s: timed out after %s reading the body", rawURL, f.opts.Timeout)
		}
		return out, fmt.Errorf("GET %s: read body: %w", rawURL, err)
	}
	if int64(len(body)) > f.opts.MaxBody {
		return out, fmt.Errorf("GET %s: %w: over %d bytes", rawURL, ErrTooLarge, f.opts.MaxBody)
	}
	out.Body = body
	return out, nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// unwrapURLError drops the "Get "URL": " prefix of a *url.Error, since callers name the URL themselves.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
