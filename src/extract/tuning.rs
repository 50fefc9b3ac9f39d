//! Every threshold of the extraction cascade, named and explained in one place, so that a
//! tuning change is one line here and a reader sees the knobs without reading the code.
//!
//! The values were set against the dev set (`../shared/extraction-devset`); change one only
//! when both halves of the trafilatura set agree (`score.py --half 0|1`). Shares between
//! integer counts are [`Ratio`]s compared in integer arithmetic, exactly as the inline
//! numbers were, so no rounding moves a decision.

/// A fraction `num / den` of a whole, compared without division or rounding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ratio {
    num: u32,
    den: u32,
}

impl Ratio {
    const fn new(num: u32, den: u32) -> Self {
        Self { num, den }
    }

    /// `part ≥ whole × num / den`.
    #[inline]
    pub(crate) fn reached(self, part: u32, whole: u32) -> bool {
        part * self.den >= whole * self.num
    }

    /// [`Ratio::reached`] on character counts of blocks.
    #[inline]
    pub(crate) fn reached_by(self, part: usize, whole: usize) -> bool {
        part * self.den as usize >= whole * self.num as usize
    }

    /// `part > whole × num / den`, on character counts of blocks.
    #[inline]
    pub(crate) fn exceeded_by(self, part: usize, whole: usize) -> bool {
        part * self.den as usize > whole * self.num as usize
    }
}

// ---------------------------------------------------------------------------------------
// Gates and fallbacks (`pipeline`)
// ---------------------------------------------------------------------------------------

/// Minimum body length (characters) for a page to count as an article.
pub const DEFAULT_MIN_CHARS: usize = 150;

/// Body text under this many characters triggers the relaxed retry: a real article rarely
/// has less, so generic cleaning probably removed its container.
pub(crate) const RETRY_CHARS: usize = 500;

/// The relaxed retry wins only with more than twice the text of the first pass…
pub(crate) const RETRY_GAIN: Ratio = Ratio::new(2, 1);

/// …and at least this many more characters, so that a tiny body does not double on noise.
pub(crate) const RETRY_MIN_EXTRA_CHARS: usize = 100;

/// JSON-LD `articleBody` replaces the markup's body only when it holds at least this many
/// characters (shorter ones are summaries)…
pub(crate) const LD_BODY_MIN_CHARS: usize = 400;

/// …and more than twice the markup's text (script-rendered or broken pages).
pub(crate) const LD_BODY_GAIN: Ratio = Ratio::new(2, 1);

/// A script string is read as the article's HTML (`scripted`) from this many bytes…
pub(crate) const SCRIPT_HTML_MIN_BYTES: usize = 400;

/// …when it holds this many paragraphs; it replaces a body under [`RETRY_CHARS`] by the
/// same rule as JSON-LD (`LD_BODY_MIN_CHARS`, `LD_BODY_GAIN`).
pub(crate) const SCRIPT_HTML_MIN_PARAGRAPHS: usize = 2;

/// A page with more body text than this is never a challenge or error shell: those are short.
pub(crate) const BLOCK_PAGE_MAX_CHARS: usize = 1500;

/// Block-page markers are looked for in the title and this many first blocks.
pub(crate) const BLOCK_PAGE_HEAD_BLOCKS: usize = 6;

/// Bytes of body text given to language detection: enough for a reliable guess, cheap.
pub(crate) const LANGUAGE_SAMPLE_BYTES: usize = 2000;

/// Readability's word-share similarity above which two titles are the same wording: an h1
/// that close to the metadata title is a title repeat, and a JSON-LD `headline` that close
/// to the `<title>` is preferred over its `name`.
pub(crate) const SIMILAR_TITLE: f32 = 0.75;

/// A heading marks the article (protects its ancestors, anchors the content choice) when
/// it repeats the title in at least this many words, so that a generic "Accueil" does not.
pub(crate) const TITLE_HEADING_MIN_WORDS: usize = 4;

// ---------------------------------------------------------------------------------------
// Line drops (`lines`)
// ---------------------------------------------------------------------------------------

/// Consecutive identical blocks shorter than this are kept once (a label rendered twice for
/// two screen sizes); a repeated paragraph is the author's.
pub(crate) const REPEATABLE_CHARS: usize = 150;

/// After a "related articles" heading, a block with at least this share of link text is a
/// teaser…
pub(crate) const TEASER_LINK_SHARE: Ratio = Ratio::new(4, 10);

/// …and so is any block shorter than this (a teaser's title without its link).
pub(crate) const TEASER_MAX_CHARS: usize = 60;

/// The first this-many kept blocks may hold a dateline with a few extra words (a section
/// name, a kicker, an author: "Pressemitteilung Aktuell 02. November 2021").
pub(crate) const FIRST_LINES: usize = 3;

/// Extra non-date words allowed in a dateline among the first lines (none further down):
/// two, for a section and a subsection or an author's first and last name.
pub(crate) const DATE_LINE_EXTRA_WORDS_FIRST: usize = 2;

/// A byline line (`bylines`) is at most this many characters…
pub(crate) const BYLINE_MAX_CHARS: usize = 100;

/// …and holds, besides an author's name and byline words, at most this many words: a
/// place, a desk or an agency ("Von Engin Haupt, MDR SACHSEN-ANHALT").
pub(crate) const BYLINE_MAX_OTHER_WORDS: usize = 3;

/// An author's name is looked for in a line when it has at least this many characters:
/// a shorter one ("dpa", "AP") is found by chance inside other words.
pub(crate) const BYLINE_NAME_MIN_CHARS: usize = 5;

/// A dateline is shorter than this (characters)…
pub(crate) const DATE_LINE_MAX_CHARS: usize = 60;

/// …and has at most this many words.
pub(crate) const DATE_LINE_MAX_WORDS: usize = 12;

/// A title repeat is at most this many times the folded title's length…
pub(crate) const TITLE_REPEAT_FACTOR: usize = 2;

/// …plus this many bytes (a kicker or a site name beside the title); longer blocks are not
/// folded at all, which keeps the check cheap.
pub(crate) const TITLE_REPEAT_SLACK_BYTES: usize = 16;

/// A heading that holds the whole title beside other words (a kicker, a site name) repeats
/// it when the title has at least this many letters and digits: shorter titles ("Sport",
/// "Interview") are words a heading may hold for its own sake.
pub(crate) const TITLE_INSIDE_MIN_CHARS: usize = 20;

/// …and the words beside it have at most two thirds as many letters and digits (a kicker
/// is shorter than its headline; a heading that quotes the title inside a sentence of its
/// own says more).
pub(crate) const TITLE_INSIDE_EXTRA_SHARE: Ratio = Ratio::new(2, 3);

/// A publisher's name is at least this long ("WELT", "BR24"): a shorter host label
/// ("br", "bbc") is a word or an initialism that a story may use for something else.
pub(crate) const PUBLISHER_NAME_MIN_CHARS: usize = 4;

/// The lines that end a body by naming the publisher ([`crate::extract::publisher`]) are
/// at most this long (a paragraph of newsletter pitch)…
pub(crate) const SELF_MENTION_MAX_CHARS: usize = 300;

/// …and at most this many are cut: a longer run is the story's own ending.
pub(crate) const SELF_MENTION_MAX_LINES: usize = 3;

/// Credit and caption lines are shorter than this; longer ones are prose.
pub(crate) const CREDIT_MAX_CHARS: usize = 200;

/// Words after the last "©" of a credit line; more make a sentence that mentions the sign.
pub(crate) const CREDIT_TAIL_MAX_WORDS: usize = 8;

/// Characters of a line's start read for a caption label ("Abbildung 12:").
pub(crate) const CAPTION_HEAD_CHARS: usize = 24;

/// Link-dense lines are shorter than this (a long paragraph with links is prose)…
pub(crate) const LINK_DENSE_MAX_CHARS: usize = 300;

/// …and have more than this share of link text.
pub(crate) const LINK_DENSE_SHARE: Ratio = Ratio::new(6, 10);

/// …unless two of its links are apart by at least this many unlinked words: a sentence
/// that links some of its phrases ("Trump imposed tariffs in 2018, prompting Mexico to
/// implement a range of retaliatory measures including duties on pork"), not a row of
/// links with separators, a date or a conjunction between them.
pub(crate) const LINKED_PHRASES_GAP_MIN_WORDS: usize = 3;

/// …or unless it opens with at least this many unlinked words that run on into its first
/// link in lower case ("According to Nato, <a>every country in the alliance achieved at
/// least 2%</a>."): a label's few words end in a colon or a dash instead.
pub(crate) const SENTENCE_BEFORE_LINK_MIN_WORDS: usize = 2;

/// Characters of an element's text shown in an `--explain` removal.
pub(crate) const EXPLAIN_TEXT_CHARS: usize = 80;

/// Classes of an element shown in an `--explain` removal.
pub(crate) const EXPLAIN_CLASSES: usize = 3;

// ---------------------------------------------------------------------------------------
// Label lines (`labels`)
// ---------------------------------------------------------------------------------------

/// Lines shorter than this (characters, folded) are checked against the short prefixes
/// ("Mehr über TV"); longer ones are sentences that happen to start that way.
pub(crate) const SHORT_LINE_CHARS: usize = 60;

/// How much of a block's start (characters) is enough to match every label and prefix.
pub(crate) const LABEL_HEAD_CHARS: usize = 100;

/// A "related articles" heading is shorter than this (bytes).
pub(crate) const RELATED_HEADING_MAX_BYTES: usize = 80;

// ---------------------------------------------------------------------------------------
// Text statistics (`dom`)
// ---------------------------------------------------------------------------------------

/// A run of text outside `<p>` this long (characters) counts as prose: pages that write
/// paragraphs as `<div>…<br>…</div>`.
pub(crate) const PROSE_RUN_CHARS: u32 = 40;

// ---------------------------------------------------------------------------------------
// Generic cleaning (`clean`)
// ---------------------------------------------------------------------------------------

/// An element holding at least this share of the page's prose…
pub(crate) const PROSE_HEAVY_SHARE: f32 = 0.5;

/// …and at least this much prose (characters) is the article: only removed when invisible
/// or never text.
pub(crate) const PROSE_HEAVY_MIN_CHARS: u32 = 200;

/// A hidden element is removed when it holds less than this share of the page's text…
pub(crate) const HIDDEN_MAX_SHARE: f32 = 0.5;

/// …or when, hiding most of it, real prose is visible beside it: at least this many
/// characters…
pub(crate) const HIDDEN_VISIBLE_MIN_PROSE: u32 = 200;

/// …and this share of the page's prose.
pub(crate) const HIDDEN_VISIBLE_SHARE: f32 = 0.3;

/// An element with a chrome ARIA role is removed below this share of the page's text.
pub(crate) const ROLE_MAX_SHARE: f32 = 0.4;

/// An `aria-hidden` element is removed below this share (some sites hide the article from
/// screen readers beside an accessible copy; a big one is kept).
pub(crate) const ARIA_HIDDEN_MAX_SHARE: f32 = 0.1;

/// A `<main>` or `<article>` with a noise class is kept above this share of the page.
pub(crate) const NOISE_LANDMARK_MIN_SHARE: f32 = 0.2;

/// An element with a noise class or id is removed below this share of the page's text…
pub(crate) const NOISE_MAX_SHARE: f32 = 0.4;

/// …and below this one when it also carries a content word ("article-comments").
pub(crate) const NOISE_IN_CONTENT_MAX_SHARE: f32 = 0.25;

/// An id of this many dash-separated words or more is a heading's slug, not vocabulary.
pub(crate) const HEADING_SLUG_MIN_WORDS: usize = 4;

// ---------------------------------------------------------------------------------------
// Content choice (`content`)
// ---------------------------------------------------------------------------------------

/// Minimum text (non-space characters) for a hinted container or an `<article>` to be
/// trusted.
pub(crate) const MIN_HINT_CHARS: u32 = 200;

/// A hinted container must hold this share of the text of all matches of its hint group: a
/// listing page repeats the hint once per teaser…
pub(crate) const HINT_DOMINANCE: Ratio = Ratio::new(6, 10);

/// …and at least this share of the prose that scoring finds.
pub(crate) const HINT_VS_SCORE: Ratio = Ratio::new(1, 2);

/// A poll's box (`clean::polls`) widens from its radio group to the parent when the parent
/// adds no more text than a question: this many characters.
pub(crate) const POLL_QUESTION_MAX_CHARS: u32 = 300;

/// A poll's box holds at most this many characters (a question and its answers).
pub(crate) const POLL_MAX_CHARS: u32 = 1500;

/// A signup box (`clean::signups`) holds at most this many characters: a pitch, a field,
/// a button and a consent line.
pub(crate) const SIGNUP_MAX_CHARS: u32 = 600;

/// …and at most this many characters of paragraph text: a pitch is a sentence or two, and
/// a box with more is the story (or part of it) around a field.
pub(crate) const SIGNUP_MAX_PROSE: u32 = 200;

/// An offer box (`clean::offers`) holds at most this many characters: a paywall notice or
/// a plea to subscribe, with its list of what the offer brings, and a pitch's prose
/// ([`SIGNUP_MAX_PROSE`]).
pub(crate) const OFFER_MAX_CHARS: u32 = 600;

/// An offer page's address segment has at most this many words ("premium-abo"); a longer
/// one is a story's slug that happens to contain an offer word.
pub(crate) const OFFER_SEGMENT_MAX_WORDS: usize = 2;

/// An offer box holding this share of the chosen content's text or more is the content
/// (an event page's description beside its "Register" button), and stays.
pub(crate) const OFFER_MAX_CONTENT_SHARE: Ratio = Ratio::new(1, 3);

/// An offer link is a button when the block around it holds at most this many characters
/// outside links (an arrow, a bullet): a link inside a sentence is the story's.
pub(crate) const OFFER_BUTTON_DECORATION_CHARS: u32 = 3;

/// A teaser card (`clean::teasers`): an `<article>` of at most this many characters (a
/// headline, a summary sentence or two, a kicker and a date) whose heading is a link.
pub(crate) const TEASER_CARD_MAX_CHARS: u32 = 600;

/// …whose heading (h2–h6) is at least this share link text: the linked headline, maybe
/// after an unlinked kicker ("Russland greift die Ukraine an: Aktuelles zum Krieg").
pub(crate) const TEASER_CARD_HEADING_LINKED: Ratio = Ratio::new(1, 3);

/// …or a box of at most that size in which a picture and a headline of at least this many
/// characters link to the same page, or in which a linked sub-heading of at least this many
/// characters is the only heading, beside a picture that is not a link…
pub(crate) const TEASER_HEADLINE_MIN_CHARS: usize = 20;

/// …a sub-heading links when a link is inside it or at most this many levels above it
/// (`<a><div><h3>…</h3></div></a>`): a link further up wraps more than the headline.
pub(crate) const TEASER_HEADLINE_LINK_MAX_DEPTH: usize = 3;

/// …widened to its parent while the parent adds at most this many characters (a label:
/// "Czytaj więcej", "Read also").
pub(crate) const TEASER_CARD_LABEL_MAX_CHARS: u32 = 40;

/// Teaser cards are kept when together they hold this share of the page's text or more:
/// the page is then a listing of them, not a story beside them.
pub(crate) const TEASER_CARDS_MAX_SHARE: Ratio = Ratio::new(1, 2);

/// A recipe's ingredient list (`ingredients`) is looked for when the metadata names at
/// least this many ingredients…
pub(crate) const INGREDIENTS_MIN: usize = 3;

/// …of which the first this many are looked for (a hostile page's list of thousands costs
/// no more than a long recipe's)…
pub(crate) const INGREDIENTS_MAX: usize = 60;

/// …and found when one element's cells say this share of them…
pub(crate) const INGREDIENTS_FOUND: Ratio = Ratio::new(2, 3);

/// …in at most this many characters (a list, not the page around it).
pub(crate) const INGREDIENTS_BOX_MAX_CHARS: u32 = 3000;

/// A slideshow (`clean::slideshows`) counts at least this many pictures "k/N".
pub(crate) const SLIDESHOW_MIN_ITEMS: usize = 3;

/// The biggest `<article>` must hold this share of all `<article>`s' text…
pub(crate) const ARTICLE_DOMINANCE: Ratio = Ratio::new(7, 10);

/// …and this share of the prose that scoring finds.
pub(crate) const ARTICLE_VS_SCORE: Ratio = Ratio::new(2, 3);

/// The scored roots inside an `<article>` are the story, not the `<article>`, when they
/// hold this share of its prose…
pub(crate) const ARTICLE_PROSE_COVERED: Ratio = Ratio::new(9, 10);

/// …and the `<article>` has more than this multiple of their text (the rest is chrome).
pub(crate) const ARTICLE_CHROME_EXTRA: Ratio = Ratio::new(6, 5);

/// A standfirst found by the page's description ([`crate::extract::metadata::Metadata`])
/// starts with the description's words, which are at least this share of its own (a
/// description is the standfirst, or the standfirst cut short).
pub(crate) const DESCRIPTION_COVERS: Ratio = Ratio::new(4, 5);

/// A standfirst has at least this many characters…
pub(crate) const LEAD_MIN_CHARS: u32 = 30;

/// …at most this many (more is a body)…
pub(crate) const LEAD_MAX_CHARS: u32 = 2000;

/// …and at most this link density (more is a teaser list).
pub(crate) const LEAD_MAX_LINK_DENSITY: f32 = 0.3;

/// The standfirst's scope is searched from the ancestor above this many levels of the
/// first root…
pub(crate) const LEAD_SCOPE_SKIP: usize = 3;

/// …up to this many levels above it.
pub(crate) const LEAD_SCOPE_LEVELS: usize = 7;

/// Widening for recall is considered only on pages with at least this much prose…
pub(crate) const WIDEN_MIN_PROSE: u32 = 400;

/// …when the chosen roots hold less than this share of it…
pub(crate) const WIDEN_COVERED: Ratio = Ratio::new(6, 10);

/// …and goes to the nearest ancestor holding this share…
pub(crate) const WIDEN_ANCESTOR_SHARE: Ratio = Ratio::new(8, 10);

/// …when that ancestor's link density is under this (otherwise it is a link list).
pub(crate) const WIDEN_MAX_LINK_DENSITY: f32 = 0.35;

// ---------------------------------------------------------------------------------------
// Readability-style scoring (`content::score`)
// ---------------------------------------------------------------------------------------

/// A paragraph shorter than this (characters) scores nothing, as in Readability.
pub(crate) const PARAGRAPH_MIN_CHARS: u32 = 25;

/// A paragraph with at least this link density is not prose.
pub(crate) const PROSE_MAX_LINK_DENSITY: f32 = 0.5;

/// A paragraph earns one point per comma, up to this many.
pub(crate) const COMMA_POINTS_MAX: f32 = 10.0;

/// …one point per this many characters…
pub(crate) const CHARS_PER_POINT: f32 = 100.0;

/// …up to this many points…
pub(crate) const LENGTH_POINTS_MAX: f32 = 3.0;

/// …and one more point per full run of this many characters: a whole article written
/// without `<p>` is worth more than one paragraph.
pub(crate) const LONG_RUN_CHARS: f32 = 500.0;

/// A paragraph's points go to this many ancestors (its parent first).
pub(crate) const SCORE_LEVELS: usize = 5;

/// Points to the third ancestor and beyond are divided by the level times this (the parent
/// gets all, the grandparent half).
pub(crate) const ANCESTOR_DECAY: f32 = 3.0;

/// Points of a class or id that names content ("article", "entry") or noise ("comment").
pub(crate) const CLASS_WEIGHT: f32 = 25.0;

/// Initial score of a sectioning container (`div`, `article`, `section`, `main`).
pub(crate) const TAG_SCORE_CONTAINER: f32 = 5.0;

/// Initial score of `pre`, `td` and `blockquote`.
pub(crate) const TAG_SCORE_TEXT: f32 = 3.0;

/// Initial score of lists, forms and addresses.
pub(crate) const TAG_SCORE_LIST: f32 = -3.0;

/// Initial score of headings and table headers.
pub(crate) const TAG_SCORE_HEADING: f32 = -5.0;

/// Candidates kept after ranking.
pub(crate) const RANKED_CANDIDATES: usize = 5;

/// A candidate scoring this share of the best one is a near-best alternative…
pub(crate) const NEAR_BEST_SHARE: f32 = 0.75;

/// …and this many of them under one ancestor make that ancestor the content.
pub(crate) const NEAR_BEST_COUNT: usize = 3;

/// The climb stops at a parent scoring under the candidate's score divided by this.
pub(crate) const CLIMB_DIVISOR: f32 = 3.0;

/// A sibling joins the content with this share of the top score…
pub(crate) const SIBLING_SHARE: f32 = 0.2;

/// …but never with less than this score.
pub(crate) const SIBLING_MIN_SCORE: f32 = 10.0;

/// Bonus, as a share of the top score, of a sibling with the top candidate's class.
pub(crate) const SIBLING_CLASS_BONUS: f32 = 0.2;

/// A text-container sibling is prose-like when its own text is at least this share of its
/// text.
pub(crate) const SIBLING_OWN_TEXT: Ratio = Ratio::new(8, 10);

/// A prose-like sibling longer than this (characters)…
pub(crate) const SIBLING_PROSE_MIN_CHARS: u32 = 80;

/// …with a link density under this joins the content.
pub(crate) const SIBLING_PROSE_MAX_LINK_DENSITY: f32 = 0.25;

// ---------------------------------------------------------------------------------------
// Metadata (`metadata`)
// ---------------------------------------------------------------------------------------

/// `<h1>`s read for the title (the first few; later ones are teasers).
pub(crate) const MAX_H1S: usize = 5;

/// `<h1>`/`<h2>`s read to tell a `<title>` that a heading repeats.
pub(crate) const MAX_HEADINGS: usize = 20;

/// Elements read by the DOM author selectors (bylines come first; later ones are teasers').
pub(crate) const AUTHOR_DOM_MATCHES: usize = 3;

/// Authors kept per article.
pub(crate) const MAX_AUTHORS: usize = 8;

/// A name longer than this (bytes, folded) is a sentence, not a byline.
pub(crate) const AUTHOR_MAX_BYTES: usize = 60;

/// A name of more words than this is a sentence, not a byline.
pub(crate) const AUTHOR_MAX_WORDS: usize = 6;

/// A name with more digits than this is a date or a phone number.
pub(crate) const AUTHOR_MAX_DIGITS: usize = 2;

/// A part of a `<title>` cut at a separator or colon needs this many words; fewer keep more.
pub(crate) const DOC_TITLE_MIN_PART_WORDS: usize = 3;

/// A title that goes on from the page's `og:title` by at least this many words (and fewer
/// than it holds) is a longer headline than the one written to stand alone; one word may be
/// a site's name run on.
pub(crate) const SOCIAL_TITLE_CUT_MIN_WORDS: usize = 2;

/// Words before a colon above which the colon is inside the title, not after a site name.
pub(crate) const DOC_TITLE_COLON_PREFIX_MAX_WORDS: usize = 5;

/// A `<title>` longer than this (characters) is implausible: the lone h1 is used.
pub(crate) const DOC_TITLE_MAX_CHARS: usize = 150;

/// A `<title>` shorter than this (characters) is implausible: the lone h1 is used.
pub(crate) const DOC_TITLE_MIN_CHARS: usize = 15;

/// A cut title of this many words or fewer falls back to the whole `<title>`, unless only
/// the hierarchy separator was cut.
pub(crate) const DOC_TITLE_SHORT_WORDS: usize = 4;

/// A text run shorter than this that ends in "…" is a label ("Chargement…"), not a teaser
/// excerpt (page-kind signal).
pub(crate) const TEASER_TEXT_MIN_BYTES: usize = 60;

/// A text byline ("Publié le … par …") is a short line; a paragraph that starts with the
/// same words is text.
pub(crate) const TEXT_BYLINE_MAX_CHARS: usize = 200;
