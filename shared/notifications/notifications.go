// Package notifications serves a person's notifications list (what the notifier put there:
// one entry per record and window), its unread count and its marking read, to portal users
// under /api/me/notifications and to staff under /api/admin/me/notifications. Every key comes
// from the session: a person reaches only their own list, and an id of someone else's
// notification is 404.
package notifications

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// notificationStore is the storage the notification routes read and write.
type notificationStore interface {
	ListNotifications(ctx context.Context, org, audience, user string, limit int, after string) (store.Page[store.Notification], error)
	UnreadNotifications(ctx context.Context, org, audience, user string) (int, error)
	MarkNotificationRead(ctx context.Context, org, audience, user, id string) error
	MarkAllNotificationsRead(ctx context.Context, org, audience, user string) (int, error)
}

var _ notificationStore = (*store.Store)(nil)

// Service holds what the notification routes share.
type Service struct {
	Store notificationStore
}

// person is whose list a request reaches: from the session only.
type person struct{ org, audience, user string }

// List is the answer of GET .../notifications: a page of the person's notifications, newest
// first, and their unread count (bounded: store.MaxUnread means that many or more).
type List struct {
	Items      []store.Notification `json:"items"`
	Unread     int                  `json:"unread"`
	NextCursor string               `json:"nextCursor,omitempty"`
}

// DefaultLimit is the page size when ?limit= is absent.
const DefaultLimit = 20

// list answers a page of who's notifications with their unread count.
func (s *Service) list(ctx context.Context, who person, r *httpapi.Request) (*httpapi.Reply, error) {
	limit, fe := httpapi.Limit(r.QueryStringParameters, DefaultLimit)
	if fe != nil {
		return nil, httpapi.InvalidQuery(*fe)
	}
	page, err := s.Store.ListNotifications(ctx, who.org, who.audience, who.user, limit, r.QueryStringParameters["cursor"])
	if err != nil {
		return nil, err // a bad cursor is 400 (httpapi's store errors)
	}
	unread, err := s.Store.UnreadNotifications(ctx, who.org, who.audience, who.user)
	if err != nil {
		return nil, err
	}
	out := List{Unread: unread}
	out.Items, out.NextCursor, err = httpapi.FillPage(0, page.Items, page.Next, page.CursorAfter,
		func(n store.Notification) (store.Notification, bool) { return n, true })
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

var errNoNotification = httpapi.Errorf(httpapi.NotFound, "no notification with that id")

// read marks the path's notification of who read (204); one that is not theirs is 404.
func (s *Service) read(ctx context.Context, who person, r *httpapi.Request) (*httpapi.Reply, error) {
	id := r.PathParameters["id"]
	if !store.ValidNotificationID(id) {
		return nil, errNoNotification
	}
	err := s.Store.MarkNotificationRead(ctx, who.org, who.audience, who.user, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoNotification
	}
	if err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// readAll marks every notification of who read (204). When events keep making them unread
// while it marks, it gives up after a few tries with a 503 and Retry-After.
func (s *Service) readAll(ctx context.Context, who person, _ *httpapi.Request) (*httpapi.Reply, error) {
	_, err := s.Store.MarkAllNotificationsRead(ctx, who.org, who.audience, who.user)
	if errors.Is(err, store.ErrVersion) {
		return nil, &httpapi.Error{Kind: httpapi.Unavailable, Detail: "new notifications keep arriving; try again in a moment", RetryAfter: 1, Err: err}
	}
	if err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// handler is one route's business code for the person of the request.
type handler func(ctx context.Context, who person, r *httpapi.Request) (*httpapi.Reply, error)

// portal serves h to portal users: their own list. A staff admin's preview has no portal
// user's list: it lists nothing (and the guard refuses its state changes: read-only).
func (s *Service) portal(h handler) func(context.Context, portalguard.Principal, *httpapi.Request) (*httpapi.Reply, error) {
	return func(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		if p.Preview {
			return httpapi.JSON(http.StatusOK, List{Items: []store.Notification{}}), nil
		}
		return h(ctx, person{p.OrgID, store.AudiencePortal, p.UserID}, r)
	}
}

// staff serves h to staff: the member the session or API token is.
func (s *Service) staff(h handler) func(context.Context, staffguard.Principal, *httpapi.Request) (*httpapi.Reply, error) {
	return func(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(ctx, person{p.OrgID, store.AudienceStaff, p.UserID}, r)
	}
}

// The routes' paths (their route keys add the method, and /{id}/read or /read-all).
const (
	PortalPath = "/api/me/notifications"
	StaffPath  = "/api/admin/me/notifications"
)

// routes maps the route keys under path to their handlers.
func (s *Service) routes(path string, wrap func(handler) httpapi.LambdaFunc) map[string]httpapi.LambdaFunc {
	return map[string]httpapi.LambdaFunc{
		"GET " + path:                 wrap(s.list),
		"POST " + path + "/{id}/read": wrap(s.read),
		"POST " + path + "/read-all":  wrap(s.readAll),
	}
}

func newService(d platform.Deps) (*Service, *store.Store) {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Service{Store: st}, st
}

// PortalFunction is the handler of GET /api/me/notifications, POST
// /api/me/notifications/{id}/read and POST /api/me/notifications/read-all: one function for
// the three (httpapi.ByRoute; template.yaml gives it the three events).
func PortalFunction(d platform.Deps) httpapi.LambdaFunc {
	s, st := newService(d)
	g := portalguard.New(st, d.Config)
	return httpapi.ByRoute(d.Logger, s.routes(PortalPath, func(h handler) httpapi.LambdaFunc { return d.Adapt(g.Guard(s.portal(h))) }))
}

// StaffFunction is the handler of GET /api/admin/me/notifications, POST
// /api/admin/me/notifications/{id}/read and POST /api/admin/me/notifications/read-all, in one
// function (httpapi.ByRoute).
func StaffFunction(d platform.Deps) httpapi.LambdaFunc {
	s, st := newService(d)
	g := staffguard.New(st, d.Config)
	return httpapi.ByRoute(d.Logger, s.routes(StaffPath, func(h handler) httpapi.LambdaFunc { return d.Adapt(g.Guard(s.staff(h))) }))
}
