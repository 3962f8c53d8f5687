package auth

import (
	"testing"
	"time"
)

func TestNeedsTouch(t *testing.T) {
	last := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		after time.Duration
		want  bool
	}{
		{"same instant", 0, false},
		{"within the minute", 59 * time.Second, false},
		{"exactly a minute", time.Minute, false},
		{"past the minute", time.Minute + time.Millisecond, true},
		{"clock behind the last write", -time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NeedsTouch(last.Add(tc.after), last); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
