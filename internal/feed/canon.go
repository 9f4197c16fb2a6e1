// Package feed reads what news sites publish: RSS 2.0, Atom and JSON Feed documents (with
// github.com/mmcdole/gofeed, Jalali and Persian-digit dates through package timex), HTML pages (charset
// detection with golang.org/x/net/html/charset, main text with codeberg.org/readeck/go-readability/v2) and URLs
// (canonical form without tracking parameters). It does no I/O: the watcher fetches, feed parses.
package feed

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that say who sent a reader, not what page they read.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "igshid": true, "mc_cid": true,
	"mc_eid": true, "ref": true, "ref_src": true, "referrer": true, "source": true, "from": true, "cmpid": true,
	"ocid": true, "_ga": true, "_gl": true, "share": true, "amp": true, "output": false,
}

// isTracking reports whether a query parameter is a tracking parameter.
func isTracking(k string) bool {
	k = strings.ToLower(k)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// Canonical returns the canonical form of an absolute http(s) URL: lower-case scheme and host, no default port,
// no fragment, no tracking parameters (utm_*, fbclid, gclid, …), the remaining parameters sorted, and "/" for an
// empty path. Two links to the same page get the same string.
func Canonical(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonical URL %q: not an http(s) URL", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("canonical URL %q: no host", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	} else if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			if !isTracking(k) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			vs := append([]string(nil), q[k]...)
			sort.Strings(vs)
			for _, v := range vs {
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				b.WriteString(url.QueryEscape(k))
				if v != "" {
					b.WriteByte('=')
					b.WriteString(url.QueryEscape(v))
				}
			}
		}
		u.RawQuery = b.String()
	}
	u.ForceQuery = false
	return u.String(), nil
}

// Resolve returns ref resolved against base, or ref unchanged when either does not parse or base is nil.
func Resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if base == nil || ref == "" {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(r).String()
}
