package cli

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/khabar/khabar/internal/analyze"
)

// Version is the release of the khabar binary.
const Version = "0.1.0-dev"

func versionCmd() command {
	return command{
		name:    "version",
		summary: "Print the version of khabar, its analyser and the Go toolchain.",
		example: "khabar version",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				rev := ""
				if bi, ok := debug.ReadBuildInfo(); ok {
					for _, s := range bi.Settings {
						if s.Key == "vcs.revision" && len(s.Value) >= 12 {
							rev = " " + s.Value[:12]
						}
					}
				}
				fmt.Fprintf(e.stdout, "khabar %s%s (analyzer %s, %s %s/%s)\n", Version, rev, analyze.Version,
					runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return nil
			}
		},
	}
}
