package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
)

// MaxBodyBytes is the default limit of a JSON request body.
const MaxBodyBytes = 1 << 20

// Body returns the request body's bytes, decoding API Gateway's base64 when it is flagged.
// A body over limit bytes is a TooLarge error; a badly encoded one is Invalid.
func Body(r *Request, limit int) ([]byte, error) {
	if !r.IsBase64Encoded {
		if len(r.Body) > limit {
			return nil, Errorf(TooLarge, "the body is larger than %d bytes", limit)
		}
		return []byte(r.Body), nil
	}
	if base64.StdEncoding.DecodedLen(len(r.Body)) > limit+3 {
		return nil, Errorf(TooLarge, "the body is larger than %d bytes", limit)
	}
	b, err := base64.StdEncoding.DecodeString(r.Body)
	if err != nil {
		return nil, Errorf(Invalid, "the body is flagged base64 but is not valid base64")
	}
	if len(b) > limit {
		return nil, Errorf(TooLarge, "the body is larger than %d bytes", limit)
	}
	return b, nil
}

// Header returns a request header by case-insensitive name. API Gateway sends header names
// in lower case; the lookup does not rely on it.
func Header(r *Request, name string) string {
	if v, ok := r.Headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range r.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// Decode reads the JSON body into dst: the content type must be application/json, the body
// at most MaxBodyBytes, one JSON value with no unknown fields. Errors name the field and the
// rule and are client errors (400, 413, 415), never internal.
func Decode(r *Request, dst any) error {
	ct := Header(r, "Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return Errorf(UnsupportedMediaType, "the body must be application/json")
	}
	b, err := Body(r, MaxBodyBytes)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return Errorf(Invalid, "the body is empty; a JSON object is required")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Errorf(Invalid, "the body must hold a single JSON value")
	}
	return nil
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return Errorf(Invalid, "malformed JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(Invalid, "malformed JSON: the body ends early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return Errorf(Invalid, "the body must be a JSON %s, not %s", typ.Type.Kind(), typ.Value)
		}
		return &Error{Kind: Invalid, Detail: fmt.Sprintf("field %q must be %s, not %s", field, typ.Type.Kind(), typ.Value),
			Fields: []FieldError{Field(field, "json.type", fmt.Sprintf("must be %s", typ.Type.Kind()), map[string]string{"kind": typ.Type.Kind().String()})}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no typed error for unknown fields; the field name is the
		// quoted suffix of its message.
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &Error{Kind: Invalid, Detail: fmt.Sprintf("unknown field %q", field),
			Fields: []FieldError{{Field: field, Message: "is not a known field"}}}
	default:
		return Errorf(Invalid, "malformed JSON: %v", err)
	}
}
