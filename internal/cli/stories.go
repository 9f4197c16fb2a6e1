package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/timex"
)

func storiesCmd() command {
	return command{
		name:    "stories",
		summary: "List stories: reports of one happening grouped across outlets, most recently updated first.",
		usage:   "[flags]",
		example: "khabar stories\nkhabar stories --days 3 --json | jq '.[0].outlets'",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print the stories as JSON")
			limit := fs.Int("limit", store.DefaultLimit, "stories to list")
			days := fs.Int("days", 0, "only stories updated in the last DAYS days (0: all)")
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usageErr("unexpected argument %q", args[0])
				}
				st, ss, _, err := openSourceStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				opts := store.StoryOptions{Limit: *limit}
				if *days > 0 {
					opts.From = time.Now().AddDate(0, 0, -*days)
				}
				stories, err := ss.Stories(e.ctx, opts)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e.stdout, stories)
				}
				writeStories(e.stdout, stories)
				return nil
			}
		},
	}
}

func writeStories(w io.Writer, stories []store.Story) {
	if len(stories) == 0 {
		fmt.Fprintln(w, "no stories yet; follow sources with khabar sources add and khabar watch")
		return
	}
	for _, s := range stories {
		fmt.Fprintf(w, "%s  %s\n", s.ID, s.Title)
		tehran := timex.DefaultLocation()
		fmt.Fprintf(w, "    %d article(s), %d mention(s), %s → %s (Tehran); outlets: %s\n", len(s.Articles), s.Mentions,
			s.First.In(tehran).Format("2006-01-02 15:04"), s.Last.In(tehran).Format("2006-01-02 15:04"),
			strings.Join(s.Outlets, ", "))
	}
}
