//! Every word list of the extraction cascade, kept as data apart from the code that reads
//! it (the pattern `labels` started): a new phrase, class word or `<meta>` key is one line
//! in one of these tables, and the code that matches them does not change. The tables are
//! `const`s, so lookups cost what they cost inline; modules that need a faster structure
//! (a hash set, an automaton) build it once from the table with `LazyLock`.

pub(crate) mod labels;
pub(crate) mod markup;
pub(crate) mod metadata;
pub(crate) mod text;
