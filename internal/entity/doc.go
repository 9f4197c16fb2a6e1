// Package entity holds Khabar's knowledge base of actors and the recogniser that links Persian mentions to it:
// longest-match over a rune trie of folded aliases, Persian suffixes and clitics, context rules for ambiguous
// names, titles and roles, patterns for unknown people and media, and in-article coreference.
package entity
