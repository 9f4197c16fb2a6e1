// Package reader turns input files into article.Article values.
//
// It reads four formats, detected from the content (the first bytes), never from the file name alone:
//
//   - the seed format: a first line "date YYYY-MM-DD headline", an optional relative publication line such as
//     "3 ساعت پیش", then paragraphs separated by blank lines, with short unpunctuated lines as subheadings;
//   - plain text: the first non-empty line is the title, the rest are paragraphs;
//   - JSON Lines: one object per line with title, text, published, url, source and optional language;
//   - a single JSON object or a JSON array of such objects.
//
// Any of these may be wrapped in gzip (detected by its magic bytes). UTF-16 with a byte-order mark is decoded;
// other text must be valid UTF-8. Directories are read recursively in lexical order, skipping hidden files,
// and "-" reads standard input.
//
// Use Read (or Reader.Read) to stream the articles of a path to a callback, and Parse (or Reader.Parse) for bytes
// already in memory, such as an HTTP request body. Articles carry Title, Body (paragraphs and subheadings), Raw
// (the input verbatim: the whole file, or the JSON line), Published with its zone (a bare day is 00:00
// Asia/Tehran with DateOnly set), Dateline, Source, URL, Language ("fa" unless the input says otherwise) and
// Origin. Inputs larger than Options.MaxSize (DefaultMaxSize, 32 MiB) are refused without being read.
//
// Bad input never stops a batch: each unreadable file, and each bad line of a JSON Lines file, becomes an Item
// whose Err is an *Error naming the input ("dir/a.jsonl:7") and the reason, and reading goes on.
package reader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// DefaultMaxSize is the largest input, in bytes, read when Options.MaxSize is zero: 32 MiB.
const DefaultMaxSize = 32 << 20

// StdinName is the path that means standard input, and the origin of articles read from it.
const StdinName = "-"

// Sentinel reasons an input is refused; test them with errors.Is.
var (
	ErrEmpty       = errors.New("empty")
	ErrNotText     = errors.New("not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrTooLarge    = errors.New("too large")
	ErrNoArticle   = errors.New("no article")
)

// Error is a failure to read one input: a file, or one line of a JSON Lines file.
type Error struct {
	Origin string // file path, or path:line
	Err    error  // the reason
}

// Error returns "origin: reason".
func (e *Error) Error() string { return e.Origin + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

// Item is one result of reading: an article, or an error naming the input that failed.
type Item struct {
	Article article.Article // set when Err is nil
	Origin  string          // where the item came from: path, or path:line
	Err     error           // an *Error when this input could not be read
}

// Options configure a Reader. The zero value is ready to use.
type Options struct {
	// MaxSize is the largest input accepted, in bytes, both on disk and after gzip; 0 means DefaultMaxSize.
	// Larger files are refused with ErrTooLarge without being read into memory.
	MaxSize int64
	// Stdin is what "-" reads; nil means os.Stdin.
	Stdin io.Reader
	// Format forces a format instead of detecting it; "" (FormatAuto) detects.
	Format Format
	// Now, when set, stamps each article's Fetched time. Nil leaves Fetched zero, so output stays deterministic.
	Now func() time.Time
}

// Reader reads articles from paths and byte slices. It is safe for concurrent use.
type Reader struct {
	opts Options
}

// New returns a Reader with the given options.
func New(opts Options) *Reader {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	return &Reader{opts: opts}
}

// Read reads path with default options; see Reader.Read.
func Read(ctx context.Context, path string, fn func(Item) error) error {
	return New(Options{}).Read(ctx, path, fn)
}

// Parse parses an in-memory input with default options; see Reader.Parse.
func Parse(name string, data []byte) ([]article.Article, error) {
	return New(Options{}).Parse(name, data)
}

// Read reads a file, a directory (recursively, sorted, hidden entries skipped) or standard input ("-"), and calls
// fn once for every article and once for every input that failed, in order. A failing input does not stop the
// walk. Read returns only ctx's error or the first error fn returns; a missing path is reported as an Item.
func (r *Reader) Read(ctx context.Context, path string, fn func(Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if path == StdinName {
		in := r.opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		data, err := readLimited(ctx, in, r.opts.MaxSize)
		if err != nil {
			return emitErr(fn, StdinName, err)
		}
		return r.emit(ctx, StdinName, data, fn)
	}
	info, err := os.Stat(path)
	if err != nil {
		return emitErr(fn, path, unwrapPathError(err))
	}
	if !info.IsDir() {
		return r.readFile(ctx, path, info, fn)
	}
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		// WalkDir does not descend into a symlinked root; walk its target instead.
		if target, err := filepath.EvalSymlinks(path); err == nil {
			path = target
		}
	}
	return r.readDir(ctx, path, fn)
}

func (r *Reader) readDir(ctx context.Context, root string, fn func(Item) error) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if ferr := emitErr(fn, p, unwrapPathError(err)); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := os.Stat(p) // follows symlinks to files; symlinked directories are not walked
		if err != nil {
			return emitErr(fn, p, unwrapPathError(err))
		}
		if info.IsDir() {
			return nil
		}
		return r.readFile(ctx, p, info, fn)
	})
}

func (r *Reader) readFile(ctx context.Context, path string, info fs.FileInfo, fn func(Item) error) error {
	if !info.Mode().IsRegular() {
		return emitErr(fn, path, fmt.Errorf("not a regular file (%s)", info.Mode().Type()))
	}
	if info.Size() > r.opts.MaxSize {
		return emitErr(fn, path, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, info.Size(), r.opts.MaxSize))
	}
	f, err := os.Open(path)
	if err != nil {
		return emitErr(fn, path, unwrapPathError(err))
	}
	data, err := readLimited(ctx, f, r.opts.MaxSize)
	f.Close()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return emitErr(fn, path, err)
	}
	return r.emit(ctx, path, data, fn)
}

// emit decodes and parses one input's bytes and passes its items to fn.
func (r *Reader) emit(ctx context.Context, origin string, data []byte, fn func(Item) error) error {
	var fetched time.Time
	if r.opts.Now != nil {
		fetched = r.opts.Now()
	}
	return r.parse(ctx, origin, data, func(it Item) error {
		if it.Err == nil && !fetched.IsZero() {
			it.Article.Fetched = fetched
		}
		return fn(it)
	})
}

// Parse parses one in-memory input named name (used as the articles' Origin and in errors). It returns every
// article it could read; the error is non-nil when anything failed, joining one *Error per bad input or line,
// and the good articles are returned with it.
func (r *Reader) Parse(name string, data []byte) ([]article.Article, error) {
	var arts []article.Article
	var errs []error
	_ = r.parse(context.Background(), name, data, func(it Item) error {
		if it.Err != nil {
			errs = append(errs, it.Err)
		} else {
			arts = append(arts, it.Article)
		}
		return nil
	})
	return arts, errors.Join(errs...)
}

// parse is the common path of Read and Parse: decode, detect, dispatch.
func (r *Reader) parse(ctx context.Context, origin string, data []byte, fn func(Item) error) error {
	text, err := decode(data, r.opts.MaxSize)
	if err != nil {
		return emitErr(fn, origin, err)
	}
	format := r.opts.Format
	if format == FormatAuto {
		format = Detect(text)
	}
	if format != FormatJSONL && format != FormatJSON {
		// JSON checks UTF-8 line by line, so that one bad line does not cost the others.
		if err := checkUTF8(text); err != nil {
			return emitErr(fn, origin, err)
		}
	}
	switch format {
	case FormatSeed:
		a, err := parseSeed(text)
		return emitOne(fn, origin, a, err)
	case FormatText:
		a, err := parseText(text)
		return emitOne(fn, origin, a, err)
	case FormatJSONL, FormatJSON:
		return parseJSON(ctx, origin, text, fn)
	default:
		return emitErr(fn, origin, fmt.Errorf("unknown format %q", format))
	}
}

func emitOne(fn func(Item) error, origin string, a article.Article, err error) error {
	if err != nil {
		return emitErr(fn, origin, err)
	}
	a.Origin = origin
	return fn(Item{Article: a, Origin: origin})
}

func emitErr(fn func(Item) error, origin string, err error) error {
	return fn(Item{Origin: origin, Err: &Error{Origin: origin, Err: err}})
}

// unwrapPathError drops the *fs.PathError wrapper, whose path the *Error already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readLimited reads all of in, failing with ErrTooLarge past max bytes and stopping when ctx is done.
func readLimited(ctx context.Context, in io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, in}, max+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
