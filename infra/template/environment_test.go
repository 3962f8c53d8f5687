package template

import (
	"strings"
	"testing"
)

func localPlacement() Placement {
	return Placement{
		Parameters: map[string]any{"SenderEmail": "no-reply@portal.localhost"},
		Resources: map[string]string{"Table": "portal", "AttachmentsBucket": "portal-attachments",
			"ImportsBucket": "portal-imports", "MailConfigurationSet": ""},
		Secrets:   map[string]string{"OriginVerifySecret": "local-secret"},
		AccountID: "000000000000", Region: "us-east-1",
	}
}

func TestFunctionSettingsAsCloudFormationResolvesThem(t *testing.T) {
	all, err := LoadFunctionSettings("../../template.yaml", localPlacement())
	if err != nil {
		t.Fatal(err)
	}
	h, ok := all["HealthFunction"]
	if !ok {
		t.Fatal("no HealthFunction")
	}
	want := map[string]string{
		"TABLE_NAME": "portal", "ATTACHMENTS_BUCKET": "portal-attachments",
		// A !Sub of the bucket's own name gets the placed bucket.
		"IMPORTS_BUCKET": "portal-imports", "SENDER_EMAIL": "no-reply@portal.localhost",
		// No custom domain: the functions take the portal's origin from each request.
		"SES_CONFIGURATION_SET": "", "PORTAL_BASE_URL": "", "LOG_LEVEL": "info", "STAGE": "dev",
		// The dynamic reference to the secret gets the placed value.
		"ORIGIN_VERIFY_SECRET": "local-secret",
		// Declared empty (= unset) for sam local's --env-vars.
		"AWS_ENDPOINT_URL_DYNAMODB": "", "AWS_ENDPOINT_URL_S3": "", "AWS_ENDPOINT_URL_SES": "",
		// The health function alone gets the deploy's version (parameter Version, empty here).
		"VERSION": "",
	}
	for k, v := range want {
		if got, ok := h.Environment[k]; !ok || got != v {
			t.Errorf("%s = %q (set: %v), want %q", k, got, ok, v)
		}
	}
	if len(h.Environment) != len(want) {
		t.Errorf("environment %v, want exactly %v", h.Environment, want)
	}
	if h.TimeoutSeconds != 10 || h.MemorySize != 256 || h.Architecture != "arm64" || h.CodeURI != "functions/health" {
		t.Errorf("settings %+v", h)
	}
	w := all["ImportWorkerFunction"]
	if w.TimeoutSeconds != 900 || w.MemorySize != 1024 {
		t.Errorf("the worker's own Timeout and MemorySize win over Globals: %+v", w)
	}
}

func TestFunctionSettingsRefuseAnUnplacedResource(t *testing.T) {
	p := localPlacement()
	delete(p.Resources, "Table")
	_, err := LoadFunctionSettings("../../template.yaml", p)
	if err == nil || !strings.Contains(err.Error(), "TABLE_NAME refers to Table") {
		t.Fatalf("err = %v, want one naming TABLE_NAME and Table", err)
	}
}

// TestFunctionSettingsRefuseAnUnplacedSecret: the origin guard's secret comes from a dynamic
// reference to the stack's secret; a placement that does not give its value fails loudly
// rather than start the functions with the reference's text as their secret.
func TestFunctionSettingsRefuseAnUnplacedSecret(t *testing.T) {
	p := localPlacement()
	p.Secrets = nil
	_, err := LoadFunctionSettings("../../template.yaml", p)
	if err == nil || !strings.Contains(err.Error(), "ORIGIN_VERIFY_SECRET refers to OriginVerifySecret") {
		t.Fatalf("err = %v, want one naming ORIGIN_VERIFY_SECRET and OriginVerifySecret", err)
	}
}

func TestSubWithPlacement(t *testing.T) {
	p := localPlacement()
	p.Partition = "aws"
	want := "arn:aws:s3:::portal-attachments/x-000000000000-${Literal}-arn:aws:dynamodb:us-east-1:000000000000:table/portal"
	got := p.sub("arn:${AWS::Partition}:s3:::${AttachmentsBucket}/x-${AWS::AccountId}-${!Literal}-${Table.Arn}", nil)
	if got != want {
		t.Errorf("sub = %q, want %q", got, want)
	}
	if got := p.sub([]any{"a-${X}-${AWS::Region}", map[string]any{"X": "y"}}, nil); got != "a-y-us-east-1" {
		t.Errorf("sub with variables = %q", got)
	}
}
