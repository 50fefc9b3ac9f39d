-- An article edited after publication is written again as a new version: the new row
-- names the version it supersedes, and versions of one URL are found by its URL.
ALTER TABLE articles ADD COLUMN supersedes TEXT;
CREATE INDEX articles_url ON articles (url, fetched_at);
