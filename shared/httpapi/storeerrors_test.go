package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"crmportal/shared/store"
)

// TestStoreErrorsAreClassifiedOnce: a store error returned as it came (wrapped with the
// operation, as the store wraps it) is answered from the one table; an *Error of the route
// wins over the store error it wraps; anything else stays internal.
func TestStoreErrorsAreClassifiedOnce(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantDetail string
	}{
		{"not found", fmt.Errorf("get record r1: %w", store.ErrNotFound), http.StatusNotFound, "not found"},
		{"exists", fmt.Errorf("invite c1: %w", store.ErrExists), http.StatusConflict, "it exists already"},
		{"version", store.ErrVersion, http.StatusPreconditionFailed, "it changed since you read it; reload it and try again"},
		{"bad cursor", store.ErrBadCursor, http.StatusBadRequest, ErrBadCursor.Detail},
		{"no seat", fmt.Errorf("invite: %w", store.ErrNoSeat), http.StatusConflict, "the user type has no free seat"},
		{"last admin", store.ErrLastAdmin, http.StatusConflict, "the organization must keep at least one active admin"},
		{"slug taken", store.ErrSlugTaken, http.StatusConflict, "the address is taken by another portal"},
		{"quota", store.ErrQuota, http.StatusConflict, "the upload quota has no room for this file"},
		{"user changed", store.ErrUserChanged, http.StatusConflict, "the user changed meanwhile; try again"},
		{"route's meaning wins", &Error{Kind: Gone, Detail: "the invitation is no longer valid", Err: store.ErrNotFound}, http.StatusGone, "the invitation is no longer valid"},
		{"unclassified", errors.New("boom"), http.StatusInternalServerError, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := problemFor(tt.err, "req-1")
			if got, want := p.Status, tt.wantStatus; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
			if got, want := p.Detail, tt.wantDetail; got != want {
				t.Errorf("detail = %q, want %q", got, want)
			}
			if got, want := KindOf(tt.err).Status(), tt.wantStatus; got != want {
				t.Errorf("KindOf status = %d, want %d", got, want)
			}
		})
	}
}

// TestStoreErrorTableIsNotShared: classifying returns a copy, so the cause of one request is
// never seen by another.
func TestStoreErrorTableIsNotShared(t *testing.T) {
	a := classify(fmt.Errorf("a: %w", store.ErrNotFound))
	b := classify(fmt.Errorf("b: %w", store.ErrNotFound))
	if a == b || a.Err == b.Err {
		t.Fatalf("classify shares its result: %p %p", a, b)
	}
}
