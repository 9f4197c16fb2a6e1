// Package timex finds and resolves temporal expressions in Persian news text: Jalali, Gregorian and Hijri-qamari
// dates, word numerals, relative and event-anchored phrases. It also converts between the calendars and parses the
// dates that users type and feeds print.
//
// Values follow article.Date: ISO 8601 at the expression's true granularity (2025, 2025-10, 2025-11-15,
// 2025-11-15T10:30+03:30, 2025-W46, 2025-11-15TMO for a part of day, 2025-WI for a season, 198 for a decade)
// and the Solar Hijri value at the same granularity. A Jalali month or year has no exact Gregorian equivalent of
// the same granularity: its ISO value is the Gregorian month or year that holds its representative day (the 15th of
// a month, or the 5th/25th under START/END; 31 Shahrivar of a year, or 15 Farvardin/15 Esfand), while Jalali keeps
// the exact value. Relative months and years (ماه گذشته، امسال) count in the Jalali calendar, as Iranian news does.
//
// The data (month names, relative words, numerals, zones) lives in data/*.tsv, embedded at build time.
package timex
