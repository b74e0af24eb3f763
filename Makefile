# Annotator: `make run` opens the app on the sample article, `make test` runs the suite.
# Both create .venv and install everything first (system libraries via apt-get if missing).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SAMPLE := resources/samples/patriot-de.txt
PYTEST_WORKERS ?= 2
# The window's translations (annotator/gui/i18n.py): Qt Linguist sources, one per
# language, compiled to the .qm files the window loads (docs/packaging.md).
TRANSLATIONS := resources/translations
TS_FILES := $(wildcard $(TRANSLATIONS)/annotator_*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

.PHONY: run test test-fast test-install test-slow lint bench bench-large bench-memory bench-corpus bench-sync bench-agreement \
	fuzz example \
	screenshots dist translations \
	sysdeps clean

# The install compiles annotator/tei/*.pyx in place: it is done again when one
# changes.
$(STAMP): pyproject.toml setup.py $(wildcard annotator/tei/*.pyx)
	@bash packaging/sysdeps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)
	@$(MAKE) --no-print-directory $(QM_FILES)

# The .qm files are committed too (a build from the sdist needs no Qt tools); a test
# checks that each is what its .ts compiles to.
$(TRANSLATIONS)/%.qm: $(TRANSLATIONS)/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts sources with the window's strings (new ones come in unfinished, for
# Qt Linguist: `.venv/bin/pyside6-linguist resources/translations/annotator_de.ts`),
# then compile them. No source locations: line numbers would change the .ts at every edit.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -silent -locations none -no-obsolete \
		$(sort $(wildcard annotator/gui/*.py)) -ts $(filter-out %_en.ts,$(TS_FILES))
	$(VENV)/bin/pyside6-lupdate -silent -locations none -no-obsolete -pluralonly \
		$(sort $(wildcard annotator/gui/*.py)) -ts $(TRANSLATIONS)/annotator_en.ts
	@$(MAKE) --no-print-directory $(QM_FILES)

sysdeps:
	@bash packaging/sysdeps.sh

run: $(STAMP) $(QM_FILES)
	$(VENV)/bin/annotator $(SAMPLE)

test: $(STAMP) $(QM_FILES)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

# The fast lane for daily work: everything but the property and fuzz tests (marked
# `thorough` by tests/conftest.py), which `make test` and CI run as well.
test-fast: $(STAMP) $(QM_FILES)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(PYTEST_WORKERS) -q -m 'not install and not slow and not thorough' $(PYTEST_ARGS)

# Builds the wheel and the sdist and installs them, `pip install .` and `pipx install .`
# into new environments in a temporary folder, then uses each from elsewhere
# (tests/install/test_install.py; several minutes, pip's cache keeps the downloads).
test-install: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m install tests/install $(PYTEST_ARGS)

# The stress tests that run a minute each (pytest -m slow): the short versions are in
# `make test`.
test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check annotator tests benchmarks

# The 2 KB sample, 0.5 MB and the 5 MB reference document; documents are generated once
# into benchmarks/.cache/. BENCH_ARGS adds options, e.g. BENCH_ARGS="--markdown out.md".
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py --sizes sample,0.5,5 $(BENCH_ARGS)

# 50 MB of text with 1,000,000 annotations: minutes to generate the first time.
bench-large: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py --sizes 50 --repeat 3 $(BENCH_ARGS)

# Peak resident memory of the CLI and the window on files of 10^6 one-word paragraphs
# (plain text, a foreign TEI file, Annotator's own TEI), as a multiple of the file size.
bench-memory: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/memory.py $(BENCH_ARGS)

# The corpus's figures (issue 22) on generated German news-like documents, made once into
# benchmarks/.cache/corpus-N-s1/ (minutes for 10,000). BENCH_ARGS="--markdown" for a table.
CORPUS_SIZES ?= --documents 1000 --documents 10000
bench-corpus: $(STAMP)
	$(PY) benchmarks/corpus.py $(CORPUS_SIZES) $(BENCH_ARGS)

bench-sync: $(STAMP)
	$(PY) benchmarks/sync.py $(BENCH_ARGS)

# Agreement over 1,000 doubly annotated articles (issue 23), made once into
# benchmarks/.cache/agreement-N-s1/.
bench-agreement: $(STAMP)
	$(PY) benchmarks/agreement.py --documents 1000 $(BENCH_ARGS)

fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen HYPOTHESIS_PROFILE=long $(PY) -m pytest -n $(PYTEST_WORKERS) -q --hypothesis-show-statistics tests/test_model.py tests/test_tei_*.py tests/test_fuzz.py

# Rebuild resources/samples/patriot-de.annotated.xml in a real (offscreen) window;
# a test checks the shipped file is what this makes.
example: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_example.py

# Take the pictures of docs/images/ (and the German ones of docs/de/images/) again in
# real (offscreen) windows; look at each
# before committing it. NAMES="tei-play first-start" takes only those.
screenshots: $(STAMP)
	$(PY) packaging/make_screenshots.py $(NAMES)

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/annotator.spec

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis *.egg-info annotator/tei/_extractor.c \
		annotator/tei/_rows.c annotator/tei/_rows.*.so \
		annotator/tei/_extractor.*.so
