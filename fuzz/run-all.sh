#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) one after the other, each seeded with the
# repository's own fixtures (HTML pages, robots.txt files, sitemaps and feeds, site URLs).
# Corpora grow in fuzz/corpus/<target> (not committed); crashes land in fuzz/artifacts/.
# Needs `cargo install cargo-fuzz`; the stable toolchain with RUSTC_BOOTSTRAP=1, no sanitizer
# (safe Rust: libFuzzer's coverage guidance is what finds panics and hangs).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
targets=${TARGETS:-"canonical robots sitemap_feed decode extract"}
export RUSTC_BOOTSTRAP=1
root=..
seed() { # target, files…
    local dir="corpus/$1"; shift
    mkdir -p "$dir"
    for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
}
seed extract $root/fixtures/sites/*/*.html $root/fixtures/sites/*/posts/*.html $root/tests/fixtures/themes/*.html
seed decode $root/fixtures/sites/*/*.html $root/tests/fixtures/themes/*.html
seed robots $root/fixtures/sites/*/robots.txt
seed sitemap_feed $root/fixtures/sites/*/*.xml
mkdir -p corpus/canonical
grep -rhoE 'https?://[^"<> ]+' $root/fixtures/sites | sort -u | head -200 | while read -r u; do
    printf '%s' "$u" > "corpus/canonical/seed-$(printf '%s' "$u" | sha1sum | cut -c1-12)"
done
cargo fuzz build -s none
for t in $targets; do
    echo "== $t: $secs s"
    cargo fuzz run -s none "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 2>&1 \
        | tee "fuzz-$t.log" | grep -E '^(Done|#[0-9]+ *DONE)|panicked|ERROR|SUMMARY' || true
done
