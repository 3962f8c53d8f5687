// Package notes serves the notes of records: to portal users where their tab enables notes
// (never the staff's internal notes; they edit and delete only their own), and to staff, who
// see every note with its author, portal users' marked as such.
package notes

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/outbox"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// noteStore is the storage the note routes read and write.
type noteStore interface {
	Now() time.Time
	AppendAudit(ctx context.Context, e store.AuditEntry) error
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	ListNotesPage(ctx context.Context, org, record string, withInternal bool, limit int, after string) (store.Page[store.Note], error)
	CreateNote(ctx context.Context, n store.Note, evs ...store.Event) error
	GetNote(ctx context.Context, org, record, id string) (store.Note, error)
	UpdateNote(ctx context.Context, old, nt store.Note) error
	DeleteNote(ctx context.Context, nt store.Note) error
}

var _ noteStore = (*store.Store)(nil)

// portalScope is what the portal user's note routes need to know about the request's record.
type portalScope interface {
	Scoped(ctx context.Context, p portalguard.Principal, r *httpapi.Request, action string) (portalguard.Scope, error)
}

// moduleCatalog is the modules as the organization sees them (the staff routes' records).
type moduleCatalog interface {
	Record(ctx context.Context, st modules.RecordReader, org, module, id string) (crm.Module, store.Record, error)
}

// staffActor names a staff member in the audit log and as a note's author.
type staffActor interface {
	Actor(ctx context.Context, p staffguard.Principal) store.Actor
}

var (
	_ portalScope   = (*portalguard.Guard)(nil)
	_ moduleCatalog = (*modules.Catalog)(nil)
	_ staffActor    = (*staffguard.Guard)(nil)
)

// Service holds what the note routes share.
type Service struct {
	Store   noteStore
	Portal  portalScope
	Staff   staffActor
	Modules moduleCatalog
}

// NoteJSON is a note as the API answers it. Mine tells a portal user which notes are theirs.
type NoteJSON struct {
	store.Note
	Mine bool `json:"mine"`
}

type noteList struct {
	Items      []NoteJSON `json:"items"`
	NextCursor string     `json:"nextCursor,omitempty"`
}

type noteBody struct {
	Body     string `json:"body"`
	Internal *bool  `json:"internal"`
}

// MaxBody is the longest note, in characters.
const MaxBody = 10000

func decodeNote(r *httpapi.Request, staffSide bool) (noteBody, error) {
	var in noteBody
	if err := httpapi.Decode(r, &in); err != nil {
		return in, err
	}
	in.Body = strings.TrimSpace(in.Body)
	var errs []httpapi.FieldError
	if in.Body == "" || utf8.RuneCountInString(in.Body) > MaxBody {
		errs = append(errs, httpapi.FieldError{Field: "body", Message: "must be 1 to 10000 characters"})
	}
	if in.Internal != nil && !staffSide {
		errs = append(errs, httpapi.FieldError{Field: "internal", Message: "is not a field you can change"})
	}
	if len(errs) > 0 {
		return in, httpapi.FieldErrors(errs...)
	}
	return in, nil
}

var errNoNote = httpapi.Errorf(httpapi.NotFound, "no note with that id")

// record loads the path's record in the portal user's scope where the tab enables notes
// (404 outside scope, 403 without notes).
func (s *Service) record(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (store.Record, error) {
	sc, err := s.Portal.Scoped(ctx, p, r, access.ActionNotes)
	return sc.Record, err
}

func page(r *httpapi.Request) (int, error) {
	limit, fe := httpapi.Limit(r.QueryStringParameters, 100)
	if fe != nil {
		return 0, httpapi.InvalidQuery(*fe)
	}
	return limit, nil
}

// listReply answers a page of notes, stopped early (with the cursor after the last note
// answered) when the notes would take it over httpapi.ResponseBudget.
func listReply(page store.Page[store.Note], me string) (*httpapi.Reply, error) {
	var out noteList
	var err error
	out.Items, out.NextCursor, err = httpapi.FillPage(0, page.Items, page.Next, page.CursorAfter,
		func(n store.Note) (NoteJSON, bool) {
			return NoteJSON{Note: n, Mine: me != "" && n.Author.ID == me}, true
		})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// List answers the notes of a record in the portal user's scope, oldest first, without the
// staff's internal notes.
func (s *Service) List(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	limit, err := page(r)
	if err != nil {
		return nil, err
	}
	page, err := s.Store.ListNotesPage(ctx, p.OrgID, rec.ID, false, limit, r.QueryStringParameters["cursor"])
	if err != nil {
		return nil, err // a bad cursor is 400 (httpapi's store errors)
	}
	return listReply(page, p.UserID)
}

// Create adds a note by the portal user to a record in scope.
func (s *Service) Create(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	in, err := decodeNote(r, false)
	if err != nil {
		return nil, err
	}
	n, err := s.create(ctx, p.OrgID, rec, in.Body, false, p.Actor())
	if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: n.Author, Action: audit.NoteCreate, Module: rec.Module, RecordID: rec.ID, Detail: n.ID})
	return httpapi.WithETag(httpapi.JSON(http.StatusCreated, NoteJSON{Note: n, Mine: true}), n.Version), nil
}

func (s *Service) create(ctx context.Context, org string, rec store.Record, body string, internal bool, by store.Actor) (store.Note, error) {
	now := s.Store.Now()
	id, err := auth.NewTimeID(now)
	if err != nil {
		return store.Note{}, err
	}
	n := store.Note{OrgID: org, ID: id, RecordID: rec.ID, Module: rec.Module, Body: body, Internal: internal, Author: by,
		CreatedAt: now, ModifiedAt: now, Version: 1}
	// The note's event (none for an internal note) is written with it, in one transaction.
	if err := s.Store.CreateNote(ctx, n, outbox.Note(n)...); err != nil {
		return store.Note{}, err
	}
	return n, nil
}

// own loads the portal user's own note of the path; another's (visible) note is 403, an
// internal or missing one 404.
func (s *Service) own(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (store.Record, store.Note, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return store.Record{}, store.Note{}, err
	}
	id := r.PathParameters["noteId"]
	if !auth.ValidID(id) {
		return store.Record{}, store.Note{}, errNoNote
	}
	n, err := s.Store.GetNote(ctx, p.OrgID, rec.ID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && n.Internal) {
		return store.Record{}, store.Note{}, errNoNote
	}
	if err != nil {
		return store.Record{}, store.Note{}, err
	}
	if n.Author.Kind != store.ActorPortal || n.Author.ID != p.UserID {
		return store.Record{}, store.Note{}, httpapi.Errorf(httpapi.Forbidden, "only the author of a note may change it")
	}
	return rec, n, nil
}

// Update changes the text of the portal user's own note, with If-Match.
func (s *Service) Update(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, old, err := s.own(ctx, p, r)
	if err != nil {
		return nil, err
	}
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	in, err := decodeNote(r, false)
	if err != nil {
		return nil, err
	}
	if old.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the note is at version %d, not %d; reload it", old.Version, want)
	}
	next := old
	next.Body, next.ModifiedAt = in.Body, s.Store.Now()
	if err := s.Store.UpdateNote(ctx, old, next); errors.Is(err, store.ErrVersion) {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the note changed since you read it; reload it")
	} else if err != nil {
		return nil, err
	}
	next.Version = old.Version + 1
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: old.Author, Action: audit.NoteUpdate, Module: rec.Module, RecordID: rec.ID, Detail: old.ID})
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, NoteJSON{Note: next, Mine: true}), next.Version), nil
}

// Delete deletes the portal user's own note.
func (s *Service) Delete(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, n, err := s.own(ctx, p, r)
	if err != nil {
		return nil, err
	}
	if err := s.Store.DeleteNote(ctx, n); errors.Is(err, store.ErrVersion) {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the note changed since you read it; reload it")
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: n.Author, Action: audit.NoteDelete, Module: rec.Module, RecordID: rec.ID, Detail: n.ID})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// StaffList answers every note of a record (staff), internal ones included.
func (s *Service) StaffList(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	limit, err := page(r)
	if err != nil {
		return nil, err
	}
	page, err := s.Store.ListNotesPage(ctx, p.OrgID, rec.ID, true, limit, r.QueryStringParameters["cursor"])
	if err != nil {
		return nil, err // a bad cursor is 400 (httpapi's store errors)
	}
	return listReply(page, "")
}

// StaffCreate adds a staff note to a record; internal notes never reach the portal.
func (s *Service) StaffCreate(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	in, err := decodeNote(r, true)
	if err != nil {
		return nil, err
	}
	n, err := s.create(ctx, p.OrgID, rec, in.Body, in.Internal != nil && *in.Internal, s.Staff.Actor(ctx, p))
	if err != nil {
		return nil, err
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusCreated, NoteJSON{Note: n}), n.Version), nil
}

// staffRecord loads the record the path names ({module}, {id}) in the staff member's
// organization (modules.Catalog.Record: an unknown module, a malformed id and a missing
// record are 404).
func (s *Service) staffRecord(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (store.Record, error) {
	_, rec, err := s.Modules.Record(ctx, s.Store, p.OrgID, r.PathParameters["module"], r.PathParameters["id"])
	return rec, err
}

// wired is the service of a function with the guards its routes go through.
type wired struct {
	*Service
	portal *portalguard.Guard
	staff  *staffguard.Guard
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service { return wire(d).Service }

func wire(d platform.Deps) wired {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	w := wired{portal: portalguard.New(st, d.Config), staff: staffguard.New(st, d.Config)}
	w.Service = &Service{Store: st, Portal: w.portal, Staff: w.staff, Modules: modules.New(st)}
	return w
}

type (
	portalHandler = func(*Service, context.Context, portalguard.Principal, *httpapi.Request) (*httpapi.Reply, error)
	staffHandler  = func(*Service, context.Context, staffguard.Principal, *httpapi.Request) (*httpapi.Reply, error)
)

// portalSide serves h to portal users.
func portalSide(d platform.Deps, h portalHandler) httpapi.LambdaFunc {
	w := wire(d)
	return d.Adapt(w.portal.Guard(func(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(w.Service, ctx, p, r)
	}))
}

// staffSide serves h to staff.
func staffSide(d platform.Deps, h staffHandler) httpapi.LambdaFunc {
	w := wire(d)
	return d.Adapt(w.staff.Guard(func(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(w.Service, ctx, p, r)
	}))
}

// ListFunction is the handler of GET /api/records/{module}/{id}/notes.
func ListFunction(d platform.Deps) httpapi.LambdaFunc { return portalSide(d, (*Service).List) }

// CreateFunction is the handler of POST /api/records/{module}/{id}/notes.
func CreateFunction(d platform.Deps) httpapi.LambdaFunc { return portalSide(d, (*Service).Create) }

// UpdateFunction is the handler of PATCH /api/records/{module}/{id}/notes/{noteId}.
func UpdateFunction(d platform.Deps) httpapi.LambdaFunc { return portalSide(d, (*Service).Update) }

// DeleteFunction is the handler of DELETE /api/records/{module}/{id}/notes/{noteId}.
func DeleteFunction(d platform.Deps) httpapi.LambdaFunc { return portalSide(d, (*Service).Delete) }

// StaffListFunction is the handler of GET /api/admin/records/{module}/{id}/notes.
func StaffListFunction(d platform.Deps) httpapi.LambdaFunc { return staffSide(d, (*Service).StaffList) }

// StaffCreateFunction is the handler of POST /api/admin/records/{module}/{id}/notes.
func StaffCreateFunction(d platform.Deps) httpapi.LambdaFunc {
	return staffSide(d, (*Service).StaffCreate)
}
