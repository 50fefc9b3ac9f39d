//! Discovery: where article URLs come from — robots.txt `Sitemap:` lines, sitemaps,
//! feeds, and links on start, section and pagination pages.

pub mod feed;
pub mod links;
pub mod sitemap;
