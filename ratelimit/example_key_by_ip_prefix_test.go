package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleKeyByIPPrefix() {
	byAddress := ratelimit.KeyByIPPrefix(128) // each IPv6 address its own bucket
	by48 := ratelimit.KeyByIPPrefix(48)       // one bucket per /48 site
	for _, peer := range []string{"[2001:db8:1:2::7]:443", "192.0.2.1:443"} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = peer
		a, _ := byAddress(r)
		s, _ := by48(r)
		fmt.Println(a, s)
	}
	// Output:
	// 2001:db8:1:2::7 2001:db8:1::/48
	// 192.0.2.1 192.0.2.1
}
