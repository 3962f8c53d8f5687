package portalcolleagues

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/store"
)

// ColleagueJSON is a portal user of the account admin's Account as the portal shows them: no
// record ids, no credentials, no token.
type ColleagueJSON struct {
	ID           string                   `json:"id"`
	Name         string                   `json:"name"`
	Email        string                   `json:"email"`
	UserType     staffportalusers.TypeRef `json:"userType"`
	Status       string                   `json:"status"`
	InvitedAt    time.Time                `json:"invitedAt"`
	LastLoginAt  time.Time                `json:"lastLoginAt,omitzero"`
	Delivery     *store.Delivery          `json:"delivery,omitempty"`
	AccountAdmin bool                     `json:"accountAdmin"`
	// Manageable: the user's type is delegated, so the account admin may act on them.
	Manageable bool `json:"manageable"`
}

// CandidateJSON is a Contact of the Account with an email and no portal user.
type CandidateJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// TypeJSON is a delegated user type for Contacts, with the seats it has left.
type TypeJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	SeatsLeft int    `json:"seatsLeft"`
}

type listJSON struct {
	Items      []ColleagueJSON `json:"items"`
	Candidates []CandidateJSON `json:"candidates"`
	Types      []TypeJSON      `json:"types"`
}

func toJSON(u store.PortalUser, ut store.UserType) ColleagueJSON {
	return ColleagueJSON{ID: u.ID, Name: u.Name, Email: u.Email, UserType: staffportalusers.TypeRef{ID: u.UserTypeID, Name: ut.Name},
		Status: u.Status, InvitedAt: u.InvitedAt, LastLoginAt: u.LastLoginAt, Delivery: u.Delivery, AccountAdmin: u.AccountAdmin,
		Manageable: ut.Delegable}
}

// List answers the account admin's colleagues (the portal users of the Contacts of their
// Account, themself included), the Contacts they could invite and the delegated types with
// seats left.
func (s *Service) List(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	_, account, err := s.admin(ctx, p)
	if err != nil {
		return nil, err
	}
	m, _, err := s.modules.Module(ctx, p.OrgID, crm.Contacts)
	if err != nil {
		return nil, err
	}
	var contacts []store.Record
	q := crm.ListQuery{Limit: store.MaxPrefetch}
	for len(contacts) < MaxContacts {
		page, err := s.store.ListLinkedPage(ctx, m, p.OrgID, account, "Account_Name", q)
		if err != nil {
			return nil, err
		}
		contacts = append(contacts, page.Items...)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if len(contacts) > MaxContacts {
		contacts = contacts[:MaxContacts]
	}
	uts, err := s.store.ListUserTypes(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	types := make(map[string]store.UserType, len(uts))
	for _, ut := range uts {
		types[ut.ID] = ut
	}
	out := listJSON{Items: []ColleagueJSON{}, Candidates: []CandidateJSON{}, Types: []TypeJSON{}}
	// The claims of the Contacts, then their users, a hundred keys a read.
	ids := make([]string, len(contacts))
	for i, c := range contacts {
		ids[i] = c.ID
	}
	users, err := s.store.PortalUsersByRecords(ctx, p.OrgID, ids)
	if err != nil {
		return nil, err
	}
	byRecord := make(map[string]store.PortalUser, len(users))
	for _, u := range users {
		byRecord[u.RecordID] = u
	}
	for _, c := range contacts {
		if u, ok := byRecord[c.ID]; ok {
			out.Items = append(out.Items, toJSON(u, types[u.UserTypeID]))
		} else if email, _ := c.Fields["Email"].(string); email != "" {
			out.Candidates = append(out.Candidates, CandidateJSON{ID: c.ID, Name: c.Name, Email: email})
		}
	}
	org, err := s.store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	for _, ut := range uts {
		if !ut.Delegable || ut.BaseModule != crm.Contacts {
			continue
		}
		if left := access.Capacity(ut.UserType, org.Limits) - ut.Users; left > 0 {
			out.Types = append(out.Types, TypeJSON{ID: ut.ID, Name: ut.Name, SeatsLeft: left})
		}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

type inviteBody struct {
	RecordID   string `json:"recordId"`
	UserTypeID string `json:"userTypeId"`
}

// errNoContact answers a Contact outside the account admin's Account exactly as a missing one.
var errNoContact = httpapi.Errorf(httpapi.NotFound, "no Contact of your Account with that id")

// errNotDelegated answers a user type staff did not delegate to account admins.
var errNotDelegated = httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type account admins may manage"})

// acting is the account admin as staffportalusers' Acting, kept within account and the
// delegated types.
func (s *Service) acting(p portalguard.Principal, account string) staffportalusers.Acting {
	return staffportalusers.Acting{OrgID: p.OrgID, UserID: p.UserID, Actor: p.Actor(),
		AllowRecord: func(rec store.Record) error {
			if accountOf(rec) != account {
				return errNoContact
			}
			return nil
		},
		AllowType: func(ut store.UserType) error {
			if !ut.Delegable {
				return errNotDelegated
			}
			return nil
		},
	}
}

// Invite invites a Contact of the account admin's Account as a delegated user type: the
// staff invitation itself (staffportalusers.Service.Invite), so seats, the transaction and
// the email are the same; 201, or 200 for the same invitation repeated at once.
func (s *Service) Invite(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	_, account, err := s.admin(ctx, p)
	if err != nil {
		return nil, err
	}
	var in inviteBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	var errs []httpapi.FieldError
	if !auth.ValidID(in.RecordID) {
		errs = append(errs, httpapi.FieldError{Field: "recordId", Message: "is required: a Contact of your Account"})
	}
	if !auth.ValidID(in.UserTypeID) {
		errs = append(errs, httpapi.FieldError{Field: "userTypeId", Message: "is required: a user type account admins may manage"})
	}
	if len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	u, typeName, status, err := s.users.Invite(ctx, r, s.acting(p, account), crm.Contacts, in.RecordID, in.UserTypeID)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(status, toJSON(u, store.UserType{UserType: access.UserType{Name: typeName, Delegable: true}})), nil
}

type actBody struct {
	Action string `json:"action"`
}

// The actions of POST /api/me/colleagues/{id}, and staffportalusers' action each one is.
var actions = map[string]string{"resend": invite.Resend, "deactivate": invite.Deactivate, "reactivate": invite.Activate}

// Act resends a colleague's invitation, or deactivates or reactivates them, by staff's rules
// (staffportalusers.Service.Apply): a colleague outside the Account is 404, one of a type not
// delegated 422 naming userTypeId, and the account admin cannot act on themself (422).
func (s *Service) Act(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	me, account, err := s.admin(ctx, p)
	if err != nil {
		return nil, err
	}
	var in actBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	action, ok := actions[in.Action]
	if !ok {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "action", Message: "must be resend, deactivate or reactivate"})
	}
	id := r.PathParameters["id"]
	if id == me.ID {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "id", Message: "is you: ask staff or another account admin to change your own access"})
	}
	m, _, err := s.modules.Module(ctx, p.OrgID, crm.Contacts)
	if err != nil {
		return nil, err
	}
	by := s.acting(p, account)
	by.AllowUser = func(u store.PortalUser) error {
		if u.RecordModule != crm.Contacts {
			return errNoColleague
		}
		// The colleague's Contact as the CRM has it now decides, as for the list.
		rec, err := s.store.GetRecordConsistent(ctx, m, p.OrgID, u.RecordID)
		if errors.Is(err, store.ErrNotFound) {
			return errNoColleague
		}
		if err != nil {
			return err
		}
		if accountOf(rec) != account {
			return errNoColleague
		}
		return nil
	}
	saved, typeName, _, err := s.users.Apply(ctx, r, by, id, action, "")
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, toJSON(saved, store.UserType{UserType: access.UserType{Name: typeName, Delegable: true}})), nil
}

// errNoColleague answers a portal user outside the Account exactly as an unknown id.
var errNoColleague = httpapi.Errorf(httpapi.NotFound, "no portal user with that id")

func accountOf(r store.Record) string {
	if ref, ok := r.Fields["Account_Name"].(map[string]any); ok {
		id, _ := ref["id"].(string)
		return id
	}
	return ""
}

// Function is the one Lambda function (functions/portal-user-action) of the portal user
// actions, staff's and the account admin's: POST /api/admin/portal-users/{id}/{action} and the
// bulk actions' POST /api/admin/portal-users/bulk and GET /api/admin/portal-users/bulk/{jobId}
// (staff admins), GET and POST /api/me/colleagues and POST /api/me/colleagues/{id} (account admins).
// Each route keeps its own guard; the function answers the route key API Gateway gives it.
func Function(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"POST /api/admin/portal-users/{id}/{action}": staffportalusers.ActionFunction(d),
		"POST /api/admin/portal-users/bulk":          staffportalusers.BulkCreateFunction(d),
		"GET /api/admin/portal-users/bulk/{jobId}":   staffportalusers.BulkGetFunction(d),
		"GET /api/me/colleagues":                     d.Adapt(s.guard.Guard(s.List)),
		"POST /api/me/colleagues":                    d.Adapt(s.guard.Guard(s.Invite)),
		"POST /api/me/colleagues/{id}":               d.Adapt(s.guard.Guard(s.Act)),
	})
}
