package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/khabar/khabar/internal/persian"
)

func normalizeCmd() command {
	return command{
		name:    "normalize",
		summary: "Print the normalised display form of Persian text, line for line (as many lines out as in).",
		usage:   "[flags] [FILE|-]",
		example: "echo 'نخستوزیر اسرائيل مي گويد' | khabar normalize\n" +
			"khabar normalize --digits keep article.txt",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			digits := fs.String("digits", "fa", "display digits: fa (Persian ۰-۹) or keep (as written)")
			diacritics := fs.Bool("keep-diacritics", false, "keep harakat (diacritics) in the display form")
			lexicons := lexiconFlags(fs)
			return func(e *env, args []string) error {
				if *digits != "fa" && *digits != "keep" {
					return usageErr("--digits must be fa or keep, not %q", *digits)
				}
				if len(args) > 1 {
					return usageErr("at most one FILE")
				}
				opts := persian.Options{Digits: *digits, KeepDiacritics: *diacritics}
				if err := lexicons(&opts); err != nil {
					return err
				}
				n := persian.NewNormalizer(opts)
				in, name, closeIn, err := openInput(e, args)
				if err != nil {
					return err
				}
				defer closeIn()
				if err := normalizeLines(n, in, e.stdout); err != nil {
					return fmt.Errorf("normalize %s: %w", name, err)
				}
				return nil
			}
		},
	}
}

// normalizeLines copies r to w line by line through the normaliser, keeping line breaks.
func normalizeLines(n *persian.Normalizer, r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 1<<16)
	bw := bufio.NewWriterSize(w, 1<<16)
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			nl := strings.HasSuffix(line, "\n")
			line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
			bw.WriteString(n.String(line))
			if nl {
				bw.WriteByte('\n')
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}

// openInput opens the single FILE argument, or standard input for none or "-".
func openInput(e *env, args []string) (io.Reader, string, func(), error) {
	if len(args) == 0 || args[0] == "-" {
		return e.stdin, "standard input", func() {}, nil
	}
	f, err := os.Open(args[0])
	if err != nil {
		return nil, args[0], nil, err
	}
	return f, args[0], func() { f.Close() }, nil
}
