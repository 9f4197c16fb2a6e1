// Package bench measures Khabar's search at scale. It has two parts:
//
//   - a synthetic corpus generator (Corpus, WriteJSONL): realistic Persian news articles, deterministic for a
//     seed, streamed one article at a time so that a million articles never sit in memory. Sentences are
//     recombined from the sample articles and built from a Zipfian vocabulary (the sample articles' words, then
//     the built-in lexicon), with entities from the knowledge base, sources from a list of outlets, dates in
//     2024–2026 (Tehran), and every compound, letter and digit written in a mix of spellings: ZWNJ, spaced and
//     fused compounds (نخست‌وزیر / نخست وزیر / نخستوزیر), ي/ی and ك/ک, digits in Persian, Arabic-Indic and ASCII;
//   - the search benchmark driver (Search): it ingests the corpus into a SQLite store, runs a fixed mix of
//     queries (Queries) and reports throughput, index size, latency per query class, peak RSS and whether the
//     spelling variants of a query return identical result sets (Report).
//
// `khabar bench corpus` and `khabar bench search` call these functions; bench/blevesearch (a separate module)
// runs the same corpus and query mix, exported with WriteJSONL and WriteQueries, through bleve.
package bench
