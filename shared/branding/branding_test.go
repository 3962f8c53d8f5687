package branding

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// signer answers a link of the bucket and key it is asked for, or err; it keeps the expiry
// it was given and counts the calls.
type signer struct {
	err     error
	expires time.Duration
	calls   int
}

func (s *signer) PresignGetObject(_ context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	s.calls++
	var o s3.PresignOptions
	for _, f := range opts {
		f(&o)
	}
	s.expires = o.Expires
	if s.err != nil {
		return nil, s.err
	}
	return &v4.PresignedHTTPRequest{URL: "https://s3.example/" + aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key)}, nil
}

func TestURL(t *testing.T) {
	tests := []struct {
		name      string
		key       string
		err       error
		want      string
		wantCalls int
	}{
		{name: "no logo: no link, nothing signed", key: ""},
		{name: "a logo", key: "branding/org1/logo-a-b", want: "https://s3.example/att/branding/org1/logo-a-b", wantCalls: 1},
		{name: "a link that cannot be signed is left out", key: "branding/org1/logo-a-b", err: errors.New("no credentials"), wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &signer{err: tt.err}
			got := Logos{Presign: s, Bucket: "att"}.URL(context.Background(), tt.key)
			if got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.key, got, tt.want)
			}
			if s.calls != tt.wantCalls {
				t.Errorf("signed %d times, want %d", s.calls, tt.wantCalls)
			}
			if s.calls > 0 && s.expires != LogoURLLifetime {
				t.Errorf("link works for %v, want %v", s.expires, LogoURLLifetime)
			}
		})
	}
}
