package main

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

func TestTenantInput(t *testing.T) {
	in := tenantInput("acmeorg01", "portal.acme.com", "E2MULTI", "cg_123")
	tests := []struct{ name, got, want string }{
		{"distribution", aws.ToString(in.DistributionId), "E2MULTI"},
		{"connection group", aws.ToString(in.ConnectionGroupId), "cg_123"},
		{"name", aws.ToString(in.Name), "portal-acmeorg01"},
		{"certificate's domain", aws.ToString(in.ManagedCertificateRequest.PrimaryDomainName), "portal.acme.com"},
		{"validation token host", string(in.ManagedCertificateRequest.ValidationTokenHost), string(cftypes.ValidationTokenHostCloudFront)},
		{"certificate transparency", string(in.ManagedCertificateRequest.CertificateTransparencyLoggingPreference), "enabled"},
		{"tag", aws.ToString(in.Tags.Items[0].Value), "acmeorg01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if len(in.Domains) != 1 || aws.ToString(in.Domains[0].Domain) != "portal.acme.com" {
		t.Errorf("domains = %+v, want only portal.acme.com", in.Domains)
	}
	if !aws.ToBool(in.Enabled) {
		t.Error("the tenant is created disabled")
	}
	if in.Customizations != nil {
		t.Errorf("customizations = %+v, want none: the tenant takes the distribution's certificate request and web ACL", in.Customizations)
	}
}

func TestAttachTarget(t *testing.T) {
	outputs := map[string]string{"TENANT_DISTRIBUTION_ID": "E3TENANT", "CONNECTION_GROUP_ID": "cg_stack"}
	none := map[string]string{}
	tests := []struct {
		name             string
		dist, group      string
		env              map[string]string
		wantDist, wantCG string
		wantErr          bool
	}{
		{"the stack's outputs", "", "", outputs, "E3TENANT", "cg_stack", false},
		{"flags win", "E3FLAG", "cg_flag", outputs, "E3FLAG", "cg_flag", false},
		{"one flag, the other from the stack", "E3FLAG", "", outputs, "E3FLAG", "cg_stack", false},
		{"flags without outputs", "E3FLAG", "cg_flag", none, "E3FLAG", "cg_flag", false},
		{"a stack without custom domains", "", "", none, "", "", true},
		{"only the distribution", "E3FLAG", "", none, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dist, group, err := attachTarget(tt.dist, tt.group, func(k string) string { return tt.env[k] })
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "CustomDomains=enabled") {
					t.Fatalf("err = %v, want one naming CustomDomains=enabled", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if dist != tt.wantDist || group != tt.wantCG {
				t.Errorf("got %s, %s; want %s, %s", dist, group, tt.wantDist, tt.wantCG)
			}
		})
	}
}
