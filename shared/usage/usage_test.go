package usage

import (
	"reflect"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParsePeriod(t *testing.T) {
	today := date("2026-12-07").Add(13 * time.Hour)
	tests := []struct {
		name     string
		q        map[string]string
		want     Period
		wantErrs []FieldError
	}{
		{"defaults: 30 days to today by day", nil, Period{date("2026-11-08"), date("2026-12-07"), Day}, nil},
		{"explicit week", map[string]string{"from": "2026-01-01", "to": "2026-03-31", "interval": "week"},
			Period{date("2026-01-01"), date("2026-03-31"), Week}, nil},
		{"one day", map[string]string{"from": "2026-12-07", "to": "2026-12-07"}, Period{date("2026-12-07"), date("2026-12-07"), Day}, nil},
		{"366 days is the most", map[string]string{"from": "2025-12-07", "to": "2026-12-07"}, Period{date("2025-12-07"), date("2026-12-07"), Day}, nil},
		{"367 days", map[string]string{"from": "2025-12-06", "to": "2026-12-07"}, Period{},
			[]FieldError{{"to", "the period must be at most 366 days (from and to included)"}}},
		{"ten years", map[string]string{"from": "2016-12-07", "to": "2026-12-07"}, Period{},
			[]FieldError{{"to", "the period must be at most 366 days (from and to included)"}}},
		{"from after to", map[string]string{"from": "2026-12-08", "to": "2026-12-07"}, Period{}, []FieldError{{"from", "must not be after to"}}},
		{"bad dates and interval", map[string]string{"from": "yesterday", "to": "2026-13-01", "interval": "month"}, Period{},
			[]FieldError{{"to", "must be a date as YYYY-MM-DD, e.g. 2026-11-28"}, {"from", "must be a date as YYYY-MM-DD, e.g. 2026-11-28"}, {"interval", "must be day or week"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := ParsePeriod(tt.q, today)
			if !reflect.DeepEqual(errs, tt.wantErrs) {
				t.Fatalf("errors: got %v, want %v", errs, tt.wantErrs)
			}
			if errs == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSeries(t *testing.T) {
	days := []DayCount{
		{"2026-11-29", Counts{Logins: 1, ActiveUsers: 1}}, // a Sunday, the week of Monday 2026-11-23
		{"2026-11-30", Counts{Logins: 2, ActiveUsers: 1, InvitationsSent: 3}},
		{"2026-12-02", Counts{Logins: 4, ActiveUsers: 2, RecordsCreated: 5, InvitationsAccepted: 1}},
	}
	weeks := []DayCount{{"2026-11-23", Counts{ActiveUsers: 1}}, {"2026-11-30", Counts{ActiveUsers: 2}}}
	t.Run("days, zeros filled", func(t *testing.T) {
		got, tot := Series(Period{date("2026-11-29"), date("2026-12-01"), Day}, days, weeks)
		want := []Bucket{{"2026-11-29", Counts{Logins: 1, ActiveUsers: 1}}, {"2026-11-30", Counts{Logins: 2, ActiveUsers: 1, InvitationsSent: 3}}, {"2026-12-01", Counts{}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		if want := (Totals{InvitationsSent: 3, Logins: 3}); tot != want {
			t.Errorf("totals: got %+v, want %+v", tot, want)
		}
	})
	t.Run("weeks: sums of the days in the period, distinct actives of the week", func(t *testing.T) {
		got, tot := Series(Period{date("2026-11-29"), date("2026-12-06"), Week}, days, weeks)
		want := []Bucket{{"2026-11-23", Counts{Logins: 1, ActiveUsers: 1}},
			{"2026-11-30", Counts{Logins: 6, ActiveUsers: 2, InvitationsSent: 3, RecordsCreated: 5, InvitationsAccepted: 1}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		if want := (Totals{InvitationsSent: 3, InvitationsAccepted: 1, Logins: 7, RecordsCreated: 5}); tot != want {
			t.Errorf("totals: got %+v, want %+v", tot, want)
		}
	})
}

func TestCSVRow(t *testing.T) {
	got := CSVRow(Bucket{"2026-12-01", Counts{1, 2, 3, 4, 5}})
	want := []string{"2026-12-01", "1", "2", "3", "4", "5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
