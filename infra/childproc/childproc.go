// Package childproc holds how the local tools start the programs they run (the emulators, the
// functions under the Runtime Interface Emulator, benchmark processes): each in a process
// group of its own, so that stopping the group stops its children too, and, where the system
// offers it (Linux), killed when the tool itself dies. macOS has no parent-death signal: there
// a tool killed with SIGKILL leaves its children running (a normal stop, Ctrl-C included,
// stops them).
package childproc

import "syscall"

// Group is the attributes of a child in its own process group.
func Group() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(a)
	return a
}

// Plain is the attributes of a child in its parent's process group.
func Plain() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{}
	setParentDeathSignal(a)
	return a
}
