package attachments

import (
	"context"
	"net/http"
	"strconv"

	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/outbox"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// StaffCreate answers a presigned POST for a new attachment of a record of the staff
// member's organization, with the portal's limits (see declare): the body's shared (default
// false) says whether the customers who may see the record will see the file; an internal
// file never reaches the portal. The file counts on the staff member's quota.
func (s *Service) StaffCreate(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	var in uploadBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	return s.declare(ctx, p.OrgID, rec, in, s.Staff.Actor(ctx, p), p.UserID, in.Shared != nil && *in.Shared)
}

// StaffComplete checks the staff member's upload and makes it visible (see complete), counted
// on their quota. Completing a shared file adds a file.shared event in the same transaction,
// so the customers are told of it exactly when it becomes visible to them; an internal file
// adds none. Only the member who declared the upload completes it (anyone else: 404).
func (s *Service) StaffComplete(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.attachment(ctx, p.OrgID, rec, r, p.UserID)
	if err != nil {
		return nil, err
	}
	if a.UploadedBy.Kind != store.ActorStaff || a.UploadedBy.ID != p.UserID {
		return nil, errNoAttachment
	}
	done, fresh, err := s.complete(ctx, a, p.UserID, outbox.File(a)...)
	if err != nil {
		return nil, err
	}
	if fresh {
		audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: a.UploadedBy, Action: audit.AttachmentUpload, Module: rec.Module,
			RecordID: rec.ID, Detail: done.Filename + " (" + strconv.FormatInt(done.Size, 10) + " bytes, " + sharing(done) + ")"})
	}
	return httpapi.JSON(http.StatusOK, AttachmentJSON{Attachment: done}), nil
}

// sharing is how the audit log says who may see a file.
func sharing(a store.Attachment) string {
	if a.Shared {
		return "shared with the customer"
	}
	return "internal"
}

// The staff upload routes' route keys.
const (
	StaffCreateRoute   = "POST /api/admin/records/{module}/{id}/attachments"
	StaffCompleteRoute = "POST /api/admin/records/{module}/{id}/attachments/{aid}/complete"
)

// StaffUpload serves both staff upload routes: one function (template.yaml gives it both
// events), so the two routes cost one function and one role instead of two of each.
func (s *Service) StaffUpload(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	switch r.RouteKey {
	case StaffCreateRoute:
		return s.StaffCreate(ctx, p, r)
	case StaffCompleteRoute:
		return s.StaffComplete(ctx, p, r)
	}
	return nil, httpapi.Errorf(httpapi.NotFound, "no such route")
}

// StaffUploadFunction is the handler of POST /api/admin/records/{module}/{id}/attachments and
// POST /api/admin/records/{module}/{id}/attachments/{aid}/complete.
func StaffUploadFunction(d platform.Deps) httpapi.LambdaFunc {
	return staffSide(d, (*Service).StaffUpload)
}
