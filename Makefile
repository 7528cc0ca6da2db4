# The two commands of the README:
#   make        builds everything (release), runs every lesson and writes the
#               course site to output/
#   make test   runs every test, verifies every lesson, checks that output/ is
#               up to date, and loads the site in headless Chromium
# Both install missing system packages first (scripts/install-deps).

SWIFT ?= swift
LESSONS := .build/release/lessons

.PHONY: all deps build test bench clean

all: build
	$(LESSONS) build lessons -o output

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
	$(LESSONS) build --check lessons -o output
	scripts/browser-test output

# Full benchmark against PyTorch and NumPy peers (installs them with pip).
bench: deps
	bench/run

clean:
	rm -rf .build .lessons-cache
