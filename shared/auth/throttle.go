package auth

import (
	"net/netip"
	"time"
)

// Throttle is the login throttling policy. It is built so that nobody can lock another
// person out: the caller counts failed logins in fixed windows that start at
// WindowStart(now), for three things at once,
//
//   - the pair of one account (one email, at its current password) and one client address:
//     the attacker's own line of attack;
//   - the account, from every address;
//   - the client address, for every account;
//
// and remembers, for KnownFor after each successful login, that the address is known to the
// account. Only the pair and the address may be refused (429); the account as a whole is
// only ever slowed, and not even that from an address known to it. The account's and the
// pair's counters are keyed by the password as well, so that setting a new password (a
// reset) starts them afresh.
type Throttle struct {
	// Window is the length of the counting windows.
	Window time.Duration
	// PairFree is how many failures one account may have from one address in a window
	// before its attempts from there are slowed; at PairLimit failures they are refused
	// until the window ends. A limit of 0 or less disables the refusal.
	PairFree, PairLimit int
	// AccountFree is how many failures one account may have from all addresses in a window
	// before its attempts from addresses not known to it are slowed. The account's count
	// never refuses an attempt.
	AccountFree int
	// IPLimit is how many failures one address may have, for all accounts, in a window
	// before its attempts for accounts it is not known to are refused until the window ends.
	// 0 or less disables it. The address's count never slows an attempt.
	IPLimit int
	// BaseDelay is the delay after the first failure past a free count; each further
	// failure doubles it, up to MaxDelay. Either of 0 or less disables delays.
	BaseDelay, MaxDelay time.Duration
	// KnownFor is how long a successful login makes its address known to the account.
	KnownFor time.Duration
}

// DefaultThrottle is the policy of both logins (docs/security.md, "Login throttling"):
// hour windows; from one address, one account gets 5 free failures, then delays of 250 ms
// doubling to 5 s, and is refused from there at 10; the account gets 20 free failures from
// all addresses, then the same delays (capped at 5 s, never refused) for addresses not known
// to it; one address is refused at 300 failures for the accounts it is not known to. A
// successful login makes its address known to the account for 30 days.
var DefaultThrottle = Throttle{
	Window:      time.Hour,
	PairFree:    5,
	PairLimit:   10,
	AccountFree: 20,
	IPLimit:     300,
	BaseDelay:   250 * time.Millisecond,
	MaxDelay:    5 * time.Second,
	KnownFor:    30 * 24 * time.Hour,
}

// ResetRequestsPerHour bounds the password reset requests for one address in a clock hour,
// in the console and in each portal alike (docs/security.md): past it a request is answered as
// the others (202) and sends nothing, so nobody can be flooded with links and no answer tells
// whether the address is known.
const ResetRequestsPerHour = 5

// LoginFailures is what the caller read for one attempt: the failures counted in the
// current window for its pair, its account and its client address, and whether the address
// is known to the account. Negative counts are taken as 0.
type LoginFailures struct {
	Pair, Account, Address int
	Known                  bool
}

// Refusal says which limit refused an attempt.
type Refusal int

const (
	// NotRefused: the attempt may check its password.
	NotRefused Refusal = iota
	// PairRefused: the account has had too many failures from this address. A new password
	// (a reset) lifts it, since the pair's counter is keyed by the password.
	PairRefused
	// AddressRefused: the address has had too many failures, and it is not known to the
	// account. A login from an address known to the account is not refused.
	AddressRefused
)

// Ruling is Decide's answer.
type Ruling struct {
	// Refused is the limit that refuses the attempt, or NotRefused. A refused attempt is
	// answered without checking the password, identically for known and unknown accounts.
	Refused Refusal
	// Delay is how long an attempt that is not refused waits before answering.
	Delay time.Duration
	// RetryAfter is, for a refused attempt, the time left until the window ends.
	RetryAfter time.Duration
}

// WindowStart returns the start of the window holding now: now truncated to a multiple of
// Window since the zero time (for an hour, the start of the UTC hour). With a Window of 0
// or less it returns now unchanged.
func (t Throttle) WindowStart(now time.Time) time.Time {
	return now.Truncate(t.Window)
}

// Decide rules on a login attempt made at now, given the failures f already counted for it.
//
// The attempt is refused when its pair has reached PairLimit, or when its address has
// reached IPLimit and is not known to the account; RetryAfter is then the time left until
// the window ends and Delay is 0.
//
// Otherwise Delay is the larger of the pair's delay (0 while f.Pair <= PairFree, then
// BaseDelay doubled once per failure past PairFree+1, never more than MaxDelay) and, from an
// address not known to the account, the account's delay (the same curve past AccountFree).
// The account's count alone never refuses, so failures from anywhere else cannot lock the
// account's owner out; they can only slow the owner's first login from a new address, by at
// most MaxDelay.
func (t Throttle) Decide(now time.Time, f LoginFailures) Ruling {
	pair, account, address := max(f.Pair, 0), max(f.Account, 0), max(f.Address, 0)
	refused := NotRefused
	switch {
	case t.PairLimit > 0 && pair >= t.PairLimit:
		refused = PairRefused
	case t.IPLimit > 0 && address >= t.IPLimit && !f.Known:
		refused = AddressRefused
	}
	if refused != NotRefused {
		var retry time.Duration
		if t.Window > 0 {
			retry = t.WindowStart(now).Add(t.Window).Sub(now)
		}
		return Ruling{Refused: refused, RetryAfter: retry}
	}
	d := t.delay(pair, t.PairFree)
	if !f.Known {
		d = max(d, t.delay(account, t.AccountFree))
	}
	return Ruling{Delay: d}
}

// delay is the wait after n failures of which free are free: none up to free, then
// BaseDelay doubling per further failure, capped at MaxDelay (doubling stops at the cap, so
// it cannot overflow).
func (t Throttle) delay(n, free int) time.Duration {
	over := n - max(free, 0)
	if over <= 0 || t.BaseDelay <= 0 || t.MaxDelay <= 0 {
		return 0
	}
	d := t.BaseDelay
	for i := 1; i < over && d < t.MaxDelay; i++ {
		if d > t.MaxDelay/2 {
			return t.MaxDelay
		}
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// ThrottleAddress is the client address as the throttle counts it: an IPv4 address as it
// is, an IPv6 address as its /64 prefix (one subscriber usually holds a whole /64, so
// counting its addresses apart would give one attacker 2^64 fresh counters). An IPv4-mapped
// IPv6 address counts as its IPv4 address; a value that is not an address counts as itself.
func ThrottleAddress(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
