// Package staffusertypes serves the portal's user types (their tabs and field permissions) and the
// license allocation among them: at most the organization's number of types, the first free
// and based on Contacts, the others licensed, based on Leads or Contacts, with seats that never
// add up to more than the license pool.
package staffusertypes

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/mfa"
	"crmportal/shared/modules"
	"crmportal/shared/names"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// typeStore is what the user type and license routes read and write.
type typeStore interface {
	audit.Log
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetOrgConsistent(ctx context.Context, id string) (store.Org, error)
	ListUserTypes(ctx context.Context, org string) ([]store.UserType, error)
	GetUserType(ctx context.Context, org, id string) (store.UserType, error)
	CreateUserType(ctx context.Context, org store.Org, ut store.UserType) error
	UpdateUserType(ctx context.Context, org store.Org, old, ut store.UserType) error
	DeleteUserType(ctx context.Context, org store.Org, ut store.UserType) error
	SetAllocations(ctx context.Context, org store.Org, current []store.UserType, seats map[string]int) error
}

// usageStore is what the usage route reads besides the seats.
type usageStore interface {
	UsageDays(ctx context.Context, org, from, to string) ([]store.UsageDay, error)
	UsageWeeks(ctx context.Context, org, from, to string) ([]store.UsageDay, error)
	Now() time.Time
}

var _ typeStore = (*store.Store)(nil)

// Service holds what the user type and license routes use.
type Service struct {
	Guard   *staffguard.Guard
	Store   typeStore
	Usage   usageStore
	Modules *modules.Catalog
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Service{Guard: staffguard.New(st, d.Config), Store: st, Usage: st, Modules: modules.New(st)}
}

// JSON is a user type as the console sees it.
type JSON struct {
	access.UserType
	Free     bool `json:"free"`
	Users    int  `json:"users"`
	Capacity int  `json:"capacity"`
	Version  int  `json:"version"`
}

func toJSON(ut store.UserType, lim store.Limits) JSON {
	// Lists answer [] rather than null.
	tabs := make([]access.Tab, len(ut.Tabs))
	for i, t := range ut.Tabs {
		if t.Layouts == nil {
			t.Layouts = []string{}
		}
		if t.Filterable == nil {
			t.Filterable = []string{}
		}
		tabs[i] = t
	}
	ut.Tabs = tabs
	ut.Notify = ut.NotifyKinds() // a type that has not chosen: every customer kind
	ut.MFA = string(mfa.Of(ut.MFA))
	if ut.Fields == nil {
		ut.Fields = map[string]map[string]access.Perm{}
	}
	return JSON{UserType: ut.UserType, Free: ut.Free(), Users: ut.Users, Version: ut.Version,
		Capacity: access.Capacity(ut.UserType, lim)}
}

// modules answers the organization's modules (with its custom fields) for validation.
func (s *Service) modules(ctx context.Context, org string) (func(string) (crm.Module, bool), []crm.Module, error) {
	byName := map[string]crm.Module{}
	var all []crm.Module
	for _, std := range crm.Standard() {
		m, _, err := s.Modules.Module(ctx, org, std.APIName)
		if err != nil {
			return nil, nil, err
		}
		byName[m.APIName] = m
		all = append(all, m)
	}
	return func(name string) (crm.Module, bool) { m, ok := byName[name]; return m, ok }, all, nil
}

var errConcurrent = httpapi.Errorf(httpapi.Conflict, "the user types or licenses changed meanwhile; reload and try again")

type list struct {
	Items  []JSON       `json:"items"`
	Limits store.Limits `json:"limits"`
}

// List answers the organization's user types, the free one first.
func (s *Service) List(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	uts, err := s.Store.ListUserTypes(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	out := list{Items: make([]JSON, len(uts)), Limits: org.Limits}
	for i, ut := range uts {
		out.Items[i] = toJSON(ut, org.Limits)
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// body is a user type as the console sends it.
type body struct {
	Name       string                            `json:"name"`
	BaseModule string                            `json:"baseModule"`
	Seats      int                               `json:"seats"`
	Tabs       []access.Tab                      `json:"tabs"`
	Fields     map[string]map[string]access.Perm `json:"fields"`
	// OpenFirstTab absent is false: the portal shows the home (access.UserType).
	OpenFirstTab bool `json:"openFirstTab"`
	// Notify absent (or null) is every customer kind of notification, [] none (access.UserType).
	Notify []string `json:"notify"`
	// MFA absent is optional (mfa.Policy).
	MFA string `json:"mfa"`
	// Delegable absent is false: only staff invite and manage the type's users.
	Delegable bool `json:"delegable"`
	// PasskeyLogin absent is false: the type's users sign in with their password.
	PasskeyLogin bool `json:"passkeyLogin"`
}

// check validates a type's configuration against the organization's modules.
func (s *Service) check(ctx context.Context, org string, ut access.UserType) error {
	var errs []crm.FieldError
	name := strings.TrimSpace(ut.Name)
	if msg := names.Check(name, 100); msg != "" {
		errs = append(errs, crm.FieldError{Field: "name", Message: msg})
	}
	if msg := access.CheckBase(ut.Position, ut.BaseModule); msg != "" {
		errs = append(errs, crm.FieldError{Field: "baseModule", Message: msg})
	}
	if ut.Seats < 0 {
		errs = append(errs, crm.FieldError{Field: "seats", Message: "must be 0 or more"})
	}
	if msg := mfa.CheckPolicy(ut.MFA); msg != "" {
		errs = append(errs, crm.FieldError{Field: "mfa", Message: msg})
	}
	if msg := access.CheckDelegable(ut); msg != "" {
		errs = append(errs, crm.FieldError{Field: "delegable", Message: msg})
	}
	if len(errs) == 0 {
		lookup, _, err := s.modules(ctx, org)
		if err != nil {
			return err
		}
		errs = append(errs, access.ValidateUserType(ut, lookup)...)
	}
	if len(errs) > 0 {
		return modules.FieldErrors(errs)
	}
	return nil
}

// Create adds a user type (admins). The first is the free type and must be based on
// Contacts; without tabs it starts with the candidate tabs of its base module, all disabled.
func (s *Service) Create(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in body
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	org, err := s.Store.GetOrgConsistent(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	if msg := access.CheckTypeCount(org.UserTypeCount, org.Limits); msg != "" {
		return nil, httpapi.Errorf(httpapi.Conflict, "%s", msg)
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	ut := access.UserType{ID: id, Name: strings.TrimSpace(in.Name), Position: org.UserTypeCount, BaseModule: in.BaseModule,
		Seats: in.Seats, Tabs: in.Tabs, Fields: in.Fields, OpenFirstTab: in.OpenFirstTab, Notify: in.Notify, MFA: in.MFA,
		Delegable: in.Delegable, PasskeyLogin: in.PasskeyLogin}
	if ut.Free() {
		ut.Seats = 0
	}
	if ut.Tabs == nil {
		if base, _, err := s.Modules.Module(ctx, p.OrgID, in.BaseModule); err == nil {
			_, all, err := s.modules(ctx, p.OrgID)
			if err != nil {
				return nil, err
			}
			ut.Tabs = firstPerModule(access.CandidateTabs(base, all))
		}
	}
	if err := s.check(ctx, p.OrgID, ut); err != nil {
		return nil, err
	}
	if !ut.Free() {
		if msg := access.CheckTypeSeats(access.SeatChange{Seats: ut.Seats, Allocated: org.SeatsAllocated, New: true}, org.Limits); msg != "" {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "seats", Message: msg})
		}
	}
	rec := store.UserType{UserType: ut, OrgID: p.OrgID, CreatedAt: s.Store.Now()}
	if err := s.Store.CreateUserType(ctx, org, rec); err != nil {
		if errors.Is(err, store.ErrVersion) {
			return nil, errConcurrent
		}
		return nil, err
	}
	rec.Version = 1
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.UserTypeChanged, Detail: "created " + ut.Name})
	return httpapi.WithETag(httpapi.JSON(http.StatusCreated, toJSON(rec, org.Limits)), 1), nil
}

func (s *Service) load(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (store.Org, store.UserType, error) {
	id := r.PathParameters["id"]
	if !auth.ValidID(id) {
		return store.Org{}, store.UserType{}, httpapi.Errorf(httpapi.NotFound, "no user type with that id")
	}
	org, err := s.Store.GetOrgConsistent(ctx, p.OrgID)
	if err != nil {
		return store.Org{}, store.UserType{}, err
	}
	ut, err := s.Store.GetUserType(ctx, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Org{}, store.UserType{}, httpapi.Errorf(httpapi.NotFound, "no user type with that id")
	}
	return org, ut, err
}

// Get answers one user type.
func (s *Service) Get(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	org, ut, err := s.load(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, toJSON(ut, org.Limits)), ut.Version), nil
}

// Put replaces a user type's name, tabs, field permissions and seats (admins, If-Match). Its
// base module changes only while it has no users; seats never go below its users.
func (s *Service) Put(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	var in body
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	org, old, err := s.load(ctx, p, r)
	if err != nil {
		return nil, err
	}
	if old.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the user type is at version %d, not %d; reload it", old.Version, want)
	}
	next := old
	next.Name, next.BaseModule, next.Seats, next.Tabs, next.Fields = strings.TrimSpace(in.Name), in.BaseModule, in.Seats, in.Tabs, in.Fields
	next.OpenFirstTab, next.Notify = in.OpenFirstTab, in.Notify
	next.Delegable = in.Delegable
	next.MFA = in.MFA
	next.PasskeyLogin = in.PasskeyLogin
	next.Version = old.Version + 1
	if next.Free() {
		next.Seats = 0
	}
	if next.BaseModule != old.BaseModule && old.Users > 0 {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "baseModule", Message: itoa(old.Users) + " users have this type; its base module cannot change"})
	}
	if err := s.check(ctx, p.OrgID, next.UserType); err != nil {
		return nil, err
	}
	if !next.Free() {
		change := access.SeatChange{Seats: next.Seats, Held: old.Seats, Users: old.Users, Allocated: org.SeatsAllocated}
		if msg := access.CheckTypeSeats(change, org.Limits); msg != "" {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "seats", Message: msg})
		}
	}
	if err := s.Store.UpdateUserType(ctx, org, old, next); err != nil {
		if errors.Is(err, store.ErrVersion) {
			return nil, errConcurrent
		}
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.UserTypeChanged, Detail: "changed " + next.Name})
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, toJSON(next, org.Limits)), next.Version), nil
}

// Delete removes a user type without users (admins). The free type goes last.
func (s *Service) Delete(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	org, ut, err := s.load(ctx, p, r)
	if err != nil {
		return nil, err
	}
	if ut.Users > 0 {
		return nil, httpapi.Errorf(httpapi.Conflict, "%d users have this type; remove or move them first", ut.Users)
	}
	if ut.Free() && org.UserTypeCount > 1 {
		return nil, httpapi.Errorf(httpapi.Conflict, "the free type is the first; delete the licensed types first")
	}
	if err := s.Store.DeleteUserType(ctx, org, ut); err != nil {
		if errors.Is(err, store.ErrVersion) {
			return nil, errConcurrent
		}
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.UserTypeChanged, Detail: "deleted " + ut.Name})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// firstPerModule keeps one candidate tab per module (the first scope offered), since a
// user type has one tab per module; the console offers the other scopes as choices.
func firstPerModule(tabs []access.Tab) []access.Tab {
	seen := map[string]bool{}
	out := tabs[:0:0]
	for _, t := range tabs {
		if !seen[t.Module] {
			seen[t.Module] = true
			out = append(out, t)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
