package staffadmin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/names"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// maxTokensPerUser bounds a user's live API tokens.
const maxTokensPerUser = 20

// tokenJSON is a token as the API answers it: never its secret, and whether it has expired
// (an expired token is listed until it is revoked, and answers 401).
type tokenJSON struct {
	store.APIToken
	Expired bool `json:"expired"`
}

type tokenList struct {
	Items []tokenJSON `json:"items"`
}

func (s *Service) tokenJSON(t store.APIToken) tokenJSON {
	return tokenJSON{APIToken: t, Expired: t.Expired(s.Store.Now())}
}

// ListTokens lists the principal's API tokens (never their secrets).
func (s *Service) ListTokens(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	toks, err := s.Store.ListAPITokens(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, err
	}
	out := tokenList{Items: make([]tokenJSON, 0, len(toks))}
	for _, t := range toks {
		out.Items = append(out.Items, s.tokenJSON(t))
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// orgToken is a token in the organization's list: with its member.
type orgToken struct {
	tokenJSON
	UserID   string `json:"userId"`
	UserName string `json:"userName"`
}

type orgTokenList struct {
	Items []orgToken `json:"items"`
}

// ListOrgTokens lists every API token of the organization with its member, by member name
// then creation (admins).
func (s *Service) ListOrgTokens(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	toks, err := s.Store.ListOrgAPITokens(ctx, p.OrgID, "")
	if err != nil {
		return nil, err
	}
	members, err := s.Store.ListStaff(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	name := make(map[string]string, len(members))
	for _, m := range members {
		name[m.ID] = m.Name
	}
	out := orgTokenList{Items: make([]orgToken, 0, len(toks))}
	for _, t := range toks {
		out.Items = append(out.Items, orgToken{tokenJSON: s.tokenJSON(t), UserID: t.UserID, UserName: name[t.UserID]})
	}
	slices.SortStableFunc(out.Items, func(a, b orgToken) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.UserName), strings.ToLower(b.UserName)), strings.Compare(a.UserID, b.UserID),
			a.CreatedAt.Compare(b.CreatedAt))
	})
	return httpapi.JSON(http.StatusOK, out), nil
}

type newToken struct {
	Name string `json:"name"`
	// ExpiresInDays is the token's lifetime; nil takes the organization's.
	ExpiresInDays *int `json:"expiresInDays"`
}

type createdToken struct {
	Token  tokenJSON `json:"token"`
	Secret string    `json:"secret"`
}

// CreateToken makes an API token that carries the principal's role (as it is now) and expires
// after expiresInDays days (1 to 365; the organization's apiTokenLifetimeDays by default). The
// secret is in this answer only; the store keeps its hash.
func (s *Service) CreateToken(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	var in newToken
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	var errs []httpapi.FieldError
	if msg := names.Check(name, 100); msg != "" {
		errs = append(errs, httpapi.FieldError{Field: "name", Message: msg})
	}
	if d := in.ExpiresInDays; d != nil && (*d < 1 || *d > store.MaxAPITokenLifetimeDays) {
		errs = append(errs, httpapi.FieldError{Field: "expiresInDays", Message: fmt.Sprintf("must be 1 to %d", store.MaxAPITokenLifetimeDays)})
	}
	if len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	days := 0
	if in.ExpiresInDays != nil {
		days = *in.ExpiresInDays
	} else {
		org, err := s.Store.GetOrg(ctx, p.OrgID)
		if err != nil {
			return nil, err
		}
		days = org.APITokenLifetimeDays
	}
	toks, err := s.Store.ListAPITokens(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, err
	}
	if len(toks) >= maxTokensPerUser {
		return nil, httpapi.Errorf(httpapi.Conflict, "at most %d API tokens per user; revoke one first", maxTokensPerUser)
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return nil, err
	}
	now := s.Store.Now()
	t := store.APIToken{OrgID: p.OrgID, ID: id, Name: name, UserID: p.UserID, Role: p.Role,
		SecretHash: auth.HashSecret(secret), CreatedAt: now, ExpiresAt: now.AddDate(0, 0, days)}
	if err := s.Store.CreateAPIToken(ctx, t); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.TokenCreated, RecordID: t.ID,
		Detail: fmt.Sprintf("%s (%s, %d days)", t.Name, t.Role, days)})
	return httpapi.JSON(http.StatusCreated, createdToken{Token: s.tokenJSON(t), Secret: auth.FormatAPIToken(p.OrgID, id, secret)}), nil
}

// RevokeToken deletes a token: an admin any token of the organization, anyone else one of
// their own (another's is 404, as an unknown one).
func (s *Service) RevokeToken(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	id := r.PathParameters["id"]
	if !auth.ValidID(id) {
		return nil, httpapi.Errorf(httpapi.NotFound, "API token not found")
	}
	var t store.APIToken
	var err error
	if p.IsAdmin() {
		t, err = s.Store.DeleteOrgAPIToken(ctx, p.OrgID, id)
	} else {
		t, err = s.Store.DeleteAPIToken(ctx, p.OrgID, p.UserID, id)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.NotFound, "API token not found")
	}
	if err != nil {
		return nil, err
	}
	detail := t.Name
	if t.UserID != p.UserID {
		if m, err := s.Store.GetStaff(ctx, p.OrgID, t.UserID); err == nil {
			detail += " (" + m.Email + ")"
		}
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.TokenRevoked, RecordID: t.ID, Detail: detail})
	return noContent(), nil
}

// ListOrgTokensFunction is the handler of GET /api/admin/org/tokens.
func ListOrgTokensFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.ListOrgTokens))
}

// ListTokensFunction is the handler of GET /api/admin/tokens.
func ListTokensFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.ListTokens))
}

// CreateTokenFunction is the handler of POST /api/admin/tokens.
func CreateTokenFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.CreateToken))
}

// RevokeTokenFunction is the handler of DELETE /api/admin/tokens/{id}.
func RevokeTokenFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.RevokeToken))
}
