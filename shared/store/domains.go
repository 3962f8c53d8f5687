package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrDomainTaken: another organization's portal holds the custom domain.
var ErrDomainTaken = errors.New("custom domain taken")

// domainItem claims a custom domain (PK "DOMAIN#<host>", SK "DOMAIN") for an organization:
// its one item makes the domain unique across the deployment, and it is what a request's
// host is resolved by (OrgByDomain).
type domainItem struct {
	PK, SK string
	OrgID  string `dynamodbav:"orgId"`
}

func domainKey(host string) map[string]types.AttributeValue {
	return key("DOMAIN#"+host, "DOMAIN")
}

// OrgByDomain returns the organization that holds the custom domain host, or ErrNotFound,
// from an eventually consistent read (a new domain starts answering within a second; one
// released may answer for as long).
func (s *Store) OrgByDomain(ctx context.Context, host string) (string, error) {
	it, err := getItem[domainItem](ctx, s, domainKey(host), false, "org by domain "+host)
	return it.OrgID, err
}

// updateOrgDomain applies the organization update in (UpdateOrg's, whose SET it extends)
// and sets the custom domain to host ("" removes it) in one transaction: the new domain's
// claim is put if free or already the organization's (else ErrDomainTaken), the old one's
// claim deleted, and the organization updated only if its domain is still the one read
// (else ErrVersion). Nothing is written when any of it fails.
func (s *Store) updateOrgDomain(ctx context.Context, id string, in *dynamodb.UpdateItemInput, host string) (Org, error) {
	op := "update org " + id + " domain " + host
	cur, err := s.GetOrgConsistent(ctx, id)
	if err != nil {
		return Org{}, fmt.Errorf("%s: %w", op, err)
	}
	expr := *in.UpdateExpression
	vals := in.ExpressionAttributeValues
	cond := "attribute_exists(PK) AND attribute_not_exists(customDomain)"
	if cur.CustomDomain != "" {
		cond = "attribute_exists(PK) AND customDomain = :oldDomain"
		vals[":oldDomain"] = s1(cur.CustomDomain)
	}
	if host != "" {
		expr += ", customDomain = :domain"
		vals[":domain"] = s1(host)
	} else {
		expr += " REMOVE customDomain"
	}
	var tx txn
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: in.Key,
		UpdateExpression: aws.String(expr), ConditionExpression: aws.String(cond),
		ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: vals}}, ErrVersion)
	if host != cur.CustomDomain {
		if host != "" {
			item, err := attributevalue.MarshalMap(domainItem{PK: "DOMAIN#" + host, SK: "DOMAIN", OrgID: id})
			if err != nil {
				return Org{}, fmt.Errorf("%s: %w", op, err)
			}
			tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
				ConditionExpression:       aws.String("attribute_not_exists(PK) OR orgId = :o"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":o": s1(id)}}}, ErrDomainTaken)
		}
		if cur.CustomDomain != "" {
			// Only the organization's own claim is released (a claim of another would mean
			// the organization's item lies; the transaction then fails rather than steal it).
			tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: domainKey(cur.CustomDomain),
				ConditionExpression:       aws.String("attribute_not_exists(PK) OR orgId = :o"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":o": s1(id)}}}, ErrVersion)
		}
	}
	tx.prefer = []error{ErrDomainTaken}
	if err := tx.write(ctx, s, op); err != nil {
		return Org{}, err
	}
	return s.GetOrgConsistent(ctx, id)
}
