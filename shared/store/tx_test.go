package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/access"
	"crmportal/shared/crm"
)

// cancellingDB answers every transaction as DynamoDB answers one whose items at the keys of
// fail were cancelled with the code given there (the item found, for ReturnValues, when its
// key is in found); Query, GetItem and DeleteItem answer empty. Items are named by their key,
// never by their position, so the tests hold whatever order a transaction adds them in.
type cancellingDB struct {
	DB
	fail  map[string]string
	found map[string]bool
	// sent counts the transactions sent.
	sent int
}

func (c *cancellingDB) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	c.sent++
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	cancelled := false
	for i, it := range in.TransactItems {
		k := txItemKey(it)
		code, ok := c.fail[k]
		if !ok {
			reasons[i] = types.CancellationReason{Code: aws.String("None")}
			continue
		}
		cancelled = true
		reasons[i] = types.CancellationReason{Code: aws.String(code)}
		if c.found[k] {
			reasons[i].Item = map[string]types.AttributeValue{"PK": s1("found")}
		}
	}
	if !cancelled {
		return &dynamodb.TransactWriteItemsOutput{}, nil
	}
	return nil, &types.TransactionCanceledException{Message: aws.String("cancelled"), CancellationReasons: reasons}
}

func (c *cancellingDB) Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return &dynamodb.QueryOutput{}, nil
}

func (c *cancellingDB) DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return &dynamodb.DeleteItemOutput{}, nil
}

// txItemKey names a transaction item by its key: "PK SK".
func txItemKey(it types.TransactWriteItem) string {
	var k map[string]types.AttributeValue
	switch {
	case it.Put != nil:
		k = it.Put.Item
	case it.Update != nil:
		k = it.Update.Key
	case it.Delete != nil:
		k = it.Delete.Key
	case it.ConditionCheck != nil:
		k = it.ConditionCheck.Key
	}
	return str(k["PK"]) + " " + str(k["SK"])
}

func keyName(k map[string]types.AttributeValue) string { return str(k["PK"]) + " " + str(k["SK"]) }

const failed = "ConditionalCheckFailed"

// errUnmapped stands for "DynamoDB's own error, unmapped" in the tables below.
var errUnmapped = errors.New("DynamoDB's cancellation, as it came")

// TestTransactionFailuresMeanTheirItemsErrors fails each item of each transaction (by key)
// and checks the error the store answers.
func TestTransactionFailuresMeanTheirItemsErrors(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	free := 3
	user := PortalUser{OrgID: "o", ID: "u", Email: "ana@example.com", RecordID: "r", Status: "invited", Version: 1, TokenHash: "old"}
	tok := InviteToken{Hash: "h", OrgID: "o", UserID: "u", ExpiresAt: now.Add(time.Hour)}
	typ := UserType{UserType: access.UserType{ID: "t", Name: "Customers", Position: 1, BaseModule: "Contacts", Seats: 5}, OrgID: "o", Version: 2}
	seat := Seat{UserType: typ, Capacity: 5, FreeSeats: &free}
	org := Org{ID: "o"}
	contacts, _ := crm.StandardModule(crm.Contacts)
	rec := Record{OrgID: "o", Module: contacts.APIName, ID: "r1", ExternalID: "x1", Version: 1, LayoutID: "default", Name: "Ana"}
	reset := ResetToken{Hash: "rh", OrgID: "o", UserID: "s", Purpose: PurposeReset, ExpiresAt: now.Add(time.Hour)}
	portalReset := ResetToken{Hash: "ph", OrgID: "o", UserID: "u", Purpose: PurposePortalReset, ExpiresAt: now.Add(time.Hour)}
	att := Attachment{OrgID: "o", ID: "f", RecordID: "r", Status: AttachmentReady, Size: 10}

	var (
		userItem    = keyName(key(orgPK("o"), portalUserSK("u")))
		emailClaim  = keyName(key(portalEmailPK("o", user.Email), "PEMAIL"))
		recordClaim = keyName(key(portalRecordPK("o", "r"), "PREC"))
		newToken    = keyName(key(invitePK("h"), "INVITE"))
		oldToken    = keyName(key(invitePK("old"), "INVITE"))
		typeItem    = keyName(key(orgPK("o"), userTypeSK("t")))
		orgItem     = keyName(key(orgPK("o"), "ORG"))
		fileItem    = keyName(key(filesPK("o", "r"), "FILE#f"))
		quotaItem   = keyName(key(quotaPK("o", "u"), "QUOTA"))
		recItem     = keyName(key(modulePK("o", "Contacts"), "REC#r1"))
		extClaim    = keyName(key(modulePK("o", "Contacts"), "EXT#x1"))
		resetItem   = keyName(resetKey("rh"))
		staffItem   = keyName(key(orgPK("o"), "STAFF#s"))
		adminItem   = keyName(key(orgPK("o"), "STAFF#a"))
		staffEmail  = keyName(key(staffEmailPK("s@example.com"), "STAFFEMAIL"))
		slugNew     = keyName(key(slugsPK, "acme"))
		portalItem  = keyName(key(orgPK("o"), "PORTAL"))
		sessionItem = keyName(key(sessionPK("sh"), "SESSION"))
		mailReq     = keyName(mailRequestKey("m"))
		counter     = keyName(key(ThrottleKey{Kind: "k", Hash: "x"}.pk(), timeKey(now)))
	)

	type call func(*Store) error
	invite := func(s *Store) error { return s.CreateInvitation(ctx, user, tok, seat) }
	change := func(s *Store) error {
		next := user
		next.Status, next.TokenHash = "active", ""
		_, err := s.ChangePortalUser(ctx, user, UserChange{Next: next, Seats: []Seat{{UserType: typ, Delta: 1, Capacity: 5}}})
		return err
	}
	complete := func(s *Store) error {
		a := att
		a.Status = AttachmentPending
		_, err := s.CompleteAttachment(ctx, a, 10, "k", "u", 5, 100)
		return err
	}
	staffChange := func(s *Store) error {
		_, err := s.ChangeStaff(ctx, Staff{OrgID: "o", ID: "s", Role: RoleAdmin, Status: StaffActive},
			StaffChange{Role: RoleUser, Status: StaffActive, KeepAdmin: "a"})
		return err
	}
	session := func(s *Store) error {
		return s.CreateSession(ctx, Session{Hash: "sh", OrgID: "o", UserID: "u", Kind: "portal", CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
			s.PortalSessionGuard(PortalUser{OrgID: "o", ID: "u", Version: 1}))
	}
	mail := func(s *Store) error {
		ok, err := s.RequestMail(ctx, MailRequest{ID: "m", Email: "ana@example.com"}, ThrottleKey{Kind: "k", Hash: "x"}, now, now.Add(time.Hour), 3)
		if err == nil && !ok {
			return errLimitReached // the answer "false": the limit was reached
		}
		return err
	}
	tests := []struct {
		name  string
		call  call
		fail  map[string]string
		found map[string]bool
		want  error
	}{
		{"invitation: the user item exists", invite, map[string]string{userItem: failed}, nil, ErrExists},
		{"invitation: the email is claimed", invite, map[string]string{emailClaim: failed}, nil, ErrExists},
		{"invitation: the record is claimed", invite, map[string]string{recordClaim: failed}, nil, ErrExists},
		{"invitation: the type is full", invite, map[string]string{typeItem: failed}, nil, ErrNoSeat},
		{"invitation: the free seats moved", invite, map[string]string{orgItem: failed}, nil, ErrNoSeat},
		{"invitation: a claim and a seat failed", invite, map[string]string{typeItem: failed, emailClaim: failed}, nil, ErrExists},
		{"invitation: the token's condition failed", invite, map[string]string{newToken: failed}, nil, errUnmapped},
		{"invitation: another reason", invite, map[string]string{emailClaim: "ValidationError"}, nil, errUnmapped},

		{"accept: the invitation is gone", func(s *Store) error {
			_, err := s.AcceptInvitation(ctx, tok, user, "hash")
			return err
		}, map[string]string{newToken: failed}, nil, ErrNotFound},
		{"accept: the user changed", func(s *Store) error {
			_, err := s.AcceptInvitation(ctx, tok, user, "hash")
			return err
		}, map[string]string{userItem: failed}, nil, ErrNotFound},
		{"accept: another reason", func(s *Store) error {
			_, err := s.AcceptInvitation(ctx, tok, user, "hash")
			return err
		}, map[string]string{userItem: "ValidationError"}, nil, ErrNotFound},

		{"change user: the user changed", change, map[string]string{userItem: failed}, nil, ErrVersion},
		{"change user: no seat", change, map[string]string{typeItem: failed}, nil, ErrNoSeat},
		{"change user: the user changed and no seat", change, map[string]string{typeItem: failed, userItem: failed}, nil, ErrVersion},
		{"change user: another reason", change, map[string]string{oldToken: "ValidationError"}, nil, ErrVersion},

		{"portal reset: the token is used", func(s *Store) error { return s.UsePortalResetToken(ctx, portalReset, "hash") },
			map[string]string{keyName(resetKey("ph")): failed}, nil, ErrNotFound},
		{"portal reset: the user changed", func(s *Store) error { return s.UsePortalResetToken(ctx, portalReset, "hash") },
			map[string]string{userItem: failed}, nil, ErrNotFound},

		{"complete: no longer pending", complete, map[string]string{fileItem: failed}, nil, ErrVersion},
		{"complete: the quota is full", complete, map[string]string{quotaItem: failed}, nil, ErrQuota},
		{"complete: full quota and no longer pending", complete, map[string]string{fileItem: failed, quotaItem: failed}, nil, ErrQuota},
		{"delete attachment: status changed", func(s *Store) error { return s.DeleteAttachment(ctx, att, "u") },
			map[string]string{fileItem: failed}, nil, ErrNotFound},
		{"delete attachment: no quota", func(s *Store) error { return s.DeleteAttachment(ctx, att, "u") },
			map[string]string{quotaItem: failed}, nil, ErrNotFound},

		{"create record: the id is taken", func(s *Store) error { return s.CreateRecord(ctx, contacts, rec) },
			map[string]string{recItem: failed}, nil, ErrExists},
		{"create record: the external id is taken", func(s *Store) error { return s.CreateRecord(ctx, contacts, rec) },
			map[string]string{extClaim: failed}, nil, ErrExists},
		{"update record: changed", func(s *Store) error {
			next := rec
			next.Version = 2
			return s.UpdateRecord(ctx, contacts, rec, next)
		}, map[string]string{recItem: failed}, nil, ErrVersion},
		{"delete record: changed", func(s *Store) error { return s.DeleteRecord(ctx, contacts, rec) },
			map[string]string{recItem: failed}, nil, ErrVersion},

		{"reset token: the token exists", func(s *Store) error { return s.CreateResetToken(ctx, reset, "", "m") },
			map[string]string{resetItem: failed}, nil, ErrExists},
		{"reset token: the user has another", func(s *Store) error { return s.CreateResetToken(ctx, reset, "", "m") },
			map[string]string{staffItem: failed}, nil, ErrVersion},
		{"reset token: the request is done", func(s *Store) error { return s.CreateResetToken(ctx, reset, "", "m") },
			map[string]string{mailReq: failed}, nil, ErrNotFound},
		{"use reset token: used", func(s *Store) error { return s.UseResetToken(ctx, reset, "hash") },
			map[string]string{resetItem: failed}, nil, ErrNotFound},
		{"use reset token: superseded", func(s *Store) error { return s.UseResetToken(ctx, reset, "hash") },
			map[string]string{staffItem: failed}, nil, ErrNotFound},

		{"session: exists", session, map[string]string{sessionItem: failed}, nil, ErrExists},
		{"session: the user changed", session, map[string]string{userItem: failed}, nil, ErrUserChanged},
		{"session: the user changed and the session exists", session, map[string]string{sessionItem: failed, userItem: failed}, nil, ErrUserChanged},

		{"mail request: the limit is reached", mail, map[string]string{counter: failed}, nil, errLimitReached},
		{"mail request: the id exists", mail, map[string]string{mailReq: failed}, nil, ErrExists},

		{"create staff: the email is taken", func(s *Store) error {
			return s.CreateStaff(ctx, Staff{OrgID: "o", ID: "s", Email: "s@example.com", Role: RoleUser})
		}, map[string]string{staffEmail: failed}, nil, ErrExists},
		{"create staff: the id is taken", func(s *Store) error {
			return s.CreateStaff(ctx, Staff{OrgID: "o", ID: "s", Email: "s@example.com", Role: RoleUser})
		}, map[string]string{staffItem: failed}, nil, ErrExists},
		{"change staff: the member is gone", staffChange, map[string]string{staffItem: failed}, nil, ErrNotFound},
		{"change staff: the member changed", staffChange, map[string]string{staffItem: failed}, map[string]bool{staffItem: true}, ErrVersion},
		{"change staff: no other admin", staffChange, map[string]string{adminItem: failed}, nil, ErrLastAdmin},

		{"create portal: the slug is taken", func(s *Store) error { return s.CreatePortal(ctx, Portal{OrgID: "o", Slug: "acme"}) },
			map[string]string{slugNew: failed}, nil, ErrSlugTaken},
		{"create portal: the organization has one", func(s *Store) error { return s.CreatePortal(ctx, Portal{OrgID: "o", Slug: "acme"}) },
			map[string]string{portalItem: failed}, nil, ErrExists},
		{"update portal: changed", func(s *Store) error {
			return s.UpdatePortal(ctx, Portal{OrgID: "o", Slug: "old", Version: 1}, Portal{OrgID: "o", Slug: "acme", Version: 2})
		}, map[string]string{portalItem: failed}, nil, ErrVersion},
		{"update portal: the slug is taken", func(s *Store) error {
			return s.UpdatePortal(ctx, Portal{OrgID: "o", Slug: "old", Version: 1}, Portal{OrgID: "o", Slug: "acme", Version: 2})
		}, map[string]string{slugNew: failed}, nil, ErrSlugTaken},

		{"create type: the organization changed", func(s *Store) error { return s.CreateUserType(ctx, org, typ) },
			map[string]string{orgItem: failed}, nil, ErrVersion},
		{"update type: changed", func(s *Store) error {
			next := typ
			next.Seats = 6
			return s.UpdateUserType(ctx, org, typ, next)
		}, map[string]string{typeItem: failed}, nil, ErrVersion},
		{"delete type: it has users", func(s *Store) error { return s.DeleteUserType(ctx, org, typ) },
			map[string]string{typeItem: failed}, nil, ErrVersion},
		{"allocations: the pool changed", func(s *Store) error {
			return s.SetAllocations(ctx, org, []UserType{typ}, map[string]int{"t": 7})
		}, map[string]string{orgItem: "ValidationError"}, nil, ErrVersion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := &cancellingDB{fail: tt.fail, found: tt.found}
			err := tt.call(New(db, "t", func() time.Time { return now }))
			if db.sent != 1 {
				t.Fatalf("%d transactions sent, want 1 (err %v)", db.sent, err)
			}
			if tt.want == errUnmapped {
				var tc *types.TransactionCanceledException
				if !errors.As(err, &tc) || errors.Is(err, ErrExists) || errors.Is(err, ErrNoSeat) {
					t.Errorf("got %v, want DynamoDB's cancellation unmapped", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestTxnFailure checks the reading of a cancellation against the items as added.
func TestTxnFailure(t *testing.T) {
	errA, errB, otherwise := errors.New("a"), errors.New("b"), errors.New("otherwise")
	cancel := func(codes ...string) error {
		tc := &types.TransactionCanceledException{Message: aws.String("cancelled")}
		for _, c := range codes {
			tc.CancellationReasons = append(tc.CancellationReasons, types.CancellationReason{Code: aws.String(c)})
		}
		return tc
	}
	build := func(prefer []error, other error) *txn {
		tx := &txn{prefer: prefer, otherwise: other}
		tx.add(types.TransactWriteItem{}, errA)
		tx.add(types.TransactWriteItem{}, nil)
		tx.add(types.TransactWriteItem{}, errB)
		return tx
	}
	tests := []struct {
		name string
		tx   *txn
		err  error
		want error
	}{
		{"not a cancellation", build(nil, otherwise), errors.New("network"), nil},
		{"no error", build(nil, otherwise), nil, nil},
		{"the first item", build(nil, nil), cancel(failed, "None", "None"), errA},
		{"the last item", build(nil, nil), cancel("None", "None", failed), errB},
		{"two items: the first added", build(nil, nil), cancel(failed, "None", failed), errA},
		{"two items: the preferred", build([]error{errB}, nil), cancel(failed, "None", failed), errB},
		{"preferred but not failed", build([]error{errB}, nil), cancel(failed, "None", "None"), errA},
		{"an item without a meaning", build(nil, otherwise), cancel("None", failed, "None"), otherwise},
		{"an item without a meaning, no otherwise", build(nil, nil), cancel("None", failed, "None"), nil},
		{"another reason", build(nil, otherwise), cancel("None", "ValidationError", "None"), otherwise},
		{"more reasons than items", build(nil, nil), cancel("None", "None", "None", failed), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tx.failure(tt.err); got != tt.want {
				t.Errorf("failure(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
