// Package deploy holds the rules `make deploy` applies before it calls sam: which values a
// stack may be deployed with (Settings.Check), the parameter overrides it passes
// (Settings.Overrides), and the limits Lambda puts on a function's package (CheckPackages).
// Everything here runs without AWS credentials, so `make deploy-check` runs it too.
package deploy

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
)

// Stages are the values of the template's Stage parameter, one samconfig.toml environment each.
var Stages = []string{"dev", "staging", "prod"}

// Settings are the values an operator gives `make deploy` (SENDER_EMAIL=..., ...). Empty
// fields are not passed, so the template's default (a first deploy) or the stack's previous
// value (sam deploy's UsePreviousValue, later deploys) applies.
type Settings struct {
	Stage          string // Stage; required
	SenderEmail    string // SenderEmail; required, not an example address
	DomainName     string // DomainName; needs CertificateArn
	CertificateArn string // CertificateArn; an ACM certificate in us-east-1, only with DomainName
	// ApiDomainName and ApiCertificateArn: the API's own regional domain (execute-api turned
	// off); the certificate in the stack's region.
	ApiDomainName, ApiCertificateArn string
	// Region is the stack's region when the caller knows it (AWS_REGION); empty skips the
	// checks that need it.
	Region     string
	MailDomain string // MailDomain: the SES domain identity the stack creates
	AlarmEmail string // AlarmEmail: who the alarm topic emails
	Version    string // Version: what GET /api/health reports (git describe)
	// Extra are further overrides, "Key=Value" each (EXTRA_PARAMS), for parameters without a
	// variable of their own (LogRetentionDays, EnableWaf, ...).
	Extra []string
}

// Problem is one value the deploy refuses: the make variable that carries it and why.
type Problem struct {
	Var, Reason string
}

func (p Problem) Error() string { return p.Var + ": " + p.Reason }

// Check returns every problem of s, in a fixed order (empty when s may be deployed). params
// are the template's parameter names: an override of a parameter the template does not
// declare would fail in CloudFormation after the upload, so it is refused here; nil skips
// that check.
func (s Settings) Check(params []string) []Problem {
	var out []Problem
	add := func(v, format string, args ...any) { out = append(out, Problem{v, fmt.Sprintf(format, args...)}) }
	if !contains(Stages, s.Stage) {
		add("STAGE", "%q is not one of %s", s.Stage, strings.Join(Stages, ", "))
	}
	switch {
	case s.SenderEmail == "":
		add("SENDER_EMAIL", "is required: the address the portal sends invitations and password resets from, on a domain you verify in SES")
	default:
		if reason := emailProblem(s.SenderEmail); reason != "" {
			add("SENDER_EMAIL", "%s", reason)
		}
	}
	if s.DomainName != "" {
		if reason := hostProblem(s.DomainName); reason != "" {
			add("DOMAIN_NAME", "%s", reason)
		}
		if s.CertificateArn == "" {
			add("CERTIFICATE_ARN", "is required with DOMAIN_NAME: an ACM certificate for %s issued in us-east-1 (CloudFront uses certificates from that region only)", s.DomainName)
		}
	}
	if s.CertificateArn != "" {
		if s.DomainName == "" {
			add("DOMAIN_NAME", "is required with CERTIFICATE_ARN (the certificate is for the portal's custom domain)")
		}
		if reason := certificateProblem(s.CertificateArn); reason != "" {
			add("CERTIFICATE_ARN", "%s", reason)
		}
	}
	if s.ApiDomainName != "" {
		if reason := hostProblem(s.ApiDomainName); reason != "" {
			add("API_DOMAIN_NAME", "%s", reason)
		}
		if s.ApiCertificateArn == "" {
			add("API_CERTIFICATE_ARN", "is required with API_DOMAIN_NAME: an ACM certificate for %s issued in the stack's region", s.ApiDomainName)
		}
	}
	if s.ApiCertificateArn != "" {
		if s.ApiDomainName == "" {
			add("API_DOMAIN_NAME", "is required with API_CERTIFICATE_ARN (the certificate is for the API's domain)")
		}
		if m := certificatePattern.FindStringSubmatch(s.ApiCertificateArn); m == nil {
			add("API_CERTIFICATE_ARN", "%q is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)", s.ApiCertificateArn)
		} else if s.Region != "" && m[2] != s.Region {
			add("API_CERTIFICATE_ARN", "the certificate is in %s but the stack in %s: a regional API domain takes a certificate of its own region", m[2], s.Region)
		}
	}
	if s.MailDomain != "" {
		if reason := hostProblem(s.MailDomain); reason != "" {
			add("MAIL_DOMAIN", "%s", reason)
		}
	}
	if s.AlarmEmail != "" {
		if reason := emailProblem(s.AlarmEmail); reason != "" {
			add("ALARM_EMAIL", "%s", reason)
		}
	}
	if s.Version != "" && !versionPattern.MatchString(s.Version) {
		add("VERSION", "%q must be 1 to 64 letters, digits, '.', '_', '+' or '-'", s.Version)
	}
	own := map[string]bool{}
	for _, kv := range s.named() {
		own[kv[0]] = true
	}
	for _, kv := range s.Extra {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case !ok || !parameterName.MatchString(k):
			add("EXTRA_PARAMS", "%q is not Key=Value", kv)
		case own[k]:
			add("EXTRA_PARAMS", "%s has a variable of its own; set that instead", k)
		case params != nil && !contains(params, k):
			add("EXTRA_PARAMS", "template.yaml has no parameter %s", k)
		case !plainValue(v):
			add("EXTRA_PARAMS", "the value of %s must not be empty or hold blanks, quotes or backslashes", k)
		}
	}
	if params != nil {
		for _, kv := range s.named() {
			if kv[1] != "" && !contains(params, kv[0]) {
				add(kv[2], "template.yaml has no parameter %s", kv[0])
			}
		}
	}
	return out
}

// Overrides returns the parameter overrides of s for `sam deploy --parameter-overrides`,
// "Key=Value" each: the named values that are set, then Extra. It returns an error joining
// every problem when Check finds any, so nothing is deployed with a value the rules refuse.
func (s Settings) Overrides(params []string) ([]string, error) {
	if problems := s.Check(params); len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = p
		}
		return nil, errors.Join(errs...)
	}
	var out []string
	for _, kv := range s.named() {
		if kv[1] != "" {
			out = append(out, kv[0]+"="+kv[1])
		}
	}
	return append(out, s.Extra...), nil
}

// named lists the template parameter, value and make variable of each named field.
func (s Settings) named() [][3]string {
	return [][3]string{
		{"Stage", s.Stage, "STAGE"},
		{"SenderEmail", s.SenderEmail, "SENDER_EMAIL"},
		{"DomainName", s.DomainName, "DOMAIN_NAME"},
		{"CertificateArn", s.CertificateArn, "CERTIFICATE_ARN"},
		{"ApiDomainName", s.ApiDomainName, "API_DOMAIN_NAME"},
		{"ApiCertificateArn", s.ApiCertificateArn, "API_CERTIFICATE_ARN"},
		{"MailDomain", s.MailDomain, "MAIL_DOMAIN"},
		{"AlarmEmail", s.AlarmEmail, "ALARM_EMAIL"},
		{"Version", s.Version, "VERSION"},
	}
}

var (
	versionPattern = regexp.MustCompile(`^[A-Za-z0-9._+-]{1,64}$`)
	parameterName  = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
	// A host name: labels of letters, digits and inner hyphens, at least two labels.
	hostPattern = regexp.MustCompile(`^(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// An ACM certificate's ARN: arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID.
	certificatePattern = regexp.MustCompile(`^arn:(aws[a-z-]*):acm:([a-z0-9-]+):([0-9]{12}):certificate/[A-Za-z0-9-]+$`)
)

// CloudFrontCertificateRegion is the only region whose ACM certificates CloudFront accepts.
const CloudFrontCertificateRegion = "us-east-1"

// reservedDomains are the second-level domains RFC 2606 reserves for examples, and
// reservedTLDs the top-level ones (RFC 2606, RFC 6761): no mail is delivered there, so a
// stack sending from them would send nothing. The template's rule refuses the same.
var (
	reservedDomains = []string{"example.com", "example.net", "example.org"}
	reservedTLDs    = []string{"example", "test", "invalid", "localhost"}
)

// IsExampleDomain reports whether host is, or is under, a domain reserved for examples.
func IsExampleDomain(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, d := range reservedDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	labels := strings.Split(host, ".")
	return contains(reservedTLDs, labels[len(labels)-1])
}

func emailProblem(addr string) string {
	parsed, err := mail.ParseAddress(addr)
	if err != nil || parsed.Address != addr || parsed.Name != "" || !plainValue(addr) {
		return fmt.Sprintf("%q is not a plain email address (name@domain)", addr)
	}
	domain := domainOf(addr)
	if reason := hostProblem(domain); reason != "" {
		return fmt.Sprintf("%q: %s", addr, reason)
	}
	return ""
}

func hostProblem(host string) string {
	if !hostPattern.MatchString(host) || len(host) > 253 {
		return fmt.Sprintf("%q is not a domain name", host)
	}
	if IsExampleDomain(host) {
		return fmt.Sprintf("%q is a domain reserved for examples (example.com/.net/.org, .example, .test, .invalid, .localhost): mail to or from it goes nowhere", host)
	}
	return ""
}

func certificateProblem(arn string) string {
	m := certificatePattern.FindStringSubmatch(arn)
	if m == nil {
		return fmt.Sprintf("%q is not an ACM certificate ARN (arn:aws:acm:us-east-1:ACCOUNT:certificate/ID)", arn)
	}
	if m[2] != CloudFrontCertificateRegion {
		return fmt.Sprintf("the certificate is in %s; CloudFront accepts only certificates issued in %s: request one there for the same domain", m[2], CloudFrontCertificateRegion)
	}
	return ""
}

func domainOf(addr string) string {
	return addr[strings.LastIndex(addr, "@")+1:]
}

// plainValue reports whether v can be passed to sam deploy as one word: not empty, no
// blanks, quotes or backslashes (sam splits --parameter-overrides on blanks and reads quotes).
func plainValue(v string) bool {
	return v != "" && !strings.ContainsAny(v, " \t\r\n\"'\\`$")
}

func contains(list []string, v string) bool { return slices.Contains(list, v) }
