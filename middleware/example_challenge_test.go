package middleware_test

import (
	"fmt"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleChallenge_String() {
	c := middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{
		{Name: "realm", Value: `The "Admin" \ area`},
		{Name: "charset", Value: "UTF-8"},
	}}
	fmt.Println(c)
	// Output:
	// Basic realm="The \"Admin\" \\ area", charset="UTF-8"
}
