package access

import (
	"reflect"
	"testing"

	"crmportal/shared/crm"
)

func TestDefaultLimits(t *testing.T) {
	got, want := DefaultLimits, Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 0}
	if got != want {
		t.Errorf("DefaultLimits: got %+v, want %+v", got, want)
	}
}

func TestCheckTypeCount(t *testing.T) {
	tests := []struct {
		name     string
		existing int
		limits   Limits
		want     string
	}{
		{"none yet", 0, DefaultLimits, ""},
		{"fifth", 4, DefaultLimits, ""},
		{"sixth", 5, DefaultLimits, "an organization can have at most 5 user types"},
		{"over already", 7, DefaultLimits, "an organization can have at most 5 user types"},
		{"operator raised", 5, Limits{UserTypes: 8}, ""},
		{"operator lowered", 1, Limits{UserTypes: 1}, "an organization can have at most 1 user type"},
		{"zero limit", 0, Limits{}, "an organization can have at most 0 user types"},
		{"negative limit", 0, Limits{UserTypes: -1}, "an organization can have at most 0 user types"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckTypeCount(tt.existing, tt.limits); got != tt.want {
				t.Errorf("CheckTypeCount(%d, %+v): got %q, want %q", tt.existing, tt.limits, got, tt.want)
			}
		})
	}
}

func TestCheckBase(t *testing.T) {
	const firstOnly = "must be Contacts: the first (free) user type can only be based on Contacts"
	tests := []struct {
		name     string
		position int
		base     string
		want     string
	}{
		{"first on Contacts", 0, crm.Contacts, ""},
		{"first on Leads", 0, crm.Leads, firstOnly},
		{"first on Accounts", 0, crm.Accounts, firstOnly},
		{"first on nothing", 0, "", firstOnly},
		{"second on Contacts", 1, crm.Contacts, ""},
		{"second on Leads", 1, crm.Leads, ""},
		{"fifth on Leads", 4, crm.Leads, ""},
		{"second on Accounts", 1, crm.Accounts, "must be Leads or Contacts"},
		{"second on Invoices", 2, crm.Invoices, "must be Leads or Contacts"},
		{"second lowercase", 1, "contacts", "must be Leads or Contacts"},
		{"second on nothing", 1, "", "must be Leads or Contacts"},
		{"negative position", -1, crm.Contacts, "has an invalid position"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckBase(tt.position, tt.base); got != tt.want {
				t.Errorf("CheckBase(%d, %q): got %q, want %q", tt.position, tt.base, got, tt.want)
			}
		})
	}
}

func TestCheckAllocations(t *testing.T) {
	ut := func(position, seats int) UserType { return UserType{Position: position, Seats: seats} }
	tests := []struct {
		name   string
		types  []UserType
		limits Limits
		want   []crm.FieldError
	}{
		{"no types", nil, DefaultLimits, nil},
		{"free type only, seats ignored", []UserType{ut(0, 99999)}, DefaultLimits, nil},
		{"free type negative seats ignored", []UserType{ut(0, -1)}, DefaultLimits, nil},
		{"zero allocations, no pool", []UserType{ut(0, 0), ut(1, 0), ut(2, 0)}, DefaultLimits, nil},
		{"exactly the pool", []UserType{ut(0, 0), ut(1, 6), ut(2, 4)}, Limits{LicensePool: 10}, nil},
		{"under the pool", []UserType{ut(1, 3)}, Limits{LicensePool: 10}, nil},
		{"over the pool", []UserType{ut(0, 0), ut(1, 6), ut(2, 5)}, Limits{LicensePool: 10},
			[]crm.FieldError{fe("seats", "add up to 11, more than the 10 licenses in the pool")}},
		{"any seat without a pool", []UserType{ut(1, 1)}, DefaultLimits,
			[]crm.FieldError{fe("seats", "add up to 1, more than the 0 licenses in the pool")}},
		{"negative pool counts as zero", []UserType{ut(1, 1)}, Limits{LicensePool: -5},
			[]crm.FieldError{fe("seats", "add up to 1, more than the 0 licenses in the pool")}},
		{"negative allocation", []UserType{ut(0, 0), ut(1, -1), ut(2, 3)}, Limits{LicensePool: 10},
			[]crm.FieldError{fe("types[1].seats", "must be 0 or more")}},
		{"negative does not offset the sum", []UserType{ut(1, -5), ut(2, 12)}, Limits{LicensePool: 10},
			[]crm.FieldError{
				fe("seats", "add up to 12, more than the 10 licenses in the pool"),
				fe("types[0].seats", "must be 0 or more"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckAllocations(tt.types, tt.limits)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckAllocations: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckAllocationChange(t *testing.T) {
	tests := []struct {
		name         string
		seats, users int
		want         string
	}{
		{"raise", 10, 3, ""},
		{"down to the users", 3, 3, ""},
		{"no users", 0, 0, ""},
		{"below the users", 2, 3, "3 users already have this type; remove or move them first"},
		{"zero with users", 0, 250, "250 users already have this type; remove or move them first"},
		{"below one user", 0, 1, "1 user already has this type; remove or move them first"},
		{"negative", -1, 0, "must be 0 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckAllocationChange(tt.seats, tt.users); got != tt.want {
				t.Errorf("CheckAllocationChange(%d, %d): got %q, want %q", tt.seats, tt.users, got, tt.want)
			}
		})
	}
}

func TestCapacity(t *testing.T) {
	tests := []struct {
		name   string
		ut     UserType
		limits Limits
		want   int
	}{
		{"free type takes the free seats", UserType{Position: 0, Seats: 7}, DefaultLimits, 3000},
		{"free seats set by the operator", UserType{Position: 0}, Limits{FreeSeats: 50}, 50},
		{"free seats zero", UserType{Position: 0}, Limits{}, 0},
		{"licensed takes its allocation", UserType{Position: 1, Seats: 7}, DefaultLimits, 7},
		{"negative allocation", UserType{Position: 2, Seats: -3}, DefaultLimits, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Capacity(tt.ut, tt.limits); got != tt.want {
				t.Errorf("Capacity: got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCheckSeats(t *testing.T) {
	free, licensed := UserType{Position: 0}, UserType{Position: 1, Seats: 10}
	tests := []struct {
		name          string
		ut            UserType
		limits        Limits
		users, adding int
		want          string
	}{
		{"free type room", free, DefaultLimits, 2999, 1, ""},
		{"free type full", free, DefaultLimits, 3000, 1, "has no free seats: 3000 of 3000 are taken"},
		{"free type bulk too many", free, DefaultLimits, 2990, 20, "has 10 free seats of 3000, fewer than the 20 needed"},
		{"free type bulk fits", free, DefaultLimits, 2980, 20, ""},
		{"licensed room", licensed, DefaultLimits, 9, 1, ""},
		{"licensed full", licensed, DefaultLimits, 10, 1, "has no free seats: 10 of 10 are taken"},
		{"licensed over after a change", licensed, DefaultLimits, 12, 1, "has no free seats: 12 of 10 are taken"},
		{"licensed without seats", UserType{Position: 1}, DefaultLimits, 0, 1, "has no seats"},
		{"adding nothing", licensed, DefaultLimits, 10, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckSeats(tt.ut, tt.limits, tt.users, tt.adding); got != tt.want {
				t.Errorf("CheckSeats(users %d, adding %d): got %q, want %q", tt.users, tt.adding, got, tt.want)
			}
		})
	}
}

func TestCheckTypeSeats(t *testing.T) {
	pool := Limits{LicensePool: 10}
	tests := []struct {
		name   string
		change SeatChange
		limits Limits
		want   string
	}{
		{"a new type within the pool", SeatChange{Seats: 4, Allocated: 6, New: true}, pool, ""},
		{"a new type over the pool", SeatChange{Seats: 5, Allocated: 6, New: true}, pool, "the license pool has 4 seats left"},
		{"a new type without a pool", SeatChange{Seats: 1, New: true}, Limits{}, "the license pool has 0 seats left"},
		{"a new type of no seats without a pool", SeatChange{Seats: 0, New: true}, Limits{}, ""},
		{"a type keeps its seats in a full pool", SeatChange{Seats: 3, Held: 3, Users: 2, Allocated: 10}, pool, ""},
		{"a type grows into the rest of the pool", SeatChange{Seats: 7, Held: 3, Allocated: 6}, pool, ""},
		{"a type grows past the pool", SeatChange{Seats: 8, Held: 3, Allocated: 6}, pool, "the license pool has 7 seats for this type"},
		{"a type shrinks below its users", SeatChange{Seats: 1, Held: 3, Users: 2, Allocated: 6}, pool, "2 users already have this type; remove or move them first"},
		{"negative seats", SeatChange{Seats: -1, Held: 3, Allocated: 6}, pool, "must be 0 or more"},
		{"in an over-allocated pool a type may have only what fits", SeatChange{Seats: 5, Held: 8, Allocated: 14}, pool, "the license pool has 4 seats for this type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckTypeSeats(tt.change, tt.limits); got != tt.want {
				t.Errorf("CheckTypeSeats(%+v, %+v): got %q, want %q", tt.change, tt.limits, got, tt.want)
			}
		})
	}
}
