package auth

import "time"

// Session lifetimes, the same for staff and portal users: a session ends SessionIdle after
// its last request and SessionAbsolute after its login, whatever its use.
const (
	SessionIdle     = 2 * time.Hour
	SessionAbsolute = 12 * time.Hour
	// SessionTouchEvery bounds the writes that keep a session (or an API token's last use)
	// current: one a minute at most.
	SessionTouchEvery = time.Minute
)

// NeedsTouch reports whether a session or token last seen at last is written again at now:
// only when more than SessionTouchEvery has passed, so a burst of requests writes once.
func NeedsTouch(now, last time.Time) bool { return now.Sub(last) > SessionTouchEvery }
