package staffcrm

import (
	"context"
	"encoding/json"
	"errors"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// recordBody is a staff record write's body: the layout and fields (as the portal's), and
// ownerId, the staff member who owns the record ("" clears it; absent leaves it as it is).
type recordBody struct {
	LayoutID string                     `json:"layoutId"`
	Fields   map[string]json.RawMessage `json:"fields"`
	OwnerID  *string                    `json:"ownerId"`
}

// decodeBody reads a staff record body; "fields", an object, is required (422 naming it).
func decodeBody(r *httpapi.Request) (recordBody, error) {
	var in recordBody
	if err := httpapi.Decode(r, &in); err != nil {
		return in, err
	}
	if in.Fields == nil {
		return in, &httpapi.Error{Kind: httpapi.Invalid, Detail: `the body needs "fields", an object`,
			Fields: []httpapi.FieldError{{Field: "fields", Message: "is required"}}}
	}
	return in, nil
}

// errOwner is the answer to an ownerId that names no active staff member of the organization.
var errOwner = httpapi.FieldErrors(httpapi.FieldError{Field: "ownerId", Message: "must be the id of an active staff member, or empty"})

// owner checks a record's new owner: "" (none) or an active member of org.
func (s *Service) owner(ctx context.Context, org, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	if !auth.ValidID(id) {
		return "", errOwner
	}
	m, err := s.Store.GetStaff(ctx, org, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.Status != "active") {
		return "", errOwner
	}
	if err != nil {
		return "", err
	}
	return id, nil
}

// userTypes are the stored types' configurations.
func userTypes(uts []store.UserType) []access.UserType {
	out := make([]access.UserType, len(uts))
	for i, ut := range uts {
		out[i] = ut.UserType
	}
	return out
}
