package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/khabar/khabar/internal/entity"
	"github.com/khabar/khabar/internal/store"
)

func entitiesCmd() command {
	return command{
		name: "entities",
		summary: "List the most mentioned entities of the archive, or show one entity's profile.\n" +
			"--discovered lists the people and organisations found by patterns (titles, first names, quoted names)\n" +
			"that the knowledge base does not know yet, with their counts.",
		usage:   "[flags] [NAME|ID]",
		example: "khabar entities --limit 20\nkhabar entities --discovered\nkhabar entities پوتین",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			discovered := fs.Bool("discovered", false, "only entities discovered by patterns, not in the knowledge base")
			typ := fs.String("type", "", "person, organization or location")
			limit := fs.Int("limit", 30, "entities to list")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(e *env, args []string) error {
				st, _, err := openStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				if len(args) > 0 {
					return showEntity(e, st, strings.Join(args, " "), *asJSON)
				}
				want := *limit
				if *discovered {
					want = store.MaxLimit
				}
				list, err := st.Entities(e.ctx, store.EntityOptions{Limit: want, Type: *typ})
				if err != nil {
					return err
				}
				out := list[:0]
				for _, en := range list {
					if !*discovered || entity.IsDiscovered(en.ID) {
						out = append(out, en)
					}
				}
				if len(out) > *limit {
					out = out[:*limit]
				}
				if *asJSON {
					return writeJSON(e.stdout, out)
				}
				for _, en := range out {
					fmt.Fprintf(e.stdout, "%-40s %-13s %4d mentions in %3d articles  %s\n", en.Name, en.Type, en.Mentions, en.Articles, en.ID)
				}
				return nil
			}
		},
	}
}

// showEntity prints the profile of an entity named by ID, canonical name or alias.
func showEntity(e *env, st store.Store, name string, asJSON bool) error {
	kb, err := entity.LoadKB()
	if err != nil {
		return err
	}
	ids := []string{name}
	for _, en := range kb.Find(name) {
		ids = append([]string{en.ID}, ids...)
	}
	var prof store.EntityProfile
	for _, id := range ids {
		if prof, err = st.Entity(e.ctx, id); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("entity %s: %w", name, err)
	}
	if asJSON {
		return writeJSON(e.stdout, prof)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s (%s) · %s\n", prof.Name, prof.Type, prof.ID)
	if en, ok := kb.Lookup(prof.ID); ok {
		fmt.Fprintf(w, "aliases: %s\n", strings.Join(en.Fa, "، "))
	}
	fmt.Fprintf(w, "%d mentions in %d articles, %s … %s\n", prof.Mentions, prof.Articles, orDash(prof.First), orDash(prof.Last))
	facet := func(label string, vs []store.FacetValue) {
		var parts []string
		for _, v := range vs {
			l := v.Label
			if l == "" || strings.HasPrefix(label, "as ") {
				l = v.Value
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", l, v.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%-13s %s\n", label, strings.Join(parts, ", "))
		}
	}
	facet("written as", prof.Surfaces)
	facet("as actor", prof.AsActor)
	facet("as recipient", prof.AsRecipient)
	facet("partners", prof.Partners)
	for _, q := range prof.Quotes {
		fmt.Fprintf(w, "  %s «%s»\n", day(q.Published), q.Text)
	}
	return nil
}
