// Command deploy holds the checks `make deploy` and `make deploy-check` run before and after
// sam build, none of which needs AWS credentials:
//
//	deploy params [--template template.yaml] --stage STAGE --sender-email ADDR [--domain-name D
//	    --certificate-arn ARN] [--api-domain-name D --api-certificate-arn ARN] [--region R]
//	    [--mail-domain D] [--alarm-email ADDR] [--version V] [--extra K=V ...]
//	        checks the values (infra/deploy's rules) and prints sam deploy's parameter overrides
//	        on one line; refused values are listed on stderr, exit status 2
//	deploy packages [--build-dir .aws-sam/build]
//	        measures each built function's package against Lambda's limits; prints the sizes
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"crmportal/infra/deploy"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = "usage: deploy params --stage STAGE --sender-email ADDR [flags] | deploy packages [--build-dir DIR]"

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "params":
		return params(args[1:], stdout, stderr)
	case "packages":
		return packages(args[1:], stdout, stderr)
	}
	fmt.Fprintln(stderr, usage)
	return 2
}

// extraFlag collects repeated --extra values; each may itself hold several, blank-separated
// (EXTRA_PARAMS="A=1 B=2").
type extraFlag []string

func (e *extraFlag) String() string { return strings.Join(*e, " ") }
func (e *extraFlag) Set(v string) error {
	*e = append(*e, strings.Fields(v)...)
	return nil
}

func params(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy params", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s deploy.Settings
	template := fs.String("template", "template.yaml", "the template whose parameters the overrides must name")
	fs.StringVar(&s.Stage, "stage", "", "STAGE: dev, staging or prod")
	fs.StringVar(&s.SenderEmail, "sender-email", "", "SENDER_EMAIL")
	fs.StringVar(&s.DomainName, "domain-name", "", "DOMAIN_NAME")
	fs.StringVar(&s.CertificateArn, "certificate-arn", "", "CERTIFICATE_ARN")
	fs.StringVar(&s.ApiDomainName, "api-domain-name", "", "API_DOMAIN_NAME")
	fs.StringVar(&s.ApiCertificateArn, "api-certificate-arn", "", "API_CERTIFICATE_ARN")
	fs.StringVar(&s.Region, "region", "", "the stack's region when known (AWS_REGION)")
	fs.StringVar(&s.MailDomain, "mail-domain", "", "MAIL_DOMAIN")
	fs.StringVar(&s.AlarmEmail, "alarm-email", "", "ALARM_EMAIL")
	fs.StringVar(&s.Version, "version", "", "VERSION (git describe)")
	var extra extraFlag
	fs.Var(&extra, "extra", "EXTRA_PARAMS: further Key=Value overrides")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	s.Extra = extra
	names, err := deploy.TemplateParameters(*template)
	if err != nil {
		fmt.Fprintln(stderr, "make deploy:", err)
		return 1
	}
	if problems := s.Check(names); len(problems) > 0 {
		fmt.Fprintln(stderr, "make deploy: refused before anything was created:")
		for _, p := range problems {
			fmt.Fprintf(stderr, "  %s\n", p)
		}
		return 2
	}
	overrides, err := s.Overrides(names)
	if err != nil { // Check passed, so this does not happen; refuse rather than deploy.
		fmt.Fprintln(stderr, "make deploy:", err)
		return 2
	}
	fmt.Fprintln(stdout, strings.Join(overrides, " "))
	return 0
}

func packages(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy packages", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("build-dir", ".aws-sam/build", "sam build's output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	r, err := deploy.MeasurePackages(*dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	largest := r.Packages[0]
	for _, p := range r.Packages {
		if p.Zipped > largest.Zipped {
			largest = p
		}
	}
	fmt.Fprintf(stdout, "packages: %d functions, %.1f MB zipped (%.1f MB unzipped) in all; largest %s %.1f MB zipped (Lambda's limits: %d MB zipped, %d MB unzipped)\n",
		len(r.Packages), mb(r.Zipped), mb(r.Unzipped), largest.Name, mb(largest.Zipped), deploy.MaxZippedBytes/1000000, deploy.MaxUnzippedBytes/1000000)
	if over := r.Oversized(); len(over) > 0 {
		for _, o := range over {
			fmt.Fprintln(stderr, "over Lambda's limit:", o)
		}
		return 1
	}
	return 0
}

func mb(n int64) float64 { return float64(n) / 1e6 }
