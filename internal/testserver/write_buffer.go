package testserver

import "net"

// SetWriteBuffer sets the size of the client's socket send buffer, so a
// large upload blocks until the server reads it, as it does over a slow
// link, instead of vanishing into the kernel's buffers of a loopback
// connection.
func (c *Conn) SetWriteBuffer(bytes int) error {
	if tc, ok := c.conn.(*net.TCPConn); ok {
		return tc.SetWriteBuffer(bytes)
	}
	return nil
}
