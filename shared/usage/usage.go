// Package usage holds the pure rules of the usage dashboard (GET /api/admin/usage): the
// period a query asks for, and the series its buckets (days or ISO weeks) are made of from the
// organization's usage counters (store.UsageDay items, maintained on write).
package usage

import (
	"fmt"
	"time"
)

// MaxDays bounds a period (from and to included).
const MaxDays = 366

// DefaultDays is the period's length when the query names no from.
const DefaultDays = 30

// Intervals a series is bucketed by.
const (
	Day  = "day"
	Week = "week"
)

// FieldError names a query parameter and the rule it breaks.
type FieldError struct {
	Field   string
	Message string
}

// Period is the days from From to To (UTC dates, both included), bucketed by Interval.
type Period struct {
	From, To time.Time
	Interval string
}

// Days is the number of days in the period.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours()/24) + 1 }

// ParsePeriod reads from, to (YYYY-MM-DD) and interval (day or week) from q. to defaults to
// today's date, from to DefaultDays days ending at to, interval to day. A period past MaxDays
// or with from after to is refused, naming the field.
func ParsePeriod(q map[string]string, today time.Time) (Period, []FieldError) {
	var errs []FieldError
	p := Period{Interval: q["interval"]}
	today = today.UTC().Truncate(24 * time.Hour)
	date := func(k string, def time.Time) time.Time {
		v := q[k]
		if v == "" {
			return def
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			errs = append(errs, FieldError{k, "must be a date as YYYY-MM-DD, e.g. 2026-11-28"})
			return def
		}
		return t
	}
	p.To = date("to", today)
	p.From = date("from", p.To.AddDate(0, 0, -(DefaultDays-1)))
	switch p.Interval {
	case "":
		p.Interval = Day
	case Day, Week:
	default:
		errs = append(errs, FieldError{"interval", "must be day or week"})
	}
	if len(errs) > 0 {
		return p, errs
	}
	if p.From.After(p.To) {
		return p, []FieldError{{"from", "must not be after to"}}
	}
	if p.Days() > MaxDays {
		return p, []FieldError{{"to", fmt.Sprintf("the period must be at most %d days (from and to included)", MaxDays)}}
	}
	return p, nil
}

// Counts are a bucket's counters.
type Counts struct {
	InvitationsSent     int `json:"invitationsSent"`
	InvitationsAccepted int `json:"invitationsAccepted"`
	Logins              int `json:"logins"`
	ActiveUsers         int `json:"activeUsers"`
	RecordsCreated      int `json:"recordsCreated"`
}

// Bucket is a day's or a week's counters; Date is the day, or the week's Monday.
type Bucket struct {
	Date string `json:"date"`
	Counts
}

// Totals are the period's sums of the additive counters (active users are not additive: a
// user active on two days is one user; see Bucket.ActiveUsers).
type Totals struct {
	InvitationsSent     int `json:"invitationsSent"`
	InvitationsAccepted int `json:"invitationsAccepted"`
	Logins              int `json:"logins"`
	RecordsCreated      int `json:"recordsCreated"`
}

// DayCount is a stored day counter (or, for weeks, a week's counter: only ActiveUsers).
type DayCount struct {
	Date string
	Counts
}

// WeekOf is the Monday of t's ISO week.
func WeekOf(t time.Time) time.Time {
	t = t.UTC().Truncate(24 * time.Hour)
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

// Series makes p's buckets, every one present (zeros where nothing was counted), oldest
// first. Day buckets are the day counters. Week buckets sum the day counters of the week's
// days inside the period, and take ActiveUsers from the week's own counter (distinct users
// over the whole ISO week, also on its days outside the period).
func Series(p Period, days, weeks []DayCount) ([]Bucket, Totals) {
	byDay := map[string]Counts{}
	for _, d := range days {
		byDay[d.Date] = d.Counts
	}
	byWeek := map[string]int{}
	for _, w := range weeks {
		byWeek[w.Date] = w.ActiveUsers
	}
	var out []Bucket
	var tot Totals
	index := map[string]int{}
	for t := p.From; !t.After(p.To); t = t.AddDate(0, 0, 1) {
		c := byDay[t.Format(time.DateOnly)]
		tot.InvitationsSent += c.InvitationsSent
		tot.InvitationsAccepted += c.InvitationsAccepted
		tot.Logins += c.Logins
		tot.RecordsCreated += c.RecordsCreated
		if p.Interval != Week {
			out = append(out, Bucket{Date: t.Format(time.DateOnly), Counts: c})
			continue
		}
		w := WeekOf(t).Format(time.DateOnly)
		i, ok := index[w]
		if !ok {
			i = len(out)
			index[w] = i
			out = append(out, Bucket{Date: w, Counts: Counts{ActiveUsers: byWeek[w]}})
		}
		b := &out[i].Counts
		b.InvitationsSent += c.InvitationsSent
		b.InvitationsAccepted += c.InvitationsAccepted
		b.Logins += c.Logins
		b.RecordsCreated += c.RecordsCreated
	}
	return out, tot
}

// CSVHeader is the header row of the CSV form of a series.
var CSVHeader = []string{"date", "invitations_sent", "invitations_accepted", "logins", "active_users", "records_created"}

// CSVRow is b as a CSV row (in CSVHeader's order).
func CSVRow(b Bucket) []string {
	return []string{b.Date, fmt.Sprint(b.InvitationsSent), fmt.Sprint(b.InvitationsAccepted), fmt.Sprint(b.Logins),
		fmt.Sprint(b.ActiveUsers), fmt.Sprint(b.RecordsCreated)}
}
