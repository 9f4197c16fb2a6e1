package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// named is a report with the name of its engine.
type named struct {
	name string
	Report
}

// compare prints reports side by side; the first is the reference (Khabar's), and each other column is followed
// by the ratio reference/other.
func compare(paths []string, w io.Writer) error {
	if len(paths) < 2 {
		return errors.New("compare: want at least two report files (Khabar's first)")
	}
	var rs []named
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var r struct {
			Report
			Mode string `json:"mode"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		name := r.Engine
		if name == "" {
			name = "khabar " + r.Mode
		}
		rs = append(rs, named{name, r.Report})
	}
	return compareReports(w, rs)
}

func compareReports(w io.Writer, rs []named) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	ref := rs[0]
	header := []string{"", ref.name}
	for _, r := range rs[1:] {
		header = append(header, r.name, "ratio")
	}
	fmt.Fprintf(w, "%d articles, %d queries, %d CPUs; ratio = %s / other\n\n", ref.Articles, ref.Queries, ref.CPUs, ref.name)
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	row := func(label, format string, get func(Report) float64) {
		cells := []string{label, fmt.Sprintf(format, get(ref.Report))}
		for _, r := range rs[1:] {
			v := get(r.Report)
			ratio := "-"
			if v != 0 {
				ratio = fmt.Sprintf("%.2f×", get(ref.Report)/v)
			}
			cells = append(cells, fmt.Sprintf(format, v), ratio)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	row("ingest articles/s", "%.0f", func(r Report) float64 { return r.IngestRate })
	row("index articles/s", "%.0f", func(r Report) float64 { return r.IndexRate })
	row("index bytes/article", "%.0f", func(r Report) float64 { return r.BytesPerArticle })
	row("peak RSS MiB", "%.0f", func(r Report) float64 { return float64(r.PeakRSS) / (1 << 20) })
	row("queries unsupported", "%.0f", func(r Report) float64 { return float64(r.Unsupported) })
	row("all p50 ms", "%.2f", func(r Report) float64 { return r.All.P50 })
	row("all p95 ms", "%.2f", func(r Report) float64 { return r.All.P95 })
	row("all p99 ms", "%.2f", func(r Report) float64 { return r.All.P99 })
	for _, c := range ref.Classes {
		class := c.Class
		get := func(r Report) *ClassStats {
			for i := range r.Classes {
				if r.Classes[i].Class == class {
					return &r.Classes[i]
				}
			}
			return &ClassStats{}
		}
		row(class+" p50 ms", "%.2f", func(r Report) float64 { return get(r).P50 })
		row(class+" p99 ms", "%.2f", func(r Report) float64 { return get(r).P99 })
		row(class+" mean matches", "%.0f", func(r Report) float64 { return get(r).MeanHits })
	}
	for _, s := range ref.Spelling {
		kind := s.Kind
		get := func(r Report) SpellStats {
			for _, x := range r.Spelling {
				if x.Kind == kind {
					return x
				}
			}
			return SpellStats{}
		}
		row(fmt.Sprintf("%s groups identical (of %d)", kind, s.Groups), "%.0f", func(r Report) float64 { return float64(get(r).Identical) })
		row(kind+" recall", "%.3f", func(r Report) float64 { return get(r).Recall })
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range rs {
		for i, m := range r.Mismatches {
			if i == 5 {
				fmt.Fprintf(w, "  %s: … %d more\n", r.name, len(r.Mismatches)-5)
				break
			}
			fmt.Fprintf(w, "  %s differs: %s\n", r.name, m)
		}
	}
	return nil
}
