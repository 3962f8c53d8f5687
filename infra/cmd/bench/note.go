package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/infra/bench"
	"crmportal/shared/modules"
	"crmportal/shared/notes"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

func notePath(id string) string { return "/api/admin/records/" + inviteModule + "/" + id + "/notes" }

// recordNoteCalls runs the staff note route's handler (staffguard.Guard.Guard around
// notes.Service.StaffCreate) once in process on the Contact id, with the admin's session,
// over a CallLog that passes every call on, and returns the calls.
func (s *portalSetup) recordNoteCalls(ctx context.Context, id string, body []byte) ([]bench.Call, error) {
	log := &bench.CallLog{Next: s.deps.DynamoDB}
	st := store.New(log, s.deps.Config.TableName, nil)
	guard := staffguard.New(st, s.deps.Config)
	svc := &notes.Service{Store: st, Portal: portalguard.New(st, s.deps.Config), Staff: guard, Modules: modules.New(st)}
	req := postRequest(notePath(id), "POST /api/admin/records/{module}/{id}/notes",
		map[string]string{"module": inviteModule, "id": id}, body, s.org.cookie)
	reply, err := guard.Guard(svc.StaffCreate)(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("note handler: %w", err)
	}
	if reply.Status != http.StatusCreated {
		return nil, fmt.Errorf("note handler answered %d %+v, want 201", reply.Status, reply.Body)
	}
	calls := log.Calls()
	for _, c := range calls {
		if _, ok := c.Input.(*dynamodb.DeleteItemInput); ok {
			return nil, fmt.Errorf("the note handler deleted an item")
		}
	}
	return calls, nil
}

// newItemIDs are the ids a replay must renew: the id of every item the calls put (the note,
// its event) and the sort key of every audit entry, each once.
func newItemIDs(calls []bench.Call) []string {
	seen := map[string]bool{}
	var ids []string
	add := func(item map[string]types.AttributeValue) {
		if id := stringAttr(item, "id"); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, c := range calls {
		switch in := c.Input.(type) {
		case *dynamodb.PutItemInput:
			add(in.Item)
		case *dynamodb.TransactWriteItemsInput:
			for _, it := range in.TransactItems {
				if it.Put != nil {
					add(it.Put.Item)
				}
			}
		}
	}
	for _, id := range auditIDs(calls) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// noteAgainstBare times a public staff note on the portal user's own Contact (the write that
// notifies her) through the gateway against bare rounds of the handler's calls replayed with
// fresh ids for the items they put.
func (s *portalSetup) noteAgainstBare(ctx context.Context, o options) (route, bare bench.Summary, ops []string, touches int, err error) {
	// A fresh session: the handler run does not touch it, nor do the requests of the next minute.
	if err := s.org.login(ctx, s.client, s.base); err != nil {
		return route, bare, nil, 0, err
	}
	target := s.contacts[0].id // the portal user's Contact
	body, err := json.Marshal(map[string]any{"body": "A reply from the bench: the invoice was sent again.", "internal": false})
	if err != nil {
		return route, bare, nil, 0, err
	}
	calls, err := s.recordNoteCalls(ctx, target, body)
	if err != nil {
		return route, bare, nil, 0, err
	}
	ids := newItemIDs(calls)
	routeRound := func() (time.Duration, error) {
		d, _, _, err := bench.Post(ctx, s.client, s.base+notePath(target), body, http.StatusCreated, s.headers(true)...)
		return d, err
	}
	bareRound := func() (time.Duration, error) {
		pairs, err := freshAuditIDs(ids)
		if err != nil {
			return 0, err
		}
		round, err := bench.Rewrite(calls, strings.NewReplacer(pairs...))
		if err != nil {
			return 0, err
		}
		return bench.ReplayAll(ctx, s.deps.DynamoDB, nil, round)
	}
	if _, _, err := bench.Interleave(o.warmup, o.block, routeRound, bareRound); err != nil {
		return route, bare, nil, 0, fmt.Errorf("warm-up: %w", err)
	}
	rs, bs, err := bench.Interleave(o.n, o.block, routeRound, bareRound)
	if err != nil {
		return route, bare, nil, 0, err
	}
	touches = int(time.Since(s.org.loggedIn) / time.Minute)
	return bench.Summarize(rs), bench.Summarize(bs), bench.Ops(calls), touches, nil
}
