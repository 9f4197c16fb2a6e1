package search

import "sort"

// Quad classes group PLOVER categories into the four classic quadrants.
const (
	VerbalCooperation   = "verbal cooperation"
	MaterialCooperation = "material cooperation"
	VerbalConflict      = "verbal conflict"
	MaterialConflict    = "material conflict"
)

// ploverQuad maps each PLOVER event category to its quad class.
// TODO(search): take the category list from the event package once it exports one.
var ploverQuad = map[string]string{
	"AGREE": VerbalCooperation, "CONSULT": VerbalCooperation, "SUPPORT": VerbalCooperation,
	"REQUEST": VerbalCooperation,
	"CONCEDE": MaterialCooperation, "COOPERATE": MaterialCooperation, "AID": MaterialCooperation,
	"RETREAT": MaterialCooperation,
	"ACCUSE":  VerbalConflict, "REJECT": VerbalConflict, "THREATEN": VerbalConflict, "DEMAND": VerbalConflict,
	"PROTEST": MaterialConflict, "SANCTION": MaterialConflict, "MOBILIZE": MaterialConflict,
	"COERCE": MaterialConflict, "ASSAULT": MaterialConflict,
}

// Quad returns the quad class of a PLOVER category, or "" for an unknown one.
func Quad(category string) string { return ploverQuad[category] }

// PLOVERTypes returns the PLOVER categories that type: accepts, sorted.
func PLOVERTypes() []string {
	out := make([]string, 0, len(ploverQuad))
	for k := range ploverQuad {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
