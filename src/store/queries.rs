//! The SQL of the state store. Both backends run the same text (numbered `$N`
//! placeholders work in SQLite and PostgreSQL); only the frontier lease (PostgreSQL adds
//! `FOR UPDATE SKIP LOCKED`) and the claim's durability prelude differ.

pub(super) const ENQUEUE: &str =
    "INSERT INTO urls (url, site, host, kind, depth, seed, priority, discovered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (url) DO NOTHING";

pub(super) const REFRESH_SITE: &str = "UPDATE urls SET state = 'pending' WHERE site = $1 AND
     ((seed = 1 AND state = 'done' AND (fetched_at IS NULL OR fetched_at <= $3))
      OR (state = 'failed' AND attempts < $2))";

pub(super) const NEXT_URL_SQLITE: &str = "UPDATE urls SET lease_owner = $1, lease_until = $2
    WHERE url = (SELECT url FROM urls WHERE site = $3 AND state = 'pending'
                 AND (lease_until IS NULL OR lease_until < $4)
                 ORDER BY priority, discovered_at DESC, url LIMIT 1)
    RETURNING url, site, host, kind, depth, seed, attempts, etag, last_modified";

pub(super) const NEXT_URL_POSTGRES: &str = "UPDATE urls SET lease_owner = $1, lease_until = $2
    WHERE url = (SELECT url FROM urls WHERE site = $3 AND state = 'pending'
                 AND (lease_until IS NULL OR lease_until < $4)
                 ORDER BY priority, discovered_at DESC, url LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING url, site, host, kind, depth, seed, attempts, etag, last_modified";

pub(super) const FINISH: &str =
    "UPDATE urls SET state = $2, status = $3, outcome = $4, fetched_at = $5,
       etag = COALESCE($6, etag), last_modified = COALESCE($7, last_modified),
       attempts = CASE WHEN $2 = 'failed' THEN attempts + 1 ELSE 0 END,
       lease_owner = NULL, lease_until = NULL
     WHERE url = $1";

pub(super) const RELEASE_URL_LEASES: &str = "UPDATE urls SET lease_owner = NULL, lease_until = NULL
     WHERE lease_owner IS NOT NULL AND ($1 IS NULL OR lease_owner = $1)";

pub(super) const RELEASE_HOST_LEASES: &str =
    "UPDATE hosts SET lease_owner = NULL, lease_until = NULL
     WHERE lease_owner IS NOT NULL AND ($1 IS NULL OR lease_owner = $1)";

pub(super) const ADD_HOST: &str =
    "INSERT INTO hosts (host) VALUES ($1) ON CONFLICT (host) DO NOTHING";

/// One conditional UPDATE: under concurrency the row lock makes the second worker
/// re-check the condition against the first one's lease.
pub(super) const LEASE_HOST: &str = "UPDATE hosts SET lease_owner = $2, lease_until = $3
     WHERE host = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < $4)
     RETURNING next_due_at";

pub(super) const RENEW_HOST: &str = "UPDATE hosts SET lease_until = $3, next_due_at = $4
     WHERE host = $1 AND lease_owner = $2";

pub(super) const RELEASE_HOST: &str =
    "UPDATE hosts SET lease_owner = NULL, lease_until = NULL, next_due_at = $3
     WHERE host = $1 AND lease_owner = $2";

pub(super) const HOST_LEASES: &str = "SELECT host, lease_owner, lease_until FROM hosts
     WHERE lease_owner IS NOT NULL AND lease_until >= $1 ORDER BY host";

/// First statement of an article claim's transaction: durable before the file is written.
pub(super) const CLAIM_PRELUDE_SQLITE: &str = "SELECT 1";
pub(super) const CLAIM_PRELUDE_POSTGRES: &str = "SET LOCAL synchronous_commit = on";

pub(super) const CLAIM_ARTICLE: &str =
    "INSERT INTO articles (sha256, url, canonical_url, site, title, authors, published, language,
                           path, fetched_at, words, simhash, near_duplicate_of, worker, supersedes,
                           warc_file, warc_offset)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (sha256) DO NOTHING";

pub(super) const ADD_SIMHASH_BAND: &str =
    "INSERT INTO simhash_bands (band, value, sha256) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

pub(super) const CLAIM_HOLDER: &str = "SELECT url, written FROM articles WHERE sha256 = $1";

pub(super) const MARK_WRITTEN: &str = "UPDATE articles SET written = 1 WHERE sha256 = $1";

pub(super) const UNWRITTEN: &str = "SELECT url, canonical_url, site, title, authors, published,
       language, sha256, path, fetched_at, words, near_duplicate_of, supersedes,
       warc_file, warc_offset
     FROM articles WHERE written = 0 AND worker = $1 ORDER BY fetched_at";

pub(super) const DELETE_BANDS: &str = "DELETE FROM simhash_bands WHERE sha256 = $1";

pub(super) const DELETE_UNWRITTEN: &str = "DELETE FROM articles WHERE sha256 = $1 AND written = 0";

pub(super) const NEAR_DUPLICATES: &str =
    "SELECT a.sha256, a.simhash FROM simhash_bands s JOIN articles a ON a.sha256 = s.sha256
     WHERE a.sha256 <> $9 AND ((s.band = $1 AND s.value = $2) OR (s.band = $3 AND s.value = $4)
        OR (s.band = $5 AND s.value = $6) OR (s.band = $7 AND s.value = $8))
     ORDER BY a.fetched_at LIMIT 200";

/// `$2 = 1`: every version; else only the latest version of each article (those that no
/// written article supersedes).
pub(super) const EXPORT: &str = "SELECT url, canonical_url, site, title, authors, published,
       language, sha256, path, fetched_at, words, near_duplicate_of, supersedes,
       warc_file, warc_offset
     FROM articles WHERE written = 1 AND fetched_at >= $1
       AND ($2 = 1 OR sha256 NOT IN
            (SELECT supersedes FROM articles WHERE supersedes IS NOT NULL AND written = 1))
     ORDER BY fetched_at, sha256";

/// The latest written version of the article fetched from a URL.
pub(super) const LATEST_VERSION: &str = "SELECT sha256 FROM articles
     WHERE url = $1 AND written = 1 ORDER BY fetched_at DESC, sha256 LIMIT 1";

/// An article that the site says changed after we fetched it is due again (fetched
/// conditionally). Only pages that were articles: skipped and failed URLs keep their state.
pub(super) const REVISIT: &str = "UPDATE urls SET state = 'pending', attempts = 0
     WHERE url = $1 AND kind = 'article' AND state = 'done' AND fetched_at IS NOT NULL
       AND fetched_at < $2 AND outcome IN ('written', 'written_before', 'not_modified')";

pub(super) const MARK_TEMPLATE_COUNTED: &str =
    "UPDATE urls SET template_counted = 1 WHERE url = $1 AND template_counted = 0";

pub(super) const COUNT_SITE_PAGE: &str = "INSERT INTO site_pages (site, pages) VALUES ($1, 1)
     ON CONFLICT (site) DO UPDATE SET pages = site_pages.pages + 1 RETURNING pages";

pub(super) const COUNT_TEMPLATE_KEY: &str =
    "INSERT INTO site_template (site, key, pages, first_seen) VALUES ($1, $2, 1, $3)
     ON CONFLICT (site, key) DO UPDATE SET pages = site_template.pages + 1";

pub(super) const SITE_PAGES: &str = "SELECT pages FROM site_pages WHERE site = $1";

/// Shapes seen once cannot be template yet; they are counted but not loaded.
pub(super) const TEMPLATE_KEYS: &str =
    "SELECT key, pages, first_seen FROM site_template WHERE site = $1 AND pages > 1";

/// Shapes seen on one page only and not again in the site's last pages: article text.
pub(super) const PRUNE_TEMPLATE: &str =
    "DELETE FROM site_template WHERE site = $1 AND pages = 1 AND first_seen < $2";

pub(super) const STATUS_URLS: &str = "SELECT site, state,
       CASE WHEN lease_until IS NOT NULL AND lease_until >= $1 THEN 1 ELSE 0 END AS leased,
       COUNT(*) AS n FROM urls GROUP BY site, state, leased";

pub(super) const STATUS_ARTICLES: &str = "SELECT site, COUNT(*) AS n,
       SUM(CASE WHEN fetched_at >= $1 THEN 1 ELSE 0 END) AS recent
     FROM articles WHERE written = 1 GROUP BY site";

pub(super) const URLS: &str = "SELECT url, site, kind, state, outcome, status, fetched_at, attempts
     FROM urls WHERE ($1 IS NULL OR site = $1) ORDER BY site, discovered_at, url";

pub(super) const RECENT_SEEDS: &str = "SELECT COUNT(*) AS n FROM urls
     WHERE site = $1 AND seed = 1 AND state = 'done' AND fetched_at > $2";

/// `crawl reset`: a site's simhash bands, then its articles, then its frontier.
pub(super) const RESET_BANDS: &str = "DELETE FROM simhash_bands
     WHERE sha256 IN (SELECT sha256 FROM articles WHERE site = $1)";

pub(super) const RESET_ARTICLES: &str = "DELETE FROM articles WHERE site = $1";

pub(super) const RESET_URLS: &str = "DELETE FROM urls WHERE site = $1";

/// The learned template goes with the frontier: its pages will be counted again.
pub(super) const RESET_TEMPLATE: &str = "DELETE FROM site_template WHERE site = $1";
pub(super) const RESET_SITE_PAGES: &str = "DELETE FROM site_pages WHERE site = $1";
