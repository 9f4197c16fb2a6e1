package server

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestPages(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	seed := seedRecord(t)
	pid := putinID(t)
	tests := []struct {
		name, target string
		status       int
		want         []string
	}{
		{"home", "/", 200, []string{`dir="rtl"`, `lang="fa"`, "تازه‌ترین خبرها", "/article/" + seed.ID, "پربسامدترین‌های هفته", "رویدادهای تازه"}},
		{"article", "/article/" + seed.ID, 200, []string{`href="/entity/` + pid + `"`, `class="ent ent-person"`, `class="date"`, `class="quote"`, `id="event-0"`, "رایزنی"}},
		{"article unknown", "/article/ffffffffffffffff", 404, []string{"پیدا نشد"}},
		{"search empty", "/search", 200, []string{`id="q"`, "چند نمونه"}},
		{"search", "/search?q=" + url.QueryEscape("نخست وزیر"), 200, []string{"<mark>", "/article/" + seed.ID, `class="bars"`, "موجودیت‌ها"}},
		{"search zwnj", "/search?q=" + url.QueryEscape("نخست\u200cوزیر"), 200, []string{"<mark>", "/article/" + seed.ID}},
		{"search facet link", "/search?q=" + url.QueryEscape("ایران"), 200, []string{"entity%3A", "type%3A"}},
		{"search malformed", "/search?q=" + url.QueryEscape(`"نخست`), 400, []string{`role="alert"`}},
		{"search nothing", "/search?q=" + url.QueryEscape("واژه‌ای‌که‌نیست"), 200, []string{"نتیجه‌ای یافت نشد"}},
		{"entity", "/entity/" + pid, 200, []string{"ولادیمیر پوتین", "Vladimir Putin", `class="bars"`, "رویدادها در نقش کنشگر", "President of Russia"}},
		{"entity by alias", "/entity/" + url.PathEscape("پوتین"), 200, []string{"Vladimir Putin"}},
		{"entity unknown", "/entity/nobody-at-all", 404, []string{"پیدا نشد"}},
		{"timeline", "/timeline", 200, []string{`id="timeline-chart"`, "ev-dot", "/article/"}},
		{"timeline entity", "/timeline?entity=" + url.QueryEscape("پوتین") + "&type=CONSULT", 200, []string{"ev-dot q-vc", "ولادیمیر پوتین"}},
		{"timeline bad date", "/timeline?from=tomorrow", 400, []string{`role="alert"`}},
		{"timeline empty window", "/timeline?from=2030-01-01", 200, []string{"رویدادی با این فیلترها نیست"}},
		{"network", "/network", 200, []string{`id="network-chart"`, `class="node"`, "path class=\"edge"}},
		{"network window", "/network?from=1404-08-20&to=1404-08-30&type=CONSULT", 200, []string{`id="network-chart"`}},
		{"network bad type", "/network?type=HUG", 400, []string{`role="alert"`}},
		{"unknown page", "/no/such/page", 404, []string{"صفحه پیدا نشد"}},
		{"static css", "/static/style.css", 200, []string{"prefers-color-scheme: dark", "Vazirmatn"}},
		{"static js", "/static/app.js", 200, []string{"use strict"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, nil)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.HasSuffix(tt.target, ".css") || strings.HasSuffix(tt.target, ".js") {
				return
			}
			// No inline script or style: the CSP forbids them.
			if regexp.MustCompile(`<script>|<script [^s]|\sstyle="|<style`).MatchString(body) {
				t.Error("page has inline script or style")
			}
		})
	}
}

// TestPagesEscape ingests an article full of markup through the API and checks that no page echoes it unescaped.
func TestPagesEscape(t *testing.T) {
	h := newTestServer(t, nil).Handler()
	evil := `<script>alert(1)</script>`
	body := `{"title":"عنوان ` + strings.ReplaceAll(evil, `"`, `\"`) + ` تهران","text":"ولادیمیر پوتین در مسکو گفت <img src=x onerror=alert(2)> \"<b>نقل</b>\".","published":"2025-11-18T09:00:00+03:30","source":"<i>src</i>"}`
	rec := do(t, h, "POST", "/api/articles", strings.NewReader(body), "Authorization", "Bearer "+testToken)
	if rec.Code != 201 {
		t.Fatalf("ingest: %d %s", rec.Code, rec.Body)
	}
	id := regexp.MustCompile(`"new":\["([0-9a-f]+)"`).FindStringSubmatch(rec.Body.String())
	if id == nil {
		t.Fatalf("no new ID in %s", rec.Body)
	}
	for _, target := range []string{"/", "/article/" + id[1], "/search?q=" + url.QueryEscape("تهران "+evil),
		"/search?q=" + url.QueryEscape(`"`+evil), "/timeline?entity=" + url.QueryEscape(evil), "/entity/" + url.PathEscape(evil)} {
		rec := do(t, h, "GET", target, nil)
		b := rec.Body.String()
		for _, bad := range []string{"<script>alert", "<img src=x", "<b>نقل", "<i>src"} {
			if strings.Contains(b, bad) {
				t.Errorf("%s: unescaped %q", target, bad)
			}
		}
	}
}

func TestRelative(t *testing.T) {
	now := time.Date(2025, 11, 16, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		t        time.Time
		dateOnly bool
		want     string
	}{
		{now.Add(-30 * time.Second), false, "همین حالا"},
		{now.Add(-5 * time.Minute), false, "۵ دقیقه پیش"},
		{now.Add(-3 * time.Hour), false, "۳ ساعت پیش"},
		{now.Add(-3*time.Hour - 59*time.Minute), false, "۳ ساعت پیش"},
		{now.Add(-50 * time.Hour), false, "۲ روز پیش"},
		{now.Add(-70 * 24 * time.Hour), false, "۲ ماه پیش"},
		{now.Add(-800 * 24 * time.Hour), false, "۲ سال پیش"},
		{now.Add(2 * time.Hour), false, "در آینده"},
		{time.Date(2025, 11, 16, 0, 0, 0, 0, time.UTC), true, "امروز"},
		{time.Date(2025, 11, 15, 0, 0, 0, 0, time.UTC), true, "دیروز"},
		{time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC), true, "۶ روز پیش"},
	}
	for _, tt := range tests {
		if got := relative(now, tt.t, tt.dateOnly); got != tt.want {
			t.Errorf("relative(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestWhen(t *testing.T) {
	s := newTestServer(t, func(c *Config) {
		c.Now = func() time.Time { return time.Date(2025, 11, 16, 13, 30, 0, 0, time.UTC) }
	})
	w := s.when("2025-11-16T10:30:00Z")
	if w.Jalali != "۲۵ آبان ۱۴۰۴" || w.Relative != "۳ ساعت پیش" || !strings.HasPrefix(w.Gregorian, "16 Nov 2025") {
		t.Errorf("when = %+v", w)
	}
	if w := s.when("2025-11-16"); w.Clock != "" || w.Gregorian != "16 Nov 2025" || w.Relative != "امروز" {
		t.Errorf("date-only when = %+v", w)
	}
	if w := s.when("not a date"); w.Valid {
		t.Errorf("invalid date is valid: %+v", w)
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		f        func(string) string
		in, want string
	}{
		{dayLabel, "2025-11-16", "۲۵ آبان ۱۴۰۴"},
		{dayLabel, "2025-11-16T10:00:00Z", "۲۵ آبان ۱۴۰۴"},
		{dayLabel, "2025-10", "اکتبر ۲۰۲۵"},
		{dayLabel, "2025-W44", "هفته‌ی ۴۴ ۲۰۲۵"},
		{dayLabel, "2025", "۲۰۲۵"},
		{bucketLabel, "1404-08", "آبان ۱۴۰۴"},
		{bucketLabel, "2025-11", "نوامبر ۲۰۲۵"},
		{bucketLabel, "1404-08-25", "۲۵ آبان"},
		{bucketLabel, "2025-11-16", "۲۵ آبان ۱۴۰۴"},
		{bucketLabel, "x", "x"},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[any]string{0: "۰", 999: "۹۹۹", 1000: "۱٬۰۰۰", 1234567: "۱٬۲۳۴٬۵۶۷", -5000: "−۵٬۰۰۰", "12a": "۱۲a"} {
		if got := faDigits(in); got != want {
			t.Errorf("faDigits(%v) = %q, want %q", in, got, want)
		}
	}
	if got := asciiDigits("۱۲٣"); got != "123" {
		t.Errorf("asciiDigits = %q", got)
	}
}
