package entity

import (
	"strings"

	"github.com/khabar/khabar/internal/article"
)

// coref is the last pass: it resolves surnames, pronouns, descriptions (این نهاد) and bare head nouns (آژانس)
// against the mentions before them, drops what it cannot resolve, and numbers antecedents in output order.
func (s *docState) coref(items []item) []article.Mention {
	out := make([]article.Mention, 0, len(items))
	s.roles = map[int]string{}
	firstOf := map[string]int{}    // ID → index in out of its first full mention
	lastOrg := []int{}             // indices in out of organisation mentions, in order
	sentPersons := map[int][]int{} // sentence → indices in out of its person mentions
	lastPersonSent := -1
	for _, it := range items {
		sent := s.sent[it.first]
		m := it.m
		switch it.kind {
		case iMention:
			if f, ok := firstOf[m.ID]; ok && it.entry >= 0 && m.Type == article.Person &&
				(it.surnameOnly || it.last == it.first) && len(out[f].Text) > len(m.Text) {
				m.Source, m.Antecedent = SourceCoref, f
			}
		case iSurname:
			f, ok := firstOf[it.arg]
			if !ok {
				continue
			}
			m = s.corefMention(it, out[f], f)
		case iUnnamed:
			// A person named only by a title (مدیر موزه) can be what a later او means: it takes a place among
			// the sentence's persons, and a pronoun that lands on it stays unresolved.
			sentPersons[sent] = append(sentPersons[sent], -1)
			lastPersonSent = sent
			continue
		case iPronoun:
			f := -1
			ps := sentPersons[sent]
			switch {
			case it.arg == "object" && len(ps) > 1:
				// An object pronoun (وی را) is not the subject: the latest other person of the sentence.
				for n := len(ps) - 1; n > 0 && f < 0; n-- {
					if ps[n] >= 0 && (ps[0] < 0 || out[ps[n]].ID != out[ps[0]].ID) {
						f = ps[n]
					}
				}
			case len(ps) > 0:
				f = ps[0]
			case lastPersonSent >= 0 && len(sentPersons[lastPersonSent]) > 0:
				f = sentPersons[lastPersonSent][0]
			}
			if f < 0 {
				continue
			}
			m = s.corefMention(it, out[f], f)
		case iAnaphor, iHead:
			f := -1
			// The last organisations only: a description refers back a few sentences, not a book.
			for n := len(lastOrg) - 1; n >= 0 && n >= len(lastOrg)-maxAnaphorBack && f < 0; n-- {
				if s.fits(it, out[lastOrg[n]]) {
					f = lastOrg[n]
				}
			}
			if f < 0 && it.kind == iHead {
				// No antecedent: a head noun that only one organisation of the KB has (آژانس) names it.
				if hs := s.r.headOrgs[it.arg]; len(hs) == 1 {
					m = s.mention(hs[0], it.start, it.end)
					break
				}
			}
			if f < 0 {
				continue
			}
			m = s.corefMention(it, out[f], f)
		default:
			continue
		}
		idx := len(out)
		out = append(out, m)
		if m.Role != "" && m.Antecedent < 0 {
			s.roles[idx] = m.Role
		}
		if _, ok := firstOf[m.ID]; !ok && m.Source != SourceCoref {
			firstOf[m.ID] = idx
		}
		switch m.Type {
		case article.Person:
			sentPersons[sent] = append(sentPersons[sent], idx)
			lastPersonSent = sent
		case article.Organization:
			lastOrg = append(lastOrg, idx)
		case article.Location:
			if m.Subtype == "country" {
				lastOrg = append(lastOrg, idx)
			}
		}
	}
	return out
}

// maxAnaphorBack bounds how many organisation mentions a description looks back over.
const maxAnaphorBack = 40

// corefMention makes a coreference mention of the words of it, resolved to the mention ante at index a.
func (s *docState) corefMention(it item, ante article.Mention, a int) article.Mention {
	if ante.Antecedent >= 0 && ante.Source == SourceCoref {
		a = ante.Antecedent
	}
	if ante.Role == "" {
		ante.Role = s.roles[a]
	}
	return article.Mention{Span: article.Span{Start: it.start, End: it.end}, Text: s.doc.Text[it.start:it.end],
		Name: ante.Name, Type: ante.Type, Subtype: ante.Subtype, ID: ante.ID, Country: ante.Country,
		Sector: ante.Sector, Role: ante.Role, Source: SourceCoref, Antecedent: a}
}

// fits reports whether an organisation description or bare head noun can refer to mention m.
func (s *docState) fits(it item, m article.Mention) bool {
	if it.kind == iHead {
		e, ok := s.r.kb.byID[m.ID]
		return ok && s.r.heads[e] == it.arg
	}
	for _, want := range strings.Split(it.arg, ",") {
		switch want = strings.TrimSpace(want); want {
		case m.Type, m.Subtype:
			return true
		}
	}
	return false
}
