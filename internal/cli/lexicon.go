package cli

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/khabar/khabar/internal/persian"
)

// lexiconFlags adds --lexicon and --dictionary to a command and returns a function that applies them.
func lexiconFlags(fs *flag.FlagSet) func(*persian.Options) error {
	lex := fs.String("lexicon", "", "a lexicon file written by 'khabar lexicon learn'; its words override the built-in lexicon")
	dict := fs.String("dictionary", "", "a hunspell .dic word list (e.g. /usr/share/hunspell/fa_IR.dic) that adds words the lexicons lack")
	return func(o *persian.Options) error {
		if *lex != "" {
			f, err := os.Open(*lex)
			if err != nil {
				return fmt.Errorf("lexicon %s: %w", *lex, err)
			}
			defer f.Close()
			l, err := persian.LoadLexicon(bufio.NewReader(f))
			if err != nil {
				return fmt.Errorf("lexicon %s: %w", *lex, err)
			}
			o.Lexicon = l
		}
		if *dict != "" {
			f, err := os.Open(*dict)
			if err != nil {
				return fmt.Errorf("dictionary %s: %w", *dict, err)
			}
			defer f.Close()
			l, err := persian.LoadHunspell(bufio.NewReader(f))
			if err != nil {
				return fmt.Errorf("dictionary %s: %w", *dict, err)
			}
			o.Dictionary = l
		}
		return nil
	}
}

func lexiconCmd() command {
	return command{
		name: "lexicon",
		summary: "Learn a lexicon from text that uses ZWNJ correctly: 'khabar lexicon learn CORPUS...' counts words\n" +
			"and compounds and writes a lexicon file that --lexicon loads.",
		usage:   "learn [-o FILE] CORPUS...|-",
		example: "khabar lexicon learn -o my.lex corpus/*.txt\nkhabar normalize --lexicon my.lex messy.txt",
		setup: func(fs *flag.FlagSet) func(*env, []string) error {
			out := fs.String("o", "", "write the lexicon here (default: standard output)")
			return func(e *env, args []string) error {
				if len(args) < 1 || args[0] != "learn" {
					return usageErr("want: learn CORPUS...")
				}
				// Flags may follow the subcommand: lexicon learn -o FILE CORPUS.
				if err := fs.Parse(args[1:]); err != nil {
					return usageErr("%v", err)
				}
				args = fs.Args()
				if len(args) == 0 {
					return usageErr("want at least one CORPUS file or -")
				}
				var readers []io.Reader
				for _, p := range args {
					if p == "-" {
						readers = append(readers, e.stdin, newline{})
						continue
					}
					f, err := os.Open(p)
					if err != nil {
						return fmt.Errorf("lexicon learn %s: %w", p, err)
					}
					defer f.Close()
					readers = append(readers, f, newline{})
				}
				lx, err := persian.Learn(io.MultiReader(readers...))
				if err != nil {
					return fmt.Errorf("lexicon learn: %w", err)
				}
				w := e.stdout
				if *out != "" {
					f, err := os.Create(*out)
					if err != nil {
						return err
					}
					defer f.Close()
					w = f
				}
				bw := bufio.NewWriter(w)
				if _, err := lx.WriteTo(bw); err != nil {
					return fmt.Errorf("lexicon learn: write: %w", err)
				}
				if err := bw.Flush(); err != nil {
					return fmt.Errorf("lexicon learn: write: %w", err)
				}
				if *out != "" {
					fmt.Fprintf(e.stderr, "learnt %d words into %s\n", lx.Len(), *out)
				}
				return nil
			}
		},
	}
}

// newline separates concatenated corpora so that the last word of one does not run into the next.
type newline struct{}

func (newline) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = '\n'
	return 1, io.EOF
}
