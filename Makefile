# vole: build, test, bench, demo. `make help` lists the targets.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build test fuzz vet bench demo help

build: ## build ./vole
	$(GO) build -ldflags "$(LDFLAGS)" -o vole ./cmd/vole

test: ## run every test (needs samtools and bcftools on PATH for the format checks)
	$(GO) vet ./...
	$(GO) test ./...

fuzz: ## run every fuzz target for FUZZTIME each (default 5s; see .ci/fuzz)
	bash .ci/fuzz

bench: build ## side-by-side runs against bwa, minimap2, bowtie, bcftools, freebayes (see bench/README.md)
	bash bench/run.sh

demo: build ## the whole pipeline on a built-in synthetic data set
	./vole demo -o demo-out

help:
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/'
