package staff

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

type auditList struct {
	Items      []store.AuditEntry `json:"items"`
	NextCursor string             `json:"nextCursor,omitempty"`
}

// csvLimit bounds the entries of one CSV export.
const csvLimit = 10000

// ListAudit answers a page of the organization's audit log, newest first, filtered by userId (the actor), recordId,
// action and a time range (from, to: RFC 3339); with format=csv, every entry that matches
// (up to 10,000) as a CSV file (admins).
func (s *Service) ListAudit(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := RequireAdmin(p); err != nil {
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
		return s.auditCSV(ctx, p.OrgID, f)
	}
	entries, next, err := s.Store.ListAudit(ctx, p.OrgID, f, limit, q["cursor"])
	if errors.Is(err, store.ErrBadCursor) {
		return nil, httpapi.ErrBadCursor
	}
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []store.AuditEntry{}
	}
	return httpapi.JSON(http.StatusOK, auditList{Items: entries, NextCursor: next}), nil
}

// auditCSV pages through the matching entries (100 a Query) into one CSV file.
func (s *Service) auditCSV(ctx context.Context, org string, f store.AuditFilter) (*httpapi.Reply, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"at", "actor_kind", "actor_id", "actor_name", "action", "module", "record_id", "fields", "detail", "ip"})
	cursor, n := "", 0
	for n < csvLimit {
		entries, next, err := s.Store.ListAudit(ctx, org, f, store.MaxPage, cursor)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			_ = w.Write([]string{e.At.Format(time.RFC3339Nano), e.Actor.Kind, e.Actor.ID, safe(e.Actor.Name), e.Action, e.Module,
				e.RecordID, strings.Join(e.Fields, " "), safe(e.Detail), e.IP})
			n++
		}
		if next == "" {
			break
		}
		cursor = next
	}
	w.Flush()
	return &httpapi.Reply{Status: http.StatusOK, Raw: buf.Bytes(), Headers: map[string]string{
		"Content-Type":        "text/csv; charset=utf-8",
		"Content-Disposition": `attachment; filename="audit.csv"`}}, nil
}

// safe keeps a spreadsheet from reading a cell as a formula (CSV injection).
func safe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// AuditFunction is the handler of GET /api/admin/audit.
func AuditFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard(s.ListAudit))
}
