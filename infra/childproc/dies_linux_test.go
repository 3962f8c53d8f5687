package childproc

import "syscall"

func diesWithParent(a *syscall.SysProcAttr) bool { return a.Pdeathsig == syscall.SIGKILL }
