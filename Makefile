# The two commands of the README:
#   make        builds everything (release), runs every lesson and writes the
#               course site to output/
#   make test   runs every test, verifies every lesson, checks that output/ is
#               up to date, loads the site in headless Chromium and searches it,
#               and edits and runs cells in `lessons notebook` in Chromium
# Both install missing system packages first (scripts/install-deps).

SWIFT ?= swift
LESSONS := .build/debug/lessons
# Lesson programs link the optimized LessonKit (training runs 10-50x faster);
# the lessons tool itself is fine unoptimized, which spares building
# swift-syntax in release mode.
export LESSONKIT_BUILD_DIR := $(CURDIR)/.build/release

API_DOCS := .build/api-docs

.PHONY: all deps build docs test bench clean

all: build docs
	$(LESSONS) build lessons -o output --api-docs $(API_DOCS)

deps:
	@scripts/install-deps

# Every product (debug), plus the optimized LessonKit that lessons run on.
build: deps
	$(SWIFT) build
	$(SWIFT) build -c release --product LessonKit

# The API reference of the lesson DSL (LessonKit and TrainingCore), built by
# DocC for static hosting under output/api/ (not committed: DocC's output is
# not byte-stable). Browse it through `lessons serve --api-docs $(API_DOCS)`.
docs: deps
	rm -rf $(API_DOCS)
	$(SWIFT) package --scratch-path .build-docs --disable-sandbox \
	  --allow-writing-to-directory $(API_DOCS) generate-documentation \
	  --target TrainingCore --target LessonKit --enable-experimental-combined-documentation \
	  --transform-for-static-hosting --hosting-base-path api --output-path $(API_DOCS) \
	  --warnings-as-errors

test: build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(LESSONS) check lessons
	$(LESSONS) build --check lessons -o output
	scripts/browser-test output
	scripts/search-test output
	scripts/notebook-test $(LESSONS)

# Full benchmark against PyTorch and NumPy peers (installs them with pip).
bench: deps
	bench/run

clean:
	rm -rf .build .lessons-cache
