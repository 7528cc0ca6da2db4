# The two commands of the README:
#   make        builds everything (release), runs every lesson and writes the
#               course site to output/
#   make test   runs every test, verifies every lesson, checks that output/ is
#               up to date, and loads the site in headless Chromium
# Both install missing system packages first (scripts/install-deps).

SWIFT ?= swift
LESSONS := .build/debug/lessons
# Lesson programs link the optimized LessonKit (training runs 10-50x faster);
# the lessons tool itself is fine unoptimized, which spares building
# swift-syntax in release mode.
export LESSONKIT_BUILD_DIR := $(CURDIR)/.build/release

.PHONY: all deps build test bench clean

all: build
	$(LESSONS) build lessons -o output

deps:
	@scripts/install-deps

# Every product (debug), plus the optimized LessonKit that lessons run on.
build: deps
	$(SWIFT) build
	$(SWIFT) build -c release --product LessonKit

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
