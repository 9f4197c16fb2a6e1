package event

import "testing"

func TestQuad(t *testing.T) {
	if Quad("ASSAULT") != MaterialConflict || Quad("CONSULT") != VerbalCooperation || Quad("X") != "" {
		t.Error("quad classes")
	}
	if n := len(Categories()); n < 16 {
		t.Errorf("%d PLOVER types", n)
	}
	// GDELT's numbers follow the same table (DEMAND is verbal conflict, as in CAMEO's quad classes).
	for cat, want := range map[string]int{"CONSULT": 1, "AID": 2, "DEMAND": 3, "THREATEN": 3, "ASSAULT": 4, "X": 4} {
		if got := QuadClass(cat); got != want {
			t.Errorf("QuadClass(%s) = %d, want %d", cat, got, want)
		}
	}
}
