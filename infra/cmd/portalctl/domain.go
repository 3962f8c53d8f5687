package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"crmportal/shared/auth"
	"crmportal/shared/customdomain"
	"crmportal/shared/store"
)

func init() {
	register(command{name: "domain attach",
		synopsis: "--org ID [--distribution ID] [--connection-group ID]",
		summary: "Serves an organization's custom domain (the customDomain its admin set in Settings): creates a\n" +
			"tenant of the multi-tenant CloudFront distribution (--distribution, else TENANT_DISTRIBUTION_ID: the\n" +
			"stack's output TenantDistributionId) in the connection group (--connection-group, else\n" +
			"CONNECTION_GROUP_ID: output ConnectionGroupId; both outputs exist when the stack is deployed with\n" +
			"CustomDomains=enabled) for the domain, with a certificate CloudFront requests and validates itself.\n" +
			"The domain's CNAME to the connection group's routing endpoint must exist first (printed here and\n" +
			"in docs/custom-domains.md): CloudFront validates the certificate over it.",
		run: domainAttach})
}

// tenantName is the distribution tenant's name of an organization: unique in the account,
// as CloudFront requires, and the organization's id says whose it is.
func tenantName(org string) string { return "portal-" + org }

// tenantInput is the CreateDistributionTenant request of an organization's custom domain:
// a tenant of the multi-tenant distribution in the connection group, serving domain only,
// enabled, with a CloudFront-managed certificate for the domain whose validation token
// CloudFront serves itself (the company's CNAME already points at the connection group).
// The tenant takes the distribution's behaviours as they are: the viewer-request function
// that passes the viewer's host to the API and the origin guard's header come with them.
func tenantInput(org, domain, distribution, connectionGroup string) *cloudfront.CreateDistributionTenantInput {
	return &cloudfront.CreateDistributionTenantInput{
		DistributionId:    aws.String(distribution),
		ConnectionGroupId: aws.String(connectionGroup),
		Name:              aws.String(tenantName(org)),
		Domains:           []cftypes.DomainItem{{Domain: aws.String(domain)}},
		Enabled:           aws.Bool(true),
		ManagedCertificateRequest: &cftypes.ManagedCertificateRequest{
			ValidationTokenHost:                      cftypes.ValidationTokenHostCloudFront,
			PrimaryDomainName:                        aws.String(domain),
			CertificateTransparencyLoggingPreference: cftypes.CertificateTransparencyLoggingPreferenceEnabled,
		},
		Tags: &cftypes.Tags{Items: []cftypes.Tag{{Key: aws.String("portal-org"), Value: aws.String(org)}}},
	}
}

// tenantAPI is what domain attach calls of CloudFront.
type tenantAPI interface {
	GetConnectionGroup(ctx context.Context, in *cloudfront.GetConnectionGroupInput, opts ...func(*cloudfront.Options)) (*cloudfront.GetConnectionGroupOutput, error)
	CreateDistributionTenant(ctx context.Context, in *cloudfront.CreateDistributionTenantInput, opts ...func(*cloudfront.Options)) (*cloudfront.CreateDistributionTenantOutput, error)
}

func domainAttach(ctx context.Context, c *cli, args []string) error {
	cmd := commands["domain attach"]
	fs := c.flagSet(cmd)
	org := fs.String("org", "", "the organization's `ID` (required)")
	dist := fs.String("distribution", "", "the multi-tenant distribution's `ID` (default: TENANT_DISTRIBUTION_ID)")
	group := fs.String("connection-group", "", "the connection group's `ID` (default: CONNECTION_GROUP_ID)")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	if !auth.ValidID(*org) {
		return badUsage(cmd, fs, "--org must be an organization id")
	}
	d, getenv, err := c.depsAndEnv(ctx)
	if err != nil {
		return err
	}
	distribution, connectionGroup, err := attachTarget(*dist, *group, getenv)
	if err != nil {
		return badUsage(cmd, fs, "%s", err)
	}
	o, err := store.New(d.DynamoDB, d.Config.TableName, nil).GetOrgConsistent(ctx, *org)
	if err != nil {
		return fmt.Errorf("organization %s: %w", *org, err)
	}
	if o.CustomDomain == "" {
		return fmt.Errorf("organization %s has no custom domain: its admin sets one in Settings first", *org)
	}
	if msg := customdomain.Check(o.CustomDomain, customdomain.HostOf(d.Config.PortalBaseURL)); msg != "" {
		return fmt.Errorf("organization %s's custom domain %q %s", *org, o.CustomDomain, msg)
	}
	return attach(ctx, c, cloudfront.NewFromConfig(d.AWS), tenantInput(*org, o.CustomDomain, distribution, connectionGroup))
}

// attachTarget is the multi-tenant distribution and connection group domain attach uses: the
// flags when given, else TENANT_DISTRIBUTION_ID and CONNECTION_GROUP_ID (with --stack, the
// stack's outputs TenantDistributionId and ConnectionGroupId). Neither: an error saying how
// to get them.
func attachTarget(dist, group string, getenv func(string) string) (string, string, error) {
	if dist == "" {
		dist = getenv("TENANT_DISTRIBUTION_ID")
	}
	if group == "" {
		group = getenv("CONNECTION_GROUP_ID")
	}
	if dist == "" || group == "" {
		return "", "", errors.New("no multi-tenant distribution or connection group: deploy the stack with " +
			"CustomDomains=enabled (its outputs TenantDistributionId and ConnectionGroupId), or give --distribution and --connection-group")
	}
	return dist, group, nil
}

// attach reads the connection group's routing endpoint, creates the tenant and prints what
// the company and the operator do next.
func attach(ctx context.Context, c *cli, cf tenantAPI, in *cloudfront.CreateDistributionTenantInput) error {
	domain := aws.ToString(in.Domains[0].Domain)
	g, err := cf.GetConnectionGroup(ctx, &cloudfront.GetConnectionGroupInput{Identifier: in.ConnectionGroupId})
	if err != nil {
		return fmt.Errorf("get connection group %s: %w", aws.ToString(in.ConnectionGroupId), err)
	}
	endpoint := ""
	if g.ConnectionGroup != nil {
		endpoint = aws.ToString(g.ConnectionGroup.RoutingEndpoint)
	}
	out, err := cf.CreateDistributionTenant(ctx, in)
	if err != nil {
		return fmt.Errorf("create distribution tenant %s for %s (the CNAME %s -> %s must exist first): %w",
			aws.ToString(in.Name), domain, domain, endpoint, err)
	}
	id := ""
	if out.DistributionTenant != nil {
		id = aws.ToString(out.DistributionTenant.Id)
	}
	fmt.Fprintf(c.stdout, "distribution tenant %s created for %s\n", id, domain)
	fmt.Fprintf(c.stdout, "DNS record the company keeps: %s CNAME %s\n", domain, endpoint)
	fmt.Fprintln(c.stdout, "the certificate is issued once CloudFront validates it over that record (minutes); the portal then answers at https://"+domain+"/")
	return nil
}
