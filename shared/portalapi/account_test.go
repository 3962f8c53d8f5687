package portalapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"crmportal/shared/auth"
	"crmportal/shared/store"
)

func TestInvitationLinks(t *testing.T) {
	const token = "invitation-token"
	tok := store.InviteToken{Hash: auth.HashSecret(token), OrgID: org, UserID: "user0001", ExpiresAt: now.Add(72 * 3600e9)}
	invitedUser := store.PortalUser{OrgID: org, ID: "user0001", Email: "ana@example.com", Name: "Ana", Status: "invited",
		TokenHash: tok.Hash, UserTypeID: "ut000001", RecordID: contact}
	open := store.Portal{OrgID: org, Slug: "acme", Name: "Acme"}
	tests := []struct {
		name       string
		token      string
		user       func(store.PortalUser) store.PortalUser
		portal     store.Portal
		loginErrs  []error
		want       int // of GET
		wantAccept int // of POST .../accept with a good password
		wantLogins int // CreatePortalLogin calls (1 when accepted)
	}{
		{name: "a valid link", token: token, portal: open, want: http.StatusOK, wantAccept: http.StatusOK},
		{name: "an unknown token", token: "another-token", portal: open, want: http.StatusGone, wantAccept: http.StatusGone},
		{name: "a superseded link", token: token, portal: open,
			user: func(u store.PortalUser) store.PortalUser { u.TokenHash = "newer"; return u }, want: http.StatusGone, wantAccept: http.StatusGone},
		{name: "a user who accepted already", token: token, portal: open,
			user: func(u store.PortalUser) store.PortalUser { u.Status = "active"; return u }, want: http.StatusGone, wantAccept: http.StatusGone},
		{name: "a deactivated portal", token: token, portal: store.Portal{OrgID: org, Slug: "acme", Disabled: true},
			want: http.StatusGone, wantAccept: http.StatusGone},
		// The invitation is spent by then: a 503 would have the retry find the link gone.
		{name: "a session throttled once after the invitation is spent", token: token, portal: open,
			loginErrs: []error{&retry.MaxAttemptsError{Attempt: 3, Err: errors.New("ThrottlingException")}},
			want:      http.StatusOK, wantAccept: http.StatusOK, wantLogins: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{now: now, loginErrs: tt.loginErrs,
				inviteToken: func(hash string) (store.InviteToken, error) {
					if hash != tok.Hash {
						return store.InviteToken{}, store.ErrNotFound
					}
					return tok, nil
				},
				portalUser: func(string, string) (store.PortalUser, error) {
					u := invitedUser
					if tt.user != nil {
						u = tt.user(u)
					}
					return u, nil
				},
				portal:   func(string) (store.Portal, error) { return tt.portal, nil },
				org:      func(string) (store.Org, error) { return store.Org{ID: org, Name: "Acme Ltda"}, nil },
				userType: func(string, string) (store.UserType, error) { return clientes(), nil },
			}
			s := newService(fs)
			reply, err := s.Invitation(context.Background(), jsonRequest("GET", map[string]string{"token": tt.token}, ""))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("GET: status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.want == http.StatusOK {
				if inv := reply.Body.(InvitationJSON); inv.Email != "ana@example.com" || inv.Company != "Acme Ltda" || inv.Portal.Slug != "acme" {
					t.Errorf("invitation = %+v", inv)
				}
			}
			reply, err = s.Accept(context.Background(), jsonRequest("POST", map[string]string{"token": tt.token},
				`{"password":"a long and unusual passphrase"}`, "x-requested-with", auth.RequestedWithValue))
			if got := status(reply, err); got != tt.wantAccept {
				t.Fatalf("accept: status = %d (%v), want %d", got, err, tt.wantAccept)
			}
			wantWrites := []string(nil)
			if tt.wantAccept == http.StatusOK {
				wantWrites = []string{"AcceptInvitation"}
				for range max(tt.wantLogins, 1) {
					wantWrites = append(wantWrites, "CreatePortalLogin")
				}
			}
			if !slices.Equal(fs.writes, wantWrites) {
				t.Errorf("writes = %v, want %v", fs.writes, wantWrites)
			}
		})
	}
}

func TestAcceptNeedsTheCSRFHeader(t *testing.T) {
	fs := &fakeStore{now: now}
	_, err := newService(fs).Accept(context.Background(), jsonRequest("POST", map[string]string{"token": "t"}, `{"password":"x"}`))
	if got := status(nil, err); got != http.StatusForbidden || len(fs.writes) > 0 {
		t.Errorf("status = %d (%v), writes %v: want 403 and nothing written", got, err, fs.writes)
	}
}
