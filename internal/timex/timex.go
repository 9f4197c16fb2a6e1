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
// Resolution rules, in brief:
//   - The reference is the publication time in the source's zone (Reference.Location, Asia/Tehran by default). A
//     date-only reference keeps its calendar day; clock offsets from it (۳ ساعت پیش) give that day.
//   - A day or month written without a year takes the year that puts it closest to the reference.
//   - A weekday written beside an explicit date takes that date (a wrong weekday is a Conflict); alone, it is the
//     nearest such day on or before the reference, or on or after it when its sentence is future (خواهد، قرار است).
//     Persian weeks run Saturday to Friday; a week's value is the ISO week that holds its Tuesday.
//   - "N unit پیش از / بعد از X": X a date gives the offset from it; X an event phrase is dated by the nearest
//     explicit full date before the phrase whose sentence names the event's head word (then after it, then an
//     explicit date earlier in the phrase's own sentence). An event the article does not date yields nothing.
//   - Explicit dates written together (۱۵ نوامبر ۲۰۲۵ (۲۴ آبان ۱۴۰۴)) are linked through Same when they agree
//     and flagged as Conflict when they do not. Same is 1-based within one Extract result: use Append to join
//     the results of several calls.
//   - Invalid dates (۳۱ مهر، ۳۰ اسفند of a common year) are never rolled over: they are not dates.
//   - Hijri-qamari dates use the tabular calendar; official Iranian dates follow moon sighting and can differ by
//     a day.
//
// The data (month names, relative words, numerals, zones) lives in data/*.tsv, embedded at build time.
package timex
