//! The markup vocabulary: tag names, ARIA roles and class/id words that say what an
//! element holds — boilerplate (`clean`), the article body (`content` hints), its
//! standfirst, and the words that weigh a container's score. Works in any language because
//! it reads the markup's vocabulary, not the text. A new word is one line here.

// ---------------------------------------------------------------------------------------
// Generic cleaning (`clean`)
// ---------------------------------------------------------------------------------------

/// Elements removed wherever they are.
pub(crate) const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "link",
    "meta",
    "map",
    "video",
    "audio",
    "dialog",
    "menu",
    "img",
    "picture",
    "source",
    "track",
    "head",
    "figure",
    "figcaption",
    "rt",
    "rp",
];

/// Class/id words (after splitting on `-` and `_`) that mark an element as boilerplate.
pub(crate) const NOISE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "pub",
    "pubs",
    "publicite",
    "sponsor",
    "sponsored",
    "embed",
    "banner",
    "share",
    "sharing",
    "sharer",
    "social",
    "socials",
    "related",
    "comment",
    "comments",
    "commentaires",
    "respond",
    "reply",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "ariane",
    "sidebar",
    "popup",
    "modal",
    "overlay",
    "pagination",
    "pager",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "footer",
    "masthead",
    "toolbar",
    "tags",
    "tagcloud",
    "keywords",
    "outbrain",
    "taboola",
    "disqus",
    "promo",
    "recommended",
    "recommendations",
    "trending",
    "popular",
    "mostread",
    "print",
    "login",
    "byline",
    "meta",
    "author",
    "aussi",
    "also",
    "readmore",
    "more",
    "rating",
    "donate",
    "donation",
    "donations",
    "paywall",
    "jp",
    "sharedaddy",
    "addtoany",
    "a2a",
    "addthis",
    "prev",
    "next",
    "postnav",
    "tooltip",
    "caption",
    "credit",
    "credits",
    "copyright",
    "toc",
    "lightbox",
    "cta",
    // A debugging dump left in the page ("debug-piano": "showPaywall: false").
    "debug",
    // What a player or embed shows when it fails to load ("video-fallback": "We
    // apologize, but this video has failed to load").
    "fallback",
];

/// Substrings of a class/id token that mark boilerplate even inside a longer word.
pub(crate) const NOISE_STEMS: &[&str] = &[
    "share",
    "social",
    "comment",
    "related",
    "newsletter",
    "cookie",
    "breadcrumb",
    "sidebar",
    "sponsor",
    "advert",
    "adsbygoogle",
    "banner",
    "popup",
    "subscribe",
    "pagination",
    "outbrain",
    "taboola",
    "disqus",
    "recommend",
    "relatedposts",
    "caption",
    "copyright",
    "readalso",
    "lireaussi",
    "seealso",
    // A post's metadata line run into one token ("postmetadata" in WordPress's classic
    // theme and its descendants, "singlepostmeta"); "post-meta" is split into words.
    "postmeta",
];

/// Words of an address's path that name the publisher's offer page: subscribing,
/// donating, registering or logging in (`clean::offers`). Whole words between slashes,
/// dashes and dots, so "/abonnenten-zahl-steigt" is a story and "/abo/" an offer.
pub(crate) const OFFER_PATH_WORDS: &[&str] = &[
    "abo",
    "abonnement",
    "abonnements",
    "abonnieren",
    "abbonamento",
    "abbonamenti",
    "assinatura",
    "assinaturas",
    "subscribe",
    "subscription",
    "subscriptions",
    "suscripcion",
    "suscripciones",
    "prenumeration",
    "donate",
    "donation",
    "donations",
    "spenden",
    "membership",
    "regist",
    "register",
    "registration",
    "registrierung",
    "signup",
    "signin",
    "login",
    "anmelden",
    "paywall",
];

/// Words that mark a container of the article itself: such an element is kept when it
/// holds a large part of the page's text even if it also carries a noise word.
pub(crate) const CONTENT_WORDS: &[&str] = &[
    "content", "article", "entry", "post", "body", "text", "story", "main", "texte", "corps",
];

/// ARIA roles of page chrome.
pub(crate) const NOISE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alert",
    "menu",
    "menubar",
];

/// Class/id tokens that start a layout flag or a state ("has-sidebar", "no-comments",
/// "show-more"): they describe the page, not the box, and are skipped.
pub(crate) const LAYOUT_FLAG_PREFIXES: &[&str] = &["has-", "with-", "no-", "without-", "show-"];

/// Prefixes of responsive visibility utilities ("hidden-xs", "visible-md"): skipped tokens.
pub(crate) const RESPONSIVE_PREFIXES: &[&str] = &["hidden-", "visible-"];

/// Framework mount points around the whole page ("__next", "app"): skipped tokens.
pub(crate) const APP_ROOTS: &[&str] = &["__next", "__nuxt", "__layout", "app", "root"];

/// Utility classes that hide an element on every screen (unless a responsive utility on
/// the same element shows it on some).
pub(crate) const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "hide",
    "is-hidden",
    "u-hidden",
    "js-hidden",
    "d-none",
];

/// Text for screen readers only ("Skip to content", "Opens in a new window", "Expand the
/// box"): stems found in a class token once its dashes and underscores are dropped, so
/// that "sr-only", "u-visually-hidden", "visuallyhidden", "h-offscreen" and
/// "screen-reader-text" all match. ("invisible" is matched as a whole token only: Drupal's
/// "element-invisible" carries the "(link is external)" notes that belong to a link.)
pub(crate) const SCREEN_READER_STEMS: &[&str] = &[
    "sronly",
    "screenreader",
    "visuallyhidden",
    "hiddenvisually",
    "offscreen",
];

/// Token prefixes of boilerplate: "widget_text", "widgets-area" (a sidebar widget),
/// "skip-link", "skip-to-content" (but not ReadSpeaker's "rs_skip" around text).
pub(crate) const NOISE_PREFIXES: &[&str] = &["widget", "skip"];

/// A stem that is not noise although it contains one: "commentary" is a genre of article
/// (an opinion piece), not a comment thread.
pub(crate) const NOT_NOISE_STEM: &str = "commentar";

/// Words after "header" in a page header's token ("header-top", "header_wrapper").
pub(crate) const PAGE_HEADER_SUFFIXES: &[&str] = &[
    "top",
    "wrapper",
    "wrap",
    "inner",
    "main",
    "bar",
    "nav",
    "menu",
    "logo",
    "area",
    "container",
    "section",
    "bottom",
    "mobile",
    "desktop",
    "sticky",
];

/// Words before "header" in a page header's token ("site-header", "global_header").
pub(crate) const PAGE_HEADER_PREFIXES: &[&str] = &[
    "site", "page", "main", "global", "top", "mobile", "sticky", "fixed", "masthead",
];

/// Page header tokens written as one word.
pub(crate) const PAGE_HEADER_WORDS: &[&str] =
    &["headerbar", "siteheader", "pageheader", "globalheader"];

// ---------------------------------------------------------------------------------------
// Content choice (`content`)
// ---------------------------------------------------------------------------------------

/// Containers that CMSs and themes use for the article body, most specific first: each
/// group is a list of `itemprop` values (prefixed `@`), ids (prefixed `#`) and classes.
/// Matched in one pass over the page, not as CSS selectors.
pub(crate) const HINTS: &[&[&str]] = &[
    &["@articleBody", "@text"],
    &[
        "article-body",
        "article__body",
        "articleBody",
        "article-content",
        "article__content",
        "article-text",
        "article_text",
        "articletext",
        "article-body-content",
        "articlebody",
        "article_body",
    ],
    &[
        "entry-content",
        "post-content",
        "post-body",
        "post__content",
        "post-entry",
        "entry-body",
        "single-content",
        "post-text",
        "postcontent",
        "blog-content",
        "entry__content",
    ],
    &[
        "story-body",
        "story-content",
        "story__body",
        "news-content",
        "news-text",
        "content-article",
        "article-detail",
        "detail-content",
        "news-body",
        "news__body",
        "newstext",
    ],
    &[
        "field--name-body",
        "field-name-body",
        "#article-body",
        "#articleBody",
        "#story-body",
        "rich-text",
        "richtext",
        "text-formatted",
    ],
];

const _: () = assert!(
    HINTS.len() <= 8,
    "hint_matches keeps one flag per group in a [bool; 8]"
);

/// Class/id words of an article's standfirst (lead, teaser, excerpt…).
pub(crate) const LEAD_WORDS: &[&str] = &[
    "lead",
    "lede",
    "intro",
    "teaser",
    "excerpt",
    "abstract",
    "standfirst",
    "summary",
    "chapo",
    "chapeau",
    "sommario",
    "subtitle",
    "subheadline",
    "subline",
    "dek",
    "deck",
    "descripcion",
    "bajada",
    "hero",
    "strapline",
    "sapo",
    "entradilla",
    "vorspann",
];

/// Class/id substrings of a content container: one of them adds
/// [`CLASS_WEIGHT`](crate::extract::tuning::CLASS_WEIGHT) to its score.
pub(crate) const GOOD_CLASS_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "text", "story", "texte",
    "blog", "inhalt", "artikel",
];

/// Class/id substrings of page chrome: one of them takes
/// [`CLASS_WEIGHT`](crate::extract::tuning::CLASS_WEIGHT) from its score.
pub(crate) const BAD_CLASS_WORDS: &[&str] = &[
    "comment",
    "meta",
    "footer",
    "foot",
    "sidebar",
    "widget",
    "related",
    "share",
    "sponsor",
    "promo",
    "nav",
    "menu",
    "masthead",
    "shoutbox",
    "combx",
    "banner",
    "popup",
    "teaserlist",
    "slider",
    "carousel",
];
