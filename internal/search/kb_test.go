package search

import (
	"reflect"
	"testing"

	"github.com/khabar/khabar/internal/entity"
)

// TestEntityKB resolves entity: filters through the real knowledge base: a Persian alias and the canonical
// English name give the same IDs.
func TestEntityKB(t *testing.T) {
	kb, err := entity.LoadKB()
	if err != nil {
		t.Fatal(err)
	}
	r := ResolverFunc(func(s string) (ids []string) {
		for _, e := range kb.Find(s) {
			ids = append(ids, e.ID)
		}
		return ids
	})
	var got [][]string
	for _, q := range []string{"entity:پوتین", `entity:"Vladimir Putin"`, "entity:پوتن"} {
		pq, err := Parse(q, ParseOptions{Resolver: r})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pq.Entities[0].IDs)
	}
	if len(got[0]) == 0 || !reflect.DeepEqual(got[0], got[1]) || !reflect.DeepEqual(got[0], got[2]) {
		t.Errorf("entity IDs = %v, want one non-empty set", got)
	}
}
