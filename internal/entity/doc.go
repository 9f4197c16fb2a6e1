// Package entity holds Khabar's knowledge base of actors and the recogniser that links Persian mentions to it.
//
// The knowledge base is data (data/*.tsv, embedded; see data/README.md): entries with canonical English names,
// Persian and English aliases, demonyms, ISO 3166 country codes, sectors, dated roles and Wikidata QIDs, plus the
// lexicons the rules read (titles, given names, context cues). LoadKB validates and indexes it; KB.Find answers
// alias lookups for search (`entity:پوتین`).
//
// Recognize reads a segmented, normalised text in four passes:
//
//  1. scan: longest match over a rune trie of folded alias keys (Arabic letters, hamza seats, diacritics, case
//     and ZWNJ/space differences fold away), with Persian suffixes and clitics (آمریکایی‌ها، ایرانی‌مان،
//     روسیه‌ای), context rules for ambiguous names (کان only quoted or after شبکه; ایران the newspaper only after
//     روزنامه), nisba adjectives and demonyms (زندانیان فلسطینی is not Palestine; مقامات اسرائیلی is Israel),
//     `دفتر X` for a leader's office, another country's ministry (وزارت خارجه عراق), capitals that speak for
//     their government (مسکو اعلام کرد), and patterns for unknown people (given names) and organisations
//     (quoted names after روزنامه/شبکه/شرکت);
//  2. titles: a title attaches a role to the person beside it (پوتین، رئیس‌جمهور روسیه), finds an unknown name
//     before it (X، سخنگوی Y) or after an honorific (سردار X), or identifies the holder of the role at the
//     text's date (رئیس‌جمهور روسیه گفت);
//  3. surnames of discovered people later in the text;
//  4. coreference: a surname to the full name before it, او/وی to the salient person (the subject of the
//     sentence or of the last sentence with a person; an object pronoun to another person), این نهاد/این
//     سازمان/آژانس to the last organisation of that kind.
//
// Every mention carries byte offsets into the normalised text, the canonical entity, and how it was linked
// ("kb", "pattern" for discovered entities with IDs "new:…", "coref" with the index of its antecedent).
package entity
