package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithy "github.com/aws/smithy-go"
)

type body struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func jsonRequest(b string) *Request {
	return &Request{Headers: map[string]string{"content-type": "application/json"}, Body: b}
}

func TestDecode(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	tests := []struct {
		name      string
		req       *Request
		wantKind  Kind
		wantField string
		wantIn    string
	}{
		{name: "ok", req: jsonRequest(`{"name":"a","count":2}`), wantKind: -1},
		{name: "json with charset", req: &Request{Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, Body: `{"name":"a"}`}, wantKind: -1},
		{name: "base64 body", req: &Request{Headers: map[string]string{"content-type": "application/json"}, IsBase64Encoded: true, Body: base64.StdEncoding.EncodeToString([]byte(`{"count":1}`))}, wantKind: -1},
		{name: "no content type", req: &Request{Body: `{}`}, wantKind: UnsupportedMediaType},
		{name: "form", req: &Request{Headers: map[string]string{"content-type": "application/x-www-form-urlencoded"}, Body: "a=1"}, wantKind: UnsupportedMediaType},
		{name: "empty", req: jsonRequest(" "), wantKind: Invalid, wantIn: "empty"},
		{name: "malformed", req: jsonRequest(`{"name":`), wantKind: Invalid, wantIn: "malformed"},
		{name: "syntax", req: jsonRequest(`{"name" 1}`), wantKind: Invalid, wantIn: "malformed JSON at byte"},
		{name: "unknown field", req: jsonRequest(`{"name":"a","admin":true}`), wantKind: Invalid, wantField: "admin"},
		{name: "wrong type", req: jsonRequest(`{"count":"many"}`), wantKind: Invalid, wantField: "count"},
		{name: "not an object", req: jsonRequest(`[1,2]`), wantKind: Invalid},
		{name: "two values", req: jsonRequest(`{"name":"a"}{"name":"b"}`), wantKind: Invalid, wantIn: "single JSON value"},
		{name: "too large", req: jsonRequest(big), wantKind: TooLarge},
		{name: "too large base64", req: &Request{Headers: map[string]string{"content-type": "application/json"}, IsBase64Encoded: true, Body: base64.StdEncoding.EncodeToString([]byte(big))}, wantKind: TooLarge},
		{name: "bad base64", req: &Request{Headers: map[string]string{"content-type": "application/json"}, IsBase64Encoded: true, Body: "***"}, wantKind: Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b body
			err := Decode(tt.req, &b)
			if tt.wantKind == -1 {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error of kind %v", err, tt.wantKind)
			}
			if e.Kind != tt.wantKind {
				t.Errorf("kind = %v (%v), want %v", e.Kind, err, tt.wantKind)
			}
			if tt.wantField != "" && (len(e.Fields) != 1 || e.Fields[0].Field != tt.wantField) {
				t.Errorf("fields = %+v, want %s", e.Fields, tt.wantField)
			}
			if tt.wantIn != "" && !strings.Contains(e.Detail, tt.wantIn) {
				t.Errorf("detail = %q, want it to say %q", e.Detail, tt.wantIn)
			}
		})
	}
}

func TestEveryKindHasAStatusAndTitle(t *testing.T) {
	for k := Internal; k <= Unavailable; k++ {
		info, ok := kinds[k]
		if !ok || info.status < 400 || info.title == "" || info.slug == "" {
			t.Errorf("kind %d: %+v", k, info)
		}
	}
}

func adaptAndCall(t *testing.T, h HandlerFunc) (Response, string) {
	t.Helper()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	req := Request{RouteKey: "GET /api/x"}
	req.RequestContext.RequestID = "req-1"
	resp, err := Adapt(log, h)(context.Background(), req)
	if err != nil {
		t.Fatalf("Adapt returned an error to the runtime: %v", err)
	}
	for k, v := range SecurityHeaders {
		if resp.Headers[k] != v {
			t.Errorf("header %s = %q, want %q", k, resp.Headers[k], v)
		}
	}
	return resp, logs.String()
}

func TestAdapt(t *testing.T) {
	tests := []struct {
		name      string
		h         HandlerFunc
		status    int
		ctype     string
		bodyHas   string
		bodyLacks string
		header    [2]string
		logHas    string
	}{
		{name: "json reply", h: func(context.Context, *Request) (*Reply, error) {
			return JSON(201, map[string]string{"a": "<b>"}), nil
		}, status: 201, ctype: "application/json", bodyHas: `{"a":"<b>"}`},
		{name: "nil reply is 204", h: func(context.Context, *Request) (*Reply, error) { return nil, nil }, status: 204},
		{name: "domain error", h: func(context.Context, *Request) (*Reply, error) {
			return nil, fmt.Errorf("get record 7: %w", Errorf(NotFound, "record not found"))
		}, status: 404, ctype: "application/problem+json", bodyHas: `"detail":"record not found"`, bodyLacks: "get record 7"},
		{name: "validation lists fields", h: func(context.Context, *Request) (*Reply, error) {
			return nil, FieldErrors(FieldError{Field: "Email", Message: "must be an email address"})
		}, status: 422, ctype: "application/problem+json", bodyHas: `"errors":[{"field":"Email","message":"must be an email address","code":"email.invalid"}]`},
		{name: "extension members", h: func(context.Context, *Request) (*Reply, error) {
			return nil, &Error{Kind: Conflict, Detail: "taken", Extra: map[string]string{"suggestion": "acme-2", "status": "999"}}
		}, status: 409, bodyHas: `"suggestion":"acme-2"`, bodyLacks: `999`},
		{name: "retry after", h: func(context.Context, *Request) (*Reply, error) {
			return nil, &Error{Kind: Unavailable, Detail: "try again", RetryAfter: 2}
		}, status: 503, header: [2]string{"Retry-After", "2"}},
		{name: "internal error is hidden and logged", h: func(context.Context, *Request) (*Reply, error) {
			return nil, errors.New("dynamodb: secret table arn:aws:xyz")
		}, status: 500, ctype: "application/problem+json", bodyHas: `"detail":"internal error"`, bodyLacks: "arn:aws", logHas: "arn:aws:xyz"},
		{name: "throttling after retries is a 503", h: func(context.Context, *Request) (*Reply, error) {
			return nil, fmt.Errorf("get record 7: %w", &retry.MaxAttemptsError{Attempt: 3, Err: &smithy.GenericAPIError{Code: "ThrottlingException"}})
		}, status: 503, header: [2]string{"Retry-After", "1"}, bodyLacks: "record 7"},
		{name: "the store's exhausted conflict retries are a 503", h: func(context.Context, *Request) (*Reply, error) {
			return nil, fmt.Errorf("update record 7: %w", &retry.MaxAttemptsError{Attempt: 3, Err: errors.New("storage busy: TransactionCanceledException")})
		}, status: 503, header: [2]string{"Retry-After", "1"}, bodyLacks: "record 7"},
		{name: "a write on an item in a transaction is a 503", h: func(context.Context, *Request) (*Reply, error) {
			return nil, fmt.Errorf("touch: %w", &smithy.GenericAPIError{Code: "TransactionConflictException"})
		}, status: 503, header: [2]string{"Retry-After", "1"}},
		{name: "a deadline is a 503", h: func(ctx context.Context, _ *Request) (*Reply, error) {
			return nil, fmt.Errorf("query: %w", context.DeadlineExceeded)
		}, status: 503, header: [2]string{"Retry-After", "1"}},
		{name: "a validation error from AWS stays internal", h: func(context.Context, *Request) (*Reply, error) {
			return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "bad expression"}
		}, status: 500, bodyLacks: "expression"},
		{name: "panic is a 500", h: func(context.Context, *Request) (*Reply, error) { panic("boom") },
			status: 500, bodyHas: `"instance":"urn:request:req-1"`, bodyLacks: "boom", logHas: `"requestId":"req-1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, logs := adaptAndCall(t, tt.h)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.ctype != "" && resp.Headers["Content-Type"] != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", resp.Headers["Content-Type"], tt.ctype)
			}
			if !strings.Contains(resp.Body, tt.bodyHas) {
				t.Errorf("body %s lacks %s", resp.Body, tt.bodyHas)
			}
			if tt.bodyLacks != "" && strings.Contains(resp.Body, tt.bodyLacks) {
				t.Errorf("body %s shows %s", resp.Body, tt.bodyLacks)
			}
			if tt.header[0] != "" && resp.Headers[tt.header[0]] != tt.header[1] {
				t.Errorf("header %s = %q, want %q", tt.header[0], resp.Headers[tt.header[0]], tt.header[1])
			}
			if tt.logHas != "" && !strings.Contains(logs, tt.logHas) {
				t.Errorf("logs %s lack %s", logs, tt.logHas)
			}
			if resp.StatusCode >= 400 {
				var p Problem
				if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || p.Status != resp.StatusCode || p.Type == "" || p.Title == "" {
					t.Errorf("problem %s: %+v, %v", resp.Body, p, err)
				}
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	if got := KindOf(fmt.Errorf("wrap: %w", Errorf(Conflict, "x"))); got != Conflict {
		t.Errorf("KindOf = %v, want Conflict", got)
	}
	if got := KindOf(errors.New("plain")); got != Internal {
		t.Errorf("KindOf(plain) = %v, want Internal", got)
	}
	if got := Conflict.Status(); got != http.StatusConflict {
		t.Errorf("Status = %d", got)
	}
}
