package childproc

import (
	"runtime"
	"syscall"
	"testing"
)

func TestAttributes(t *testing.T) {
	tests := []struct {
		name  string
		attr  *syscall.SysProcAttr
		group bool
	}{
		{"group", Group(), true},
		{"plain", Plain(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.attr.Setpgid; got != tt.group {
				t.Errorf("Setpgid = %v, want %v", got, tt.group)
			}
			if runtime.GOOS == "linux" && !diesWithParent(tt.attr) {
				t.Error("on Linux the child must be killed when its parent dies")
			}
		})
	}
}
