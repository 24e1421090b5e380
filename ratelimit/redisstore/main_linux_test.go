package redisstore_test

import (
	"os/exec"
	"syscall"
)

// killWithParent has Linux kill the redis-server child if the test binary
// dies before TestMain stops it.
func killWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
