package testserver

import "net"

// CloseWrite ends the client's side of the connection, as a client that
// stops sending mid-request does, while its responses can still be read.
func (c *Conn) CloseWrite() error {
	if tc, ok := c.conn.(*net.TCPConn); ok {
		return tc.CloseWrite()
	}
	return c.conn.Close()
}

// Close closes the connection, as a client that vanishes does.
func (c *Conn) Close() error {
	return c.conn.Close()
}
