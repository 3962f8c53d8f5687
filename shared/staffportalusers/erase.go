package staffportalusers

import (
	"context"
	"errors"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/erasure"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/quotes"
	"crmportal/shared/store"
)

// EraseUser is the one erasure of a portal user, whoever asks for it (an admin, or the user
// themselves from the portal): on behalf of by, it removes the user id's portal data and
// keeps the CRM record. In order, each step safe to repeat:
//
//  1. their second factor and passkeys go (a credential; at worst an admin has reset it should
//     a later step fail);
//  2. their name and email in the organization's audit log become erasure.Pseudonym
//     (store.PseudonymizeAudit; a log too long for one call answers 503 and the same erasure,
//     asked again, resumes it), and so do their signer's name in their decisions on quotes,
//     which keep the decision but lose the client address (store.PseudonymizeDecisions,
//     bounded and resumed the same way);
//  3. their notifications and digests go (store.DeleteUserNotifications);
//  4. the user, their email and record claims, invitation and reset tokens go and the seat is
//     freed in one transaction, and their sessions end (Apply with invite.Erase), audited as
//     portal_user_erase with the pseudonym as its detail;
//  5. a pending erasure request of theirs (store.ErasureRequest) goes: nothing is left to
//     decide.
//
// It answers errNoUser (404) for an id that is not a user of by's organization.
func (s *Service) EraseUser(ctx context.Context, r *httpapi.Request, by Acting, id string) error {
	if !auth.ValidID(id) {
		return errNoUser
	}
	u, err := s.store.GetPortalUser(ctx, by.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return errNoUser
	}
	if err != nil {
		return err
	}
	if by.AllowUser != nil {
		if err := by.AllowUser(u); err != nil {
			return err
		}
	}
	if err := s.factors.DeleteFactor(ctx, by.OrgID, store.FactorPortal, id, 0); err != nil {
		return err
	}
	pseudonym := erasure.Pseudonym(u.OrgID, u.ID)
	subj := store.ErasureSubject{OrgID: u.OrgID, UserID: u.ID, Email: u.Email, Name: u.Name, Pseudonym: pseudonym,
		Scrub:    func(text string) string { return erasure.Scrub(text, u.Email, u.Name, pseudonym) },
		ScrubOwn: func(text string) string { return quotes.PseudonymizeDetail(text, pseudonym) }}
	if err := s.personal.PseudonymizeAudit(ctx, subj); err != nil {
		return err
	}
	if err := s.personal.PseudonymizeDecisions(ctx, subj); err != nil {
		return err
	}
	if err := s.personal.DeleteUserNotifications(ctx, u.OrgID, u.ID); err != nil {
		return err
	}
	if _, _, _, err = s.Apply(ctx, r, by, id, invite.Erase, ""); err != nil {
		return err
	}
	// Past the point of no return (the user is gone): a busy table is tried again rather
	// than the erasure answered as failed.
	return httpapi.RetryTransient(ctx, 3, 100*time.Millisecond, func() error { return s.personal.DeleteErasureRequest(ctx, u.OrgID, u.ID) })
}
