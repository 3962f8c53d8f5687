package deploy

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	const cert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
	params := []string{"AlarmEmail", "ApiCertificateArn", "ApiDomainName", "CertificateArn", "DomainName", "EnableWaf", "LogRetentionDays", "MailDomain", "SenderEmail", "Stage", "Version"}
	const apiCert = "arn:aws:acm:sa-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
	ok := Settings{Stage: "dev", SenderEmail: "no-reply@mail.acme.com.br"}
	with := func(f func(*Settings)) Settings { s := ok; f(&s); return s }
	tests := []struct {
		name   string
		in     Settings
		params []string
		want   []string // the variables of the problems, in order
	}{
		{"sender and stage", ok, params, nil},
		{"everything", with(func(s *Settings) {
			s.Stage, s.DomainName, s.CertificateArn, s.MailDomain = "prod", "portal.acme.com.br", cert, "mail.acme.com.br"
			s.AlarmEmail, s.Version, s.Extra = "ops@acme.com.br", "v1.2.0-3-gabc1234-dirty", []string{"LogRetentionDays=30", "EnableWaf=true"}
		}), params, nil},
		{"unknown stage", with(func(s *Settings) { s.Stage = "production" }), params, []string{"STAGE"}},
		{"no stage", with(func(s *Settings) { s.Stage = "" }), params, []string{"STAGE"}},
		{"no sender", with(func(s *Settings) { s.SenderEmail = "" }), params, []string{"SENDER_EMAIL"}},
		{"sender example.com", with(func(s *Settings) { s.SenderEmail = "no-reply@example.com" }), params, []string{"SENDER_EMAIL"}},
		{"sender under example.org", with(func(s *Settings) { s.SenderEmail = "a@mail.example.org" }), params, []string{"SENDER_EMAIL"}},
		{"sender example.net upper case", with(func(s *Settings) { s.SenderEmail = "a@EXAMPLE.NET" }), params, []string{"SENDER_EMAIL"}},
		{"sender .test", with(func(s *Settings) { s.SenderEmail = "a@portal.test" }), params, []string{"SENDER_EMAIL"}},
		{"sender .invalid", with(func(s *Settings) { s.SenderEmail = "a@x.invalid" }), params, []string{"SENDER_EMAIL"}},
		{"sender .localhost", with(func(s *Settings) { s.SenderEmail = "no-reply@portal.localhost" }), params, []string{"SENDER_EMAIL"}},
		{"sender .example", with(func(s *Settings) { s.SenderEmail = "a@acme.example" }), params, []string{"SENDER_EMAIL"}},
		{"example.com inside a real domain is fine", with(func(s *Settings) { s.SenderEmail = "a@example.com.br" }), params, nil},
		{"sender with a display name", with(func(s *Settings) { s.SenderEmail = "Acme <a@acme.com>" }), params, []string{"SENDER_EMAIL"}},
		{"sender without domain dot", with(func(s *Settings) { s.SenderEmail = "a@acme" }), params, []string{"SENDER_EMAIL"}},
		{"domain without certificate", with(func(s *Settings) { s.DomainName = "portal.acme.com" }), params, []string{"CERTIFICATE_ARN"}},
		{"certificate without domain", with(func(s *Settings) { s.CertificateArn = cert }), params, []string{"DOMAIN_NAME"}},
		{"certificate outside us-east-1", with(func(s *Settings) {
			s.DomainName, s.CertificateArn = "portal.acme.com", strings.Replace(cert, "us-east-1", "sa-east-1", 1)
		}), params, []string{"CERTIFICATE_ARN"}},
		{"certificate not an ACM ARN", with(func(s *Settings) {
			s.DomainName, s.CertificateArn = "portal.acme.com", "arn:aws:iam::123456789012:server-certificate/x"
		}), params, []string{"CERTIFICATE_ARN"}},
		{"example custom domain", with(func(s *Settings) { s.DomainName, s.CertificateArn = "portal.example.com", cert }), params, []string{"DOMAIN_NAME"}},
		{"custom domain with a scheme", with(func(s *Settings) { s.DomainName, s.CertificateArn = "https://portal.acme.com", cert }), params, []string{"DOMAIN_NAME"}},
		{"API domain in the stack's region", with(func(s *Settings) {
			s.ApiDomainName, s.ApiCertificateArn, s.Region = "api.portal.acme.com.br", apiCert, "sa-east-1"
		}), params, nil},
		{"API domain, region unknown", with(func(s *Settings) { s.ApiDomainName, s.ApiCertificateArn = "api.portal.acme.com.br", apiCert }), params, nil},
		{"API certificate of another region", with(func(s *Settings) {
			s.ApiDomainName, s.ApiCertificateArn, s.Region = "api.portal.acme.com.br", apiCert, "us-east-1"
		}), params, []string{"API_CERTIFICATE_ARN"}},
		{"API domain without certificate", with(func(s *Settings) { s.ApiDomainName = "api.portal.acme.com.br" }), params, []string{"API_CERTIFICATE_ARN"}},
		{"API certificate without domain", with(func(s *Settings) { s.ApiCertificateArn = apiCert }), params, []string{"API_DOMAIN_NAME"}},
		{"API certificate not an ACM ARN", with(func(s *Settings) { s.ApiDomainName, s.ApiCertificateArn = "api.portal.acme.com.br", "arn:aws:iam::1:x" }), params, []string{"API_CERTIFICATE_ARN"}},
		{"example mail domain", with(func(s *Settings) { s.MailDomain = "example.com" }), params, []string{"MAIL_DOMAIN"}},
		{"example alarm email", with(func(s *Settings) { s.AlarmEmail = "ops@example.com" }), params, []string{"ALARM_EMAIL"}},
		{"version with a blank", with(func(s *Settings) { s.Version = "1.0 beta" }), params, []string{"VERSION"}},
		{"extra not key=value", with(func(s *Settings) { s.Extra = []string{"EnableWaf"} }), params, []string{"EXTRA_PARAMS"}},
		{"extra unknown to the template", with(func(s *Settings) { s.Extra = []string{"EnableWAF=true"} }), params, []string{"EXTRA_PARAMS"}},
		{"extra with its own variable", with(func(s *Settings) { s.Extra = []string{"Stage=prod"} }), params, []string{"EXTRA_PARAMS"}},
		{"extra value with a quote", with(func(s *Settings) { s.Extra = []string{`LogRetentionDays=3"0`} }), params, []string{"EXTRA_PARAMS"}},
		{"named parameter the template lacks", with(func(s *Settings) { s.AlarmEmail = "ops@acme.com" }), []string{"SenderEmail", "Stage"}, []string{"ALARM_EMAIL"}},
		{"without the template's names only the values are checked", with(func(s *Settings) { s.Extra = []string{"Anything=1"} }), nil, nil},
		{"every problem at once", Settings{SenderEmail: "x@example.com", DomainName: "portal.acme.com"}, params, []string{"STAGE", "SENDER_EMAIL", "CERTIFICATE_ARN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range tt.in.Check(tt.params) {
				got = append(got, p.Var)
				if p.Reason == "" {
					t.Errorf("problem of %s has no reason", p.Var)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems = %v, want %v (%v)", got, tt.want, tt.in.Check(tt.params))
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	tests := []struct {
		name    string
		in      Settings
		want    []string
		wantErr string
	}{
		{"only what is set, in the template's terms", Settings{Stage: "dev", SenderEmail: "no-reply@acme.com", Version: "abc1234"},
			[]string{"Stage=dev", "SenderEmail=no-reply@acme.com", "Version=abc1234"}, ""},
		{"extra last", Settings{Stage: "prod", SenderEmail: "a@acme.com", Extra: []string{"EnableWaf=true"}},
			[]string{"Stage=prod", "SenderEmail=a@acme.com", "EnableWaf=true"}, ""},
		{"refused values give no overrides", Settings{Stage: "dev", SenderEmail: "no-reply@example.com"},
			nil, `SENDER_EMAIL: "no-reply@example.com": "example.com" is a domain reserved for examples`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Overrides(nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("overrides = %q, want %q", got, tt.want)
			}
		})
	}
}

// The names make deploy checks against are the template's own: the parameters it passes
// exist there.
func TestTemplateParameters(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	got, err := TemplateParameters(filepath.Join(filepath.Dir(file), "..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Stage", "SenderEmail", "DomainName", "CertificateArn", "Version"} {
		if !contains(got, name) {
			t.Errorf("template.yaml's parameters %v lack %s", got, name)
		}
	}
}

func TestMeasurePackages(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("HealthFunction/bootstrap", make([]byte, 1<<20)) // zeros: compresses well
	write("FallbackFunction/bootstrap", []byte("tiny"))
	write("StaffApi/StaffFunction/bootstrap", []byte("nested")) // a nested stack's function
	write("StaffApi/template.yaml", []byte("x"))
	write("template.yaml", []byte("x"))
	write("NotAFunction/readme", []byte("x"))
	r, err := MeasurePackages(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range r.Packages {
		names = append(names, p.Name)
	}
	if want := []string{"FallbackFunction", "HealthFunction", "StaffApi/StaffFunction"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("packages = %v, want %v", names, want)
	}
	if r.Unzipped != 1<<20+4+6 || r.Packages[1].Zipped >= 1<<16 || r.Zipped != r.Packages[0].Zipped+r.Packages[1].Zipped+r.Packages[2].Zipped {
		t.Errorf("sizes = %+v", r)
	}
	if got := r.Oversized(); got != nil {
		t.Errorf("oversized = %v", got)
	}
	big := PackageReport{Packages: []Package{{Name: "Big", Unzipped: MaxUnzippedBytes + 1, Zipped: MaxZippedBytes + 1}, {Name: "Fine", Unzipped: 1, Zipped: 1}}}
	if got := big.Oversized(); len(got) != 2 || !strings.HasPrefix(got[0], "Big: ") || !strings.HasPrefix(got[1], "Big: ") {
		t.Errorf("oversized = %v, want Big's two limits", got)
	}
	if _, err := MeasurePackages(t.TempDir()); err == nil {
		t.Error("an empty build directory measured without error")
	}
}
