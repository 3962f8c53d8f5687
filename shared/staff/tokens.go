package staff

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/names"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// maxTokensPerUser bounds a user's live API tokens.
const maxTokensPerUser = 20

type tokenList struct {
	Items []store.APIToken `json:"items"`
}

// ListTokens lists the principal's API tokens (never their secrets).
func (s *Service) ListTokens(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	toks, err := s.Store.ListAPITokens(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, err
	}
	if toks == nil {
		toks = []store.APIToken{}
	}
	return httpapi.JSON(http.StatusOK, tokenList{Items: toks}), nil
}

type newToken struct {
	Name string `json:"name"`
}

type createdToken struct {
	Token  store.APIToken `json:"token"`
	Secret string         `json:"secret"`
}

// CreateToken makes an API token that carries the principal's role. The secret is in this
// answer only; the store keeps its hash.
func (s *Service) CreateToken(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	var in newToken
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	name := trimmed(in.Name)
	if msg := names.Check(name, 100); msg != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "name", Message: msg})
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
	t := store.APIToken{OrgID: p.OrgID, ID: id, Name: name, UserID: p.UserID, Role: p.Role,
		SecretHash: auth.HashSecret(secret), CreatedAt: s.Store.Now()}
	if err := s.Store.CreateAPIToken(ctx, t); err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, createdToken{Token: t, Secret: auth.FormatAPIToken(p.OrgID, id, secret)}), nil
}

// RevokeToken deletes one of the principal's tokens; another user's token is 404.
func (s *Service) RevokeToken(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	id := r.PathParameters["id"]
	if !auth.ValidID(id) {
		return nil, httpapi.Errorf(httpapi.NotFound, "API token not found")
	}
	err := s.Store.DeleteAPIToken(ctx, p.OrgID, p.UserID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.NotFound, "API token not found")
	}
	if err != nil {
		return nil, err
	}
	return noContent(), nil
}

// ListTokensFunction is the handler of GET /api/admin/tokens.
func ListTokensFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard(s.ListTokens))
}

// CreateTokenFunction is the handler of POST /api/admin/tokens.
func CreateTokenFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard(s.CreateToken))
}

// RevokeTokenFunction is the handler of DELETE /api/admin/tokens/{id}.
func RevokeTokenFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard(s.RevokeToken))
}
