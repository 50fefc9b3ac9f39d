//! The words by which pages say what kind of page they are: JSON-LD types, WordPress,
//! SPIP and Drupal body classes, and the names of the static pages every news site has,
//! in the languages we serve (folded: lower case, no accents, see `text::fold`).

/// JSON-LD types of pages that list other pages.
pub(crate) const LISTING_TYPES: &[&str] = &["CollectionPage", "SearchResultsPage", "ProfilePage"];

/// JSON-LD types of the site's own static pages.
pub(crate) const STATIC_TYPES: &[&str] = &["ContactPage", "AboutPage"];

/// `<body>` classes of a single article (WordPress `single-post`, SPIP `page_article`,
/// Drupal `node-type-article`). Prefixes end in `-`.
pub(crate) const ARTICLE_BODY_CLASSES: &[&str] = &[
    "single-post",
    "single-format-standard",
    "postid-",
    "page_article",
    "node-type-article",
    "page-node-type-article",
];

/// `<body>` classes of listings: WordPress archives, SPIP sections and indexes.
pub(crate) const LISTING_BODY_CLASSES: &[&str] = &[
    "archive",
    "category",
    "tag",
    "author",
    "search",
    "search-results",
    "home",
    "blog",
    "paged",
    "page_rubrique",
    "page_sommaire",
    "page_mot",
    "page_auteur",
    "page_breve_liste",
];

/// `<body>` classes of a WordPress static page (`page page-id-12`). Prefixes end in `-`.
pub(crate) const STATIC_BODY_CLASSES: &[&str] = &["page-id-", "page-template-"];

/// Static pages by URL slug (the last path segment, or a SPIP `page=` name).
pub(crate) const STATIC_SLUGS: &[&str] = &[
    "contact",
    "contacts",
    "contactez-nous",
    "nous-contacter",
    "mentions-legales",
    "mentions",
    "politique-de-confidentialite",
    "confidentialite",
    "donnees-personnelles",
    "a-propos",
    "apropos",
    "qui-sommes-nous",
    "notre-equipe",
    "equipe",
    "abonnement",
    "abonnements",
    "s-abonner",
    "sabonner",
    "newsletter",
    "cgu",
    "cgv",
    "conditions-generales",
    "conditions-generales-d-utilisation",
    "conditions-d-utilisation",
    "publicite",
    "annonceurs",
    "faire-un-don",
    "plan-du-site",
    "privacy",
    "privacy-policy",
    "terms",
    "terms-of-use",
    "terms-and-conditions",
    "about",
    "about-us",
    "advertise",
    "subscribe",
    "cookies",
    "cookie-policy",
    "impressum",
    "datenschutz",
];

/// Static pages by title (folded); a title that is one of these, or starts with one and
/// is short, names a static page.
pub(crate) const STATIC_TITLES: &[&str] = &[
    "contact",
    "contacts",
    "contactez-nous",
    "nous contacter",
    "mentions legales",
    "politique de confidentialite",
    "confidentialite",
    "a propos",
    "qui sommes-nous",
    "qui sommes nous",
    "notre equipe",
    "abonnement",
    "abonnements",
    "abonnez-vous",
    "conditions generales",
    "conditions d'utilisation",
    "cgu",
    "plan du site",
    "faire un don",
    "privacy policy",
    "terms of use",
    "terms and conditions",
    "about us",
    "about",
    "advertise with us",
    "cookie policy",
];

/// Ends of a teaser excerpt: the cut text, or a "read more" link.
pub(crate) const TEASER_ENDS: &[&str] = &[
    "…",
    "...",
    "[…]",
    "[...]",
    "(…)",
    "lire la suite",
    "lire plus",
    "en savoir plus",
    "read more",
    "continue reading",
];
