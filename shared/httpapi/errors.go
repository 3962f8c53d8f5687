// Package httpapi turns API Gateway HTTP API (payload v2) events into calls of plain Go
// handlers and their results or errors into responses: problem+json errors from one table of
// error kinds, typed JSON decoding with a size limit, security headers on every response and
// a logger that carries the request id.
package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"

	"crmportal/shared/problemcode"
)

// Kind classifies an error for the client. The zero Kind is Internal: an error nobody
// classified is never shown to the client.
type Kind int

const (
	Internal Kind = iota
	Invalid
	Unauthenticated
	Forbidden
	NotFound
	MethodNotAllowed
	Conflict
	Gone
	PreconditionFailed
	PreconditionRequired
	TooLarge
	UnsupportedMediaType
	Unprocessable
	TooManyRequests
	Unavailable
)

// kinds is the one table from error kind to HTTP status and problem title.
var kinds = map[Kind]struct {
	status int
	slug   string
	title  string
}{
	Internal:             {http.StatusInternalServerError, "internal", "Internal error"},
	Invalid:              {http.StatusBadRequest, "invalid-request", "Invalid request"},
	Unauthenticated:      {http.StatusUnauthorized, "unauthenticated", "Authentication required"},
	Forbidden:            {http.StatusForbidden, "forbidden", "Forbidden"},
	NotFound:             {http.StatusNotFound, "not-found", "Not found"},
	MethodNotAllowed:     {http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed"},
	Conflict:             {http.StatusConflict, "conflict", "Conflict"},
	Gone:                 {http.StatusGone, "gone", "Gone"},
	PreconditionFailed:   {http.StatusPreconditionFailed, "precondition-failed", "Precondition failed"},
	PreconditionRequired: {http.StatusPreconditionRequired, "precondition-required", "Precondition required"},
	TooLarge:             {http.StatusRequestEntityTooLarge, "too-large", "Request body too large"},
	UnsupportedMediaType: {http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type"},
	Unprocessable:        {http.StatusUnprocessableEntity, "validation", "Validation failed"},
	TooManyRequests:      {http.StatusTooManyRequests, "too-many-requests", "Too many requests"},
	Unavailable:          {http.StatusServiceUnavailable, "unavailable", "Service unavailable"},
}

// Status is the HTTP status of a kind.
func (k Kind) Status() int { return kinds[k].status }

// ProblemTypeBase prefixes every problem's type; the suffix is the kind's slug.
const ProblemTypeBase = "/problems/"

// FieldError names one field of a request and the rule it broke: Message is the rule in
// English for API users; Code and Params name it for a client that shows it in its user's
// language (problemcode.Defs). A FieldError built without a code gets the one its Message
// matches when the problem is written; one that matches none goes out without a code.
type FieldError struct {
	Field   string            `json:"field"`
	Message string            `json:"message"`
	Code    string            `json:"code,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
}

// Field makes a FieldError with an explicit code and params (a code of problemcode.Defs).
func Field(field, code, message string, params map[string]string) FieldError {
	return FieldError{Field: field, Message: message, Code: code, Params: params}
}

// coded returns f with the code its message matches when it has none.
func (f FieldError) coded() FieldError {
	if f.Code == "" {
		f.Code, f.Params, _ = problemcode.Match(f.Message)
	}
	return f
}

// Error is a domain error with a kind the client may see. Detail is shown to the client;
// Err (the cause) is only logged.
type Error struct {
	Kind   Kind
	Detail string
	// Code and Params name Detail for a client that translates it (problemcode.Defs); left
	// empty, the code Detail matches is written, if any.
	Code   string
	Params map[string]string
	Fields []FieldError
	// Allow lists the methods of a path, for MethodNotAllowed.
	Allow []string
	// RetryAfter is in seconds, for TooManyRequests and Unavailable.
	RetryAfter int
	// Extra are extension members of the problem (RFC 9457 §3.2), such as a suggestion.
	Extra map[string]string
	Err   error
}

func (e *Error) Error() string {
	msg := kinds[e.Kind].title
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error of kind k whose detail, shown to the client, is the formatted text.
func Errorf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, args...)}
}

// FieldErrors makes an Unprocessable error listing each field and rule.
func FieldErrors(fields ...FieldError) *Error {
	return &Error{Kind: Unprocessable, Detail: "one or more fields are invalid", Fields: fields}
}

// KindOf returns the kind of err: that of the first *Error in its chain, else that of the
// store error it wraps (storeErrors), else Internal.
func KindOf(err error) Kind {
	if e := classify(err); e != nil {
		return e.Kind
	}
	return Internal
}

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Errors   []FieldError `json:"errors,omitempty"`
	// Code and Params name Detail for a client that shows it in its user's language
	// (problemcode.Defs); absent when the detail is not one a person is meant to read.
	Code   string            `json:"code,omitempty"`
	Params map[string]string `json:"params,omitempty"`
	// MoreErrors counts the field errors left out of Errors, which lists at most
	// MaxFieldErrors.
	MoreErrors int `json:"moreErrors,omitempty"`
	// Extra are extension members, written beside the standard ones.
	Extra map[string]string `json:"-"`
}

// MarshalJSON writes the standard members and the extension members.
func (p Problem) MarshalJSON() ([]byte, error) {
	type plain Problem
	b, err := json.Marshal(plain(p))
	if err != nil || len(p.Extra) == 0 {
		return b, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range p.Extra {
		if _, standard := m[k]; !standard {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// problemFor builds the client's view of err. Internal errors say only "internal error".
func problemFor(err error, requestID string) (Problem, *Error) {
	e := classify(err)
	if e == nil || e.Kind == Internal {
		k := kinds[Internal]
		return Problem{Type: ProblemTypeBase + k.slug, Title: k.title, Status: k.status, Detail: "internal error", Instance: instance(requestID)}, nil
	}
	k := kinds[e.Kind]
	p := Problem{Type: ProblemTypeBase + k.slug, Title: k.title, Status: k.status, Detail: e.Detail, Instance: instance(requestID), Errors: e.Fields, Code: e.Code, Params: e.Params, Extra: e.Extra}
	if len(p.Errors) > MaxFieldErrors {
		p.Errors, p.MoreErrors = p.Errors[:MaxFieldErrors], len(p.Errors)-MaxFieldErrors
	}
	if len(p.Errors) > 0 {
		coded := make([]FieldError, len(p.Errors))
		for i, f := range p.Errors {
			coded[i] = f.coded()
		}
		p.Errors = coded
	}
	if p.Code == "" {
		p.Code, p.Params, _ = problemcode.Match(p.Detail)
	}
	return p, e
}

// MaxFieldErrors is the most field errors a problem lists; moreErrors counts the rest. It
// keeps every problem far under Lambda's 6 MB response limit whatever the request: a body
// of MaxBodyBytes can name a hundred thousand unknown fields, and each would be an entry.
const MaxFieldErrors = 100

// instance names the request in a problem, so a user's report can be matched to the logs.
func instance(requestID string) string {
	if requestID == "" {
		return ""
	}
	return "urn:request:" + requestID
}
