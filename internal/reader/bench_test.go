package reader

import (
	"testing"

	"github.com/khabar/khabar/internal/samples"
)

// BenchmarkParseSamples parses every embedded sample once per iteration and reports MB/s and docs/s.
func BenchmarkParseSamples(b *testing.B) {
	var inputs [][]byte
	var size int64
	for _, name := range samples.Files() {
		data, err := samples.Read(name)
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, data)
		size += int64(len(data))
	}
	r := New(Options{})
	b.SetBytes(size)
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		for _, data := range inputs {
			arts, err := r.Parse("bench", data)
			if err != nil {
				b.Fatal(err)
			}
			docs += len(arts)
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}
