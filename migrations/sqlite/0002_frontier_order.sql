-- The frontier is read in (priority, newest discovered first, url) order. The first index
-- stored discovered_at ascending, so each "next URL" sorted every pending URL of the
-- site in a temporary B-tree: O(n log n) per page, which made a 100 000-URL crawl crawl.
-- With the index in the query's order the next URL is the index's first entry.
DROP INDEX urls_frontier;
CREATE INDEX urls_frontier ON urls (site, state, priority, discovered_at DESC, url);
