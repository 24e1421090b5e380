package middleware

import (
	"errors"
	"fmt"
)

// compileLive runs compile, which panics on invalid input the way a
// constructor does, and returns its panic as an error instead, for the Set
// methods that replace a rule's data while serving.
func compileLive[T any](compile func() T) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			if s, ok := p.(string); ok {
				err = errors.New(s)
				return
			}
			err = fmt.Errorf("%v", p)
		}
	}()
	return compile(), nil
}
