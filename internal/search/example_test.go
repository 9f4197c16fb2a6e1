package search_test

import (
	"errors"
	"fmt"

	"github.com/khabar/khabar/internal/search"
)

func ExampleParse() {
	q, err := search.Parse(`نخست‌وزیر -"شورای امنیت" source:IRNA date:1404-08`, search.ParseOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(q.Text)
	fmt.Println(q.Sources[0].Value, q.Dates[0].From.Format("2006-01-02"), q.Dates[0].To.Format("2006-01-02"))

	_, err = search.Parse(`ایران OR`, search.ParseOptions{})
	var qe *search.Error
	if errors.As(err, &qe) {
		fmt.Println(qe.Column(), qe.Msg)
	}
	// Output:
	// AND(نخستوزیر NOT("شورای امنیت"))
	// IRNA 2025-10-23 2025-11-22
	// 7 OR needs a word on both sides
}
