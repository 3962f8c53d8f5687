package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// QuoteDecision is a customer's decision on a quote: the signature entry of an acceptance
// (or the record of a decline) that the customer and staff see on the quote. It keeps what
// was agreed to: the quote's version and Grand_Total when decided, who decided (the portal
// user and the name they signed with), when and from which address.
type QuoteDecision struct {
	OrgID        string    `dynamodbav:"orgId" json:"-"`
	QuoteID      string    `dynamodbav:"quoteId" json:"-"`
	Decision     string    `dynamodbav:"decision" json:"decision"` // quotes.Accept or quotes.Decline
	SignerName   string    `dynamodbav:"signerName,omitempty" json:"signerName,omitempty"`
	Reason       string    `dynamodbav:"reason,omitempty" json:"reason,omitempty"`
	At           time.Time `dynamodbav:"at" json:"at"`
	By           Ref       `dynamodbav:"by" json:"by"` // the portal user
	IP           string    `dynamodbav:"ip,omitempty" json:"ip,omitempty"`
	QuoteVersion int       `dynamodbav:"quoteVersion" json:"quoteVersion"` // the version decided on
	GrandTotal   string    `dynamodbav:"grandTotal,omitempty" json:"grandTotal,omitempty"`
	Stage        string    `dynamodbav:"stage" json:"stage"` // the Quote_Stage it moved the quote to
}

type decisionItem struct {
	PK, SK string
	QuoteDecision
}

// decisionSK is the sort key of a quote's decision, in the quote's module partition beside
// the record (no index keys: module lists never meet it).
func decisionSK(id string) string { return "DECISION#" + id }

// DecideQuote writes a customer's decision on a quote in one transaction: the quote's update
// from old to next (as UpdateRecord: only if it is still at old's version, else ErrVersion),
// the decision item (replacing an earlier decision of a quote staff reopened) and the audit
// entry.
func (s *Store) DecideQuote(ctx context.Context, m crm.Module, old, next Record, d QuoteDecision, audit AuditEntry, evs ...Event) error {
	tx, err := s.updateRecordTx(m, old, next, evs)
	if err != nil {
		return err
	}
	item, err := attributevalue.MarshalMap(decisionItem{PK: modulePK(d.OrgID, m.APIName), SK: decisionSK(d.QuoteID), QuoteDecision: d})
	if err != nil {
		return fmt.Errorf("decide quote %s: %w", d.QuoteID, err)
	}
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item}}, nil)
	ai, err := attributevalue.MarshalMap(auditItemOf(audit))
	if err != nil {
		return fmt.Errorf("decide quote %s: %w", d.QuoteID, err)
	}
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: ai}}, nil)
	return tx.write(ctx, s, "decide quote "+d.QuoteID)
}

// GetQuoteDecision returns the latest decision on a quote of org, or ErrNotFound when it has
// none. consistent reads it as it is now (the answer right after a decision).
func (s *Store) GetQuoteDecision(ctx context.Context, org, module, id string, consistent bool) (QuoteDecision, error) {
	it, err := getItem[decisionItem](ctx, s, key(modulePK(org, module), decisionSK(id)), consistent, "quote decision "+id)
	return it.QuoteDecision, err
}
