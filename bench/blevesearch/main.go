// Command blevesearch indexes Khabar's synthetic benchmark corpus with bleve v2 and runs the same query mix, so
// that Khabar's search can be compared with bleve's: its "fa" analyzer, and "fa-zwnj", a ZWNJ-aware custom
// analyzer (ZWNJ removed and digits folded to ASCII before the unicode tokenizer, then lower case and bleve's
// Arabic and Persian letter normalisation, no stop list). It lives in its own module so that Khabar's binary
// never depends on bleve.
//
//	khabar bench corpus --articles N --seed S > corpus.jsonl
//	khabar bench queries --seed S > queries.jsonl
//	khabar bench search --articles N --seed S --json > khabar.json
//	blevesearch run --corpus corpus.jsonl --queries queries.jsonl --analyzer fa --json > bleve-fa.json
//	blevesearch run --corpus corpus.jsonl --queries queries.jsonl --analyzer fa-zwnj --json > bleve-zwnj.json
//	blevesearch compare khabar.json bleve-fa.json bleve-zwnj.json
//
// Each engine runs in its own process, so that peak RSS is its own.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "blevesearch:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("want a command: run or compare")
	}
	switch args[0] {
	case "compare":
		return compare(args[1:], stdout)
	case "run":
	default:
		return fmt.Errorf("unknown command %q: want run or compare", args[0])
	}
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	corpus := fl.String("corpus", "", "corpus, JSON Lines (khabar bench corpus)")
	queries := fl.String("queries", "", "query mix, JSON Lines (khabar bench queries)")
	analyzer := fl.String("analyzer", "fa", "fa or fa-zwnj")
	dir := fl.String("index", "", "index directory; empty means a temporary one, removed at the end")
	limit := fl.Int("limit", 20, "hits per query page")
	batch := fl.Int("batch", 500, "documents per index batch")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	if *corpus == "" || *queries == "" {
		return errors.New("run: want --corpus and --queries")
	}
	rep, err := bench(*corpus, *queries, *analyzer, *dir, *limit, *batch)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.write(stdout)
}

// Report has the JSON shape of Khabar's bench.Report (the fields both engines share).
type Report struct {
	Engine          string       `json:"engine"`
	Date            time.Time    `json:"date"`
	Articles        int          `json:"articles"`
	Stored          int          `json:"stored"`
	CPUs            int          `json:"cpus"`
	IngestSeconds   float64      `json:"ingest_seconds"`
	IngestRate      float64      `json:"ingest_per_second"`
	IndexSeconds    float64      `json:"index_seconds"`
	IndexRate       float64      `json:"index_per_second"`
	DBBytes         int64        `json:"db_bytes"`
	BytesPerArticle float64      `json:"bytes_per_article"`
	Queries         int          `json:"queries"`
	Errors          int          `json:"errors"`
	Unsupported     int          `json:"unsupported"` // queries bleve cannot express (type:)
	Classes         []ClassStats `json:"classes"`
	All             ClassStats   `json:"all"`
	Spelling        []SpellStats `json:"spelling"`
	Mismatches      []string     `json:"mismatches,omitempty"`
	PeakRSS         int64        `json:"peak_rss_bytes"`
}

// ClassStats are the latency figures of one query class, in milliseconds.
type ClassStats struct {
	Class    string  `json:"class"`
	Queries  int     `json:"queries"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	MeanHits float64 `json:"mean_total"`
	Empty    int     `json:"empty"`
}

// SpellStats sum up the spelling groups of one kind, as in Khabar's report.
type SpellStats struct {
	Kind      string  `json:"kind"`
	Groups    int     `json:"groups"`
	Identical int     `json:"identical"`
	Recall    float64 `json:"recall"`
}

// Query is a query of the mix (bench.Query).
type Query struct {
	Class   string   `json:"class"`
	Group   string   `json:"group"`
	Text    string   `json:"query"`
	Words   []string `json:"words"`
	Phrase  string   `json:"phrase"`
	Entity  string   `json:"entity"`
	Type    string   `json:"type"`
	Source  string   `json:"source"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Variant string   `json:"variant"`
}

// article is a corpus line.
type article struct {
	Source    string `json:"source"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Body      []struct {
		Text string `json:"text"`
	} `json:"body"`
}

// zwnjFolder is the char filter of the fa-zwnj analyzer: it removes ZWNJ and writes Persian and Arabic-Indic
// digits in ASCII.
type zwnjFolder struct{}

func (zwnjFolder) Filter(in []byte) []byte {
	var b strings.Builder
	b.Grow(len(in))
	for _, r := range string(in) {
		switch {
		case r == '\u200c':
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		default:
			b.WriteRune(r)
		}
	}
	return []byte(b.String())
}

const zwnjAnalyzer = "fa-zwnj"

func init() {
	err := registry.RegisterCharFilter("zwnj_fold", func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return zwnjFolder{}, nil
	})
	if err != nil {
		panic(err)
	}
}

func indexMapping(analyzer string) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	switch analyzer {
	case fa.AnalyzerName:
	case zwnjAnalyzer:
		err := m.AddCustomAnalyzer(zwnjAnalyzer, map[string]any{
			"type":          custom.Name,
			"char_filters":  []any{"zwnj_fold"},
			"tokenizer":     unicode.Name,
			"token_filters": []any{lowercase.Name, ar.NormalizeName, fa.NormalizeName},
		})
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown analyzer %q: want fa or fa-zwnj", analyzer)
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzer
	text.Store = true // for highlighting, as Khabar cuts snippets from stored text
	kw := bleve.NewKeywordFieldMapping()
	date := bleve.NewDateTimeFieldMapping()
	doc := bleve.NewDocumentMapping()
	doc.AddFieldMappingsAt("title", text)
	doc.AddFieldMappingsAt("body", text)
	doc.AddFieldMappingsAt("source", kw)
	doc.AddFieldMappingsAt("published", date)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzer
	return m, nil
}

func bench(corpusPath, queriesPath, analyzer, dir string, limit, batchSize int) (Report, error) {
	rep := Report{Engine: "bleve " + analyzer, Date: time.Now().UTC(), CPUs: runtime.NumCPU()}
	m, err := indexMapping(analyzer)
	if err != nil {
		return rep, err
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "blevesearch-")
		if err != nil {
			return rep, err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "index")
	}
	idx, err := bleve.New(dir, m)
	if err != nil {
		return rep, fmt.Errorf("create index %s: %w", dir, err)
	}
	defer idx.Close()

	f, err := os.Open(corpusPath)
	if err != nil {
		return rep, err
	}
	defer f.Close()
	start := time.Now()
	var indexTime time.Duration
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	b := idx.NewBatch()
	flush := func() error {
		t := time.Now()
		err := idx.Batch(b)
		indexTime += time.Since(t)
		b.Reset()
		return err
	}
	for n := 0; sc.Scan(); n++ {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return rep, fmt.Errorf("%s:%d: %w", corpusPath, n+1, err)
		}
		pub, err := time.Parse(time.RFC3339, a.Published)
		if err != nil {
			return rep, fmt.Errorf("%s:%d: %w", corpusPath, n+1, err)
		}
		parts := make([]string, len(a.Body))
		for i, p := range a.Body {
			parts[i] = p.Text
		}
		doc := map[string]any{"title": a.Title, "body": strings.Join(parts, "\n\n"), "source": a.Source, "published": pub}
		if err := b.Index(fmt.Sprintf("d%d", n), doc); err != nil {
			return rep, err
		}
		rep.Articles++
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return rep, err
	}
	if err := flush(); err != nil {
		return rep, err
	}
	rep.IngestSeconds = time.Since(start).Seconds()
	rep.IndexSeconds = indexTime.Seconds()
	rep.IngestRate = float64(rep.Articles) / rep.IngestSeconds
	rep.IndexRate = float64(rep.Articles) / rep.IndexSeconds
	count, err := idx.DocCount()
	if err != nil {
		return rep, err
	}
	rep.Stored = int(count)
	rep.DBBytes = dirSize(dir)
	if rep.Stored > 0 {
		rep.BytesPerArticle = float64(rep.DBBytes) / float64(rep.Stored)
	}

	qs, err := readQueries(queriesPath)
	if err != nil {
		return rep, err
	}
	if err := runQueries(idx, qs, limit, &rep); err != nil {
		return rep, err
	}
	rep.PeakRSS = peakRSS()
	return rep, nil
}

func readQueries(path string) ([]Query, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []Query
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var q Query
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// inText matches a query in the title or the body.
func inText(mk func(field string) query.Query) query.Query {
	return bleve.NewDisjunctionQuery(mk("title"), mk("body"))
}

// compile builds the bleve query of a mix query: every word in title or body, the phrase and the entity's
// name as phrases, source as a keyword, the date window as a date range. ok is false for a query bleve cannot
// express (type:, a PLOVER event category that only Khabar's analyser extracts).
func compile(q Query) (query.Query, bool, error) {
	if q.Type != "" {
		return nil, false, nil
	}
	var parts []query.Query
	for _, w := range q.Words {
		parts = append(parts, inText(func(f string) query.Query {
			m := bleve.NewMatchQuery(w)
			m.SetField(f)
			return m
		}))
	}
	for _, p := range []string{q.Phrase, q.Entity} {
		if p == "" {
			continue
		}
		parts = append(parts, inText(func(f string) query.Query {
			m := bleve.NewMatchPhraseQuery(p)
			m.SetField(f)
			return m
		}))
	}
	if q.Source != "" {
		t := bleve.NewTermQuery(q.Source)
		t.SetField("source")
		parts = append(parts, t)
	}
	if q.From != "" {
		from, err := time.Parse(time.RFC3339, q.From)
		if err != nil {
			return nil, false, err
		}
		to, err := time.Parse(time.RFC3339, q.To)
		if err != nil {
			return nil, false, err
		}
		incl, excl := true, false
		d := bleve.NewDateRangeInclusiveQuery(from, to, &incl, &excl)
		d.SetField("published")
		parts = append(parts, d)
	}
	if len(parts) == 0 {
		return nil, false, fmt.Errorf("query %q: nothing to search", q.Text)
	}
	if len(parts) == 1 {
		return parts[0], true, nil
	}
	return bleve.NewConjunctionQuery(parts...), true, nil
}

type sample struct {
	ms    float64
	total int
}

func runQueries(idx bleve.Index, qs []Query, limit int, rep *Report) error {
	byClass := map[string][]sample{}
	var all []sample
	var order []string
	for _, q := range qs {
		bq, ok, err := compile(q)
		if err != nil {
			return err
		}
		if !ok {
			rep.Unsupported++
			continue
		}
		start := time.Now()
		req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
		req.Highlight = bleve.NewHighlight()
		req.Highlight.AddField("body")
		res, err := idx.Search(req)
		ms := float64(time.Since(start)) / float64(time.Millisecond)
		if err != nil {
			rep.Errors++
			continue
		}
		if _, ok := byClass[q.Class]; !ok {
			order = append(order, q.Class)
		}
		s := sample{ms: ms, total: int(res.Total)}
		byClass[q.Class] = append(byClass[q.Class], s)
		all = append(all, s)
	}
	rep.Queries = len(qs)
	for _, c := range []string{"word", "compound", "variant", "phrase", "entity", "type", "source", "date-gregorian",
		"date-jalali", "mixed"} {
		if ss := byClass[c]; len(ss) > 0 {
			rep.Classes = append(rep.Classes, summarize(c, ss))
		}
	}
	rep.All = summarize("all", all)

	groups := map[string][]Query{}
	var gorder []string
	for _, q := range qs {
		if q.Group == "" {
			continue
		}
		if _, ok := groups[q.Group]; !ok {
			gorder = append(gorder, q.Group)
		}
		groups[q.Group] = append(groups[q.Group], q)
	}
	kinds := map[string]*SpellStats{}
	var korder []string
	for _, g := range gorder {
		kind, _, _ := strings.Cut(g, "#")
		ks := kinds[kind]
		if ks == nil {
			ks = &SpellStats{Kind: kind}
			kinds[kind] = ks
			korder = append(korder, kind)
		}
		var sets [][]string
		var totals []int
		for _, q := range groups[g] {
			bq, _, err := compile(q)
			if err != nil {
				return err
			}
			req := bleve.NewSearchRequestOptions(bq, 1000, 0, false)
			req.SortBy([]string{"-published", "_id"})
			res, err := idx.Search(req)
			if err != nil {
				return err
			}
			ids := make([]string, len(res.Hits))
			for i, h := range res.Hits {
				ids[i] = h.ID
			}
			slices.Sort(ids)
			sets = append(sets, ids)
			totals = append(totals, int(res.Total))
		}
		ks.Groups++
		same := true
		for i := 1; i < len(sets); i++ {
			same = same && totals[i] == totals[0] && slices.Equal(sets[i], sets[0])
		}
		if same {
			ks.Identical++
		} else if len(rep.Mismatches) < 20 {
			var ts []string
			for _, q := range groups[g] {
				ts = append(ts, q.Text)
			}
			rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: totals %v", strings.Join(ts, " | "), totals))
		}
		ks.Recall += groupRecall(sets)
	}
	for _, k := range korder {
		ks := kinds[k]
		ks.Recall /= float64(ks.Groups)
		rep.Spelling = append(rep.Spelling, *ks)
	}
	return nil
}

func summarize(class string, ss []sample) ClassStats {
	cs := ClassStats{Class: class, Queries: len(ss)}
	if len(ss) == 0 {
		return cs
	}
	ms := make([]float64, len(ss))
	hits := 0
	for i, s := range ss {
		ms[i] = s.ms
		hits += s.total
		if s.total == 0 {
			cs.Empty++
		}
	}
	sort.Float64s(ms)
	cs.P50, cs.P95, cs.P99, cs.Max = percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms[len(ms)-1]
	cs.MeanHits = float64(hits) / float64(len(ss))
	return cs
}

// percentile returns the p-th percentile (nearest rank) of sorted values.
func percentile(sorted []float64, p float64) float64 {
	i := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// groupRecall is the mean share of the union of sets that each set holds; 1 when all are equal (or all empty).
func groupRecall(sets [][]string) float64 {
	union := map[string]bool{}
	for _, s := range sets {
		for _, id := range s {
			union[id] = true
		}
	}
	if len(union) == 0 || len(sets) == 0 {
		return 1
	}
	sum := 0.0
	for _, s := range sets {
		sum += float64(len(s)) / float64(len(union))
	}
	return sum / float64(len(sets))
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// peakRSS returns VmHWM from /proc/self/status in bytes, 0 when unknown.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb)
			return kb * 1024
		}
	}
	return 0
}

func (r Report) write(w io.Writer) error {
	return compareReports(w, []named{{r.Engine, r}})
}
