package bench

import (
	"context"
	"os"
	"testing"
)

func TestSearchSmall(t *testing.T) {
	rep, err := Search(context.Background(), BenchOptions{Articles: 200, Queries: 60, Seed: 1, DB: t.TempDir() + "/b.db"})
	if err != nil {
		t.Fatal(err)
	}
	rep.Write(os.Stdout)
}
