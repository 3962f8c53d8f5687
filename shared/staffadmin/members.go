package staffadmin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/names"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// Bounds of a staff member's fields.
const (
	MaxMemberName  = 100
	MaxMemberEmail = 254
)

// StaffMember is a staff account as the console's staff page shows it.
type StaffMember struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"createdAt"`
	// MFA are the second factors the member enrolled ("totp"); in the list only.
	MFA []string `json:"mfa,omitzero"`
}

func memberJSON(u store.Staff) StaffMember {
	return StaffMember{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Status: u.Status, CreatedAt: u.CreatedAt}
}

type memberList struct {
	Items []StaffMember `json:"items"`
}

// validRole and validStatus are the enums of a member's role and status.
func validRole(r string) bool   { return r == store.RoleAdmin || r == store.RoleUser }
func validStatus(s string) bool { return s == store.StaffActive || s == store.StaffInactive }

// NewMember is a staff account to create.
type NewMember struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// Check trims m's email and name and returns what is wrong with each field (the API's 422;
// the operator's command line words them as flags): a bare email address of at most 254
// characters, a name of 1 to 100 characters on one line, a role of the enum.
func (m *NewMember) Check() []httpapi.FieldError {
	m.Email, m.Name = strings.TrimSpace(m.Email), strings.TrimSpace(m.Name)
	var errs []httpapi.FieldError
	if !ValidEmail(m.Email) {
		errs = append(errs, httpapi.FieldError{Field: "email", Message: "must be an email address (name@example.com) of at most 254 characters"})
	}
	if msg := names.Check(m.Name, MaxMemberName); msg != "" {
		errs = append(errs, httpapi.FieldError{Field: "name", Message: msg})
	}
	if !validRole(m.Role) {
		errs = append(errs, httpapi.FieldError{Field: "role", Message: "must be admin or user"})
	}
	return errs
}

// ValidEmail accepts a bare address (no display name, no comments) of at most 254 characters.
func ValidEmail(s string) bool {
	if s == "" || len(s) > MaxMemberEmail {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// ErrEmailTaken: a staff account of the deployment has the email already.
var ErrEmailTaken = httpapi.Errorf(httpapi.Conflict, "a staff account with this email exists already")

// Added is a staff account AddMember created: the member, the first-password link, and
// SendErr when the link was not emailed (the link works all the same; the member may also
// ask for a reset link at the login page).
type Added struct {
	Member  store.Staff
	Link    string
	SendErr error
}

// AddMember creates a staff account of org without a password (m checked with Check), records
// it in the audit log as by's, and emails it the first-password link (72 hours). The account
// exists once err is nil, and also when err comes with a.Member set (its link could not be
// made). ErrEmailTaken when the email belongs to a staff account.
func (s *Service) AddMember(ctx context.Context, r *httpapi.Request, by store.Actor, org string, m NewMember) (a Added, err error) {
	id, err := auth.NewID()
	if err != nil {
		return Added{}, err
	}
	u := store.Staff{OrgID: org, ID: id, Email: store.NormalizeEmail(m.Email), Name: m.Name, Role: m.Role,
		Status: store.StaffActive, CreatedAt: s.Store.Now()}
	if err := s.Store.CreateStaff(ctx, u); errors.Is(err, store.ErrExists) {
		return Added{}, ErrEmailTaken
	} else if err != nil {
		return Added{}, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: org, Actor: by, Action: audit.StaffCreated, RecordID: u.ID,
		Detail: u.Email + " (" + u.Role + ")"})
	link, sendErr := s.Links.Send(ctx, u, true)
	if link == "" && sendErr != nil {
		return Added{Member: u}, fmt.Errorf("password link of staff %s: %w", u.ID, sendErr)
	}
	return Added{Member: u, Link: link, SendErr: sendErr}, nil
}

// Change is a change of a member's role or status; "" keeps the value.
type Change struct {
	Role   string `json:"role"`
	Status string `json:"status"`
}

// Refusals of a change (409).
var (
	ErrSelfChange = httpapi.Errorf(httpapi.Conflict, "you cannot deactivate yourself or take away your own admin role; ask another admin")
	ErrLastAdmin  = httpapi.Errorf(httpapi.Conflict, "the organization must keep at least one active admin")
)

// changePlan is what a change of a member does: the store change with its side effects, the
// audit actions, and Changes false when nothing changes.
type changePlan struct {
	Change  store.StaffChange
	Actions []string
	Changes bool
}

// plan decides what a change c of target does, made by the member actor ("" for the
// operator), with otherAdmins the ids of the organization's other active admins: the plan,
// or the refusal. The rules: nobody deactivates or demotes themselves; a change that takes away the
// last active admin is refused, and one that takes away an admin keeps another (the actor,
// who is one, or for the operator the first other admin) as its transaction's condition.
// Deactivation ends the member's sessions and deletes their API tokens (and so does asking
// for it again, without an audit entry: it finishes an interrupted one); activation deletes
// any token left (tokens never come back); a change of role ends the sessions, and a
// demotion lowers the tokens' role to user.
func plan(actor string, target store.Staff, c Change, otherAdmins []string) (changePlan, error) {
	var actions []string
	ch := store.StaffChange{Role: cmp.Or(c.Role, target.Role), Status: cmp.Or(c.Status, target.Status)}
	roleChanged, statusChanged := ch.Role != target.Role, ch.Status != target.Status
	if !roleChanged && !statusChanged {
		if target.Status == store.StaffInactive {
			// Deactivating an inactive member again finishes what an interrupted deactivation
			// left (one too big for its transaction, whose deletions after it failed): the
			// client sends the same change again, and it ends whatever sessions and tokens remain.
			ch.EndSessions, ch.DeleteTokens = true, true
			return changePlan{Change: ch, Changes: true}, nil
		}
		return changePlan{Change: ch}, nil
	}
	wasAdmin := target.Role == store.RoleAdmin && target.Status == store.StaffActive
	isAdmin := ch.Role == store.RoleAdmin && ch.Status == store.StaffActive
	if actor == target.ID && (ch.Status == store.StaffInactive || (roleChanged && ch.Role == store.RoleUser)) {
		return changePlan{}, ErrSelfChange
	}
	if wasAdmin && !isAdmin {
		others := slices.DeleteFunc(slices.Clone(otherAdmins), func(id string) bool { return id == target.ID })
		switch {
		case actor != "":
			ch.KeepAdmin = actor
		case len(others) > 0:
			ch.KeepAdmin = others[0]
		default:
			return changePlan{}, ErrLastAdmin
		}
	}
	if statusChanged && ch.Status == store.StaffInactive {
		ch.EndSessions, ch.DeleteTokens = true, true
		actions = append(actions, audit.StaffDeactivated)
	}
	if statusChanged && ch.Status == store.StaffActive {
		ch.DeleteTokens = true
		actions = append(actions, audit.StaffActivated)
	}
	if roleChanged {
		ch.EndSessions = true
		ch.DemoteTokens = ch.Role == store.RoleUser && !ch.DeleteTokens
		actions = append(actions, audit.StaffRoleChanged)
	}
	return changePlan{Change: ch, Actions: actions, Changes: true}, nil
}

// maxChangeTries bounds the attempts of a change whose member (or one of their tokens)
// changed between the read and the write.
const maxChangeTries = 3

// ChangeMember applies c to the member id of org on behalf of by (actor is the member who
// asks, "" the operator) under plan's rules, with its side effects in one transaction, and
// records it in the audit log. The member is read strongly consistently and the write is
// conditioned on what was read, so it is tried again when they changed meanwhile. A member
// who is not of org is NotFound.
func (s *Service) ChangeMember(ctx context.Context, r *httpapi.Request, by store.Actor, actor, org, id string, c Change) (store.Staff, error) {
	for try := 1; ; try++ {
		target, err := s.Store.GetStaffConsistent(ctx, org, id)
		if err != nil {
			return store.Staff{}, named(err, "staff member")
		}
		var others []string
		if actor == "" && target.Role == store.RoleAdmin {
			if others, err = s.activeAdmins(ctx, org); err != nil {
				return store.Staff{}, err
			}
		}
		pl, err := plan(actor, target, c, others)
		if err != nil || !pl.Changes {
			return target, err
		}
		after, err := s.Store.ChangeStaff(ctx, target, pl.Change)
		switch {
		case errors.Is(err, store.ErrVersion) && try < maxChangeTries:
			continue
		case errors.Is(err, store.ErrVersion):
			return store.Staff{}, httpapi.Errorf(httpapi.Conflict, "the staff member changed meanwhile; try again")
		case errors.Is(err, store.ErrLastAdmin) && actor == "" && try < maxChangeTries:
			continue // the admin it kept is no longer one: read the others again
		case errors.Is(err, store.ErrLastAdmin):
			return store.Staff{}, ErrLastAdmin
		case err != nil:
			return store.Staff{}, named(err, "staff member")
		}
		for _, a := range pl.Actions {
			detail := after.Email
			if a == audit.StaffRoleChanged {
				detail += " (" + target.Role + " → " + after.Role + ")"
			}
			audit.Record(ctx, s.Store, r, audit.Entry{OrgID: org, Actor: by, Action: a, RecordID: id, Detail: detail})
		}
		return after, nil
	}
}

// activeAdmins lists the ids of the organization's active admins.
func (s *Service) activeAdmins(ctx context.Context, org string) ([]string, error) {
	all, err := s.Store.ListStaff(ctx, org)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, u := range all {
		if u.Role == store.RoleAdmin && u.Status == store.StaffActive {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

// ListMembers answers every staff member of the organization, sorted by name (admins).
func (s *Service) ListMembers(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	all, err := s.Store.ListStaff(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(all))
	for i, u := range all {
		ids[i] = u.ID
	}
	factors, err := s.Store.FactorMethods(ctx, p.OrgID, store.FactorStaff, ids)
	if err != nil {
		return nil, err
	}
	out := memberList{Items: make([]StaffMember, 0, len(all))}
	for _, u := range all {
		m := memberJSON(u)
		m.MFA = factors[u.ID]
		if m.MFA == nil {
			m.MFA = []string{}
		}
		out.Items = append(out.Items, m)
	}
	slices.SortStableFunc(out.Items, func(a, b StaffMember) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Email, b.Email))
	})
	return httpapi.JSON(http.StatusOK, out), nil
}

// CreateMember creates a staff account and emails it the first-password link (admins). A
// link that could not be emailed is logged; the member can ask for a reset link.
func (s *Service) CreateMember(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in NewMember
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if errs := in.Check(); len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	added, err := s.AddMember(ctx, r, s.Guard.Actor(ctx, p), p.OrgID, in)
	if err != nil {
		return nil, err
	}
	if added.SendErr != nil {
		httpapi.Logger(ctx).Error("first-password email not sent", "userId", added.Member.ID, "err", added.SendErr.Error())
	}
	return httpapi.JSON(http.StatusCreated, memberJSON(added.Member)), nil
}

// UpdateMember changes a member's role or status (admins), under ChangeMember's rules.
func (s *Service) UpdateMember(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	id := r.PathParameters["id"]
	if !auth.ValidID(id) {
		return nil, httpapi.Errorf(httpapi.NotFound, "staff member not found")
	}
	var in struct {
		Role   *string `json:"role"`
		Status *string `json:"status"`
	}
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	var errs []httpapi.FieldError
	if in.Role != nil && !validRole(*in.Role) {
		errs = append(errs, httpapi.FieldError{Field: "role", Message: "must be admin or user"})
	}
	if in.Status != nil && !validStatus(*in.Status) {
		errs = append(errs, httpapi.FieldError{Field: "status", Message: "must be active or inactive"})
	}
	if len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	var c Change
	if in.Role != nil {
		c.Role = *in.Role
	}
	if in.Status != nil {
		c.Status = *in.Status
	}
	u, err := s.ChangeMember(ctx, r, s.Guard.Actor(ctx, p), p.UserID, p.OrgID, id, c)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, memberJSON(u)), nil
}

// ListMembersFunction is the handler of GET /api/admin/staff.
func ListMembersFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.ListMembers))
}

// CreateMemberFunction is the handler of POST /api/admin/staff.
func CreateMemberFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.CreateMember))
}

// UpdateMemberFunction is the handler of PATCH /api/admin/staff/{id}.
func UpdateMemberFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.UpdateMember))
}
