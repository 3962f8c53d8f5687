package staffpassword

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/mail"
	"crmportal/shared/store"
)

var now = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

// fakeStore records the tokens created; err fails the creation.
type fakeStore struct {
	tokens    []store.ResetToken
	prev      []string
	err       error
	portal    *store.Portal // nil: the organization has no portal
	portalErr error
}

func (f *fakeStore) GetPortal(context.Context, string) (store.Portal, error) {
	if f.portalErr != nil {
		return store.Portal{}, f.portalErr
	}
	if f.portal == nil {
		return store.Portal{}, store.ErrNotFound
	}
	return *f.portal, nil
}

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) CreateResetToken(_ context.Context, t store.ResetToken, prev, _ string) error {
	if f.err != nil {
		return f.err
	}
	f.tokens, f.prev = append(f.tokens, t), append(f.prev, prev)
	return nil
}

func (f *fakeStore) GetOrg(context.Context, string) (store.Org, error) {
	return store.Org{ID: "org12345", Name: "Acme", Language: "en"}, nil
}

// fakeSender records the messages sent.
type fakeSender struct{ sent []mail.Message }

func (s *fakeSender) Send(_ context.Context, m mail.Message) (string, error) {
	s.sent = append(s.sent, m)
	return "msg-1", nil
}

func TestSend(t *testing.T) {
	user := store.Staff{OrgID: "org12345", ID: "user1234", Email: "ana@example.com", Name: "Ana", ResetHash: "earlier"}
	tests := []struct {
		name        string
		setup       bool
		storeErr    error
		portal      *store.Portal
		portalErr   error
		wantPurpose string
		wantLife    time.Duration
		wantLogo    string // the logo's address in the HTML, "" for no image
	}{
		{name: "a reset link", wantPurpose: store.PurposeReset, wantLife: ResetLifetime},
		{name: "a first-password link", setup: true, wantPurpose: store.PurposeSetup, wantLife: SetupLifetime},
		{name: "a link replaced meanwhile is neither made nor sent", storeErr: store.ErrVersion},
		{name: "the company's portal logo heads the email", setup: true, wantPurpose: store.PurposeSetup, wantLife: SetupLifetime,
			portal:   &store.Portal{Slug: "acme", Branding: store.Branding{LogoKey: "branding/org12345/logo-1"}},
			wantLogo: "https://portal.example/api/p/acme/logo"},
		{name: "a portal without a logo: no image", wantPurpose: store.PurposeReset, wantLife: ResetLifetime,
			portal: &store.Portal{Slug: "acme"}},
		{name: "a portal that cannot be read: made, not sent", portalErr: errors.New("down"),
			wantPurpose: store.PurposeReset, wantLife: ResetLifetime},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, s := &fakeStore{err: tc.storeErr, portal: tc.portal, portalErr: tc.portalErr}, &fakeSender{}
			l := &Links{store: f, mail: s, portalBaseURL: "https://portal.example"}
			link, err := l.Send(context.Background(), user, tc.setup)
			if tc.storeErr != nil {
				if !errors.Is(err, tc.storeErr) || link != "" || len(s.sent) != 0 {
					t.Errorf("link %q, %d sent, err %v; want none and %v", link, len(s.sent), err, tc.storeErr)
				}
				return
			}
			if tc.portalErr != nil {
				if !errors.Is(err, tc.portalErr) || link == "" || len(s.sent) != 0 {
					t.Errorf("link %q, %d sent, err %v; want the link, none sent and %v", link, len(s.sent), err, tc.portalErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			secret, ok := strings.CutPrefix(link, "https://portal.example/admin/reset/")
			if !ok || len(f.tokens) != 1 {
				t.Fatalf("link %q, %d tokens; want one token behind a link of the portal", link, len(f.tokens))
			}
			tok := f.tokens[0]
			if tok.Hash != auth.HashSecret(secret) || tok.Purpose != tc.wantPurpose || !tok.ExpiresAt.Equal(now.Add(tc.wantLife)) ||
				f.prev[0] != "earlier" {
				t.Errorf("token %+v replacing %q, want the secret's hash, %s, living %s, replacing the earlier one", tok, f.prev[0], tc.wantPurpose, tc.wantLife)
			}
			if len(s.sent) != 1 || s.sent[0].To != user.Email || !strings.Contains(s.sent[0].Text, link) {
				t.Errorf("sent %+v, want one message with the link to %s", s.sent, user.Email)
			}
			html := s.sent[0].HTML
			if tc.wantLogo == "" && strings.Contains(html, "<img") {
				t.Errorf("html has an image without a logo:\n%s", html)
			}
			if tc.wantLogo != "" && !strings.Contains(html, `<img src="`+tc.wantLogo+`" alt="Acme"`) {
				t.Errorf("html lacks the logo %s:\n%s", tc.wantLogo, html)
			}
		})
	}
}
