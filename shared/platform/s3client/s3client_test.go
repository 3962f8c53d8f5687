package s3client

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
		wantPath  bool
		wantExtra int
		deps      func(platform.Deps) platform.Deps
	}{
		{"AWS", "", "", false, 0, func(d platform.Deps) platform.Deps { return d }},
		{"emulator by path", "http://127.0.0.1:2", "http://127.0.0.1:2", true, 0, func(d platform.Deps) platform.Deps { return d }},
		{"S3's options only", "", "", false, 1, func(d platform.Deps) platform.Deps {
			return d.WithAPIOptions("S3", nop).WithAPIOptions("SES", nop, nop)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Config{Region: "sa-east-1", Endpoints: config.Endpoints{S3: tt.endpoint}}
			d := tt.deps(platform.New(cfg, io.Discard, platform.LambdaAWS(cfg, func(string) string { return "" })))
			o := New(d).Options()
			got := ""
			if o.BaseEndpoint != nil {
				got = *o.BaseEndpoint
			}
			if got != tt.wantBase || o.UsePathStyle != tt.wantPath {
				t.Errorf("endpoint %q, path style %v; want %q, %v", got, o.UsePathStyle, tt.wantBase, tt.wantPath)
			}
			if extra := len(o.APIOptions) - len(d.AWS.APIOptions); extra != tt.wantExtra {
				t.Errorf("%d API options beyond the aws.Config's, want %d", extra, tt.wantExtra)
			}
		})
	}
}
