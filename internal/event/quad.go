package event

import "sort"

// Quad classes group PLOVER categories into the four classic quadrants.
const (
	VerbalCooperation   = "verbal cooperation"
	MaterialCooperation = "material cooperation"
	VerbalConflict      = "verbal conflict"
	MaterialConflict    = "material conflict"
)

// quads maps each PLOVER event category to its quad class: the one table the coder, the exports, the query
// language and the UI read.
var quads = map[string]string{
	"AGREE": VerbalCooperation, "CONSULT": VerbalCooperation, "SUPPORT": VerbalCooperation,
	"REQUEST": VerbalCooperation,
	"CONCEDE": MaterialCooperation, "COOPERATE": MaterialCooperation, "AID": MaterialCooperation,
	"RETREAT": MaterialCooperation,
	"ACCUSE":  VerbalConflict, "REJECT": VerbalConflict, "THREATEN": VerbalConflict, "DEMAND": VerbalConflict,
	"PROTEST": MaterialConflict, "SANCTION": MaterialConflict, "MOBILIZE": MaterialConflict,
	"COERCE": MaterialConflict, "ASSAULT": MaterialConflict,
}

// Quad returns the quad class of a PLOVER category, or "" for an unknown one.
func Quad(category string) string { return quads[category] }

// Categories returns the PLOVER categories, sorted.
func Categories() []string {
	out := make([]string, 0, len(quads))
	for k := range quads {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// QuadClass returns GDELT's quad class number of a PLOVER category: 1 verbal cooperation, 2 material
// cooperation, 3 verbal conflict, 4 material conflict (and unknown categories).
func QuadClass(category string) int {
	switch Quad(category) {
	case VerbalCooperation:
		return 1
	case MaterialCooperation:
		return 2
	case VerbalConflict:
		return 3
	default:
		return 4
	}
}
