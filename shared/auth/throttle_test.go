package auth

import (
	"math"
	"testing"
	"time"
)

var (
	windowStart = time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC)
	midWindow   = windowStart.Add(20*time.Minute + 30*time.Second)
	leftOfHour  = 39*time.Minute + 30*time.Second
)

func TestDefaultThrottlePairCurve(t *testing.T) {
	// One account from one address, failure count by failure count: 5 free, then delays,
	// then refused at 10.
	want := func(n int) Ruling {
		switch {
		case n <= 5:
			return Ruling{}
		case n == 6:
			return Ruling{Delay: 250 * time.Millisecond}
		case n == 7:
			return Ruling{Delay: 500 * time.Millisecond}
		case n == 8:
			return Ruling{Delay: time.Second}
		case n == 9:
			return Ruling{Delay: 2 * time.Second}
		default:
			return Ruling{Refused: PairRefused, RetryAfter: leftOfHour}
		}
	}
	for _, known := range []bool{false, true} {
		for n := 0; n <= 110; n++ {
			// The account has at least the pair's failures.
			got := DefaultThrottle.Decide(midWindow, LoginFailures{Pair: n, Account: n, Address: n, Known: known})
			if w := want(n); got != w {
				t.Errorf("%d pair failures (known address %v): got %+v, want %+v", n, known, got, w)
			}
		}
	}
}

func TestDefaultThrottleAccountCurve(t *testing.T) {
	// Failures of the account from other addresses only ever slow it (20 free, then 250 ms
	// doubling: 250 ms, 500 ms, 1 s, 2 s, 4 s, then 5 s), and not at all from an address known to it.
	want := func(n int) time.Duration {
		switch {
		case n <= 20:
			return 0
		case n <= 25:
			return 250 * time.Millisecond << (n - 21)
		default:
			return 5 * time.Second
		}
	}
	for n := 0; n <= 100_000; n++ {
		got := DefaultThrottle.Decide(midWindow, LoginFailures{Account: n})
		if w := (Ruling{Delay: want(n)}); got != w {
			t.Fatalf("%d account failures: got %+v, want %+v", n, got, w)
		}
		if got := DefaultThrottle.Decide(midWindow, LoginFailures{Account: n, Known: true}); got != (Ruling{}) {
			t.Fatalf("%d account failures, known address: got %+v, want no delay", n, got)
		}
	}
}

func TestDefaultThrottleAddressCurve(t *testing.T) {
	// Failures of an address never slow it; from 300 on they refuse it for accounts it is
	// not known to, and never for one it is known to.
	for n := 0; n <= 310; n++ {
		want := Ruling{}
		if n >= 300 {
			want = Ruling{Refused: AddressRefused, RetryAfter: leftOfHour}
		}
		if got := DefaultThrottle.Decide(midWindow, LoginFailures{Address: n}); got != want {
			t.Errorf("%d address failures: got %+v, want %+v", n, got, want)
		}
		if got := DefaultThrottle.Decide(midWindow, LoginFailures{Address: n, Known: true}); got != (Ruling{}) {
			t.Errorf("%d address failures, known address: got %+v, want allowed", n, got)
		}
	}
}

func TestThrottleDecide(t *testing.T) {
	hour := DefaultThrottle
	tests := []struct {
		name string
		th   Throttle
		now  time.Time
		f    LoginFailures
		want Ruling
	}{
		{"no failures", hour, midWindow, LoginFailures{}, Ruling{}},
		{"negative counts are zero", hour, midWindow, LoginFailures{Pair: -3, Account: -9, Address: -1}, Ruling{}},
		{"pair delay beats a smaller account delay", hour, midWindow, LoginFailures{Pair: 8, Account: 21}, Ruling{Delay: time.Second}},
		{"account delay beats a smaller pair delay", hour, midWindow, LoginFailures{Pair: 6, Account: 40}, Ruling{Delay: 5 * time.Second}},
		{"known address: pair delay only", hour, midWindow, LoginFailures{Pair: 7, Account: 4000, Known: true}, Ruling{Delay: 500 * time.Millisecond}},
		{"busy address under its limit is not slowed", hour, midWindow, LoginFailures{Address: 299}, Ruling{}},
		{"pair refused although the address is known", hour, midWindow, LoginFailures{Pair: 10, Account: 10, Known: true}, Ruling{Refused: PairRefused, RetryAfter: leftOfHour}},
		{"pair wins over address", hour, midWindow, LoginFailures{Pair: 10, Address: 300}, Ruling{Refused: PairRefused, RetryAfter: leftOfHour}},
		{"huge account count never refuses", hour, midWindow, LoginFailures{Account: math.MaxInt}, Ruling{Delay: 5 * time.Second}},
		{"huge pair count", hour, midWindow, LoginFailures{Pair: math.MaxInt}, Ruling{Refused: PairRefused, RetryAfter: leftOfHour}},
		{"refused at the window's first instant", hour, windowStart, LoginFailures{Pair: 10}, Ruling{Refused: PairRefused, RetryAfter: time.Hour}},
		{"refused at the window's last nanosecond", hour, windowStart.Add(time.Hour - 1), LoginFailures{Address: 300}, Ruling{Refused: AddressRefused, RetryAfter: 1}},
		{"refused in a non-UTC location", hour, midWindow.In(time.FixedZone("BRT", -3*3600)), LoginFailures{Pair: 10}, Ruling{Refused: PairRefused, RetryAfter: leftOfHour}},

		{"limits disabled, huge counts capped delay", Throttle{Window: time.Hour, PairFree: 5, BaseDelay: time.Second, MaxDelay: time.Minute}, midWindow, LoginFailures{Pair: math.MaxInt, Account: math.MaxInt, Address: math.MaxInt}, Ruling{Delay: time.Minute}},
		{"no free attempts: first failure delays", Throttle{Window: time.Hour, PairLimit: 10, BaseDelay: time.Second, MaxDelay: 8 * time.Second}, midWindow, LoginFailures{Pair: 1}, Ruling{Delay: time.Second}},
		{"no free attempts: no failure, no delay", Throttle{Window: time.Hour, PairLimit: 10, BaseDelay: time.Second, MaxDelay: 8 * time.Second}, midWindow, LoginFailures{}, Ruling{}},
		{"base above max is capped", Throttle{Window: time.Hour, AccountFree: 1, BaseDelay: 10 * time.Second, MaxDelay: 3 * time.Second}, midWindow, LoginFailures{Account: 2}, Ruling{Delay: 3 * time.Second}},
		{"cap near the largest duration does not overflow", Throttle{Window: time.Hour, BaseDelay: time.Duration(math.MaxInt64 / 3), MaxDelay: time.Duration(math.MaxInt64)}, midWindow, LoginFailures{Pair: 5}, Ruling{Delay: time.Duration(math.MaxInt64)}},
		{"zero base delay disables delays", Throttle{Window: time.Hour, PairLimit: 10, MaxDelay: time.Second}, midWindow, LoginFailures{Pair: 9, Account: 9}, Ruling{}},
		{"zero max delay disables delays", Throttle{Window: time.Hour, PairLimit: 10, BaseDelay: time.Second}, midWindow, LoginFailures{Pair: 9, Account: 9}, Ruling{}},
		{"fifteen-minute window", Throttle{Window: 15 * time.Minute, PairLimit: 3}, midWindow, LoginFailures{Pair: 3}, Ruling{Refused: PairRefused, RetryAfter: 9*time.Minute + 30*time.Second}},
		{"zero window refuses with no retry time", Throttle{IPLimit: 3}, midWindow, LoginFailures{Address: 3}, Ruling{Refused: AddressRefused}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.th.Decide(tt.now, tt.f); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestThrottleDelayIsMonotonic(t *testing.T) {
	th := Throttle{Window: time.Hour, PairFree: 3, AccountFree: 3, BaseDelay: 7 * time.Millisecond, MaxDelay: 10 * time.Second}
	prev := time.Duration(0)
	for n := 0; n <= 1000; n++ {
		d := th.Decide(midWindow, LoginFailures{Pair: n, Account: n}).Delay
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

func TestThrottleAddress(t *testing.T) {
	tests := []struct{ name, ip, want string }{
		{"IPv4 as it is", "203.0.113.7", "203.0.113.7"},
		{"IPv4 loopback", "127.0.0.1", "127.0.0.1"},
		{"IPv6 counts as its /64", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
		{"another address of the same /64", "2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"the next /64 is apart", "2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"IPv4-mapped IPv6 is its IPv4", "::ffff:203.0.113.7", "203.0.113.7"},
		{"zone dropped", "fe80::1%eth0", "fe80::/64"},
		{"not an address counts as itself", "not-an-ip", "not-an-ip"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ThrottleAddress(tt.ip); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
