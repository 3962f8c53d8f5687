// Package staffportal serves the staff's portal setup routes (the staff console's Setup >
// Channels > Portals: name, generated URL, branding, logo upload). The public route the
// portal's login page reads is the portal user's side's (portalapi.PublicFunction).
package staffportal

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/branding"
	"crmportal/shared/httpapi"
	"crmportal/shared/locale"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// portalStore is what the setup routes read and write: the organization, its portal, the
// slugs taken and the audit log.
type portalStore interface {
	Now() time.Time
	AppendAudit(ctx context.Context, e store.AuditEntry) error
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetPortalConsistent(ctx context.Context, org string) (store.Portal, error)
	TakenSlugs(ctx context.Context, prefix string) (map[string]bool, error)
	CreatePortal(ctx context.Context, p store.Portal) error
	UpdatePortal(ctx context.Context, old, p store.Portal) error
}

var _ portalStore = (*store.Store)(nil)

// Service holds what the portal setup routes use.
type Service struct {
	guard   *staffguard.Guard
	store   portalStore
	s3      Objects
	presign Presigner
	logos   branding.Logos
	bucket  string // the attachments bucket, where logos live under branding/
	// portalBaseURL is this deployment's PORTAL_BASE_URL, where the portal's address points
	// ("": the request's own origin, httpapi.PortalOrigin).
	portalBaseURL string
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	objects := s3client.New(d)
	return &Service{guard: staffguard.New(st, d.Config), store: st, s3: objects, presign: s3.NewPresignClient(objects),
		logos: branding.New(d), bucket: d.Config.AttachmentsBucket, portalBaseURL: d.Config.PortalBaseURL}
}

// JSON is a portal as the console sees it.
type JSON struct {
	store.Portal
	URL     string `json:"url"`
	LogoURL string `json:"logoUrl,omitempty"`
}

func (s *Service) toJSON(ctx context.Context, p store.Portal) JSON {
	return JSON{Portal: p, URL: httpapi.PortalOrigin(ctx, s.portalBaseURL) + "/p/" + p.Slug, LogoURL: s.logos.URL(ctx, p.Branding.LogoKey)}
}

// Get answers the organization's portal; 404 until it is configured (the console then offers
// "Start now" with the company name).
func (s *Service) Get(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	pt, err := s.store.GetPortalConsistent(ctx, p.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		org, err := s.store.GetOrg(ctx, p.OrgID)
		if err != nil {
			return nil, err
		}
		return nil, &httpapi.Error{Kind: httpapi.NotFound, Detail: "the portal is not configured yet",
			Extra: map[string]string{"defaultName": access.DefaultName(org.Name)}}
	}
	if err != nil {
		return nil, err
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, s.toJSON(ctx, pt)), pt.Version), nil
}

type portalBody struct {
	Name     *string         `json:"name"`
	Slug     *string         `json:"slug"`
	Branding *store.Branding `json:"branding"`
	Disabled *bool           `json:"disabled"`
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// check validates a body; name may be absent.
func check(in portalBody) []httpapi.FieldError {
	var errs []httpapi.FieldError
	if in.Name != nil {
		if msg := access.CheckName(*in.Name); msg != "" {
			errs = append(errs, httpapi.FieldError{Field: "name", Message: msg})
		}
	}
	if b := in.Branding; b != nil {
		if b.PrimaryColor != "" && !colorRE.MatchString(b.PrimaryColor) {
			errs = append(errs, httpapi.FieldError{Field: "branding.primaryColor", Message: "must be a colour like #1a2b3c"})
		}
		for lang, text := range b.Welcome {
			if msg := locale.CheckLanguage(lang); msg != "" {
				errs = append(errs, httpapi.FieldError{Field: "branding.welcome." + lang, Message: "is not a language tag: " + msg})
			} else if utf8.RuneCountInString(text) > 2000 {
				errs = append(errs, httpapi.FieldError{Field: "branding.welcome." + lang, Message: "must be at most 2000 characters"})
			}
		}
	}
	return errs
}

// slugFor makes the slug of name: 422 when it cannot make one that is allowed.
func slugFor(name string) (string, error) {
	slug := access.Slug(name)
	if msg := access.CheckSlug(slug); msg != "" {
		return "", httpapi.FieldErrors(httpapi.FieldError{Field: "name", Message: "gives the address /p/" + slug + ", which " + msg})
	}
	return slug, nil
}

// chosenSlug is the slug asked for, checked, or else the one made from name.
func chosenSlug(name string, asked *string) (string, error) {
	if asked == nil {
		return slugFor(name)
	}
	if msg := access.CheckSlug(*asked); msg != "" {
		return "", httpapi.FieldErrors(httpapi.FieldError{Field: "slug", Message: msg})
	}
	return *asked, nil
}

// taken answers a taken name: 409 with a free slug as suggestion.
func (s *Service) taken(ctx context.Context, slug string) error {
	used, err := s.store.TakenSlugs(ctx, slug)
	if err != nil {
		return err
	}
	suggestion := access.Suggest(slug, func(c string) bool { return used[c] }, rand.IntN)
	return &httpapi.Error{Kind: httpapi.Conflict, Detail: "the address /p/" + slug + " is taken; try another name",
		Extra: map[string]string{"suggestion": suggestion}}
}

// Create configures the portal (admins): the name (default the company name) gives the slug,
// unique in the deployment; a taken one is 409 with a suggestion.
func (s *Service) Create(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in portalBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if errs := check(in); len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	org, err := s.store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	name := access.DefaultName(org.Name)
	if in.Name != nil {
		name = access.DefaultName(*in.Name)
	}
	slug, err := chosenSlug(name, in.Slug)
	if err != nil {
		return nil, err
	}
	pt := store.Portal{OrgID: p.OrgID, Name: name, Slug: slug, CreatedAt: s.store.Now()}
	if in.Branding != nil {
		if in.Branding.LogoKey != "" {
			if in.Branding.LogoKey, err = s.adoptLogo(ctx, p.OrgID, in.Branding.LogoKey); err != nil {
				return nil, err
			}
		}
		pt.Branding = *in.Branding
	}
	if in.Disabled != nil {
		pt.Disabled = *in.Disabled
	}
	err = s.store.CreatePortal(ctx, pt)
	switch {
	case errors.Is(err, store.ErrSlugTaken):
		return nil, s.taken(ctx, slug)
	case errors.Is(err, store.ErrExists):
		return nil, httpapi.Errorf(httpapi.Conflict, "the portal is configured already; change it instead")
	case err != nil:
		return nil, err
	}
	pt.Version = 1
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.PortalChanged, Detail: "created /p/" + pt.Slug})
	return httpapi.WithETag(httpapi.JSON(http.StatusCreated, s.toJSON(ctx, pt)), pt.Version), nil
}

// Update renames the portal or changes its address or branding (admins, If-Match). A new
// name keeps the address; a new slug gives a new address, and the old one keeps leading to
// the portal.
func (s *Service) Update(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	var in portalBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if errs := check(in); len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	old, err := s.store.GetPortalConsistent(ctx, p.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.NotFound, "the portal is not configured yet")
	}
	if err != nil {
		return nil, err
	}
	if old.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the portal changed since you read it (version %d); reload it", old.Version)
	}
	next := old
	next.Version = old.Version + 1
	if in.Name != nil {
		next.Name = access.DefaultName(*in.Name)
	}
	// A rename keeps the address: links already sent (invitations, bookmarks) and the
	// address customers know stay the portal's own. Only a slug asked for moves it.
	if in.Slug != nil {
		if msg := access.CheckSlug(*in.Slug); msg != "" {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "slug", Message: msg})
		}
		next.Slug = *in.Slug
		if next.Slug != old.Slug && !contains(old.OldSlugs, old.Slug) {
			next.OldSlugs = append(append([]string(nil), old.OldSlugs...), old.Slug)
		}
	}
	if in.Branding != nil {
		if in.Branding.LogoKey != "" && in.Branding.LogoKey != old.Branding.LogoKey {
			if in.Branding.LogoKey, err = s.adoptLogo(ctx, p.OrgID, in.Branding.LogoKey); err != nil {
				return nil, err
			}
		}
		next.Branding = *in.Branding
	}
	if in.Disabled != nil {
		next.Disabled = *in.Disabled
	}
	err = s.store.UpdatePortal(ctx, old, next)
	switch {
	case errors.Is(err, store.ErrSlugTaken):
		return nil, s.taken(ctx, next.Slug)
	case errors.Is(err, store.ErrVersion):
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the portal changed since you read it; reload it")
	case err != nil:
		return nil, err
	}
	detail := "changed"
	if next.Disabled != old.Disabled {
		detail = map[bool]string{true: "deactivated", false: "reactivated"}[next.Disabled]
	}
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.PortalChanged, Detail: detail})
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, s.toJSON(ctx, next)), next.Version), nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// GetFunction is the handler of GET /api/admin/portal.
func GetFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.guard.Guard(s.Get))
}

// CreateFunction is the handler of POST /api/admin/portal.
func CreateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.guard.Guard(s.Create))
}

// UpdateFunction is the handler of PATCH /api/admin/portal.
func UpdateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.guard.Guard(s.Update))
}
