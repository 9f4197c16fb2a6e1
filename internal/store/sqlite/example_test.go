package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
	"github.com/khabar/khabar/internal/store/storetest"
)

// Example shows what the CLI does: open the store (store.DefaultPath() gives the default location), put analysed
// records, parse a query and search.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "khabar-example")
	defer os.RemoveAll(dir)

	st, err := sqlite.Open(ctx, filepath.Join(dir, "khabar.db")) // the CLI passes store.DefaultPath() or --db
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()

	res, err := st.Put(ctx, storetest.Records())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new:", len(res.New), "duplicate:", len(res.Duplicate))

	// The same compound in its spaced spelling finds the ZWNJ, spaced and fused spellings.
	q, err := search.Parse("نخست وزیر هند", search.ParseOptions{})
	if err != nil {
		log.Fatal(err) // a *search.Error: message and position
	}
	results, err := st.Search(ctx, store.SearchRequest{Query: q, Sort: search.ByDate, Limit: 10,
		Facets: store.FacetOptions{Size: 5, Histogram: search.Month, Calendar: search.Jalali}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total:", results.Total)
	for _, h := range results.Hits {
		fmt.Println(h.Source, h.Snippet.Highlighted("[", "]"))
	}
	for _, b := range results.Facets.Dates {
		fmt.Println(b.Label, b.Count)
	}
	// Output:
	// new: 11 duplicate: 0
	// total: 2
	// Tasnim پوتین گفت: «ما به همکاری با [هند] ادامه می‌دهیم.» [نخستوزیر هند] از این تماس استقبال کرد.
	// ISNA ولادیمیر پوتین در تماس تلفنی با [نخست وزیر هند] درباره انرژی گفت‌وگو کرد.
	// 1404-08 2
}
