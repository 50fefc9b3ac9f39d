"""Measures `crawl extract` over a folder and a WARC of real pages beside trafilatura.

Run by scripts/bench-extract-batch.sh (which installs trafilatura and warcio). Prints a
Markdown table: median wall-clock pages/s of three runs, the ratio to trafilatura with
the same number of processes, and peak RSS (from the kernel's rusage of the child).
"""

import gzip
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

RUNS = 3


def prepare(src, work):
    """Decompresses the dev-set pages into work/pages; writes work/pages.warc.gz."""
    pages = os.path.join(work, "pages")
    os.makedirs(pages)
    names = sorted(n for n in os.listdir(src) if n.endswith(".html.gz"))
    with open(os.path.join(work, "pages.warc.gz"), "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, name in enumerate(names):
            with gzip.open(os.path.join(src, name)) as f:
                body = f.read()
            with open(os.path.join(pages, name[:-3]), "wb") as f:
                f.write(body)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.invalid/{i}", "response",
                payload=io.BytesIO(body), http_headers=headers,
            )
            writer.write_record(record)
    return pages, len(names)


def repeated(pages, n, work):
    """A folder of n pages: the pages repeated, as symbolic links."""
    folder = os.path.join(work, f"repeat-{n}")
    os.makedirs(folder)
    names = sorted(os.listdir(pages))
    for i in range(n):
        name = names[i % len(names)]
        os.symlink(os.path.join(pages, name), os.path.join(folder, f"{i:06d}-{name}"))
    return folder


def timed(cmd):
    """Runs cmd (output discarded); returns its wall-clock seconds."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def peak_rss(cmd):
    """Peak RSS (MiB) of one run of cmd, read in a fresh Python process."""
    probe = (
        "import resource,subprocess,sys;"
        "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, check=True)
    return int(out.stdout) / 1024


def median_rate(cmd, pages, clean=None):
    """Median pages/s of RUNS runs; `clean` is removed before each (an output folder)."""
    times = []
    for _ in range(RUNS):
        if clean:
            shutil.rmtree(clean, ignore_errors=True)
        times.append(timed(cmd))
    return pages / statistics.median(times)


def main():
    src, crawl, trafilatura = sys.argv[1:4]
    work = tempfile.mkdtemp(prefix="bench-extract-")
    try:
        pages, n = prepare(src, work)
        warc = os.path.join(work, "pages.warc.gz")
        out = os.path.join(work, "trafilatura-out")
        no_cfg = ["--config", os.path.join(work, "no-config"), "--no-progress", "--quiet"]
        rows = []
        for threads in (1, 2):
            traf = [trafilatura, "--input-dir", pages, "--output-dir", out,
                    "--parallel", str(threads)]
            t_rate = median_rate(traf, n, clean=out)
            for label, inp in (("folder", pages), ("WARC", warc)):
                cmd = [crawl, "extract", inp, "--format", "jsonl", "--threads", str(threads), *no_cfg]
                rate = median_rate(cmd, n)
                rows.append((label, threads, rate, t_rate))
        print(f"pages: {n} (trafilatura dev set, decompressed), median of {RUNS} runs\n")
        print("| input | threads | crawl pages/s | trafilatura pages/s | ratio |")
        print("|---|---|---|---|---|")
        for label, threads, rate, t_rate in rows:
            print(f"| {label} | {threads} | {rate:.0f} | {t_rate:.0f} | {rate / t_rate:.2f}x |")
        print("\n| pages | crawl peak RSS (2 threads) |")
        print("|---|---|")
        for count in (1000, 10000):
            folder = repeated(pages, count, work)
            cmd = [crawl, "extract", folder, "--format", "jsonl", "--threads", "2", *no_cfg]
            print(f"| {count} | {peak_rss(cmd):.0f} MiB |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
