package middleware

import (
	"errors"
	"net/http"
	"time"
)

// errNoReadDeadline reports a ResponseWriter chain without a read
// deadline.
var errNoReadDeadline = errors.New("middleware: the ResponseWriter offers no read deadline")

// setReadDeadline sets the connection's read deadline as
// [http.ResponseController.SetReadDeadline] does, following Unwrap
// through wrappers, without allocating the controller.
func setReadDeadline(w http.ResponseWriter, deadline time.Time) error {
	for {
		switch t := w.(type) {
		case interface{ SetReadDeadline(time.Time) error }:
			return t.SetReadDeadline(deadline)
		case interface{ Unwrap() http.ResponseWriter }:
			w = t.Unwrap()
		default:
			return errNoReadDeadline
		}
	}
}
