# The two commands of the README:
#   make        builds everything (release) and runs the training benchmark smoke run
#   make test   runs every test
# Both install missing system packages first (scripts/install-deps).

SWIFT ?= swift
RELEASE := -c release

.PHONY: all deps build test bench clean

all: build
	$(SWIFT) run $(RELEASE) bench --quick

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build $(RELEASE)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Full benchmark against PyTorch and NumPy peers (installs them with pip).
bench: deps
	bench/run

clean:
	rm -rf .build
