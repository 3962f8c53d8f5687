package template

import (
	"encoding/json"
	"maps"
	"reflect"
	"testing"
)

// tenantOnlyDrops are the settings of the Distribution that the multi-tenant distribution
// leaves out: refused in tenant-only mode, or decided by the connection group (IPv6, price
// class) and the tenants (their domains and managed certificates).
var tenantOnlyDrops = []string{"Aliases", "ViewerCertificate", "PriceClass", "IPV6Enabled"}

// TestTenantDistributionRepeatsTheDistribution guards the one copy in template.yaml that
// CloudFormation cannot avoid: the multi-tenant distribution serving custom domains must have
// the Distribution's origins (with the origin guard's header), behaviours, functions, policies
// and web ACL, so a custom domain is served as the deployment's domain is. It differs only in
// its comment, its connection mode and what tenantOnlyDrops lists.
func TestTenantDistributionRepeatsTheDistribution(t *testing.T) {
	data, err := sourceJSON(templateFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Resources map[string]struct {
			Type       string
			Condition  string
			Properties struct{ DistributionConfig map[string]any }
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	std, tenant := doc.Resources["Distribution"], doc.Resources["TenantDistribution"]
	if got, want := tenant.Type, "AWS::CloudFront::Distribution"; got != want {
		t.Fatalf("TenantDistribution type = %q, want %q", got, want)
	}
	if got, want := tenant.Condition, "ServeCustomDomains"; got != want {
		t.Errorf("TenantDistribution condition = %q, want %q (an existing stack must not change)", got, want)
	}
	if cg := doc.Resources["ConnectionGroup"]; cg.Type != "AWS::CloudFront::ConnectionGroup" || cg.Condition != "ServeCustomDomains" {
		t.Errorf("ConnectionGroup = %s under %q, want AWS::CloudFront::ConnectionGroup under ServeCustomDomains", cg.Type, cg.Condition)
	}
	want := maps.Clone(std.Properties.DistributionConfig)
	for _, k := range tenantOnlyDrops {
		if _, ok := want[k]; !ok {
			t.Errorf("Distribution has no %s: update tenantOnlyDrops", k)
		}
		delete(want, k)
	}
	if _, ok := std.Properties.DistributionConfig["ConnectionMode"]; ok {
		t.Error("Distribution has a ConnectionMode: it must stay a standard (direct) distribution")
	}
	want["ConnectionMode"] = "tenant-only"
	got := maps.Clone(tenant.Properties.DistributionConfig)
	if got["Comment"] == nil || reflect.DeepEqual(got["Comment"], want["Comment"]) {
		t.Errorf("TenantDistribution comment = %v, want its own (the two are told apart in the console)", got["Comment"])
	}
	delete(got, "Comment")
	delete(want, "Comment")
	for k := range maps.Keys(want) {
		if !reflect.DeepEqual(got[k], want[k]) {
			g, _ := json.Marshal(got[k])
			w, _ := json.Marshal(want[k])
			t.Errorf("TenantDistribution %s differs from Distribution's:\n got %s\nwant %s", k, g, w)
		}
	}
	for k := range maps.Keys(got) {
		if _, ok := want[k]; !ok {
			t.Errorf("TenantDistribution has %s, which Distribution has not", k)
		}
	}
}
