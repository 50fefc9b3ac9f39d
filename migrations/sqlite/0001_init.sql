-- Crawl state: the frontier (every URL ever discovered, with its fetch outcome and
-- validators) and the articles of record (one row per distinct content hash).
-- Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE urls (
    url           TEXT PRIMARY KEY,
    site          TEXT    NOT NULL,
    host          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    depth         INTEGER NOT NULL DEFAULT 0,
    seed          INTEGER NOT NULL DEFAULT 0,
    priority      INTEGER NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending',
    attempts      INTEGER NOT NULL DEFAULT 0,
    discovered_at BIGINT  NOT NULL,
    fetched_at    BIGINT,
    status        INTEGER,
    etag          TEXT,
    last_modified TEXT,
    outcome       TEXT,
    lease_owner   TEXT,
    lease_until   BIGINT
);
CREATE INDEX urls_frontier ON urls (site, state, priority, discovered_at);
CREATE INDEX urls_host ON urls (host, state);

CREATE TABLE articles (
    sha256            TEXT PRIMARY KEY,
    url               TEXT    NOT NULL,
    canonical_url     TEXT    NOT NULL,
    site              TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    authors           TEXT    NOT NULL,
    published         TEXT,
    language          TEXT,
    path              TEXT    NOT NULL,
    fetched_at        BIGINT  NOT NULL,
    words             INTEGER NOT NULL,
    simhash           BIGINT  NOT NULL,
    near_duplicate_of TEXT,
    worker            TEXT    NOT NULL,
    written           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_fetched ON articles (fetched_at);
CREATE INDEX articles_site ON articles (site, fetched_at);

-- Four 16-bit bands of each article's simhash: two texts within Hamming distance 3
-- share at least one band, so near-duplicate candidates are an index lookup.
CREATE TABLE simhash_bands (
    band   INTEGER NOT NULL,
    value  INTEGER NOT NULL,
    sha256 TEXT    NOT NULL,
    PRIMARY KEY (band, value, sha256)
);

-- Per-host pacing and leases, shared by all workers of a crawl.
CREATE TABLE hosts (
    host        TEXT PRIMARY KEY,
    next_due_at BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until BIGINT
);
