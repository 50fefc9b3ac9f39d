-- The WARC record that holds an article's response, when the crawl kept a capture:
-- `crawl reextract` and the manifest find the page there.
ALTER TABLE articles ADD COLUMN warc_file TEXT;
ALTER TABLE articles ADD COLUMN warc_offset BIGINT;
