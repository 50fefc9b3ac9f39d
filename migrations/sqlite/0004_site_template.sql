-- What a site's article pages have in common (see src/page/template.rs): for each line
-- shape, on how many of the site's pages it was seen, and the site's page number when it
-- first was; and how many article pages of the site were seen.
CREATE TABLE site_pages (
    site  TEXT PRIMARY KEY,
    pages BIGINT NOT NULL
);
CREATE TABLE site_template (
    site       TEXT   NOT NULL,
    key        TEXT   NOT NULL,
    pages      BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    PRIMARY KEY (site, key)
);
-- An article's lines are counted once, whatever number of times it is fetched (a killed
-- run fetches it again).
ALTER TABLE urls ADD COLUMN template_counted INTEGER NOT NULL DEFAULT 0;
