package auth

import "time"

// Throttle is the login throttling policy (a soft lockout). The caller counts failed logins
// per account and per client IP in fixed windows that start at WindowStart(now), and asks
// Decide before checking a password.
type Throttle struct {
	// Window is the length of the counting windows.
	Window time.Duration
	// AccountLimit and IPLimit are the failures in one window after which attempts for that
	// account, or from that IP, are refused until the window ends. A limit of 0 or less
	// disables it.
	AccountLimit, IPLimit int
	// FreeAttempts is how many failures an account may have in a window before its
	// attempts are slowed.
	FreeAttempts int
	// BaseDelay is the delay after the first failure past FreeAttempts; each further
	// failure doubles it, up to MaxDelay. Either of 0 or less disables delays.
	BaseDelay, MaxDelay time.Duration
}

// DefaultThrottle allows 5 free failures per account per hour, then slows attempts from
// 250 ms doubling to 5 s, and refuses them at 100 failures per account or 300 per IP in
// the hour.
var DefaultThrottle = Throttle{
	Window:       time.Hour,
	AccountLimit: 100,
	IPLimit:      300,
	FreeAttempts: 5,
	BaseDelay:    250 * time.Millisecond,
	MaxDelay:     5 * time.Second,
}

// WindowStart returns the start of the window holding now: now truncated to a multiple of
// Window since the zero time (for an hour, the start of the UTC hour). With a Window of 0
// or less it returns now unchanged.
func (t Throttle) WindowStart(now time.Time) time.Time {
	return now.Truncate(t.Window)
}

// Decide rules on a login attempt made at now, given the failures already counted in the
// current window for the account (accountFailures) and for the client IP (ipFailures);
// negative counts are taken as 0.
//
// When either count has reached its limit, the attempt is refused: allowed is false, delay
// is 0 and retryAfter is the time left until the window ends (for a Retry-After header);
// the caller answers without checking the password, identically for known and unknown
// accounts.
//
// Otherwise allowed is true, retryAfter is 0, and delay is how long the caller waits
// before answering: 0 while accountFailures <= FreeAttempts, then BaseDelay doubled once
// per failure past FreeAttempts+1, never more than MaxDelay. The delay follows the
// account's failures only, so a busy shared IP is not slowed, only capped by IPLimit.
func (t Throttle) Decide(now time.Time, accountFailures, ipFailures int) (allowed bool, delay time.Duration, retryAfter time.Duration) {
	accountFailures = max(accountFailures, 0)
	ipFailures = max(ipFailures, 0)
	if (t.AccountLimit > 0 && accountFailures >= t.AccountLimit) || (t.IPLimit > 0 && ipFailures >= t.IPLimit) {
		if t.Window > 0 {
			retryAfter = t.WindowStart(now).Add(t.Window).Sub(now)
		}
		return false, 0, retryAfter
	}
	return true, t.delay(accountFailures), 0
}

// delay is the wait after n failures: none up to FreeAttempts, then BaseDelay doubling per
// further failure, capped at MaxDelay (doubling stops at the cap, so it cannot overflow).
func (t Throttle) delay(n int) time.Duration {
	over := n - max(t.FreeAttempts, 0)
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
