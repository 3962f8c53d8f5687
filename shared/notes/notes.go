// Package notes serves the notes of records: to portal users where their tab enables notes
// (never the staff's internal notes; they edit and delete only their own), and to staff, who
// see every note with its author, portal users' marked as such.
package notes

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// Service holds what the note routes share.
type Service struct {
	Customer *portalapi.Service
	Store    *store.Store
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	c := portalapi.New(d)
	return &Service{Customer: c, Store: c.Store}
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
func (s *Service) record(ctx context.Context, p portalapi.Principal, r *httpapi.Request) (store.Record, error) {
	_, _, _, rec, err := s.Customer.Scoped(ctx, p, r, access.ActionNotes)
	return rec, err
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

func cursorError(err error) error {
	if errors.Is(err, store.ErrBadCursor) {
		return httpapi.ErrBadCursor
	}
	return err
}

// List answers the notes of a record in the portal user's scope, oldest first, without the
// staff's internal notes.
func (s *Service) List(ctx context.Context, p portalapi.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
		return nil, cursorError(err)
	}
	return listReply(page, p.UserID)
}

// Create adds a note by the portal user to a record in scope.
func (s *Service) Create(ctx context.Context, p portalapi.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
	if err := s.Store.CreateNote(ctx, n); err != nil {
		return store.Note{}, err
	}
	return n, nil
}

// own loads the portal user's own note of the path; another's (visible) note is 403, an
// internal or missing one 404.
func (s *Service) own(ctx context.Context, p portalapi.Principal, r *httpapi.Request) (store.Record, store.Note, error) {
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
func (s *Service) Update(ctx context.Context, p portalapi.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
func (s *Service) Delete(ctx context.Context, p portalapi.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
func (s *Service) StaffList(ctx context.Context, p staffauth.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
		return nil, cursorError(err)
	}
	return listReply(page, "")
}

// StaffCreate adds a staff note to a record; internal notes never reach the portal.
func (s *Service) StaffCreate(ctx context.Context, p staffauth.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	in, err := decodeNote(r, true)
	if err != nil {
		return nil, err
	}
	author := s.Customer.Records.Author(ctx, p)
	n, err := s.create(ctx, p.OrgID, rec, in.Body, in.Internal != nil && *in.Internal, store.Actor{Kind: store.ActorStaff, ID: author.ID, Name: author.Name})
	if err != nil {
		return nil, err
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusCreated, NoteJSON{Note: n}), n.Version), nil
}

func (s *Service) staffRecord(ctx context.Context, p staffauth.Principal, r *httpapi.Request) (store.Record, error) {
	_, rec, err := s.Customer.Records.Load(ctx, p, r)
	return rec, err
}

// ListFunction is the handler of GET /api/records/{module}/{id}/notes.
func ListFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Guard(s.List))
}

// CreateFunction is the handler of POST /api/records/{module}/{id}/notes.
func CreateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Guard(s.Create))
}

// UpdateFunction is the handler of PATCH /api/records/{module}/{id}/notes/{noteId}.
func UpdateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Guard(s.Update))
}

// DeleteFunction is the handler of DELETE /api/records/{module}/{id}/notes/{noteId}.
func DeleteFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Guard(s.Delete))
}

// StaffListFunction is the handler of GET /api/admin/records/{module}/{id}/notes.
func StaffListFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Staff.Guard(s.StaffList))
}

// StaffCreateFunction is the handler of POST /api/admin/records/{module}/{id}/notes.
func StaffCreateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Staff.Guard(s.StaffCreate))
}
