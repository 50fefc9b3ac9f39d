//! Discovery: where article URLs come from — robots.txt `Sitemap:` lines, sitemaps,
//! feeds, and links on start, section and pagination pages — and, in [`policy`], the one
//! rule that says what each URL is.

pub mod feed;
pub mod links;
pub mod policy;
pub mod seeds;
pub mod sitemap;
