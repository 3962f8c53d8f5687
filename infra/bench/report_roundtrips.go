package bench

import (
	"fmt"
	"strings"
)

// Targets of the round trips (DynamoDB calls, one after the other) a route makes.
const (
	PortalReadRoundTrips = 2
	LoginRoundTrips      = 5
	// CostTarget is the target of the mix's cost per million page views for compute and data
	// (API Gateway aside), in USD.
	CostTarget = 1.40
)

// met says whether a figure is within its target.
func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// roundTripTable writes the DynamoDB calls each recorded route's handler made: every one is
// a round trip to DynamoDB, made one after the other.
func (r Report) roundTripTable(b *strings.Builder) {
	b.WriteString("\n## DynamoDB round trips per route\n\n")
	b.WriteString("| Route | Calls, in order | Round trips | Target |\n| --- | --- | ---: | --- |\n")
	row := func(route string, calls []string, target int) {
		if len(calls) == 0 {
			return
		}
		t := "reported"
		if target > 0 {
			t = fmt.Sprintf("≤ %d: %s", target, met(len(calls) <= target))
		}
		fmt.Fprintf(b, "| `%s` | %s | %d | %s |\n", route, strings.Join(calls, ", "), len(calls), t)
	}
	row(PortalListPath(r.ListLimit)+" (portal)", r.PortalListCalls, PortalReadRoundTrips)
	if r.Cost != nil {
		for _, p := range r.Cost.Pages {
			target := PortalReadRoundTrips
			if strings.HasPrefix(p.Path, "POST ") {
				target = LoginRoundTrips
			}
			if p.Path != PortalListPath(r.ListLimit) {
				row(p.Path, p.Calls, target)
			}
		}
	}
	row(ListPath(r.ListLimit)+" (staff)", r.ListCalls, PortalReadRoundTrips)
	row("POST /api/admin/records/Contacts/{id}/invitation", r.InviteCalls, 0)
	b.WriteString("\nThe calls are those each route's own handler made in process over a recording store (below, *How it\n")
	b.WriteString("is measured*), the session's once-a-minute touch aside. A portal read makes one `BatchGetItem` of\n")
	b.WriteString("everything its cookie names (the session, the user type, the module's customization, the user's own\n")
	b.WriteString("record, the record of the path), then its data call; the record view's second call is its audit\n")
	b.WriteString("entry. `TestReadsTakeTwoRoundTrips` (`infra/apitest`) asserts these bounds on every `make test` for\n")
	b.WriteString("the portal list, the record view, `GET /api/me` (one call), `GET /api/me/tabs`, the notes and\n")
	b.WriteString("attachments lists, the staff console's list and record (one call) and the login (five calls once the\n")
	b.WriteString("network is known to the account; the first login of the day from a new network adds the put that\n")
	b.WriteString("marks it known).\n")
}
