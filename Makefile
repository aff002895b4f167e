# The example site in this repository is dated November 2026; it is built
# as of this day so that every candidate's page is live in it.
EXAMPLE_TODAY ?= 2026-11-23
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
COMMIT_DATE ?= $(shell git log -1 --format=%cI 2>/dev/null)
GO ?= go

.PHONY: build candor serve test lint fuzz bench dist wine-test clean

build: candor
	./bin/candor build --today $(EXAMPLE_TODAY)

serve: candor
	./bin/candor serve --today $(EXAMPLE_TODAY) --drafts

candor:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(COMMIT_DATE)" -o bin/candor ./cmd/candor

# Fuzzing for a count of inputs (about 10 seconds each here), not a
# duration: Go before 1.27 can fail a fuzz run at its time limit with
# "context deadline exceeded" and no failing input (go.dev/issue/75804).
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./internal/server ./internal/build
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=200000x -fuzzminimizetime=3s ./internal/matter
	$(GO) test -run='^$$' -fuzz=FuzzLoad -fuzztime=50000x -fuzzminimizetime=3s ./internal/content
	$(GO) test -run='^$$' -fuzz=FuzzMarkdown -fuzztime=80000x -fuzzminimizetime=3s ./internal/render

# staticcheck at a pinned version, fetched through the Go module proxy.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=5m ./internal/matter
	$(GO) test -run='^$$' -fuzz=FuzzLoad -fuzztime=5m ./internal/content
	$(GO) test -run='^$$' -fuzz=FuzzMarkdown -fuzztime=5m ./internal/render

# Whole builds beside Hugo and the bare pipeline (internal/perf), and every
# stage's testing.B benchmark. CANDOR_BENCH_100K=1 adds 100,000 candidates.
bench:
	@command -v hugo >/dev/null && test -x /usr/bin/time || (apt-get update -qq && apt-get install -y -qq hugo time)
	$(GO) test -run='^$$' -bench=WholeBuild -benchtime=1x -timeout=60m ./internal/perf
	$(GO) test -run='^$$' -bench=. -benchmem -skip=WholeBuild ./internal/...

# Release archives for linux, darwin and windows on amd64 and arm64, and
# dist/checksums.txt, as .goreleaser.yaml says: a snapshot of this commit.
# GoReleaser at a pinned version, through the Go module proxy.
GORELEASER ?= $(GO) run github.com/goreleaser/goreleaser/v2@v2.15.1

DIST_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null | sed 's/^v//')

dist:
	CANDOR_VERSION=$(DIST_VERSION) CANDOR_COMMIT=$(COMMIT) CANDOR_DATE=$(COMMIT_DATE) \
	CANDOR_TIMESTAMP=$$(git log -1 --format=%ct) \
	$(GORELEASER) release --snapshot --clean --skip=publish

# The file-handling packages' tests and candor.exe under Wine (needs wine64
# and gcc-mingw-w64-x86-64-win32; see .ci/wine-test).
wine-test:
	.ci/wine-test

clean:
	rm -rf bin public dist
