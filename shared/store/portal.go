package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/customdomain"
)

// ErrSlugTaken: another organization's portal has (or had) the slug.
var ErrSlugTaken = fmt.Errorf("slug taken")

// Branding is how a portal looks.
type Branding struct {
	// LogoKey is the logo's object in the attachments bucket (branding/<org>/...), set after
	// an upload that the portal checked.
	LogoKey      string            `dynamodbav:"logoKey,omitempty" json:"logoKey,omitempty"`
	PrimaryColor string            `dynamodbav:"primaryColor,omitempty" json:"primaryColor,omitempty"`
	Welcome      map[string]string `dynamodbav:"welcome,omitempty" json:"welcome,omitempty"` // by language
}

// Portal is an organization's customer portal.
type Portal struct {
	OrgID    string   `dynamodbav:"orgId" json:"-"`
	Name     string   `dynamodbav:"name" json:"name"`
	Slug     string   `dynamodbav:"slug" json:"slug"`
	Branding Branding `dynamodbav:"branding" json:"branding"`
	OldSlugs []string `dynamodbav:"oldSlugs,omitempty" json:"oldSlugs,omitempty"`
	// Disabled: a deactivated portal takes no logins, acceptances and invitations.
	Disabled  bool      `dynamodbav:"disabled,omitempty" json:"disabled,omitempty"`
	CreatedAt time.Time `dynamodbav:"createdAt" json:"createdAt"`
	Version   int       `dynamodbav:"version" json:"version"`
}

type portalItem struct {
	PK, SK string
	Portal
}

// slugsPK is the one partition of every slug in the deployment: uniqueness is a conditional
// put of its sort key, and the suggestions for a taken slug come from one prefix Query.
const slugsPK = "SLUGS"

// slugItem claims a slug for an organization; Current is false for a renamed portal's old
// slug, which keeps redirecting to the organization's portal.
type slugItem struct {
	PK, SK  string
	OrgID   string `dynamodbav:"orgId"`
	Current bool   `dynamodbav:"current"`
}

func (s *Store) putSlug(slug, org string, condition string) types.TransactWriteItem {
	item, _ := attributevalue.MarshalMap(slugItem{PK: slugsPK, SK: slug, OrgID: org, Current: true})
	put := &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String(condition)}
	if strings.Contains(condition, ":o") {
		put.ExpressionAttributeValues = map[string]types.AttributeValue{":o": s1(org)}
	}
	return types.TransactWriteItem{Put: put}
}

// CreatePortal stores an organization's portal and claims its slug, in one transaction.
// ErrSlugTaken when the slug belongs to another portal (or did), ErrExists when the
// organization has a portal already.
func (s *Store) CreatePortal(ctx context.Context, p Portal) error {
	p.Version = 1
	item, err := attributevalue.MarshalMap(portalItem{PK: orgPK(p.OrgID), SK: "PORTAL", Portal: p})
	if err != nil {
		return fmt.Errorf("create portal %s: %w", p.Slug, err)
	}
	var tx txn
	tx.add(s.putSlug(p.Slug, p.OrgID, "attribute_not_exists(PK)"), ErrSlugTaken)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	return tx.write(ctx, s, "create portal "+p.Slug)
}

// GetPortal returns an organization's portal, or ErrNotFound, from an eventually consistent
// read (login pages, invitations, emails: a change shows within a second).
func (s *Store) GetPortal(ctx context.Context, org string) (Portal, error) {
	it, err := getItem[portalItem](ctx, s, key(orgPK(org), "PORTAL"), false, "get portal of "+org)
	return it.Portal, err
}

// GetPortalConsistent returns the portal as it is now: the read of the version a change's
// If-Match is checked against and the console's ETag, so an edit right after an edit
// succeeds.
func (s *Store) GetPortalConsistent(ctx context.Context, org string) (Portal, error) {
	it, err := getItem[portalItem](ctx, s, key(orgPK(org), "PORTAL"), true, "get portal of "+org)
	return it.Portal, err
}

// UpdatePortal replaces old with p (p.Version = old.Version+1) if the stored version is still
// old's. A new slug is claimed (an old slug of the same organization may be claimed back) and
// the previous one kept as a redirect, in the same transaction. ErrSlugTaken, ErrVersion.
func (s *Store) UpdatePortal(ctx context.Context, old, p Portal) error {
	item, err := attributevalue.MarshalMap(portalItem{PK: orgPK(p.OrgID), SK: "PORTAL", Portal: p})
	if err != nil {
		return fmt.Errorf("update portal %s: %w", p.Slug, err)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression:       aws.String("version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(old.Version))}}}, ErrVersion)
	if p.Slug != old.Slug {
		tx.add(s.putSlug(p.Slug, p.OrgID, "attribute_not_exists(PK) OR orgId = :o"), ErrSlugTaken)
		tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(slugsPK, old.Slug),
			UpdateExpression: aws.String("SET #c = :f"), ExpressionAttributeNames: map[string]string{"#c": "current"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":f": &types.AttributeValueMemberBOOL{Value: false}}}}, nil)
	}
	return tx.write(ctx, s, "update portal "+p.Slug)
}

// OrgBySlug returns the organization whose portal slug is (or was) slug, or ErrNotFound.
// Under a custom domain (customdomain.FromContext) another organization's slug is
// ErrNotFound: a domain serves only its own organization's portal.
func (s *Store) OrgBySlug(ctx context.Context, slug string) (string, error) {
	it, err := getItem[slugItem](ctx, s, key(slugsPK, slug), false, "portal by slug "+slug)
	if err == nil && !customdomain.Serves(ctx, it.OrgID) {
		return "", fmt.Errorf("portal by slug %s under another organization's domain: %w", slug, ErrNotFound)
	}
	return it.OrgID, err
}

// PortalBySlug returns the portal a slug names, following an old slug to the organization's
// current portal (whose Slug then differs from slug). ErrNotFound when no portal has or had it.
func (s *Store) PortalBySlug(ctx context.Context, slug string) (Portal, error) {
	org, err := s.OrgBySlug(ctx, slug)
	if err != nil {
		return Portal{}, err
	}
	return s.GetPortal(ctx, org)
}

// TakenSlugs returns the slugs in use (current or redirecting) that start with prefix, up to
// MaxPage, from one Query.
func (s *Store) TakenSlugs(ctx context.Context, prefix string) (map[string]bool, error) {
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(slugsPK), ":s": s1(prefix)},
		ProjectionExpression:      aws.String("SK"), Limit: aws.Int32(MaxPage)})
	if err != nil {
		return nil, fmt.Errorf("slugs like %s: %w", prefix, err)
	}
	taken := map[string]bool{}
	for _, it := range out.Items {
		if v, ok := it["SK"].(*types.AttributeValueMemberS); ok {
			taken[v.Value] = true
		}
	}
	return taken, nil
}
