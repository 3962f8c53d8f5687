package httpapi

import (
	"errors"

	"crmportal/shared/store"
)

// storeErrors is the one classification of the store's errors into kinds, as kinds is the one
// table from kinds to statuses. A route returns a store error as it came (wrapped or not) and
// the adapter answers it from this table; a route returns an *Error of its own only when it
// adds meaning the client needs (which record, which field, what to do next). An error with
// an *Error in its chain is answered from that *Error, whatever store error it also wraps.
//
// store.ErrBusy is not here: it comes as a *retry.MaxAttemptsError, which the adapter
// answers 503 with Retry-After like any transient AWS error (transient.go).
var storeErrors = []struct {
	err  error
	kind *Error
}{
	{store.ErrNotFound, &Error{Kind: NotFound, Detail: "not found"}},
	{store.ErrExists, &Error{Kind: Conflict, Detail: "it exists already"}},
	{store.ErrVersion, &Error{Kind: PreconditionFailed, Detail: "it changed since you read it; reload it and try again"}},
	{store.ErrBadCursor, ErrBadCursor},
	{store.ErrUserChanged, &Error{Kind: Conflict, Detail: "the user changed meanwhile; try again"}},
	{store.ErrNoSeat, &Error{Kind: Conflict, Detail: "the user type has no free seat"}},
	{store.ErrSlugTaken, &Error{Kind: Conflict, Detail: "the address is taken by another portal"}},
	{store.ErrLastAdmin, &Error{Kind: Conflict, Detail: "the organization must keep at least one active admin"}},
	{store.ErrQuota, &Error{Kind: Conflict, Detail: "the upload quota has no room for this file"}},
	{store.ErrErasureUnfinished, &Error{Kind: Unavailable, RetryAfter: 1, Detail: "the erasure is under way; ask again to continue it"}},
}

// classify returns the *Error the client sees for err: the first *Error in its chain, else
// the storeErrors entry of the first store error it wraps (carrying err as the cause, for
// the log), else nil (an internal error).
func classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	for _, s := range storeErrors {
		if errors.Is(err, s.err) {
			c := *s.kind
			c.Err = err
			return &c
		}
	}
	return nil
}
