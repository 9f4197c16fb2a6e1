package event

import (
	"encoding/json"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	text := os.Getenv("EVTEXT")
	if text == "" {
		t.Skip("set EVTEXT")
	}
	c := newTestCoder(t)
	evs := codeText(c, text, nil)
	b, _ := json.MarshalIndent(evs, "", " ")
	t.Log(string(b))
}
