package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleNewLegalBlockList() {
	blocks := middleware.NewLegalBlockList([]middleware.LegalBlock{
		{Pattern: "/books/1", BlockedBy: "https://example.com/legal", Demand: "Withheld on a court order of 2026-01-01."},
	})
	h := middleware.LegalBlocks(nil, middleware.LegalBlocksFrom(blocks))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	status := func(path string) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Code
	}
	fmt.Println(status("/books/1"), status("/books/2"))

	// The order is lifted and another arrives: swap the list while serving.
	err := blocks.Set([]middleware.LegalBlock{
		{Pattern: "/books/2", BlockedBy: "https://example.com/legal", Demand: "Withheld on a court order of 2026-06-01."},
	})
	fmt.Println(err, status("/books/1"), status("/books/2"))
	// Output:
	// 451 200
	// <nil> 200 451
}
