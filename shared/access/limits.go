package access

import (
	"fmt"

	"crmportal/shared/crm"
)

// CheckTypeCount returns the rule broken by creating one more user type when the
// organization has existing ones, or "": at most limits.UserTypes user types.
func CheckTypeCount(existing int, limits Limits) string {
	limit := max(limits.UserTypes, 0)
	switch {
	case existing < limit:
		return ""
	case limit == 1:
		return "an organization can have at most 1 user type"
	}
	return fmt.Sprintf("an organization can have at most %d user types", limit)
}

// CheckBase returns the rule broken by basing the user type at position on module base, or
// "": the first user type (position 0, the free one) can only be based on Contacts; the
// others on Leads or Contacts.
func CheckBase(position int, base string) string {
	switch {
	case position < 0:
		return "has an invalid position"
	case position == 0 && base != crm.Contacts:
		return "must be Contacts: the first (free) user type can only be based on Contacts"
	case base != crm.Contacts && base != crm.Leads:
		return "must be Leads or Contacts"
	}
	return ""
}

// CheckAllocations checks the seat allocations of an organization's user types against its
// license pool: each licensed type (position > 0) has Seats >= 0 (error at "types[i].seats")
// and their sum is at most limits.LicensePool (error at "seats", naming the sum and the
// pool). The free type's Seats are ignored: it draws on limits.FreeSeats, not on the pool.
// The errors are sorted by path.
func CheckAllocations(types []UserType, limits Limits) []crm.FieldError {
	var errs []crm.FieldError
	sum := 0
	for i, ut := range types {
		if ut.Free() {
			continue
		}
		if ut.Seats < 0 {
			errs = append(errs, crm.FieldError{Field: fmt.Sprintf("types[%d].seats", i), Message: "must be 0 or more"})
			continue
		}
		sum += ut.Seats
	}
	if pool := max(limits.LicensePool, 0); sum > pool {
		errs = append(errs, crm.FieldError{Field: "seats", Message: fmt.Sprintf(
			"add up to %d, more than the %d licenses in the pool", sum, pool)})
	}
	return sortErrors(errs)
}

// CheckAllocationChange returns the rule broken by setting a licensed user type's seats to
// newSeats while usersInType users (invited + active) have it, or "": seats are 0 or more and
// never fewer than the users the type already has ("3 users already have this type; remove or
// move them first"). The pool is checked by [CheckAllocations].
func CheckAllocationChange(newSeats, usersInType int) string {
	switch {
	case newSeats < 0:
		return "must be 0 or more"
	case newSeats < usersInType && usersInType == 1:
		return "1 user already has this type; remove or move them first"
	case newSeats < usersInType:
		return fmt.Sprintf("%d users already have this type; remove or move them first", usersInType)
	}
	return ""
}

// Capacity is how many users (invited + active) ut may hold: limits.FreeSeats for the free
// type, its Seats for the others (never below 0).
func Capacity(ut UserType, limits Limits) int {
	if ut.Free() {
		return max(limits.FreeSeats, 0)
	}
	return max(ut.Seats, 0)
}

// CheckSeats returns the rule broken by adding users (invitations, a move from another type)
// to ut, which has users already (invited + active), or "": the total stays within
// [Capacity]. The store enforces the same bound with a conditional write under concurrency.
func CheckSeats(ut UserType, limits Limits, users, adding int) string {
	capacity := Capacity(ut, limits)
	free := max(capacity-users, 0)
	switch {
	case adding <= free:
		return ""
	case capacity == 0:
		return "has no seats"
	case free == 0:
		return fmt.Sprintf("has no free seats: %d of %d are taken", users, capacity)
	default:
		return fmt.Sprintf("has %d free seats of %d, fewer than the %d needed", free, capacity, adding)
	}
}

// SeatChange is a licensed user type's seats as an admin sets them, with what the
// organization holds now.
type SeatChange struct {
	Seats     int  // the seats asked for
	Held      int  // the seats the type holds now (0 for a new type)
	Users     int  // the type's users (invited + active)
	Allocated int  // the seats all the organization's licensed types hold now
	New       bool // the type is being created
}

// CheckTypeSeats returns the rule broken by c, or "": the seats follow
// [CheckAllocationChange] (0 or more, never fewer than the type's users) and fit the license
// pool with the other types' seats. A new type is told the seats left in the pool ("the
// license pool has 4 seats left"), an existing one the most it may have ("the license pool
// has 6 seats for this type"). [CheckAllocations] checks several types' seats at once.
func CheckTypeSeats(c SeatChange, limits Limits) string {
	if msg := CheckAllocationChange(c.Seats, c.Users); msg != "" {
		return msg
	}
	left := limits.LicensePool - c.Allocated + c.Held
	switch {
	case c.Seats <= left:
		return ""
	case c.New:
		return fmt.Sprintf("the license pool has %d seats left", left)
	default:
		return fmt.Sprintf("the license pool has %d seats for this type", left)
	}
}
