package sesclient

import (
	"io"
	"testing"

	"github.com/aws/smithy-go/middleware"

	"crmportal/shared/config"
	"crmportal/shared/platform"
)

func TestNew(t *testing.T) {
	nop := func(*middleware.Stack) error { return nil }
	tests := []struct {
		name      string
		endpoint  string
		wantBase  string
		wantExtra int
		deps      func(platform.Deps) platform.Deps
	}{
		{"AWS", "", "", 0, func(d platform.Deps) platform.Deps { return d }},
		{"emulator", "http://127.0.0.1:3", "http://127.0.0.1:3", 0, func(d platform.Deps) platform.Deps { return d }},
		{"SES's options only", "", "", 1, func(d platform.Deps) platform.Deps {
			return d.WithAPIOptions("SES", nop).WithAPIOptions("S3", nop, nop)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Config{Region: "sa-east-1", Endpoints: config.Endpoints{SES: tt.endpoint}}
			d := tt.deps(platform.New(cfg, io.Discard, platform.LambdaAWS(cfg, func(string) string { return "" })))
			o := New(d).Options()
			got := ""
			if o.BaseEndpoint != nil {
				got = *o.BaseEndpoint
			}
			if got != tt.wantBase {
				t.Errorf("endpoint %q, want %q", got, tt.wantBase)
			}
			if extra := len(o.APIOptions) - len(d.AWS.APIOptions); extra != tt.wantExtra {
				t.Errorf("%d API options beyond the aws.Config's, want %d", extra, tt.wantExtra)
			}
		})
	}
}
