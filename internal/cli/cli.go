// Package cli is Khabar's command-line interface: the command table, flags, output formats and exit codes. It is
// the only package that prints to the terminal or decides an exit code.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// env is what a command runs with: its streams and the process environment.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one entry of the command table.
type command struct {
	name    string
	summary string
	usage   string // argument synopsis after the command name
	example string
	setup   func(fs *flag.FlagSet) func(e *env, args []string) error
}

// errUsage marks an error in how a command was called (exit code 2).
var errUsage = errors.New("usage")

func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

func commands() []command {
	return []command{
		demoCmd(), ingestCmd(), analyzeCmd(), normalizeCmd(), showCmd(), listCmd(), statsCmd(), searchCmd(),
		serveCmd(), entitiesCmd(), exportCmd(), lexiconCmd(), benchCmd(), versionCmd(), workerCmd(), jobsCmd(), reanalyzeCmd(),
		sourcesCmd(), watchCmd(), storiesCmd(), optimizeCmd(),
	}
}

// Run executes the command line args (without the program name) and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			for _, c := range cmds {
				if c.name == args[1] {
					fs := newFlagSet(c, stderr)
					fs.SetOutput(stdout)
					fs.Usage()
					return ExitOK
				}
			}
		}
		printHelp(stdout, cmds)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range cmds {
		if c.name != args[0] {
			continue
		}
		fs := newFlagSet(c, stderr)
		run := c.setup(fs)
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return ExitOK
			}
			return ExitUsage
		}
		err := run(e, fs.Args())
		switch {
		case err == nil:
			return ExitOK
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "khabar %s: %v\nRun 'khabar %s -h' for help.\n", c.name, err, c.name)
			return ExitUsage
		default:
			fmt.Fprintf(stderr, "khabar %s: %v\n", c.name, err)
			return ExitFailure
		}
	}
	fmt.Fprintf(stderr, "khabar: unknown command %q\nRun 'khabar help' for the list of commands.\n", args[0])
	return ExitUsage
}

func newFlagSet(c command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("khabar "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: khabar %s %s\n\n%s\n", c.name, c.usage, c.summary)
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
		if c.example != "" {
			fmt.Fprintf(w, "\nExample:\n  %s\n", strings.ReplaceAll(c.example, "\n", "\n  "))
		}
	}
	return fs
}

func printHelp(w io.Writer, cmds []command) {
	fmt.Fprintln(w, "khabar (خبر): Persian news intelligence engine")
	fmt.Fprintln(w, "\nUsage: khabar COMMAND [flags] [args]\n\nCommands:")
	sorted := append([]command(nil), cmds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	for _, c := range sorted {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'khabar COMMAND -h' for a command's flags and an example.")
}
