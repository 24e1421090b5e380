# fourxx: `make test` checks everything CI checks; `make run` starts the demo.
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
ADDR        ?= 127.0.0.1:8080
BENCH       ?= .
FUZZTIME    ?= 30s
# Every Go module of the repository: the core and the nested ones.
MODULES     := $(shell find . -name go.mod -not -path './.git/*' -exec dirname {} \; | sort)

.PHONY: test fmt-check vet staticcheck unit bench bench-refusals fuzz cover run

## test: gofmt check, go vet, staticcheck and the race-enabled tests (fuzz seed corpora included) of every module
test: fmt-check vet staticcheck unit

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	@set -e; for m in $(MODULES); do echo "go vet $$m"; (cd $$m && $(GO) vet ./...); done

staticcheck:
	@set -e; for m in $(MODULES); do echo "staticcheck $$m"; (cd $$m && $(STATICCHECK) ./...); done

unit:
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) test -race -count=1 ./...); done

## bench: every benchmark with allocations (BENCH=regexp selects)
bench:
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) test -run='^$$' -bench='$(BENCH)' -benchmem ./...); done

## bench-refusals: BENCHMARKS.md from one run: every refusal beside its peers', and a wrk flood (needs wrk)
bench-refusals:
	GO=$(GO) ./scripts/bench-refusals.sh

## fuzz: each fuzz target for FUZZTIME (default 30s)
fuzz:
	@set -e; for m in $(MODULES); do \
	  (cd $$m && for p in $$($(GO) list ./...); do \
	    for f in $$($(GO) test -list '^Fuzz' $$p | grep '^Fuzz' || true); do \
	      echo "fuzz $$p $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$p; \
	    done; \
	  done); \
	done

## cover: coverage per module, summarised per function
cover:
	@set -e; for m in $(MODULES); do \
	  (cd $$m && $(GO) test -count=1 -coverprofile=cover.out ./... && $(GO) tool cover -func=cover.out | tail -n 1 && rm -f cover.out); \
	done

## run: the demo server on ADDR (default 127.0.0.1:8080)
run:
	$(GO) run ./examples/server -addr $(ADDR)
