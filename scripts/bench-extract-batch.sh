#!/usr/bin/env bash
# Benchmark of `crawl extract` over many pages (issue: WARC capture and re-extraction):
# pages/s over a directory of real pages and over a WARC of the same pages, with 1 and
# 2 threads, beside trafilatura 2.3.1 in the same run; peak RSS with 1 000 and 10 000
# pages (the same pages repeated) to show that memory stays flat.
#
#   scripts/bench-extract-batch.sh [DEVSET_DIR]     (default ../shared/extraction-devset)
#
# Installs trafilatura 2.3.1 and warcio (to write the WARC) from PyPI into
# target/bench-venv: the bench's own environment, never the test command's.
set -euo pipefail
cd "$(dirname "$0")/.."
devset=${1:-../shared/extraction-devset}
venv=target/bench-venv
if [ ! -x "$venv/bin/trafilatura" ] || [ ! -x "$venv/bin/warcio" ]; then
  python3 -m venv "$venv"
  # lxml_html_clean: lxml 6 split the module jusText (a trafilatura dependency) imports.
  "$venv/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean warcio
fi
cargo build --release --locked --quiet
exec "$venv/bin/python" scripts/bench_extract_batch.py "$devset/trafilatura" target/release/crawl "$venv/bin/trafilatura"
