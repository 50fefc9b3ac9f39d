#!/usr/bin/env bash
# Runs the WARC capture tests with warcio (the reference Python WARC library, from PyPI)
# also checking and indexing every file they write, the killed crawl's included.
# warcio goes into target/warc-venv: this script's own environment, never the test command's.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/warc-venv
if [ ! -x "$venv/bin/warcio" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q warcio
fi
CRAWL_WARCIO="$PWD/$venv/bin/warcio" cargo test --locked --test integration archive:: -- --nocapture "$@"
