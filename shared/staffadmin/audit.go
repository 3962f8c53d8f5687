package staffadmin

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/csvsafe"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

type auditList struct {
	Items      []store.AuditEntry `json:"items"`
	NextCursor string             `json:"nextCursor,omitempty"`
}

// csvLimit bounds the entries of one CSV export.
const csvLimit = 10000

// CSVExportsPerHour bounds the CSV exports one staff member starts in a clock hour; the
// continuations of an export (its next pages of up to csvLimit rows) do not count.
const CSVExportsPerHour = 10

// ListAudit answers a page of the organization's audit log, newest first, filtered by userId (the actor), recordId,
// action and a time range (from, to: RFC 3339); with format=csv, the entries that match from
// the cursor on as a CSV file of at most 10,000 rows and httpapi.ResponseBudget bytes, with
// X-Truncated and a Link to the rest when it is cut (admins).
func (s *Service) ListAudit(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	q := r.QueryStringParameters
	f := store.AuditFilter{ActorID: q["userId"], RecordID: q["recordId"], Action: q["action"]}
	var errs []httpapi.FieldError
	for _, k := range []string{"userId", "recordId"} {
		if v := q[k]; v != "" && !auth.ValidID(v) {
			errs = append(errs, httpapi.FieldError{Field: k, Message: "is not an id"})
		}
	}
	if len(f.Action) > 64 {
		errs = append(errs, httpapi.FieldError{Field: "action", Message: "is not an action"})
	}
	for _, k := range []string{"from", "to"} {
		v := q[k]
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			errs = append(errs, httpapi.FieldError{Field: k, Message: "must be an RFC 3339 time, e.g. 2026-11-28T12:00:00Z"})
		}
		if k == "from" {
			f.From = t
		} else {
			f.To = t
		}
	}
	limit, fe := httpapi.Limit(q, 25)
	if fe != nil {
		errs = append(errs, *fe)
	}
	format := q["format"]
	if format != "" && format != "json" && format != "csv" {
		errs = append(errs, httpapi.FieldError{Field: "format", Message: "must be json or csv"})
	}
	if len(errs) > 0 {
		return nil, httpapi.InvalidQuery(errs...)
	}
	if format == "csv" {
		// Only a new export counts: its continuations (the cursor the last answer named) page
		// through the same rows, like the JSON list that has no hourly limit.
		ok, next, err := true, time.Time{}, error(nil)
		counted, who := s.Store.Now(), p.OrgID+"#"+p.UserID
		if q["cursor"] == "" {
			ok, next, err = s.Store.CountUse(ctx, "audit-csv", who, CSVExportsPerHour)
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: max(1, int(next.Sub(s.Store.Now()).Seconds()+0.999)),
				Detail: fmt.Sprintf("at most %d CSV exports an hour; try again after %s", CSVExportsPerHour, next.Format(time.RFC3339))}
		}
		reply, err := s.auditCSV(ctx, p.OrgID, f, q, csvLimit, httpapi.ResponseBudget)
		if err != nil && q["cursor"] == "" {
			// A failed export (a 503 the client sends again) does not use up the hour.
			if uerr := s.Store.UncountUse(ctx, "audit-csv", who, counted); uerr != nil {
				httpapi.Logger(ctx).Error("audit CSV use not given back", "org", p.OrgID, "user", p.UserID, "err", uerr.Error())
			}
		}
		return reply, err // a bad cursor is httpapi's 400, as every store error is classified
	}
	page, err := s.Store.ListAuditPage(ctx, p.OrgID, f, limit, q["cursor"])
	if err != nil {
		return nil, err
	}
	var out auditList
	out.Items, out.NextCursor, err = httpapi.FillPage(0, page.Items, page.Next, page.CursorAfter,
		func(e store.AuditEntry) (store.AuditEntry, bool) { return e, true })
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// auditCSV pages through the matching entries (100 a Query), from q's cursor, into one CSV
// file of at most rows entries whose bytes (as the Lambda response carries them,
// httpapi.WireSize) stay within budget. When entries are left, the answer says so in its
// headers, never in the file: X-Truncated: true and a Link to the next file (rel="next", the
// same query with the cursor after the last row; the JSON list takes that cursor too).
func (s *Service) auditCSV(ctx context.Context, org string, f store.AuditFilter, q map[string]string, rows, budget int) (*httpapi.Reply, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"at", "actor_kind", "actor_id", "actor_name", "action", "module", "record_id", "fields", "detail", "ip"})
	w.Flush()
	b := httpapi.Budget{Max: budget}
	b.Take(httpapi.WireSize(buf.Bytes()))
	var row bytes.Buffer
	rw := csv.NewWriter(&row)
	cursor, n, rest := q["cursor"], 0, ""
pages:
	for {
		page, err := s.Store.ListAuditPage(ctx, org, f, store.MaxPage, cursor)
		if err != nil {
			return nil, err
		}
		for i, e := range page.Items {
			row.Reset()
			_ = rw.Write([]string{e.At.Format(time.RFC3339Nano), e.Actor.Kind, e.Actor.ID, csvsafe.Cell(e.Actor.Name), e.Action, e.Module,
				e.RecordID, strings.Join(e.Fields, " "), csvsafe.Cell(e.Detail), e.IP})
			rw.Flush()
			if n == rows || !b.Take(httpapi.WireSize(row.Bytes())) {
				rest = cursor
				if i > 0 {
					rest = page.CursorAfter(i - 1)
				}
				break pages
			}
			buf.Write(row.Bytes())
			n++
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	headers := map[string]string{
		"Content-Type":        "text/csv; charset=utf-8",
		"Content-Disposition": `attachment; filename="audit.csv"`}
	if rest != "" {
		next := url.Values{"format": {"csv"}, "cursor": {rest}}
		for _, k := range []string{"userId", "recordId", "action", "from", "to"} {
			if v := q[k]; v != "" {
				next.Set(k, v)
			}
		}
		headers["X-Truncated"] = "true"
		headers["Link"] = "</api/admin/audit?" + next.Encode() + `>; rel="next"`
	}
	return &httpapi.Reply{Status: http.StatusOK, Raw: buf.Bytes(), Headers: headers}, nil
}

// AuditFunction is the handler of GET /api/admin/audit.
func AuditFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.ListAudit))
}
