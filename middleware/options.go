package middleware

import "fmt"

// applyOptions applies opts to c in order. A nil option panics, naming the
// constructor and the option's index in opts.
func applyOptions[O ~func(*C), C any](constructor string, c *C, opts []O) {
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("middleware: %s: option %d is nil", constructor, i))
		}
		opt(c)
	}
}
