package staffusertypes

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// Licenses is the seats view: the free type's limit and users, the pool and each licensed
// type's allocation and users.
type Licenses struct {
	Pool      int          `json:"pool"`
	Allocated int          `json:"allocated"`
	Free      *SeatUse     `json:"free,omitempty"`
	Types     []Allocation `json:"types"`
}

// SeatUse is a type's seats and users.
type SeatUse struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Seats int    `json:"seats"`
	Users int    `json:"users"`
}

// Allocation is a licensed type's share of the pool.
type Allocation = SeatUse

// seats is an organization as the license routes read it: the org (its limits and the
// seats allocated), its user types and the seats view made of them.
type seats struct {
	org   store.Org
	types []store.UserType
	view  Licenses
}

func (s *Service) licenses(ctx context.Context, org string) (seats, error) {
	o, err := s.Store.GetOrgConsistent(ctx, org)
	if err != nil {
		return seats{}, err
	}
	uts, err := s.Store.ListUserTypes(ctx, org)
	if err != nil {
		return seats{}, err
	}
	l := Licenses{Pool: o.Limits.LicensePool, Allocated: o.SeatsAllocated, Types: []Allocation{}}
	for _, ut := range uts {
		use := SeatUse{ID: ut.ID, Name: ut.Name, Seats: access.Capacity(ut.UserType, o.Limits), Users: ut.Users}
		if ut.Free() {
			l.Free = &use
			continue
		}
		l.Types = append(l.Types, use)
	}
	return seats{org: o, types: uts, view: l}, nil
}

// GetLicenses answers the seats view.
func (s *Service) GetLicenses(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	now, err := s.licenses(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, now.view), nil
}

type allocations struct {
	Allocations map[string]int `json:"allocations"`
}

// PutLicenses sets the allocation of licensed types (admins) in one transaction: the sum
// never exceeds the pool the operator set, and no type goes below its users.
func (s *Service) PutLicenses(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in allocations
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	before, err := s.licenses(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	org, uts := before.org, before.types
	byID := map[string]store.UserType{}
	for _, ut := range uts {
		byID[ut.ID] = ut
	}
	var errs []crm.FieldError
	var next []access.UserType
	for id, seats := range in.Allocations {
		ut, ok := byID[id]
		switch {
		case !ok:
			errs = append(errs, crm.FieldError{Field: "allocations." + id, Message: "is not a user type"})
		case ut.Free():
			errs = append(errs, crm.FieldError{Field: "allocations." + id, Message: "is the free type, which needs no licenses"})
		case seats < 0:
			errs = append(errs, crm.FieldError{Field: "allocations." + id, Message: "must be 0 or more"})
		default:
			if msg := access.CheckAllocationChange(seats, ut.Users); msg != "" {
				errs = append(errs, crm.FieldError{Field: "allocations." + id, Message: msg})
			}
		}
	}
	for _, ut := range uts {
		x := ut.UserType
		if v, ok := in.Allocations[ut.ID]; ok {
			x.Seats = v
		}
		next = append(next, x)
	}
	if len(errs) == 0 {
		errs = access.CheckAllocations(next, org.Limits)
	}
	if len(errs) > 0 {
		return nil, modules.FieldErrors(errs)
	}
	if err := s.Store.SetAllocations(ctx, org, uts, in.Allocations); err != nil {
		if errors.Is(err, store.ErrVersion) {
			return nil, errConcurrent
		}
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.LicensesChanged})
	now, err := s.licenses(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, now.view), nil
}

type handler = func(context.Context, staffguard.Principal, *httpapi.Request) (*httpapi.Reply, error)

func guarded(d platform.Deps, pick func(*Service) handler) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(pick(s)))
}

// ListFunction is the handler of GET /api/admin/user-types.
func ListFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.List })
}

// CreateFunction is the handler of POST /api/admin/user-types.
func CreateFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.Create })
}

// GetFunction is the handler of GET /api/admin/user-types/{id}.
func GetFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.Get })
}

// PutFunction is the handler of PUT /api/admin/user-types/{id}.
func PutFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.Put })
}

// DeleteFunction is the handler of DELETE /api/admin/user-types/{id}.
func DeleteFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.Delete })
}

// GetLicensesFunction is the handler of GET /api/admin/licenses.
func GetLicensesFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.GetLicenses })
}

// PutLicensesFunction is the handler of PUT /api/admin/licenses.
func PutLicensesFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.PutLicenses })
}
