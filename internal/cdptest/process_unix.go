//go:build unix

package cdptest

import (
	"os/exec"
	"syscall"
)

// setProcessGroup starts the browser in a process group of its own, so
// that its helper processes (zygote, renderers, GPU) can be killed with it.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills the browser's process group (its id is the
// browser's process id); a group already gone is no error.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
