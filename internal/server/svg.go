package server

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/timex"
)

// Charts are computed here as plain geometry and drawn by the templates, so that every label goes through
// html/template's escaping. Axes run right to left: the earliest time is on the right, as Persian reads.

// jalaliMonths are the Jalali month names, for chart labels.
var jalaliMonths = [12]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
	"دی", "بهمن", "اسفند"}

// Bar is one bar of a BarChart.
type Bar struct {
	X, Y, W, H float64
	LX, LY     float64 // label position
	Label      string  // bucket label, shown under the bar when ShowLabel
	ShowLabel  bool
	Count      string // count in Persian digits
	Title      string // tooltip
	Href       string // a filter link, "" for none
}

// GridLine is a horizontal guide with its value.
type GridLine struct {
	Y     float64
	Label string
}

// BarChart is a histogram.
type BarChart struct {
	W, H   int
	Base   float64 // y of the baseline
	Bars   []Bar
	Grid   []GridLine
	Total  int
	Empty  bool
	Title  string // accessible title
	Unit   string // what the bars count, for tooltips
	Labels string // description of the axis
}

// bucketLabel renders a histogram bucket label (2025-11, 1404-08, 2025-11-10, 1404-08-19) in Persian.
func bucketLabel(l string) string {
	parts := strings.Split(l, "-")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return timex.PersianDigits(l)
		}
		nums[i] = n
	}
	switch {
	case len(nums) == 2 && nums[0] < 1700 && nums[1] >= 1 && nums[1] <= 12:
		return jalaliMonths[nums[1]-1] + " " + timex.PersianDigits(strconv.Itoa(nums[0]))
	case len(nums) == 2 && nums[1] >= 1 && nums[1] <= 12:
		return gregorianMonthsFa[nums[1]-1] + " " + timex.PersianDigits(strconv.Itoa(nums[0]))
	case len(nums) == 3 && nums[0] < 1700 && nums[1] >= 1 && nums[1] <= 12:
		return timex.PersianDigits(strconv.Itoa(nums[2])) + " " + jalaliMonths[nums[1]-1]
	case len(nums) == 3:
		if t, err := time.Parse("2006-01-02", l); err == nil {
			return timex.FormatJalali(t)
		}
	}
	return timex.PersianDigits(l)
}

// barChart lays out buckets as bars, oldest on the right; href gives each bar's link ("" for none).
func barChart(buckets []search.Bucket, w, h int, unit string, href func(search.Bucket) string) BarChart {
	c := BarChart{W: w, H: h, Unit: unit}
	const top, bottom, side = 16.0, 34.0, 36.0
	c.Base = float64(h) - bottom
	if len(buckets) == 0 {
		c.Empty = true
		return c
	}
	maxV := 0
	for _, b := range buckets {
		maxV = max(maxV, b.Count)
		c.Total += b.Count
	}
	scaleMax := niceCeil(maxV)
	plotW := float64(w) - 2*side
	slot := plotW / float64(len(buckets))
	bw := math.Min(slot*0.72, 64)
	every := int(math.Ceil(float64(len(buckets)) * 70 / plotW)) // at most one label per 70 px
	for i, b := range buckets {
		bh := (c.Base - top) * float64(b.Count) / float64(scaleMax)
		x := float64(w) - side - slot*float64(i+1) + (slot-bw)/2
		label := bucketLabel(b.Label)
		bar := Bar{X: round1(x), Y: round1(c.Base - bh), W: round1(bw), H: round1(bh), LX: round1(x + bw/2),
			LY: round1(c.Base + 18), Label: label, ShowLabel: (len(buckets)-1-i)%every == 0,
			Count: faDigits(b.Count), Title: label + ": " + faDigits(b.Count) + " " + unit}
		if href != nil {
			bar.Href = href(b)
		}
		c.Bars = append(c.Bars, bar)
	}
	for _, v := range []int{scaleMax / 2, scaleMax} {
		if v == 0 {
			continue
		}
		y := c.Base - (c.Base-top)*float64(v)/float64(scaleMax)
		c.Grid = append(c.Grid, GridLine{Y: round1(y), Label: faDigits(v)})
	}
	return c
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeil(n int) int {
	if n <= 1 {
		return 1
	}
	p := 1
	for p*10 < n {
		p *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if m*p >= n {
			return m * p
		}
	}
	return 10 * p
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// Dot is one event on a timeline.
type Dot struct {
	X, Y, R float64
	Class   string
	Href    string
	Title   string
}

// Tick is a labelled mark on a time axis.
type Tick struct {
	X     float64
	Label string
}

// TimelineChart places events on a time axis, stacked by day.
type TimelineChart struct {
	W, H  int
	AxisY float64
	// TickEnd, LabelY and AxisEnd place the tick marks, their labels and the axis line.
	TickEnd, LabelY, AxisEnd float64
	Dots                     []Dot
	Ticks                    []Tick
	Empty                    bool
	From                     string // first day, Persian
	To                       string // last day, Persian
}

// timelineChart lays out events by day; events without a day are left out.
func (s *Server) timelineChart(evs []store.EventRecord, w int) TimelineChart {
	c := TimelineChart{W: w}
	type item struct {
		t time.Time
		e store.EventRecord
	}
	var items []item
	for _, e := range evs {
		t, err := time.Parse("2006-01-02", e.Day)
		if err != nil {
			continue
		}
		items = append(items, item{t, e})
	}
	if len(items) == 0 {
		c.Empty, c.H = true, 60
		return c
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].t.Before(items[j].t) })
	first, last := items[0].t, items[len(items)-1].t
	lo, hi := first.AddDate(0, 0, -1), last.AddDate(0, 0, 1)
	span := hi.Sub(lo).Hours()
	const side = 40.0
	plotW := float64(w) - 2*side
	x := func(t time.Time) float64 { return round1(float64(w) - side - plotW*t.Sub(lo).Hours()/span) }
	lanes := map[string]int{}
	maxLane := 0
	for _, it := range items {
		lane := lanes[it.e.Day]
		lanes[it.e.Day]++
		maxLane = max(maxLane, lane)
		_ = lane
	}
	const step = 15.0
	c.AxisY = 30 + step*float64(maxLane+1)
	c.H = int(c.AxisY) + 40
	c.TickEnd, c.LabelY, c.AxisEnd = c.AxisY+6, c.AxisY+24, float64(w)-20
	for k := range lanes {
		lanes[k] = 0
	}
	for _, it := range items {
		lane := lanes[it.e.Day]
		lanes[it.e.Day]++
		e := it.e
		title := categoryFa[e.Type] + " (" + e.Type + ") · " + timex.FormatJalali(it.t)
		if len(e.Actors) > 0 {
			title += " · " + strings.Join(s.partyNames(e.Actors, e.ActorInfo), "، ")
		}
		if len(e.Recipients) > 0 {
			title += " ← " + strings.Join(s.partyNames(e.Recipients, e.RecipientInfo), "، ")
		}
		c.Dots = append(c.Dots, Dot{X: x(it.t), Y: c.AxisY - 16 - step*float64(lane), R: 6,
			Class: quadClass(e.Quad), Href: articleHref(e.ArticleID) + "#event-" + strconv.Itoa(e.Index), Title: title})
	}
	c.From, c.To = timex.FormatJalali(first), timex.FormatJalali(last)
	// Ticks: Jalali month starts, or days when the window is short.
	days := int(hi.Sub(lo).Hours()/24) + 1
	if days <= 45 {
		stride := max(1, days/8)
		for t := lo; !t.After(hi); t = t.AddDate(0, 0, stride) {
			jy, jm, jd := timex.ToJalali(t)
			_ = jy
			c.Ticks = append(c.Ticks, Tick{X: x(t), Label: timex.PersianDigits(strconv.Itoa(jd)) + " " + jalaliMonths[jm-1]})
		}
	} else {
		jy, jm, _ := timex.ToJalali(lo)
		monthsPer := max(1, days/30/10)
		for {
			t, err := timex.JalaliDate(jy, jm, 1, time.UTC)
			if err != nil || t.After(hi) {
				break
			}
			if !t.Before(lo) {
				c.Ticks = append(c.Ticks, Tick{X: x(t), Label: jalaliMonths[jm-1] + " " + timex.PersianDigits(strconv.Itoa(jy))})
			}
			jm += monthsPer
			for jm > 12 {
				jm -= 12
				jy++
			}
		}
	}
	return c
}

// partyNames returns the Persian display names of an event's parties.
func (s *Server) partyNames(names []string, info []article.Party) []string {
	out := make([]string, len(names))
	for i, n := range names {
		id := ""
		if i < len(info) {
			id = info[i].ID
		}
		out[i] = s.faName(id, n)
	}
	return out
}

// Node is an actor of the network.
type Node struct {
	Key        string
	X, Y, R    float64
	LX, LY     float64
	Anchor     string // text-anchor of the label, for right-to-left text
	Label      string
	Href       string
	Class      string // entity type class
	Title      string
	Weight     int
	labelAngle float64
}

// NetEdge is a relation between two actors, aggregated over events.
type NetEdge struct {
	D        string // SVG path
	Width    float64
	Class    string // quad class
	Title    string
	Directed bool
	Count    int
	Pair     string // "A ← B" or "A — B"
}

// Network is an actor network laid out on a circle.
type Network struct {
	W, H   int
	Nodes  []Node
	Edges  []NetEdge
	Empty  bool
	Events int // events drawn
	Hidden int // actors left out to keep the drawing readable
}

// netKey identifies an edge: directed actor→recipient, or an undirected pair of co-actors.
type netKey struct {
	a, b     string
	directed bool
}

// maxNodes bounds the actors drawn.
const maxNodes = 36

// network builds the actor network of events: an actor→recipient edge per pair, or, for events with actors but
// no recipient (a phone call, a meeting), an undirected edge between every two actors.
func (s *Server) network(evs []store.EventRecord, size int) Network {
	nw := Network{W: size, H: size}
	names := map[string]string{}
	types := map[string]string{}
	weight := map[string]int{}
	type agg struct {
		count int
		quads map[string]int
	}
	edges := map[netKey]*agg{}
	add := func(k netKey, quad string) {
		a := edges[k]
		if a == nil {
			a = &agg{quads: map[string]int{}}
			edges[k] = a
		}
		a.count++
		a.quads[quad]++
		weight[k.a]++
		weight[k.b]++
	}
	party := func(name string, info []article.Party, i int) string {
		key, typ := name, ""
		if i < len(info) {
			if info[i].ID != "" {
				key = info[i].ID
			}
			typ = info[i].Type
		}
		if key == "" {
			return ""
		}
		names[key] = s.faName(key, name)
		if typ != "" {
			types[key] = typ
		}
		return key
	}
	for _, e := range evs {
		var actors, recips []string
		for i, n := range e.Actors {
			if k := party(n, e.ActorInfo, i); k != "" {
				actors = append(actors, k)
			}
		}
		for i, n := range e.Recipients {
			if k := party(n, e.RecipientInfo, i); k != "" {
				recips = append(recips, k)
			}
		}
		drawn := false
		if len(recips) > 0 {
			for _, a := range actors {
				for _, r := range recips {
					if a != r {
						add(netKey{a, r, true}, e.Quad)
						drawn = true
					}
				}
			}
		} else {
			for i := range actors {
				for j := i + 1; j < len(actors); j++ {
					a, b := actors[i], actors[j]
					if a == b {
						continue
					}
					if b < a {
						a, b = b, a
					}
					add(netKey{a, b, false}, e.Quad)
					drawn = true
				}
			}
		}
		if drawn {
			nw.Events++
		}
	}
	if len(weight) == 0 {
		nw.Empty = true
		return nw
	}
	keys := make([]string, 0, len(weight))
	for k := range weight {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if weight[keys[i]] != weight[keys[j]] {
			return weight[keys[i]] > weight[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > maxNodes {
		nw.Hidden = len(keys) - maxNodes
		keys = keys[:maxNodes]
	}
	// Deterministic circular layout: heaviest actor at the top, then clockwise by weight, so that the busiest
	// actors sit next to each other.
	cx, cy := float64(size)/2, float64(size)/2
	radius := float64(size)/2 - 150
	maxW := weight[keys[0]]
	pos := map[string]int{}
	for i, k := range keys {
		ang := -math.Pi/2 + 2*math.Pi*float64(i)/float64(len(keys))
		r := 7 + 13*math.Sqrt(float64(weight[k])/float64(maxW))
		n := Node{Key: k, X: round1(cx + radius*math.Cos(ang)), Y: round1(cy + radius*math.Sin(ang)), R: round1(r),
			Label: names[k], Href: entityHref(k), Class: "n-" + classWord(types[k]), Weight: weight[k],
			Title: names[k] + ": " + faDigits(weight[k]) + " رابطه"}
		lr := radius + r + 8
		n.LX, n.LY = round1(cx+lr*math.Cos(ang)), round1(cy+lr*math.Sin(ang)+4)
		switch c := math.Cos(ang); {
		case c > 0.2: // right half: the label runs rightwards, so its end (left edge, in RTL) is at the point
			n.Anchor = "end"
		case c < -0.2:
			n.Anchor = "start"
		default:
			n.Anchor = "middle"
			if math.Sin(ang) < 0 {
				n.LY -= 6
			} else {
				n.LY += 8
			}
		}
		pos[k] = len(nw.Nodes)
		nw.Nodes = append(nw.Nodes, n)
	}
	ekeys := make([]netKey, 0, len(edges))
	for k := range edges {
		if _, ok := pos[k.a]; !ok {
			continue
		}
		if _, ok := pos[k.b]; !ok {
			continue
		}
		ekeys = append(ekeys, k)
	}
	sort.Slice(ekeys, func(i, j int) bool {
		ci, cj := edges[ekeys[i]].count, edges[ekeys[j]].count
		if ci != cj {
			return ci < cj // lighter first, so heavy edges are drawn on top
		}
		if ekeys[i].a != ekeys[j].a {
			return ekeys[i].a < ekeys[j].a
		}
		if ekeys[i].b != ekeys[j].b {
			return ekeys[i].b < ekeys[j].b
		}
		return !ekeys[i].directed && ekeys[j].directed
	})
	for _, k := range ekeys {
		a := edges[k]
		quad, best := "", 0
		for _, q := range quadOrder {
			if a.quads[q] > best {
				quad, best = q, a.quads[q]
			}
		}
		na, nb := nw.Nodes[pos[k.a]], nw.Nodes[pos[k.b]]
		// A quadratic curve bowed towards the centre; the end is pulled back to the node's rim for the arrow.
		mx, my := (na.X+nb.X)/2, (na.Y+nb.Y)/2
		qx, qy := mx+(cx-mx)*0.35, my+(cy-my)*0.35
		ex, ey := nb.X, nb.Y
		if k.directed {
			dx, dy := nb.X-qx, nb.Y-qy
			l := math.Hypot(dx, dy)
			if l > 0 {
				ex, ey = nb.X-dx/l*(nb.R+3), nb.Y-dy/l*(nb.R+3)
			}
		}
		rel := " — "
		if k.directed {
			rel = " ← "
		}
		title := names[k.a] + rel + names[k.b] + ": " + faDigits(a.count) + " رویداد"
		if quad != "" {
			title += " · " + quadFa[quad]
		}
		nw.Edges = append(nw.Edges, NetEdge{
			D:     fmt.Sprintf("M%.1f %.1f Q%.1f %.1f %.1f %.1f", na.X, na.Y, qx, qy, ex, ey),
			Width: round1(1.5 + 2.2*math.Log2(float64(a.count))), Class: quadClass(quad), Title: title,
			Directed: k.directed, Count: a.count, Pair: names[k.a] + rel + names[k.b]})
	}
	return nw
}
