package bench

import (
	"bytes"
	"context"
	"testing"
)

func TestDump(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSONL(context.Background(), &b, CorpusOptions{Articles: 3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	t.Log(b.String())
}
