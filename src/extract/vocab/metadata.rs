//! The metadata vocabulary: JSON-LD article types, the `<meta>` keys of each field in order
//! of trust, byline prefixes and the bylines that are not names. A new key or word is one
//! line here.

/// JSON-LD `@type`s of an article: the first object of one of these types is read.
pub(crate) const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "AdvertiserContentArticle",
    "AskPublicNewsArticle",
    "DiscussionForumPosting",
    "SatiricalArticle",
    "MedicalScholarlyArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

/// `<meta>` keys of the title in Readability's order of trust: Dublin Core, OpenGraph,
/// Weibo, `<meta name=title>`, Twitter, Parse.ly (after JSON-LD, before `<title>`).
pub(crate) const TITLE_META_KEYS: &[&str] = &[
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
];

/// `<meta>` keys of the publication date, in order of trust (after JSON-LD).
pub(crate) const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "published_time",
    "og:published_time",
];

/// `<meta>` keys of the authors (after JSON-LD); every one present is read.
pub(crate) const AUTHOR_META_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
];

/// `<meta name>` prefixes written with a dot for the colon ("DC.title" for "dc:title").
pub(crate) const DOTTED_META_PREFIXES: &[&str] = &["dc.", "dcterm.", "og.", "twitter."];

/// JSON-LD keys of the article's text, in order of trust.
pub(crate) const LD_BODY_KEYS: &[&str] = &["articleBody", "text"];

/// Byline openers cut before a list of names ("Par Awa Ouédraogo et Ali Diallo").
pub(crate) const BYLINE_PREFIXES: &[&str] = &["par ", "by ", "von ", "de "];

/// Byline openers ignored when judging a name ("de " is also a particle of names).
pub(crate) const NAME_PREFIXES: &[&str] = &["par ", "by ", "von "];

/// Bylines (folded) that are not a person or agency name.
pub(crate) const JUNK_AUTHORS: &[&str] = &[
    "la redaction",
    "redaction",
    "admin",
    "administrator",
    "administrateur",
    "staff",
    "editor",
    "editeur",
    "webmaster",
    "anonymous",
    "anonyme",
    "guest",
    "invite",
    "facebook",
    "twitter",
    "whatsapp",
    "partager",
    "share",
    "the editorial team",
    "l'equipe",
    "equipe editoriale",
    "contributor",
    "unknown",
    "redacteur",
];

/// Starts of bylines (folded) that name an editorial team, not a person.
pub(crate) const JUNK_AUTHOR_PREFIXES: &[&str] = &["la redaction", "redaction "];

/// Separators between a title and a site name that is known exactly ("Title - Site").
pub(crate) const SITE_NAME_SEPARATORS: &[&str] =
    &[" - ", " | ", " – ", " — ", " : ", " :: ", " » ", " · "];

/// Block tags that become line breaks when markup is stripped from JSON-LD text.
pub(crate) const LD_BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
];

/// How a teaser excerpt ends when the CMS cut it: WordPress "…" and "[…]", SPIP "(…)",
/// hand-made "...".
pub(crate) const CUT_ENDS: &[&str] = &["…", "...", "[…]", "[...]", "(…)", "(...)"];

/// How a byline written as text starts (folded), on sites without date or author markup:
/// "Publié le 05/03/2025 à 09:12 par Awa Traoré | Imprimer".
pub(crate) const TEXT_BYLINE_PREFIXES: &[&str] = &[
    "publie le",
    "publie par",
    "mis en ligne le",
    "posted on",
    "published on",
    "publiziert am",
    "veroffentlicht am",
];
