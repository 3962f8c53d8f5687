package staffusertypes

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"time"

	"crmportal/shared/csvsafe"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
	"crmportal/shared/usage"
)

// Usage is the usage dashboard's data: the period's series (a bucket a day or ISO week), the
// sums of its additive counters and the licence use per user type against the seats.
type Usage struct {
	From     string         `json:"from"`
	To       string         `json:"to"`
	Interval string         `json:"interval"`
	Buckets  []usage.Bucket `json:"buckets"`
	Totals   usage.Totals   `json:"totals"`
	Licenses Licenses       `json:"licenses"`
}

func dayCounts(ds []store.UsageDay) []usage.DayCount {
	out := make([]usage.DayCount, len(ds))
	for i, d := range ds {
		out[i] = usage.DayCount{Date: d.Date, Counts: usage.Counts{InvitationsSent: d.InvitationsSent,
			InvitationsAccepted: d.InvitationsAccepted, Logins: d.Logins, ActiveUsers: d.ActiveUsers, RecordsCreated: d.RecordsCreated}}
	}
	return out
}

// wantsCSV: format=csv, or no format and an Accept header that asks for text/csv.
func wantsCSV(r *httpapi.Request) bool {
	if f := r.QueryStringParameters["format"]; f != "" {
		return f == "csv"
	}
	for k, v := range r.Headers {
		if strings.EqualFold(k, "accept") && strings.Contains(strings.ToLower(v), "text/csv") {
			return true
		}
	}
	return false
}

// GetUsage answers the usage of the period from..to (dates, at most usage.MaxDays) by day or
// week, from the counters maintained on write: a fixed number of DynamoDB calls whatever
// happened in the period (admins). As CSV with format=csv or Accept: text/csv.
func (s *Service) GetUsage(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	q := r.QueryStringParameters
	per, ferrs := usage.ParsePeriod(q, s.Usage.Now())
	if f := q["format"]; f != "" && f != "json" && f != "csv" {
		ferrs = append(ferrs, usage.FieldError{Field: "format", Message: "must be json or csv"})
	}
	if len(ferrs) > 0 {
		errs := make([]httpapi.FieldError, len(ferrs))
		for i, e := range ferrs {
			errs[i] = httpapi.FieldError{Field: e.Field, Message: e.Message}
		}
		return nil, httpapi.InvalidQuery(errs...)
	}
	from, to := per.From.Format(time.DateOnly), per.To.Format(time.DateOnly)
	days, err := s.Usage.UsageDays(ctx, p.OrgID, from, to)
	if err != nil {
		return nil, err
	}
	var weeks []store.UsageDay
	if per.Interval == usage.Week {
		weeks, err = s.Usage.UsageWeeks(ctx, p.OrgID, usage.WeekOf(per.From).Format(time.DateOnly), usage.WeekOf(per.To).Format(time.DateOnly))
		if err != nil {
			return nil, err
		}
	}
	buckets, totals := usage.Series(per, dayCounts(days), dayCounts(weeks))
	if wantsCSV(r) {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(usage.CSVHeader)
		for _, b := range buckets {
			_ = w.Write(csvsafe.Record(usage.CSVRow(b)...))
		}
		w.Flush()
		return &httpapi.Reply{Status: http.StatusOK, Raw: buf.Bytes(), Headers: map[string]string{
			"Content-Type":        "text/csv; charset=utf-8",
			"Content-Disposition": `attachment; filename="usage-` + from + `-` + to + `.csv"`}}, nil
	}
	lic, err := s.licenses(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, Usage{From: from, To: to, Interval: per.Interval, Buckets: buckets, Totals: totals, Licenses: lic.view}), nil
}

// GetUsageFunction is the handler of GET /api/admin/usage.
func GetUsageFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.GetUsage })
}
