package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/khabar/khabar/internal/store"
)

// MaxStoryArticles bounds the articles listed per story, so that one huge story cannot make a page slow.
const MaxStoryArticles = 50

// storyJSON is a story with its articles and the outlets that carried each.
type storyJSON struct {
	store.Story
	Items []storyArticle `json:"items"`
}

// storyArticle is one article of a story with its copies across outlets.
type storyArticle struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	Source    string          `json:"source,omitempty"`
	Published string          `json:"published,omitempty"`
	Mentions  []store.Mention `json:"mentions"`
}

// errNoStories says the backend has no stories (it does not implement store.SourceStore).
var errNoStories = errors.New("this store backend does not follow sources, so it has no stories")

// stories loads a page of stories with their articles and mentions.
func (s *Server) stories(ctx context.Context, opts store.StoryOptions, offset int) ([]storyJSON, error) {
	ss, ok := s.cfg.Store.(store.SourceStore)
	if !ok {
		return nil, errNoStories
	}
	limit := store.ClampLimit(opts.Limit)
	opts.Limit = min(offset+limit, MaxOffset)
	list, err := ss.Stories(ctx, opts)
	if err != nil {
		return nil, err
	}
	if offset >= len(list) {
		return []storyJSON{}, nil
	}
	list = list[offset:min(len(list), offset+limit)]
	out := make([]storyJSON, 0, len(list))
	for _, st := range list {
		sj := storyJSON{Story: st, Items: []storyArticle{}}
		for _, id := range st.Articles[:min(len(st.Articles), MaxStoryArticles)] {
			a := storyArticle{ID: id}
			rec, err := s.cfg.Store.Get(ctx, id)
			switch {
			case err == nil:
				a.Title, a.Source, a.Published = rec.Title, rec.Source, rec.Published
			case !errors.Is(err, store.ErrNotFound):
				return nil, err
			}
			ms, err := ss.Mentions(ctx, id)
			if err != nil {
				return nil, err
			}
			if ms == nil {
				ms = []store.Mention{}
			}
			a.Mentions = ms
			sj.Items = append(sj.Items, a)
		}
		out = append(out, sj)
	}
	return out, nil
}

// storyParams reads the paging and window parameters of the story list.
func (s *Server) storyParams(p *params) (store.StoryOptions, int) {
	opts := store.StoryOptions{Limit: p.intIn("limit", store.DefaultLimit, 1, 100)}
	opts.From, opts.To = p.window()
	return opts, p.intIn("offset", 0, 0, MaxOffset)
}

// apiStories answers GET /api/stories: stories, most recently updated first, with their articles and outlets.
func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	opts, offset := s.storyParams(p)
	if p.err != nil {
		badParams(w, p.err)
		return
	}
	list, err := s.stories(r.Context(), opts, offset)
	if errors.Is(err, errNoStories) {
		writeError(w, http.StatusNotImplemented, CodeUnsupported, err.Error()+" (use the SQLite or PostgreSQL store)")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"stories": list, "offset": offset, "limit": store.ClampLimit(opts.Limit)})
}

// storiesData is the stories page.
type storiesData struct {
	Unsupported bool
	Error       string
	Stories     []storyJSON
	From, To    int
	Prev, Next  string
}

// pageStories lists stories with their articles and the outlets that carried them.
func (s *Server) pageStories(w http.ResponseWriter, r *http.Request) {
	p := s.params(r)
	opts, offset := s.storyParams(p)
	d := storiesData{}
	v := view{Title: "روایت‌ها", Active: "stories", Data: &d}
	if p.err != nil {
		d.Error = p.err.Error()
		s.render(w, r, http.StatusBadRequest, "stories", v)
		return
	}
	list, err := s.stories(r.Context(), opts, offset)
	if errors.Is(err, errNoStories) {
		d.Unsupported = true
		s.render(w, r, http.StatusOK, "stories", v)
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	limit := store.ClampLimit(opts.Limit)
	d.Stories, d.From, d.To = list, offset+1, offset+len(list)
	if offset > 0 {
		d.Prev = "/stories?offset=" + strconv.Itoa(max(0, offset-limit))
	}
	if len(list) == limit && offset+limit <= MaxOffset {
		d.Next = "/stories?offset=" + strconv.Itoa(offset+limit)
	}
	s.render(w, r, http.StatusOK, "stories", v)
}
