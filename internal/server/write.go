package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/jobs"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/store"
)

// ingestResult is the answer of POST /api/articles.
type ingestResult struct {
	Read      int              `json:"read"`      // articles read from the body
	New       []string         `json:"new"`       // IDs stored for the first time
	Updated   []string         `json:"updated"`   // IDs that replaced a record of an older analyser
	Duplicate []string         `json:"duplicate"` // IDs already stored
	Invalid   []store.PutError `json:"invalid"`   // records the store refused
	Failed    []ingestFailure  `json:"failed"`    // inputs that could not be read or analysed
}

// queuedResult is the answer of POST /api/articles when the server hands analysis to workers.
type queuedResult struct {
	Read          int             `json:"read"`           // articles read from the body
	Queued        int             `json:"queued"`         // analysis jobs added
	AlreadyQueued int             `json:"already_queued"` // articles whose job existed already (queued or done)
	Jobs          []string        `json:"jobs"`           // job keys, in body order (khabar jobs list)
	Failed        []ingestFailure `json:"failed"`         // inputs that could not be read
}

// ingestFailure names one input of the body that failed.
type ingestFailure struct {
	Origin string `json:"origin"`
	Reason string `json:"reason"`
}

// authorize checks the bearer token of a write, writing the error response and returning false when refused.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Token == "" || (s.cfg.Analyzer == nil && !s.cfg.Enqueue) {
		writeError(w, http.StatusForbidden, CodeWritesDisabled,
			"this server is read-only: start it with a token to accept writes")
		return false
	}
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="khabar"`)
		writeError(w, http.StatusUnauthorized, CodeUnauthorized, "missing bearer token: send Authorization: Bearer TOKEN")
		return false
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.Token)) != 1 {
		writeError(w, http.StatusForbidden, CodeForbidden, "wrong bearer token")
		return false
	}
	return true
}

// apiIngest answers POST /api/articles: one article or a batch (a JSON object or array, JSON Lines, or the
// seed text format), read → analysed → stored in one transaction. Inputs that fail are named in "failed" and the
// rest of the batch goes on. With Config.Enqueue the articles are queued for workers instead (202 Accepted).
func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
			fmt.Sprintf("request body of %d bytes is larger than the limit of %d", r.ContentLength, s.cfg.MaxBodyBytes))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
				fmt.Sprintf("request body larger than the limit of %d bytes", s.cfg.MaxBodyBytes))
			return
		}
		writeError(w, http.StatusBadRequest, CodeBadRequest, "read body: "+err.Error())
		return
	}
	arts, perr := reader.New(reader.Options{MaxSize: s.cfg.MaxBodyBytes}).Parse("body", body)
	res := ingestResult{Read: len(arts), New: []string{}, Updated: []string{}, Duplicate: []string{},
		Invalid: []store.PutError{}, Failed: []ingestFailure{}}
	if perr != nil {
		for _, e := range unjoin(perr) {
			var re *reader.Error
			if errors.As(e, &re) {
				res.Failed = append(res.Failed, ingestFailure{Origin: re.Origin, Reason: re.Err.Error()})
			} else {
				res.Failed = append(res.Failed, ingestFailure{Origin: "body", Reason: e.Error()})
			}
		}
	}
	if len(arts) == 0 {
		msg := "the body holds no article"
		if perr != nil {
			msg += ": " + perr.Error()
		}
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: errorBody{Code: CodeNoArticle, Message: msg}})
		return
	}
	if s.cfg.Enqueue {
		s.enqueue(w, r, arts, res.Failed)
		return
	}
	recs := make([]article.Record, 0, len(arts))
	for _, a := range arts {
		rec, err := s.cfg.Analyzer.Article(r.Context(), a)
		if err != nil {
			if r.Context().Err() != nil {
				s.fail(w, r, r.Context().Err())
				return
			}
			res.Failed = append(res.Failed, ingestFailure{Origin: a.Origin, Reason: "analyse: " + err.Error()})
			continue
		}
		recs = append(recs, rec)
	}
	if len(recs) > 0 {
		put, err := s.cfg.Store.Put(r.Context(), recs)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		res.New, res.Updated, res.Duplicate = nonNilSlice(put.New), nonNilSlice(put.Updated), nonNilSlice(put.Duplicate)
		res.Invalid = nonNilSlice(put.Invalid)
	}
	status := http.StatusOK
	if len(res.New) > 0 {
		status = http.StatusCreated
	}
	s.log.Info("ingest", "read", res.Read, "new", len(res.New), "updated", len(res.Updated),
		"duplicate", len(res.Duplicate), "failed", len(res.Failed)+len(res.Invalid))
	writeJSON(w, status, res)
}

// enqueue queues one analysis job per article and answers 202 Accepted: the workers store the records.
func (s *Server) enqueue(w http.ResponseWriter, r *http.Request, arts []article.Article, failed []ingestFailure) {
	res := queuedResult{Read: len(arts), Jobs: []string{}, Failed: failed}
	js := make([]jobs.NewJob, 0, len(arts))
	for _, a := range arts {
		j, err := jobs.AnalyzeJob(a)
		if err != nil {
			res.Failed = append(res.Failed, ingestFailure{Origin: a.Origin, Reason: err.Error()})
			continue
		}
		js = append(js, j)
		res.Jobs = append(res.Jobs, j.Key)
	}
	added, err := s.cfg.Queue.Enqueue(r.Context(), js...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res.Queued, res.AlreadyQueued = added, len(js)-added
	s.log.Info("ingest queued", "read", res.Read, "queued", res.Queued, "already", res.AlreadyQueued,
		"failed", len(res.Failed))
	writeJSON(w, http.StatusAccepted, res)
}

// unjoin splits an errors.Join error into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
