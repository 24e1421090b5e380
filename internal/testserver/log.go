package testserver

import (
	"bytes"
	"sync"
)

// Log is a log that a server's goroutines, or a timer's, write while a
// test reads it: a bytes.Buffer behind a mutex. Its zero value is empty
// and ready to use.
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the log.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything written so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
