package search

// Solar Hijri (Jalali) calendar conversion, after the jalaali-js algorithm (Borkowski's leap years), valid for
// Jalali years -61 to 3177.
// TODO(search): use the timex package's calendar once it exports one.

var jalaliBreaks = [...]int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
	2324, 2394, 2456, 3178}

func div(a, b int) int { return a / b }
func mod(a, b int) int { return a - a/b*b }

// jalCal returns the Gregorian year's day in March of Farvardin 1 and the leap offset of Jalali year jy.
func jalCal(jy int) (leap, gy, march int, ok bool) {
	bl := len(jalaliBreaks)
	gy = jy + 621
	leapJ := -14
	jp := jalaliBreaks[0]
	if jy < jp || jy >= jalaliBreaks[bl-1] {
		return 0, 0, 0, false
	}
	var jump int
	for i := 1; i < bl; i++ {
		jm := jalaliBreaks[i]
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ = leapJ + div(jump, 33)*8 + div(mod(jump, 33), 4)
		jp = jm
	}
	n := jy - jp
	leapJ = leapJ + div(n, 33)*8 + div(mod(n, 33)+3, 4)
	if mod(jump, 33) == 4 && jump-n == 4 {
		leapJ++
	}
	leapG := div(gy, 4) - div((div(gy, 100)+1)*3, 4) - 150
	march = 20 + leapJ - leapG
	if jump-n < 6 {
		n = n - jump + div(jump+4, 33)*33
	}
	leap = mod(mod(n+1, 33)-1, 4)
	if leap == -1 {
		leap = 4
	}
	return leap, gy, march, true
}

func g2d(gy, gm, gd int) int {
	d := div((gy+div(gm-8, 6)+100100)*1461, 4) + div(153*mod(gm+9, 12)+2, 5) + gd - 34840408
	return d - div(div(gy+100100+div(gm-8, 6), 100)*3, 4) + 752
}

func d2g(jdn int) (gy, gm, gd int) {
	j := 4*jdn + 139361631
	j = j + div(div(4*jdn+183187720, 146097)*3, 4)*4 - 3908
	i := div(mod(j, 1461), 4)*5 + 308
	gd = div(mod(i, 153), 5) + 1
	gm = mod(div(i, 153), 12) + 1
	gy = div(j, 1461) - 100100 + div(8-gm, 6)
	return
}

// jalaliToJDN returns the Julian day number of a Jalali date.
func jalaliToJDN(jy, jm, jd int) (int, bool) {
	_, gy, march, ok := jalCal(jy)
	if !ok {
		return 0, false
	}
	return g2d(gy, 3, march) + (jm-1)*31 - div(jm, 7)*(jm-7) + jd - 1, true
}

// JalaliToGregorian converts a Jalali date to a Gregorian one; ok is false outside the supported years.
func JalaliToGregorian(jy, jm, jd int) (gy, gm, gd int, ok bool) {
	jdn, ok := jalaliToJDN(jy, jm, jd)
	if !ok {
		return 0, 0, 0, false
	}
	gy, gm, gd = d2g(jdn)
	return gy, gm, gd, true
}

// GregorianToJalali converts a Gregorian date to a Jalali one; ok is false outside the supported years.
func GregorianToJalali(gy, gm, gd int) (jy, jm, jd int, ok bool) {
	jdn := g2d(gy, gm, gd)
	jy = gy - 621
	leap, _, march, ok := jalCal(jy)
	if !ok {
		return 0, 0, 0, false
	}
	jdn1f := g2d(gy, 3, march)
	k := jdn - jdn1f
	if k >= 0 {
		if k <= 185 {
			return jy, 1 + div(k, 31), mod(k, 31) + 1, true
		}
		k -= 186
	} else {
		jy--
		k += 179
		if leap == 1 {
			k++
		}
	}
	return jy, 7 + div(k, 30), mod(k, 30) + 1, true
}

// jalaliMonthLength returns the number of days of a Jalali month.
func jalaliMonthLength(jy, jm int) int {
	switch {
	case jm <= 6:
		return 31
	case jm <= 11:
		return 30
	}
	leap, _, _, ok := jalCal(jy)
	if ok && leap == 0 {
		return 30
	}
	return 29
}
