package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/khabar/khabar/internal/feed"
	"github.com/khabar/khabar/internal/store"
)

// openSourceStore opens the store (as openStore) with its source-following part; a backend without one is an
// error naming the database. The caller closes the store.
func openSourceStore(e *env, db string) (store.Store, store.SourceStore, string, error) {
	st, path, err := openStore(e, db)
	if err != nil {
		return nil, nil, "", err
	}
	ss, ok := st.(store.SourceStore)
	if !ok {
		st.Close()
		return nil, nil, "", fmt.Errorf("the store at %s cannot follow sources (its backend has no sources, feed items or stories; use SQLite or PostgreSQL)", redact(path))
	}
	return st, ss, path, nil
}

// parseInterspersed parses flags that may come after positional arguments ("add URL --name X") and returns the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func sourcesCmd() command {
	return command{
		name:    "sources",
		summary: "Manage the feeds and pages khabar watch follows: add URL, list (with each source's last error), rm ID|URL|NAME.",
		usage:   "add URL [--name NAME] [--zone ZONE] | list [--json] | rm ID|URL|NAME",
		example: "khabar sources add https://www.irna.ir/rss --name IRNA\n" +
			"khabar sources add https://example.ir/news/12 --name Example --zone Asia/Tehran\n" +
			"khabar sources list\nkhabar sources rm IRNA",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			db := dbFlag(fs)
			name := fs.String("name", "", "add: the outlet's name (default: the host)")
			zone := fs.String("zone", "", "add: IANA time zone of dates written without an offset (default Asia/Tehran)")
			asJSON := fs.Bool("json", false, "list: print the sources as JSON")
			return func(e *env, args []string) error {
				args, err := parseInterspersed(fs, args)
				if errors.Is(err, flag.ErrHelp) {
					return nil
				}
				if err != nil {
					return usageErr("%v", err)
				}
				if len(args) == 0 {
					return usageErr("want a subcommand: add, list or rm")
				}
				sub, args := args[0], args[1:]
				switch sub {
				case "add", "list", "ls", "rm", "remove":
				default:
					return usageErr("unknown subcommand %q: want add, list or rm", sub)
				}
				st, ss, _, err := openSourceStore(e, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				switch sub {
				case "add":
					if len(args) != 1 {
						return usageErr("add wants one URL")
					}
					u, err := feed.Canonical(args[0])
					if err != nil {
						return usageErr("add %s: not an http(s) URL", args[0])
					}
					if *zone != "" {
						if _, err := time.LoadLocation(*zone); err != nil {
							return usageErr("--zone %s: %v", *zone, err)
						}
					}
					src, err := ss.AddSource(e.ctx, store.Source{URL: u, Name: *name, Zone: *zone})
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "added source %d: %s %s\n", src.ID, orDash(src.Name), src.URL)
					return nil
				case "list", "ls":
					srcs, err := ss.Sources(e.ctx)
					if err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e.stdout, srcs)
					}
					writeSources(e.stdout, srcs, time.Now())
					return nil
				default:
					if len(args) != 1 {
						return usageErr("rm wants one source ID, URL or name")
					}
					if err := ss.RemoveSource(e.ctx, args[0]); err != nil {
						if errors.Is(err, store.ErrNotFound) {
							return fmt.Errorf("no source %q (see khabar sources list)", args[0])
						}
						return err
					}
					fmt.Fprintf(e.stdout, "removed source %s (its articles stay)\n", args[0])
					return nil
				}
			}
		},
	}
}

func writeSources(w io.Writer, srcs []store.Source, now time.Time) {
	if len(srcs) == 0 {
		fmt.Fprintln(w, "no sources; add one with: khabar sources add URL --name NAME")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tITEMS\tLAST POLL\tSTATUS\tURL")
	for _, s := range srcs {
		poll := "never"
		if !s.LastPoll.IsZero() {
			poll = now.Sub(s.LastPoll).Round(time.Second).String() + " ago"
		}
		status := "ok"
		switch {
		case s.LastPoll.IsZero():
			status = "new"
		case s.LastError != "":
			status = "error: " + oneLine(s.LastError, 100)
			if s.Failures > 0 && s.NextPoll.After(now) {
				status += fmt.Sprintf(" (%d failure(s), retry in %s)", s.Failures, s.NextPoll.Sub(now).Round(time.Second))
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", s.ID, orDash(s.Name), orDash(s.Kind), s.Items, poll, status, s.URL)
	}
	tw.Flush()
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
