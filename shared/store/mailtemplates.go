package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// MailTemplate is an organization's own version of one email in one language.
type MailTemplate struct {
	Name      string    `dynamodbav:"name"`
	Language  string    `dynamodbav:"language"`
	Subject   string    `dynamodbav:"subject"`
	Text      string    `dynamodbav:"text"`
	HTML      string    `dynamodbav:"html"`
	UpdatedAt time.Time `dynamodbav:"updatedAt"`
	UpdatedBy string    `dynamodbav:"updatedBy"`
}

type mailTemplateItem struct {
	PK, SK string
	MailTemplate
}

func mailTemplateSK(name, lang string) string { return "MAILTPL#" + name + "#" + lang }

// GetMailTemplate returns the organization's version of an email, or ErrNotFound when it
// uses the standard one.
func (s *Store) GetMailTemplate(ctx context.Context, org, name, lang string) (MailTemplate, error) {
	it, err := getItem[mailTemplateItem](ctx, s, key(orgPK(org), mailTemplateSK(name, lang)), false, "get mail template "+name)
	return it.MailTemplate, err
}

// ListMailTemplates returns every one of the organization's own email versions (every page of
// the Query: a few HTML bodies can fill DynamoDB's 1 MB page).
func (s *Store) ListMailTemplates(ctx context.Context, org string) ([]MailTemplate, error) {
	return queryAllOf(ctx, s, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(orgPK(org)), ":s": s1("MAILTPL#")}},
		"list mail templates of "+org, decodeVia(func(it mailTemplateItem) MailTemplate { return it.MailTemplate }))
}

// PutMailTemplate stores the organization's version of an email.
func (s *Store) PutMailTemplate(ctx context.Context, org string, t MailTemplate) error {
	item, err := attributevalue.MarshalMap(mailTemplateItem{PK: orgPK(org), SK: mailTemplateSK(t.Name, t.Language), MailTemplate: t})
	if err != nil {
		return fmt.Errorf("put mail template %s: %w", t.Name, err)
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item}); err != nil {
		return fmt.Errorf("put mail template %s: %w", t.Name, err)
	}
	return nil
}

// DeleteMailTemplate goes back to the standard version of an email.
func (s *Store) DeleteMailTemplate(ctx context.Context, org, name, lang string) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(orgPK(org), mailTemplateSK(name, lang))}); err != nil {
		return fmt.Errorf("delete mail template %s: %w", name, err)
	}
	return nil
}
