package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

type dw struct{ h http.Header }

func (d *dw) Header() http.Header         { return d.h }
func (d *dw) Write(b []byte) (int, error) { return len(b), nil }
func (d *dw) WriteHeader(int)             {}

func BenchmarkZZChain(b *testing.B) {
	for _, m := range []string{"http.Error", "429-bytes", "429-limit", "429-chain", "405-chain"} {
		b.Run(m, func(b *testing.B) {
			h, _ := server(m)
			r := httptest.NewRequest("GET", "/items/42", nil)
			r.RemoteAddr = "127.0.0.1:5555"
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(&dw{h: make(http.Header)}, r)
			}
		})
	}
}
