package auth

import (
	"math"
	"testing"
	"time"
)

var (
	windowStart = time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC)
	midWindow   = windowStart.Add(20*time.Minute + 30*time.Second)
)

func TestDefaultThrottleCurve(t *testing.T) {
	// The whole account curve of the default policy, failure count by failure count.
	want := func(n int) (bool, time.Duration) {
		switch {
		case n <= 5:
			return true, 0
		case n == 6:
			return true, 250 * time.Millisecond
		case n == 7:
			return true, 500 * time.Millisecond
		case n == 8:
			return true, time.Second
		case n == 9:
			return true, 2 * time.Second
		case n == 10:
			return true, 4 * time.Second
		case n < 100:
			return true, 5 * time.Second
		default:
			return false, 0
		}
	}
	for n := 0; n <= 110; n++ {
		wantAllowed, wantDelay := want(n)
		wantRetry := time.Duration(0)
		if !wantAllowed {
			wantRetry = 39*time.Minute + 30*time.Second
		}
		allowed, delay, retry := DefaultThrottle.Decide(midWindow, n, 0)
		if allowed != wantAllowed || delay != wantDelay || retry != wantRetry {
			t.Errorf("%d account failures: got %v, %v, %v, want %v, %v, %v",
				n, allowed, delay, retry, wantAllowed, wantDelay, wantRetry)
		}
	}
}

func TestDefaultThrottleIPCurve(t *testing.T) {
	// IP failures alone never slow an attempt; they refuse it from IPLimit on.
	for n := 0; n <= 310; n++ {
		wantAllowed := n < 300
		wantRetry := time.Duration(0)
		if !wantAllowed {
			wantRetry = 39*time.Minute + 30*time.Second
		}
		allowed, delay, retry := DefaultThrottle.Decide(midWindow, 0, n)
		if allowed != wantAllowed || delay != 0 || retry != wantRetry {
			t.Errorf("%d IP failures: got %v, %v, %v, want %v, 0s, %v", n, allowed, delay, retry, wantAllowed, wantRetry)
		}
	}
}

func TestThrottleDecide(t *testing.T) {
	tests := []struct {
		name             string
		th               Throttle
		now              time.Time
		account, ip      int
		wantAllowed      bool
		wantDelay, retry time.Duration
	}{
		{"no failures", DefaultThrottle, midWindow, 0, 0, true, 0, 0},
		{"negative counts are zero", DefaultThrottle, midWindow, -3, -9, true, 0, 0},
		{"slowed account, busy IP under its limit", DefaultThrottle, midWindow, 7, 299, true, 500 * time.Millisecond, 0},
		{"account at limit, IP clean", DefaultThrottle, midWindow, 100, 0, false, 0, 39*time.Minute + 30*time.Second},
		{"IP at limit, account clean", DefaultThrottle, midWindow, 0, 300, false, 0, 39*time.Minute + 30*time.Second},
		{"both at limit", DefaultThrottle, midWindow, 100, 300, false, 0, 39*time.Minute + 30*time.Second},
		{"refused at the window's first instant", DefaultThrottle, windowStart, 100, 0, false, 0, time.Hour},
		{"refused at the window's last nanosecond", DefaultThrottle, windowStart.Add(time.Hour - 1), 100, 0, false, 0, 1},
		{"refused in a non-UTC location", DefaultThrottle, midWindow.In(time.FixedZone("BRT", -3*3600)), 100, 0, false, 0, 39*time.Minute + 30*time.Second},
		{"huge account count", DefaultThrottle, midWindow, math.MaxInt, 0, false, 0, 39*time.Minute + 30*time.Second},

		{"limits disabled, huge count capped delay", Throttle{Window: time.Hour, FreeAttempts: 5, BaseDelay: time.Second, MaxDelay: time.Minute}, midWindow, math.MaxInt, math.MaxInt, true, time.Minute, 0},
		{"no free attempts: first failure delays", Throttle{Window: time.Hour, AccountLimit: 10, BaseDelay: time.Second, MaxDelay: 8 * time.Second}, midWindow, 1, 0, true, time.Second, 0},
		{"no free attempts: no failure, no delay", Throttle{Window: time.Hour, AccountLimit: 10, BaseDelay: time.Second, MaxDelay: 8 * time.Second}, midWindow, 0, 0, true, 0, 0},
		{"base above max is capped", Throttle{Window: time.Hour, FreeAttempts: 1, BaseDelay: 10 * time.Second, MaxDelay: 3 * time.Second}, midWindow, 2, 0, true, 3 * time.Second, 0},
		{"cap near the largest duration does not overflow", Throttle{Window: time.Hour, BaseDelay: time.Duration(math.MaxInt64 / 3), MaxDelay: time.Duration(math.MaxInt64)}, midWindow, 5, 0, true, time.Duration(math.MaxInt64), 0},
		{"zero base delay disables delays", Throttle{Window: time.Hour, AccountLimit: 10, MaxDelay: time.Second}, midWindow, 9, 0, true, 0, 0},
		{"zero max delay disables delays", Throttle{Window: time.Hour, AccountLimit: 10, BaseDelay: time.Second}, midWindow, 9, 0, true, 0, 0},
		{"fifteen-minute window", Throttle{Window: 15 * time.Minute, AccountLimit: 3}, midWindow, 3, 0, false, 0, 9*time.Minute + 30*time.Second},
		{"zero window refuses with no retry time", Throttle{AccountLimit: 3}, midWindow, 3, 0, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allowed, delay, retry := tt.th.Decide(tt.now, tt.account, tt.ip)
			if allowed != tt.wantAllowed || delay != tt.wantDelay || retry != tt.retry {
				t.Errorf("got %v, %v, %v, want %v, %v, %v", allowed, delay, retry, tt.wantAllowed, tt.wantDelay, tt.retry)
			}
		})
	}
}

func TestThrottleDelayIsMonotonic(t *testing.T) {
	th := Throttle{Window: time.Hour, FreeAttempts: 3, BaseDelay: 7 * time.Millisecond, MaxDelay: 10 * time.Second}
	prev := time.Duration(0)
	for n := 0; n <= 1000; n++ {
		_, d, _ := th.Decide(midWindow, n, 0)
		if d < prev || d > th.MaxDelay {
			t.Fatalf("%d failures: got %v after %v, want non-decreasing and at most %v", n, d, prev, th.MaxDelay)
		}
		prev = d
	}
	if prev != th.MaxDelay {
		t.Errorf("after 1000 failures: got %v, want the cap %v", prev, th.MaxDelay)
	}
}

func TestThrottleWindowStart(t *testing.T) {
	tests := []struct {
		name   string
		window time.Duration
		now    time.Time
		want   time.Time
	}{
		{"hour, mid-window", time.Hour, midWindow, windowStart},
		{"hour, on the boundary", time.Hour, windowStart, windowStart},
		{"hour, last nanosecond", time.Hour, windowStart.Add(time.Hour - 1), windowStart},
		{"quarter hour", 15 * time.Minute, midWindow, windowStart.Add(15 * time.Minute)},
		{"day", 24 * time.Hour, midWindow, time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)},
		{"zero window returns now", 0, midWindow, midWindow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := DefaultThrottle
			th.Window = tt.window
			if got := th.WindowStart(tt.now); !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("same instant in another location", func(t *testing.T) {
		now := midWindow.In(time.FixedZone("IST", 5*3600+1800))
		if got := DefaultThrottle.WindowStart(now); !got.Equal(windowStart) {
			t.Errorf("got %v, want %v", got, windowStart)
		}
	})
}
