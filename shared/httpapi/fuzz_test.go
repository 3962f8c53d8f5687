package httpapi

import (
	"encoding/json"
	"strconv"
	"testing"
)

// fuzzBody has a field of each kind the handlers decode into.
type fuzzBody struct {
	Name    string            `json:"name"`
	Count   int               `json:"count"`
	Ratio   float64           `json:"ratio"`
	On      *bool             `json:"on"`
	Tags    []string          `json:"tags"`
	Values  map[string]any    `json:"values"`
	Labels  map[string]string `json:"labels"`
	Nested  *fuzzBody         `json:"nested"`
	Raw     json.RawMessage   `json:"raw"`
	Version uint8             `json:"version"`
}

// FuzzDecode: Decode never panics, and every error it answers is a client error (400, 413,
// 415) with a problem the adapter can write.
func FuzzDecode(f *testing.F) {
	for _, s := range []struct {
		ct, body string
		b64      bool
	}{
		{"application/json", `{"name":"a","count":2}`, false},
		{"application/json; charset=utf-8", `{"values":{"a":[1,{"b":null}]},"nested":{"tags":["x"]}}`, false},
		{"application/merge-patch+json", `{"on":true,"raw":{"x":1}}`, false},
		{"application/json", `eyJjb3VudCI6MX0=`, true},
		{"application/json", `{"count":1e400}`, false},
		{"application/json", `{"version":300}`, false},
		{"application/json", `{"unknown":1}`, false},
		{"application/json", `{"a":1}{"b":2}`, false},
		{"text/plain", `{}`, false},
		{"application/json", `[1,2`, false},
		{"application/json;;", `{}`, false},
		{"application/json", "\"\xff\"", false},
	} {
		f.Add(s.ct, s.body, s.b64)
	}
	f.Fuzz(func(t *testing.T, ct, body string, b64 bool) {
		r := &Request{Headers: map[string]string{"content-type": ct}, Body: body, IsBase64Encoded: b64}
		for _, dst := range []any{&fuzzBody{}, &map[string]any{}, &[]any{}} {
			err := Decode(r, dst)
			if err == nil {
				continue
			}
			switch k := KindOf(err); k {
			case Invalid, TooLarge, UnsupportedMediaType:
			default:
				t.Fatalf("Decode(%q, %q) = %v: kind %d (status %d), want a client error", ct, body, err, k, k.Status())
			}
			p, _ := problemFor(err, "req")
			if _, jerr := json.Marshal(p); jerr != nil {
				t.Fatalf("problem of %v does not encode: %v", err, jerr)
			}
		}
	})
}

// FuzzIfMatch: IfMatch never panics; a version it accepts is non-negative and reads back the
// same from the ETag WithETag writes; a refusal is 412 (malformed) or 428 (missing).
func FuzzIfMatch(f *testing.F) {
	for _, s := range []string{``, `"3"`, `W/"3"`, `3`, ` "12" `, `"-1"`, `"abc"`, `*`, `"99999999999999999999"`, `""`, `W/`, `"1", "2"`} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, v string, required bool) {
		r := &Request{Headers: map[string]string{"if-match": v}}
		n, ok, err := IfMatch(r, required)
		if err != nil {
			if k := KindOf(err); k != PreconditionFailed && k != PreconditionRequired {
				t.Fatalf("IfMatch(%q) = %v: kind %d, want 412 or 428", v, err, k)
			}
			if ok || n != 0 {
				t.Fatalf("IfMatch(%q) = %d, %v with an error", v, n, ok)
			}
			return
		}
		if !ok {
			if required {
				t.Fatalf("IfMatch(%q) required: no version and no error", v)
			}
			return
		}
		if n < 0 {
			t.Fatalf("IfMatch(%q) = %d, a negative version", v, n)
		}
		etag := WithETag(&Reply{}, n).Headers["ETag"]
		back, ok2, err := IfMatch(&Request{Headers: map[string]string{"If-Match": etag}}, true)
		if err != nil || !ok2 || back != n {
			t.Fatalf("IfMatch(%q) = %d, but its ETag %s reads back as %d, %v, %v", v, n, etag, back, ok2, err)
		}
		if strconv.Itoa(n) != etag[1:len(etag)-1] {
			t.Fatalf("ETag %s of %d", etag, n)
		}
	})
}
