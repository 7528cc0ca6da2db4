# The two commands of the README:
#   make        builds everything (release) and runs every lesson
#   make test   runs every test, then verifies every lesson
# Both install missing system packages first (scripts/install-deps).

SWIFT ?= swift
LESSONS := .build/release/lessons

.PHONY: all deps build test check bench clean

all: build
	$(LESSONS) check lessons

deps:
	@scripts/install-deps

# Release build of every product: the lessons tool, LessonKit (which lesson
# programs link against) and the benchmark.
build: deps
	$(SWIFT) build -c release

test: build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(LESSONS) check lessons

# Full benchmark against PyTorch and NumPy peers (installs them with pip).
bench: deps
	bench/run

clean:
	rm -rf .build .lessons-cache
