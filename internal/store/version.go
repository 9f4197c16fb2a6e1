package store

import (
	"strconv"
	"strings"
)

// CompareVersions compares two analyser versions numerically by dotted parts ("0.10.0" > "0.9.1"); parts that
// are not numbers compare as strings. It returns -1, 0 or 1.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y string
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil:
			if nx != ny {
				return cmp(nx < ny)
			}
		case x != y:
			return cmp(x < y)
		}
	}
	return 0
}

func cmp(less bool) int {
	if less {
		return -1
	}
	return 1
}
