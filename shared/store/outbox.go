package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Kinds of mail requests.
const (
	// MailStaffReset asks for a staff password reset link; Email is the staff address.
	MailStaffReset = "staff-reset"
	// MailPortalReset asks for a portal password reset link; OrgID is the portal's
	// organization and Email the portal user's address.
	MailPortalReset = "portal-reset"
)

// MailRequestPrefix starts the partition key of every mail request: the reset mailer's
// stream subscription (template.yaml's FilterCriteria) picks the new items by it.
const MailRequestPrefix = "MAILREQ#"

// MailRequestLifetime is how long a mail request is kept (its TTL): well past the stream's
// retries of it.
const MailRequestLifetime = 24 * time.Hour

// MailRequest is an anonymous request for an email (the outbox): a password reset route
// writes one whatever the address, and the reset mailer, started by the item's INSERT in the
// table's stream, finds the account, makes the link and sends it. So the route does the same
// work, in the same time, for known and unknown addresses.
type MailRequest struct {
	ID        string    `dynamodbav:"id"`
	Kind      string    `dynamodbav:"kind"`
	OrgID     string    `dynamodbav:"orgId,omitempty"`
	Email     string    `dynamodbav:"email"` // normalized (NormalizeEmail)
	CreatedAt time.Time `dynamodbav:"createdAt"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"` // the TTL
	// TokenHash is the reset token made for the request (CreateResetToken).
	TokenHash string `dynamodbav:"tokenHash,omitempty"`
	// DoneAt and Outcome say that the request was carried out: MailSent, or MailNone when
	// the address has no account that may reset (nothing is sent).
	// (A pointer: the attribute is absent until then, which the conditions test.)
	DoneAt  *time.Time `dynamodbav:"doneAt,omitempty"`
	Outcome string     `dynamodbav:"outcome,omitempty"`
	// Origin is the portal's origin the request came from, as the origin guard proved it
	// (httpapi.RequestOrigin; empty when PORTAL_BASE_URL names it): the base of the link the
	// mailer sends, which no request reaches.
	Origin string `dynamodbav:"origin,omitempty"`
}

// Outcomes of a mail request.
const (
	MailSent = "sent"
	MailNone = "none"
)

type mailRequestItem struct {
	PK, SK string
	MailRequest
}

func mailRequestKey(id string) map[string]types.AttributeValue {
	return key(MailRequestPrefix+id, "MAILREQ")
}

// RequestMail counts a request against limit's counter in the window starting at window
// (kept until expires) and stores r, in one transaction, unless the counter has reached max
// already: then nothing is written and the answer is false. The counter's condition makes
// the bound hold under parallel requests.
func (s *Store) RequestMail(ctx context.Context, r MailRequest, limit ThrottleKey, window, expires time.Time, max int) (bool, error) {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.Now()
	}
	if r.ExpiresAt.IsZero() {
		r.ExpiresAt = r.CreatedAt.Add(MailRequestLifetime)
	}
	r.Email = NormalizeEmail(r.Email)
	item, err := attributevalue.MarshalMap(mailRequestItem{PK: MailRequestPrefix + r.ID, SK: "MAILREQ", MailRequest: r})
	if err != nil {
		return false, fmt.Errorf("request mail: %w", err)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(limit.pk(), timeKey(window)),
		UpdateExpression:    aws.String("ADD failures :one SET expiresAt = :exp"),
		ConditionExpression: aws.String("attribute_not_exists(failures) OR failures < :max"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1), ":exp": n(expires.Unix()),
			":max": n(int64(max))}}}, errLimitReached)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	err = tx.write(ctx, s, "request mail "+r.ID)
	if errors.Is(err, errLimitReached) {
		return false, nil
	}
	return err == nil, err
}

// errLimitReached is what a failed condition of RequestMail's counter means: the answer is
// false, not an error.
var errLimitReached = errors.New("limit reached")

// GetMailRequest returns a mail request, or ErrNotFound when there is none (or it expired).
// The read is strongly consistent: the mailer decides by it whether the request was carried
// out already.
func (s *Store) GetMailRequest(ctx context.Context, id string) (MailRequest, error) {
	it, err := getItem[mailRequestItem](ctx, s, mailRequestKey(id), true, "get mail request "+id)
	return it.MailRequest, err
}

// FinishMailRequest marks a request carried out with outcome. A request done already (by an
// earlier delivery of its stream record) or gone (expired) is left as it is: not an error.
func (s *Store) FinishMailRequest(ctx context.Context, id, outcome string) error {
	// The email has gone out when this runs: a request left unfinished is carried out again
	// (a second email), so a failed write (throttled past the SDK's own retries) is tried a
	// few more times before the failure goes back to the stream.
	var err error
	for try := range finishTries {
		if try > 0 {
			t := time.NewTimer(finishBackoff << (try - 1))
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("finish mail request %s: %w", id, errors.Join(err, ctx.Err()))
			case <-t.C:
			}
		}
		_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: mailRequestKey(id),
			UpdateExpression:          aws.String("SET doneAt = :t, outcome = :o"),
			ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(doneAt)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":t": s1(s.Now().Format(time.RFC3339Nano)), ":o": s1(outcome)}})
		if err == nil || isConditionFailed(err) {
			return nil
		}
	}
	return fmt.Errorf("finish mail request %s: %w", id, err)
}

// finishTries and finishBackoff bound FinishMailRequest's own retries (50, 100, 200 ms apart).
const (
	finishTries   = 4
	finishBackoff = 50 * time.Millisecond
)
