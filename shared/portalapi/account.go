package portalapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/branding"
	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/locale"
	"crmportal/shared/logins"
	"crmportal/shared/orgmail"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

// Portal users' sessions last as long as the staff's (auth.SessionIdle, auth.SessionAbsolute).
const (
	// ResetLifetime is how long a portal password reset link works.
	ResetLifetime = time.Hour
)

// MeJSON is the answer of GET /api/me, of login and of accepting an invitation.
type MeJSON struct {
	ID             string            `json:"id"`
	Email          string            `json:"email"`
	Name           string            `json:"name"`
	UserType       TypeRef           `json:"userType"`
	Preferences    store.Preferences `json:"preferences"`
	PreferencesSet bool              `json:"preferencesSet"`
	Portal         Public            `json:"portal"`
	FirstTab       string            `json:"firstTab,omitempty"`
	Home           bool              `json:"home"` // the portal opens the home (GET /api/me/home), else FirstTab
	Preview        bool              `json:"preview"`
	// AccountAdmin: staff made the user an admin of their Account (shared/portalcolleagues);
	// the portal shows them the colleagues page.
	AccountAdmin bool `json:"accountAdmin,omitempty"`
}

// firstTab is the module of the first tab ut lets its users open.
func firstTab(ut access.UserType) string {
	for _, t := range ut.Tabs {
		if t.Enabled && access.Can(t, access.ActionView) {
			return t.Module
		}
	}
	return ""
}

func defaults(o store.Org) store.Preferences {
	return store.Preferences{Language: o.Language, TimeFormat: o.TimeFormat, TimeZone: o.TimeZone, Country: o.Country}
}

// me builds the answer about u of type ut.
func (s *Service) me(ctx context.Context, u store.PortalUser, ut store.UserType) (MeJSON, error) {
	org, err := s.Store.GetOrg(ctx, u.OrgID)
	if err != nil {
		return MeJSON{}, err
	}
	pt, err := s.Store.GetPortal(ctx, u.OrgID)
	if err != nil {
		return MeJSON{}, err
	}
	m := MeJSON{ID: u.ID, Email: u.Email, Name: u.Name, UserType: TypeRef{ID: ut.ID, Name: ut.Name},
		Preferences: defaults(org), Portal: PublicView(ctx, s.Logos, pt), FirstTab: firstTab(ut.UserType), Home: !ut.OpenFirstTab,
		AccountAdmin: u.AccountAdmin}
	if u.Preferences != nil {
		m.Preferences, m.PreferencesSet = *u.Preferences, true
	}
	return m, nil
}

// Me answers who the portal user is, their preferences (the organization's defaults until
// they save their own) and the first tab they can open. A preview answers the type it shows.
func (s *Service) Me(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if p.Preview {
		org, err := s.Store.GetOrg(ctx, p.OrgID)
		if err != nil {
			return nil, err
		}
		pt, err := s.Store.GetPortal(ctx, p.OrgID)
		if err != nil {
			return nil, err
		}
		return httpapi.JSON(http.StatusOK, MeJSON{ID: p.UserID, Name: p.UserType.Name, UserType: TypeRef{ID: p.UserType.ID, Name: p.UserType.Name},
			Preferences: defaults(org), PreferencesSet: true, Portal: PublicView(ctx, s.Logos, pt), FirstTab: firstTab(p.UserType.UserType), Home: !p.UserType.OpenFirstTab, Preview: true}), nil
	}
	u, err := s.Store.GetPortalUser(ctx, p.OrgID, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, portalguard.ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	m, err := s.me(ctx, u, p.UserType)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, m), nil
}

// CheckPreferences returns the field errors of preferences: every field is required but
// notifyOff, which lists customer kinds of notification (access.CustomerKinds) at most once.
func CheckPreferences(in store.Preferences) []httpapi.FieldError {
	var errs []httpapi.FieldError
	for _, f := range []struct {
		field, v string
		rule     func(string) string
	}{{"language", in.Language, locale.CheckLanguage}, {"timeFormat", in.TimeFormat, locale.CheckTimeFormat},
		{"timeZone", in.TimeZone, locale.CheckTimeZone}, {"country", in.Country, locale.CheckCountry}} {
		if msg := f.rule(f.v); msg != "" {
			errs = append(errs, httpapi.FieldError{Field: f.field, Message: msg})
		}
	}
	// notifyOff is optional: absent, no kind of notification is off.
	for _, e := range access.CheckKinds("notifyOff", in.NotifyOff, access.CustomerKinds) {
		errs = append(errs, httpapi.FieldError{Field: e.Field, Message: e.Message})
	}
	return errs
}

// SetPreferences saves the user's language, time format, time zone and country.
func (s *Service) SetPreferences(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	var in store.Preferences
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if errs := CheckPreferences(in); len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	in.Language = locale.Canonical(in.Language)
	if err := s.Store.SetPreferences(ctx, p.OrgID, p.UserID, in); errors.Is(err, store.ErrNotFound) {
		return nil, portalguard.ErrNoSession
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.Preferences,
		Detail: in.Language + " " + in.TimeFormat + " " + in.TimeZone + " " + in.Country})
	return s.Me(ctx, p, r)
}

// InvitationJSON is what an invitation link shows before it is accepted.
type InvitationJSON struct {
	Email     string    `json:"email"`
	Name      string    `json:"name,omitempty"`
	Company   string    `json:"company"`
	Portal    Public    `json:"portal"`
	ExpiresAt time.Time `json:"expiresAt"`
}

var errInvitationGone = httpapi.Errorf(httpapi.Gone, "this invitation is no longer valid; ask for a new invitation")

// invited is what an invitation link's token leads to.
type invited struct {
	Token  store.InviteToken
	User   store.PortalUser
	Portal store.Portal
}

// invitation finds the invited user and portal of a link's token. Unknown, expired, used,
// revoked and superseded tokens are all the same 410, and so is a deactivated portal's.
func (s *Service) invitation(ctx context.Context, token string) (invited, error) {
	if token == "" || len(token) > 100 {
		return invited{}, errInvitationGone
	}
	tok, err := s.Store.GetInviteToken(ctx, auth.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) {
		return invited{}, errInvitationGone
	}
	if err != nil {
		return invited{}, err
	}
	u, err := s.Store.GetPortalUser(ctx, tok.OrgID, tok.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Status != invite.Invited || u.TokenHash != tok.Hash)) {
		return invited{}, errInvitationGone
	}
	if err != nil {
		return invited{}, err
	}
	pt, err := s.Store.GetPortal(ctx, tok.OrgID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && pt.Disabled) {
		return invited{}, errInvitationGone
	}
	if err != nil {
		return invited{}, err
	}
	return invited{Token: tok, User: u, Portal: pt}, nil
}

// Invitation answers what an invitation link leads to (anyone with the link).
func (s *Service) Invitation(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	inv, err := s.invitation(ctx, r.PathParameters["token"])
	if err != nil {
		return nil, err
	}
	org, err := s.Store.GetOrg(ctx, inv.Token.OrgID)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, InvitationJSON{Email: inv.User.Email, Name: inv.User.Name, Company: org.Name,
		Portal: PublicView(ctx, s.Logos, inv.Portal), ExpiresAt: inv.Token.ExpiresAt}), nil
}

type passwordBody struct {
	Password string `json:"password"`
}

// Accept sets the invited user's password, uses the token up and starts a session. The
// token is consumed in the same transaction that activates the user, so two parallel uses
// start exactly one session.
func (s *Service) Accept(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in passwordBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	inv, err := s.invitation(ctx, r.PathParameters["token"])
	if err != nil {
		return nil, err
	}
	hash, err := logins.NewPasswordHash(in.Password, inv.User.Email)
	if err != nil {
		return nil, err
	}
	u, err := s.Store.AcceptInvitation(ctx, inv.Token, inv.User, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errInvitationGone
	}
	if err != nil {
		return nil, err
	}
	// The invitation is spent: answered 503 now, the browser's retry would find the link gone
	// (410) and the new user would have to sign in. A busy table is waited out here instead.
	var reply *httpapi.Reply
	err = httpapi.RetryTransient(ctx, SessionAttempts, SessionBackoff, func() (err error) {
		reply, err = s.startSession(ctx, r, u, audit.Entry{OrgID: u.OrgID, Actor: store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: u.Name},
			Action: audit.InvitationAccept, Module: u.RecordModule, RecordID: u.RecordID})
		return err
	})
	return reply, err
}

// SessionAttempts bounds the tries of starting the session of an accepted invitation,
// SessionBackoff the first wait between them (doubling): well inside the route's timeout.
const (
	SessionAttempts = 3
	SessionBackoff  = 200 * time.Millisecond
)

// startSession starts a portal session for u (a new token every time; the request's earlier
// portal session ends) and answers who they are. The session, the user's last login, the
// end of their sessions past the bound and the audit entry e are one transaction
// (store.CreatePortalLogin).
func (s *Service) startSession(ctx context.Context, r *httpapi.Request, u store.PortalUser, e audit.Entry) (*httpapi.Reply, error) {
	ut, err := s.Store.GetUserType(ctx, u.OrgID, u.UserTypeID)
	if err != nil {
		return nil, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return nil, err
	}
	now := s.Store.Now()
	sess := store.Session{Hash: auth.HashSecret(secret), OrgID: u.OrgID, UserID: u.ID, Kind: "portal", UserName: u.Name,
		UserTypeID: u.UserTypeID, RecordID: u.RecordID, CreatedAt: now, LastSeenAt: now,
		IdleExpiresAt: now.Add(auth.SessionIdle), ExpiresAt: now.Add(auth.SessionAbsolute)}
	entry, err := audit.Prepare(s.Store, r, e)
	if err != nil {
		return nil, err
	}
	// Conditioned on the user as read: a reset, deactivation or change of type that commits
	// meanwhile fails the login rather than leaving a session its revocation missed.
	if err := s.Store.CreatePortalLogin(ctx, sess, u, &entry); errors.Is(err, store.ErrUserChanged) {
		return nil, logins.ErrBadCredentials
	} else if err != nil {
		return nil, err
	}
	if old, ok := auth.Cookie(r.Cookies, auth.PortalCookie); ok {
		if _, oldSecret, ok := auth.ParseSessionToken(old); ok {
			_ = s.Store.DeleteSession(ctx, auth.HashSecret(oldSecret))
		}
	}
	m, err := s.me(ctx, u, ut)
	if err != nil {
		return nil, err
	}
	reply := httpapi.JSON(http.StatusOK, m)
	// The cookie names the items every request of the session reads (portalguard reads them
	// with the session in one BatchGetItem).
	token := auth.FormatSessionTokenWith(u.OrgID, secret, auth.SessionHints{UserID: u.ID, UserTypeID: u.UserTypeID,
		RecordModule: u.RecordModule, RecordID: u.RecordID})
	reply.Cookies = []string{auth.SetCookie(auth.PortalCookie, token, auth.SessionAbsolute)}
	return reply, nil
}

// portalOf finds the portal a login or reset path names; a deactivated portal is 403. also
// names items of the portal's organization to read with the portal, in one BatchGetItem
// (store.Prefetch; the context returned answers later reads of them).
func (s *Service) portalOf(ctx context.Context, r *httpapi.Request, also ...func(org string) []store.ItemKey) (context.Context, store.Portal, error) {
	slug := strings.ToLower(r.PathParameters["slug"])
	notFound := httpapi.Errorf(httpapi.NotFound, "no portal at this address")
	if !LooksLikeSlug(slug) {
		return ctx, store.Portal{}, notFound
	}
	org, err := s.Store.OrgBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return ctx, store.Portal{}, notFound
	}
	if err != nil {
		return ctx, store.Portal{}, err
	}
	if len(also) > 0 {
		keys := []store.ItemKey{store.PortalKey(org)}
		for _, a := range also {
			keys = append(keys, a(org)...)
		}
		if ctx, err = s.Store.Prefetch(ctx, keys...); err != nil {
			return ctx, store.Portal{}, err
		}
	}
	pt, err := s.Store.GetPortal(ctx, org)
	if errors.Is(err, store.ErrNotFound) {
		return ctx, store.Portal{}, notFound
	}
	if err != nil {
		return ctx, store.Portal{}, err
	}
	if pt.Disabled {
		return ctx, store.Portal{}, httpapi.Errorf(httpapi.Forbidden, "this portal is closed")
	}
	return ctx, pt, nil
}

// Login signs a portal user in to one portal. Unknown emails, wrong passwords and users who
// are not active get the same 401 after the same storage calls and the same Argon2id work;
// attempts are throttled by logins.Logins (per account of the portal and client
// address, per account, per address; docs/security.md, "Login throttling").
func (s *Service) Login(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	in, err := logins.DecodeCredentials(r)
	if err != nil {
		return nil, err
	}
	// The portal comes with the organization (for the answer) and the email's claim; the
	// user's type comes with the throttle's counters: a login makes five calls (the slug,
	// those two batches, the user and the session's transaction).
	ctx, pt, err := s.portalOf(ctx, r, func(org string) []store.ItemKey {
		return []store.ItemKey{store.OrgKey(org), store.PortalEmailKey(org, in.Email)}
	})
	if err != nil {
		return nil, err
	}
	var u store.PortalUser
	// A hash made with older parameters is replaced at the user's next password change.
	ok, _, err := s.Logins.VerifyLogin(ctx, r, "portal "+pt.OrgID+" "+store.NormalizeEmail(in.Email), in.Password, func() (string, bool, error) {
		var err error
		u, err = s.Store.PortalUserForLogin(ctx, pt.OrgID, in.Email)
		return u.PasswordHash, u.Status == invite.Active, err
	}, func() []store.ItemKey {
		// An unknown email reads a user type that does not exist: the same calls, with the
		// same shapes, as a known one.
		id := u.UserTypeID
		if id == "" {
			id = "00000000" // of an id's shape; ids are random, never this
		}
		uid := u.ID
		if uid == "" {
			uid = "00000000"
		}
		return []store.ItemKey{store.UserTypeKey(pt.OrgID, id), store.FactorKey(pt.OrgID, store.FactorPortal, uid)}
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		actor := store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: u.Name}
		if u.ID == "" {
			actor.Name = store.NormalizeEmail(in.Email)
		}
		audit.Record(ctx, s.Store, r, audit.Entry{OrgID: pt.OrgID, Actor: actor, Action: audit.LoginFailed})
		return nil, logins.ErrBadCredentials
	}
	// A second factor due answers 202 with a pending login instead of the session.
	if reply, err := s.beginSecondFactor(ctx, u, pt); err != nil || reply != nil {
		return reply, err
	}
	return s.startSession(ctx, r, u, loginEntry(u))
}

// loginEntry is the audit entry of u's login.
func loginEntry(u store.PortalUser) audit.Entry {
	return audit.Entry{OrgID: u.OrgID, Actor: store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: u.Name}, Action: audit.Login}
}

type resetRequest struct {
	Email string `json:"email"`
}

// RequestReset asks for a password reset link for an address of the portal. It does the same
// work for every address, known or not: it counts the request against the address's bound
// (auth.ResetRequestsPerHour an hour) and stores a mail request, in one transaction, then answers 202. The reset
// mailer (MailReset, started by the table's stream) looks the user up, makes the link and
// sends it. A user locked out by failed logins can still reset.
func (s *Service) RequestReset(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in resetRequest
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Email) == "" || len(in.Email) > 254 {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "email", Message: "is required"})
	}
	_, pt, err := s.portalOf(ctx, r)
	if err != nil {
		return nil, err
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	window := s.Store.Now().Truncate(ResetLifetime)
	k := store.ThrottleKey{Kind: "preset", Hash: auth.HashSecret(pt.OrgID + "#" + store.NormalizeEmail(in.Email))}
	// Over the bound nothing is stored, for known and unknown addresses alike.
	if _, err := s.Store.RequestMail(ctx, store.MailRequest{ID: id, Kind: store.MailPortalReset, OrgID: pt.OrgID, Email: in.Email,
		Origin: httpapi.RequestOrigin(ctx)},
		k, window, window.Add(ResetLifetime), auth.ResetRequestsPerHour); err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusAccepted, struct{}{}), nil
}

// MailReset carries out a portal reset request (the reset mailer's part): when its address
// belongs to an active user of an open portal, a reset link replaces the user's earlier one
// and is emailed; otherwise nothing is sent. The request is then marked done, and a request
// done already (a stream record delivered again) does nothing. An error leaves the request to
// be tried again: a link made by a failed attempt is replaced by the next one's.
func (s *Service) MailReset(ctx context.Context, req store.MailRequest) error {
	pt, err := s.Store.GetPortal(ctx, req.OrgID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && pt.Disabled) {
		return s.Store.FinishMailRequest(ctx, req.ID, store.MailNone)
	}
	if err != nil {
		return err
	}
	u, err := s.Store.PortalUserByEmail(ctx, req.OrgID, req.Email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Status != invite.Active) {
		return s.Store.FinishMailRequest(ctx, req.ID, store.MailNone)
	}
	if err != nil {
		return err
	}
	if err := s.sendReset(ctx, pt, u, req.ID); errors.Is(err, store.ErrNotFound) {
		return nil // carried out meanwhile
	} else if err != nil {
		return err
	}
	return s.Store.FinishMailRequest(ctx, req.ID, store.MailSent)
}

// sendReset makes a reset token for u (as read), which replaces u's earlier one, for the mail
// request request, and emails u the link.
func (s *Service) sendReset(ctx context.Context, pt store.Portal, u store.PortalUser, request string) error {
	secret, err := auth.NewSecret()
	if err != nil {
		return err
	}
	expires := s.Store.Now().Add(ResetLifetime)
	if err := s.Store.CreateResetToken(ctx, store.ResetToken{Hash: auth.HashSecret(secret), OrgID: u.OrgID, UserID: u.ID,
		Purpose: store.PurposePortalReset, ExpiresAt: expires}, u.ResetHash, request); err != nil {
		return err
	}
	org, err := s.Store.GetOrg(ctx, u.OrgID)
	if err != nil {
		return err
	}
	lang, zone := org.Language, org.TimeZone
	if u.Preferences != nil {
		lang, zone = u.Preferences.Language, u.Preferences.TimeZone
	}
	origin := customdomain.LinkOrigin(org.CustomDomain, s.Guard.PortalOrigin(ctx))
	msg, err := orgmail.Render(ctx, s.Store, u.OrgID, "portal-reset", lang, map[string]any{
		"Portal": pt.Name, "Company": org.Name, "Name": u.Name, "Email": u.Email,
		"Link": origin + "/p/" + pt.Slug + "/reset/" + secret, "Expires": orgmail.FormatExpiry(expires, zone, lang),
		"Brand": orgmail.Brand(pt.Branding.PrimaryColor), "Logo": orgmail.LogoURL(origin, pt)})
	if err != nil {
		return err
	}
	msg.To = u.Email
	_, err = s.Mail.Send(ctx, msg)
	return err
}

var errResetGone = httpapi.Errorf(httpapi.Gone, "this link is no longer valid; ask for a new one")

// Reset sets a portal user's new password with a reset link's token, once; every session of
// the user ends. Unknown, used, expired, superseded (a newer link, or a password change
// since) and staff tokens are 410.
func (s *Service) Reset(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in passwordBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	token := r.PathParameters["token"]
	if token == "" || len(token) > 100 {
		return nil, errResetGone
	}
	t, err := s.Store.GetResetToken(ctx, auth.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.Purpose != store.PurposePortalReset) {
		return nil, errResetGone
	}
	if err != nil {
		return nil, err
	}
	u, err := s.Store.GetPortalUser(ctx, t.OrgID, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Status != invite.Active) {
		return nil, errResetGone
	}
	if err != nil {
		return nil, err
	}
	hash, err := logins.NewPasswordHash(in.Password, u.Email)
	if err != nil {
		return nil, err
	}
	if err := s.Store.UsePortalResetToken(ctx, t, hash); errors.Is(err, store.ErrNotFound) {
		return nil, errResetGone
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: u.OrgID, Actor: store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: u.Name}, Action: audit.PasswordReset})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// newShowingLogo is New with the logos signed, for the routes whose answer shows the portal
// (PublicView): the session's (me, preferences, login, accepting an invitation) and the
// invitation's.
func newShowingLogo(d platform.Deps) *Service {
	s := New(d)
	s.Logos = branding.New(d)
	return s
}

// MeFunction is the handler of GET /api/me: the user, the organization and the portal come
// with the session in one BatchGetItem.
func MeFunction(d platform.Deps) httpapi.LambdaFunc {
	s := newShowingLogo(d)
	return d.Adapt(s.Guard.GuardReading(portalguard.ReadUser|portalguard.ReadOrg|portalguard.ReadPortal, s.Me))
}

// PreferencesFunction is the handler of PATCH /api/me/preferences.
func PreferencesFunction(d platform.Deps) httpapi.LambdaFunc {
	s := newShowingLogo(d)
	return d.Adapt(s.Guard.Guard(s.SetPreferences))
}

// InvitationFunction is the handler of GET /api/invitations/{token}.
func InvitationFunction(d platform.Deps) httpapi.LambdaFunc {
	return d.Adapt(newShowingLogo(d).Invitation)
}

// AcceptFunction is the handler of POST /api/invitations/{token}/accept.
func AcceptFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(newShowingLogo(d).Accept) }

// LoginFunction is the handler of POST /api/p/{slug}/login alone (LoginRoutesFunction is
// the function's, with the second step).
func LoginFunction(d platform.Deps, flows FactorFlows) httpapi.LambdaFunc {
	return d.Adapt(withFactors(newShowingLogo(d), flows).Login)
}

// RequestResetFunction is the handler of POST /api/p/{slug}/password-reset.
func RequestResetFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).RequestReset) }

// ResetFunction is the handler of POST /api/password-reset/{token}.
func ResetFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).Reset) }
