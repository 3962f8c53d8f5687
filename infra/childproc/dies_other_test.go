//go:build !linux

package childproc

import "syscall"

func diesWithParent(*syscall.SysProcAttr) bool { return false }
