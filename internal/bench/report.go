package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Write prints the report as readable tables: the run, ingest and index figures, latency per query class and
// the spelling groups.
func (r Report) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	db := r.DB
	if db == "" {
		db = "(temporary)"
	}
	fmt.Fprintf(w, "khabar bench search — %s, %d articles, seed %d, mode %s, %d CPUs (GOMAXPROCS %d, %d workers)\n",
		r.Date.Format("2006-01-02 15:04 UTC"), r.Articles, r.Seed, r.Mode, r.CPUs, r.GOMAXPROCS, r.Workers)
	fmt.Fprintf(w, "database %s: %d articles stored", db, r.Stored)
	if r.Failed > 0 {
		fmt.Fprintf(w, ", %d failed", r.Failed)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	if r.Reused {
		fmt.Fprintln(w, "ingest skipped: the database already held the corpus")
	} else {
		p("corpus generation\t%.1f s\t%.0f articles/s\t\n", r.CorpusSeconds, rate(r.Articles, r.CorpusSeconds))
		p("ingest (analyse + store)\t%.1f s\t%.0f articles/s\t  with the optimize\t\n", r.IngestSeconds, r.IngestRate)
		p("index (writing batches)\t%.1f s\t%.0f articles/s\t  with the optimize\t\n", r.IndexSeconds, r.IndexRate)
		p("optimize (compact the index)\t%.1f s\t\t\n", r.OptimizeSeconds)
	}
	p("index size\t%s\t%.0f bytes/article\t\n", human(r.DBBytes), r.BytesPerArticle)
	p("peak RSS (VmHWM)\t%s\t\t\n", human(r.PeakRSS))
	p("peak anonymous RSS\t%s\t  process memory, without mapped files\t\n", human(r.PeakAnon))
	if err := tw.Flush(); err != nil {
		return err
	}

	counting := "counting stops past the rank window"
	if r.ExactTotal {
		counting = "every match counted"
	}
	fmt.Fprintf(w, "\n%d queries, %d errors, %s; latency in ms\n", r.Queries, r.Errors, counting)
	p("class\tqueries\tp50\tp95\tp99\tmax\tmean matches\tno match\tcount stopped\t\n")
	for _, c := range append(append([]ClassStats{}, r.Classes...), r.All) {
		p("%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%d\t%d\t\n", c.Class, c.Queries, c.P50, c.P95, c.P99, c.Max,
			c.MeanHits, c.Empty, c.AtLeast)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nspelling variants (identical result sets)")
	p("kind\tgroups\tidentical\trecall\t\n")
	for _, s := range r.Spelling {
		p("%s\t%d\t%d\t%.3f\t\n", s.Kind, s.Groups, s.Identical, s.Recall)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Slowest) > 0 {
		fmt.Fprintln(w, "\nslowest queries")
		for _, s := range r.Slowest[:min(5, len(r.Slowest))] {
			fmt.Fprintf(w, "  %8.2f ms  %-14s %6d matches  %s\n", s.Ms, s.Class, s.Total, s.Query)
		}
	}
	for _, m := range r.Mismatches {
		fmt.Fprintf(w, "  differ: %s\n", m)
	}
	for _, e := range r.FirstErrors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	return nil
}

func rate(n int, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return float64(n) / s
}

// human prints a byte count in B, KiB, MiB or GiB.
func human(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, i := float64(n), 0
	for f >= unit && i < 3 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f %s", f, strings.Split("B KiB MiB GiB", " ")[i])
}
