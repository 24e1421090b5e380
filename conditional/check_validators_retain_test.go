package conditional_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/internal/heaptest"
)

// The 428 kept for the last method, here after the same request twice,
// must not pin the request line the method was read from.
func TestKept428DoesNotPinTheRequestLine(t *testing.T) {
	state := func(*http.Request) (conditional.State, error) {
		return conditional.State{Exists: true, ETag: `"v1"`}, nil
	}
	h := conditional.Check(state, conditional.CheckRequirePrecondition())(http.NotFoundHandler())
	before := heaptest.Live()
	func() {
		line := "PUT /" + strings.Repeat("a", 4<<20) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
		for range 2 {
			r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(line)))
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != http.StatusPreconditionRequired {
				t.Fatalf("status %d", rec.Code)
			}
		}
	}()
	after := heaptest.Live()
	runtime.KeepAlive(h)
	if after > before+1<<20 {
		t.Errorf("Check keeps %d KiB after the request is gone", (after-before)>>10)
	}
}
