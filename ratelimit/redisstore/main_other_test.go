//go:build !linux

package redisstore_test

import "os/exec"

// killWithParent does nothing where the OS cannot tie a child's life to
// its parent's; TestMain still stops the server.
func killWithParent(*exec.Cmd) {}
