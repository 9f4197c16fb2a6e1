package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// Error codes: stable identifiers of API failures, in the "code" field of every error response.
const (
	CodeBadRequest       = "bad_request"        // a parameter is malformed
	CodeBadQuery         = "bad_query"          // the search query does not parse
	CodeNotFound         = "not_found"          // no such article, entity or endpoint
	CodeMethodNotAllowed = "method_not_allowed" // the endpoint exists for other methods
	CodeBodyTooLarge     = "body_too_large"     // the request body exceeds the limit
	CodeUnauthorized     = "unauthorized"       // no bearer token was given
	CodeForbidden        = "forbidden"          // the bearer token is wrong
	CodeWritesDisabled   = "writes_disabled"    // the server has no token configured, so it refuses writes
	CodeNoArticle        = "no_article"         // the body held no readable article
	CodeTimeout          = "timeout"            // the request took longer than the server allows
	CodeUnavailable      = "unavailable"        // the store does not answer
	CodeInternal         = "internal"           // anything else
	CodeUnsupported      = "unsupported"        // the store backend cannot do this (for example stories)
)

// apiError is the JSON body of an error response.
type apiError struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Column is the 1-based character position of a query error.
	Column int `json:"column,omitempty"`
}

// writeJSON writes v as JSON with the status code.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// writeError writes a JSON error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, apiError{Error: errorBody{Code: code, Message: msg}})
}

// classify maps an error from the store or the query parser to a status, a code and a message.
func classify(err error) (int, string, string, int) {
	var qe *search.Error
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest, CodeBadQuery, qe.Error(), qe.Column()
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "request body larger than the limit", 0
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, CodeNotFound, err.Error(), 0
	case errors.Is(err, store.ErrInvalid):
		return http.StatusBadRequest, CodeBadRequest, err.Error(), 0
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, CodeTimeout, "the request took too long", 0
	case errors.Is(err, store.ErrClosed):
		return http.StatusServiceUnavailable, CodeUnavailable, "the store is closed", 0
	}
	return http.StatusInternalServerError, CodeInternal, "internal error", 0
}

// fail writes err as a JSON error response, logging internal ones.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg, col := classify(err)
	if status >= 500 {
		s.log.Error("api", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, apiError{Error: errorBody{Code: code, Message: msg, Column: col}})
}
