package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// decisionErasureKey is the progress marker of a PseudonymizeDecisions under way: the
// decision key it resumes after (a quote id, no personal data).
func decisionErasureKey(org, user string) map[string]types.AttributeValue {
	return key(orgPK(org)+"#ERASURE#DECISIONS", user)
}

// PseudonymizeDecisions replaces the subject's personal data in the decisions on quotes they
// made: the signer's name and the decider's name become the pseudonym, the client address
// goes, and a mention of their email, account name or signed name in a decline's reason
// becomes the pseudonym. The decision itself (accept or decline, time, the quote's version
// and total, the stage) stays: it is the CRM record's history.
//
// Decisions sit in the Quotes module's partition under DECISION# keys (no index names their
// decider), so it reads that key range consistently, filtered to the subject's decisions that
// still name them, and updates each on its own (idempotent, so a repeated or interrupted run
// changes nothing twice). It is bounded as PseudonymizeAudit is: past MaxErasurePages pages
// or ErasureMargin before the context's deadline it stores its place and answers
// ErrErasureUnfinished; the next call resumes there, and a call that finishes deletes the
// marker.
func (s *Store) PseudonymizeDecisions(ctx context.Context, subj ErasureSubject) error {
	pk := modulePK(subj.OrgID, crm.Quotes)
	return s.walkErasure(ctx, erasureWalk{
		op:     "pseudonymize decisions of " + subj.UserID,
		marker: decisionErasureKey(subj.OrgID, subj.UserID),
		pk:     pk,
		query: dynamodb.QueryInput{KeyConditionExpression: aws.String("PK = :p AND begins_with(SK, :d)"),
			FilterExpression:         aws.String("#by.id = :u AND (#by.#n <> :ps OR attribute_exists(ip))"),
			ExpressionAttributeNames: map[string]string{"#by": "by", "#n": "name"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":d": s1(decisionSK("")),
				":u": s1(subj.UserID), ":ps": s1(subj.Pseudonym)}},
		scrub: func(ctx context.Context, item map[string]types.AttributeValue) error {
			return s.scrubDecisionItem(ctx, subj, item)
		},
	})
}

// scrubDecisionItem writes one decision (item, as read) with the subject's personal data
// replaced by the pseudonym and the client address removed.
func (s *Store) scrubDecisionItem(ctx context.Context, subj ErasureSubject, item map[string]types.AttributeValue) error {
	var it decisionItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return err
	}
	set := []string{"#by.#n = :ps"}
	vals := map[string]types.AttributeValue{":ps": s1(subj.Pseudonym)}
	if it.SignerName != "" {
		set = append(set, "signerName = :ps")
	}
	reason := it.Reason
	if subj.Scrub != nil {
		reason = subj.Scrub(reason)
	}
	if it.SignerName != "" {
		reason = strings.ReplaceAll(reason, it.SignerName, subj.Pseudonym)
	}
	if reason != it.Reason {
		set = append(set, "reason = :r")
		vals[":r"] = s1(reason)
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(it.PK, it.SK),
		UpdateExpression:         aws.String("SET " + strings.Join(set, ", ") + " REMOVE ip"),
		ConditionExpression:      aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames: map[string]string{"#by": "by", "#n": "name"}, ExpressionAttributeValues: vals})
	if isConditionFailed(err) {
		return nil // gone meanwhile: nothing left to scrub
	}
	if err != nil {
		return fmt.Errorf("decision %s: %w", it.SK, err)
	}
	return nil
}
