# Everything runs in .venv, created on first use from the pinned versions in requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2 on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1
# The build's own date (the feed's channel date, the sitemap's lastmod) is the last commit's,
# so that two builds of the same sources give the same files.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: site serve test conformance checkers check check-tutorials tutorial-images audit screenshots post bench lock clean

# mkdocs (the default), properdocs (MkDocs' fork, same hook) or zensical (no hooks: it builds the
# source that `researchsite source` writes, with the generated pages in it).
RENDERER ?= mkdocs

site: $(VENV)/.installed  ## build the site into site/ with RENDERER=mkdocs|properdocs|zensical, failing on any warning
	@case "$(RENDERER)" in \
	mkdocs) $(BIN)/mkdocs build --strict ;; \
	properdocs) $(BIN)/properdocs build --strict -f mkdocs.yml ;; \
	zensical) $(BIN)/researchsite source build/zensical && \
		(cd build/zensical && ../../$(BIN)/zensical build --strict --clean -f mkdocs.yml) && \
		rm -rf site && mv build/zensical/site site ;; \
	*) echo "RENDERER is mkdocs, properdocs or zensical, not '$(RENDERER)'"; exit 2 ;; \
	esac

serve: $(VENV)/.installed  ## live preview on http://127.0.0.1:8000 (or ADDR=host:port); edits to papers/, site_config/, content/ rebuild
	$(BIN)/mkdocs serve --strict --dirty $(if $(ADDR),--dev-addr $(ADDR))

check: $(VENV)/.installed  ## validate papers/ and site_config/ without building
	$(BIN)/researchsite check

tutorial-images:  ## build the tutorials' images (debian:bookworm, debian:trixie) from Debian's packages; needs root, podman and debootstrap
	ENGINE=$(or $(TUTORIAL_ENGINE),podman) sh tools/tutorial-images.sh

check-tutorials: $(VENV)/.installed  ## run every tutorial in a fresh container; reports in reports/tutorials/, shown by the next make site
	$(BIN)/researchsite tutorials check $(if $(TUTORIAL_ENGINE),--engine $(TUTORIAL_ENGINE))

audit: site tools/audit/node_modules/.installed  ## Lighthouse and axe-core in Debian's chromium, per page type, against the targets; then the screenshots
	$(BIN)/python tools/audit/audit.py site

screenshots: site  ## each page type at desktop and phone width, light and dark, into build/screenshots/ (index.html shows them)
	$(BIN)/python tools/audit/screenshots.py site --out build/screenshots

tools/audit/node_modules/.installed: tools/audit/package.json tools/audit/package-lock.json
	cd tools/audit && PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

post: $(VENV)/.installed  ## start a news post: make post TITLE="..." [PAPER=citekey]
	@test -n "$(TITLE)" || { echo 'usage: make post TITLE="What happened" [PAPER=citekey]'; exit 2; }
	$(BIN)/researchsite new-post "$(TITLE)" $(if $(PAPER),--paper $(PAPER))

test: site checkers  ## build the example site, then the unit and integration tests (which build real sites)
	$(BIN)/pytest -q

conformance: $(VENV)/.installed  ## agreement with the peers' own test suites (pandoc, pylatexenc, bibtexparser, pybtex, Text::BibTeX, biber, BibTeX), per suite; VERBOSE=1 lists every difference
	$(BIN)/python -m tests.conformance $(if $(VERBOSE),-v)

# The Nu Html Checker (vnu.jar, run with Java) for the tests; without npm the tests that need it
# are skipped with the reason, unless REQUIRE_HTML_VALIDATOR=1 (as in CI) makes that a failure.
checkers: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML validation tests will be skipped"; fi

# Every benchmark runs, and the target fails at the end when any of them missed a target.
bench: $(VENV)/.installed  ## speed against bibtexparser and plain mkdocs-material (median ratio per size); make serve's previews (1,000 papers, the example alone); reading the citation counts; the tutorial checker's memory
	@status=0; \
	$(BIN)/python benchmarks/bench_bibtex.py || status=1; \
	$(BIN)/python benchmarks/bench_build.py || status=1; \
	$(BIN)/python benchmarks/bench_serve.py --papers 1000 || status=1; \
	$(BIN)/python benchmarks/bench_serve.py --papers 0 || status=1; \
	$(BIN)/python benchmarks/bench_metrics.py || status=1; \
	$(BIN)/python benchmarks/bench_checker.py || status=1; \
	exit $$status

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint requirements.lock --editable '.[test]'
	touch $@

lock:  ## re-pin every dependency after changing pyproject.toml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude researchsite > requirements.lock
	rm -rf .lock-venv build

clean:
	rm -rf site $(VENV) build *.egg-info hooks/*.egg-info node_modules tools/audit/node_modules
