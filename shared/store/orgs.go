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

	"crmportal/shared/access"
	"crmportal/shared/quotes"
)

// Limits are what the operator sells an organization: the rules' own type (access.Limits),
// stored as it is on the organization's item.
type Limits = access.Limits

// DefaultLimits are the seed's (access.DefaultLimits).
var DefaultLimits = access.DefaultLimits

// Org is an organization (a company using the portal).
type Org struct {
	ID              string `dynamodbav:"id" json:"id"`
	Name            string `dynamodbav:"name" json:"name"`
	Language        string `dynamodbav:"language" json:"language"`
	TimeFormat      string `dynamodbav:"timeFormat" json:"timeFormat"`
	TimeZone        string `dynamodbav:"timeZone" json:"timeZone"`
	Country         string `dynamodbav:"country" json:"country"`
	Limits          Limits `dynamodbav:"limits" json:"limits"`
	InvitationHours int    `dynamodbav:"invitationHours" json:"invitationHours"`
	// APITokenLifetimeDays is how long a new API token works unless its creator asks for
	// less or more (1 to MaxAPITokenLifetimeDays); 0 in an item stored before the setting
	// existed reads as DefaultAPITokenLifetimeDays.
	APITokenLifetimeDays int `dynamodbav:"apiTokenLifetimeDays,omitempty" json:"apiTokenLifetimeDays"`
	// StaffNotify is who on the staff side is told of a customer's activity on a record that
	// has no owner.
	StaffNotify StaffNotify `dynamodbav:"staffNotify" json:"staffNotify"`
	// StaffMFA is whom of the staff a second factor is required of (mfa.StaffPolicy:
	// optional, admins, all); empty, from before the setting existed, reads as optional.
	StaffMFA string `dynamodbav:"staffMfa,omitempty" json:"staffMfa"`
	// StaffPasskeyLogin lets the staff sign in with a passkey alone; false by default.
	StaffPasskeyLogin bool `dynamodbav:"staffPasskeyLogin,omitempty" json:"staffPasskeyLogin"`
	// PaymentURL is the payment link template (shared/paylink) of the "Pay" link on the
	// invoices customers owe; empty: no link.
	PaymentURL string `dynamodbav:"paymentUrl,omitempty" json:"paymentUrl"`
	// Erasure is how a customer's request for the erasure of their account is answered
	// (erasure.Mode: immediate, or approval by an admin); empty, from before the setting
	// existed, reads as immediate.
	Erasure string `dynamodbav:"erasure,omitempty" json:"erasure"`
	// QuoteStages maps customers' quote decisions to Quote_Stage values (quotes.Stages);
	// unset parts, from before the setting existed, read as quotes.DefaultStages.
	QuoteStages quotes.Stages `dynamodbav:"quoteStages" json:"quoteStages"`
	// CustomDomain is the host name the organization's portal is also served at
	// (shared/customdomain; claimed by a domain item, see SetOrgDomain); empty: none.
	CustomDomain string    `dynamodbav:"customDomain,omitempty" json:"customDomain"`
	CreatedAt    time.Time `dynamodbav:"createdAt" json:"-"`
	Version      int       `dynamodbav:"version" json:"version"`
	// UserTypeCount and SeatsAllocated are the counters that user type changes move in the
	// same transaction, conditioned on their values, so the limits hold under concurrency.
	UserTypeCount  int `dynamodbav:"userTypeCount" json:"-"`
	SeatsAllocated int `dynamodbav:"seatsAllocated" json:"-"`
}

// StaffNotify is who gets the staff kinds of notification (access.StaffKinds) of a record
// without an owner: Email, an address (a shared inbox, or ""), and the staff of Role
// (access.StaffNotifyAdmin: the active admins, access.StaffNotifyAll: every active member,
// "": none). Both empty: no one.
type StaffNotify struct {
	Email string `dynamodbav:"email" json:"email"`
	Role  string `dynamodbav:"role" json:"role"`
}

type orgItem struct {
	PK, SK, GSI1PK, GSI1SK string
	Org
}

// API token lifetimes: the default of an organization that has not chosen one, and the bound
// of the setting and of a token's own lifetime.
const (
	DefaultAPITokenLifetimeDays = 90
	MaxAPITokenLifetimeDays     = 365
)

// withDefaults fills the settings an item stored before they existed lacks.
func (o Org) withDefaults() Org {
	if o.APITokenLifetimeDays == 0 {
		o.APITokenLifetimeDays = DefaultAPITokenLifetimeDays
	}
	if o.StaffMFA == "" {
		o.StaffMFA = "optional"
	}
	if o.Erasure == "" {
		o.Erasure = "immediate"
	}
	o.QuoteStages = o.QuoteStages.WithDefaults()
	return o
}

// CreateOrg stores a new organization. ErrExists when the id is taken.
func (s *Store) CreateOrg(ctx context.Context, o Org) error {
	o.Version = 1
	if o.CreatedAt.IsZero() {
		o.CreatedAt = s.Now()
	}
	return putNew(ctx, s, orgItem{PK: orgPK(o.ID), SK: "ORG", GSI1PK: "ORGS", GSI1SK: timeKey(o.CreatedAt) + "#" + o.ID, Org: o}, "create org "+o.ID)
}

// GetOrg returns the organization, or ErrNotFound, from an eventually consistent read (its
// name, language and limits for a request: a change shows within a second).
func (s *Store) GetOrg(ctx context.Context, id string) (Org, error) {
	it, err := getItem[orgItem](ctx, s, key(orgPK(id), "ORG"), false, "get org "+id)
	return it.Org.withDefaults(), err
}

// GetOrgConsistent returns the organization as it is now: the read that a change of user
// types or allocations builds its conditions on (the type count, the license pool), so a
// change right after a change is not refused for a stale read.
func (s *Store) GetOrgConsistent(ctx context.Context, id string) (Org, error) {
	it, err := getItem[orgItem](ctx, s, key(orgPK(id), "ORG"), true, "get org "+id)
	return it.Org.withDefaults(), err
}

// ListOrgs lists organizations, newest first, a page at a time.
func (s *Store) ListOrgs(ctx context.Context, limit int, after string) ([]Org, string, error) {
	p, err := queryPage(ctx, s, list{partition: "ORGS", pkAttr: "GSI1PK", limit: limit, cursor: after, op: "list orgs"},
		func() (*dynamodb.QueryInput, error) {
			return &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1"),
				KeyConditionExpression:    aws.String("GSI1PK = :p"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1("ORGS")},
				ScanIndexForward:          aws.Bool(false)}, nil
		}, decodeVia(func(it orgItem) Org { return it.Org.withDefaults() }))
	return p.Items, p.Next, err
}

// OrgChanges are the settings an admin may change; nil leaves a setting as it is.
type OrgChanges struct {
	Name, Language, TimeFormat, TimeZone, Country *string
	Limits                                        *Limits
	InvitationHours                               *int
	APITokenLifetimeDays                          *int
	StaffNotify                                   *StaffNotify
	StaffMFA                                      *string
	StaffPasskeyLogin                             *bool
	PaymentURL                                    *string
	Erasure                                       *string
	QuoteStages                                   *quotes.Stages
	// CustomDomain, when set, moves the organization's domain claim in the same transaction
	// as the other changes (updateOrgDomain); "" releases it.
	CustomDomain *string
}

// UpdateOrg applies changes and returns the organization after them. ErrNotFound when it
// does not exist.
func (s *Store) UpdateOrg(ctx context.Context, id string, c OrgChanges) (Org, error) {
	sets := []string{"version = version + :one"}
	vals := map[string]types.AttributeValue{":one": n(1)}
	names := map[string]string{}
	add := func(attr string, v *string) {
		if v != nil {
			names["#"+attr] = attr
			sets = append(sets, "#"+attr+" = :"+attr)
			vals[":"+attr] = s1(*v)
		}
	}
	add("name", c.Name)
	add("language", c.Language)
	add("timeFormat", c.TimeFormat)
	add("timeZone", c.TimeZone)
	add("country", c.Country)
	add("staffMfa", c.StaffMFA)
	add("paymentUrl", c.PaymentURL)
	add("erasure", c.Erasure)
	if c.StaffPasskeyLogin != nil {
		sets = append(sets, "staffPasskeyLogin = :spl")
		vals[":spl"] = &types.AttributeValueMemberBOOL{Value: *c.StaffPasskeyLogin}
	}
	if c.InvitationHours != nil {
		sets = append(sets, "invitationHours = :ih")
		vals[":ih"] = n(int64(*c.InvitationHours))
	}
	if c.APITokenLifetimeDays != nil {
		sets = append(sets, "apiTokenLifetimeDays = :atl")
		vals[":atl"] = n(int64(*c.APITokenLifetimeDays))
	}
	if c.StaffNotify != nil {
		sn, err := attributevalue.Marshal(c.StaffNotify)
		if err != nil {
			return Org{}, err
		}
		sets = append(sets, "staffNotify = :sn")
		vals[":sn"] = sn
	}
	if c.QuoteStages != nil {
		qs, err := attributevalue.Marshal(c.QuoteStages)
		if err != nil {
			return Org{}, err
		}
		sets = append(sets, "quoteStages = :qs")
		vals[":qs"] = qs
	}
	if c.Limits != nil {
		lim, err := attributevalue.Marshal(c.Limits)
		if err != nil {
			return Org{}, err
		}
		names["#limits"] = "limits"
		sets = append(sets, "#limits = :limits")
		vals[":limits"] = lim
	}
	in := &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(orgPK(id), "ORG"),
		UpdateExpression:          aws.String("SET " + strings.Join(sets, ", ")),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: vals, ReturnValues: types.ReturnValueAllNew}
	if len(names) > 0 {
		in.ExpressionAttributeNames = names
	}
	if c.CustomDomain != nil {
		return s.updateOrgDomain(ctx, id, in, *c.CustomDomain)
	}
	out, err := s.db.UpdateItem(ctx, in)
	if isConditionFailed(err) {
		return Org{}, fmt.Errorf("update org %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Org{}, fmt.Errorf("update org %s: %w", id, err)
	}
	var it orgItem
	if err := attributevalue.UnmarshalMap(out.Attributes, &it); err != nil {
		return Org{}, fmt.Errorf("update org %s: %w", id, err)
	}
	return it.Org.withDefaults(), nil
}

func clampLimit(l int) int {
	if l <= 0 {
		return 25
	}
	if l > MaxPage {
		return MaxPage
	}
	return l
}
