//! Theme rules as data. Many news sites run the same few WordPress themes or SPIP; a theme
//! file under `config/themes/` names markers that recognise it in the raw HTML and the
//! selectors of its content and its noise. The built-in files are compiled in; a user's
//! `config/themes/*.toml` adds themes or replaces one of the same name. Reading and
//! checking user files is `config::themes`'s job; this module holds the compiled rules.

use scraper::Selector;
use serde::Deserialize;

static BUILTIN: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/config/themes");

/// A theme file as written (the format shared by the built-in and the user's files).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSpec {
    pub name: String,
    pub detect: Vec<String>,
    #[serde(default)]
    pub content: Vec<String>,
    #[serde(default)]
    pub remove: Vec<String>,
}

/// A compiled theme rule set.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    detect: Vec<String>,
    pub content: Vec<Selector>,
    pub remove: Vec<Selector>,
}

impl Theme {
    /// A theme from its raw-HTML markers and compiled selectors.
    #[must_use]
    pub fn new(
        name: String,
        detect: Vec<String>,
        content: Vec<Selector>,
        remove: Vec<Selector>,
    ) -> Self {
        Self {
            name,
            detect,
            content,
            remove,
        }
    }

    /// True when one of the theme's markers occurs in the page's HTML.
    #[must_use]
    pub fn matches(&self, html: &str) -> bool {
        self.detect.iter().any(|m| html.contains(m.as_str()))
    }

    /// The raw-HTML markers that recognise the theme.
    pub fn markers(&self) -> impl Iterator<Item = &str> {
        self.detect.iter().map(String::as_str)
    }
}

/// The built-in theme files, as (path, text), sorted by path.
#[must_use]
pub fn builtin_sources() -> Vec<(String, &'static str)> {
    let mut files: Vec<_> = BUILTIN
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .map(|f| {
            let src = f.contents_utf8().expect("built-in theme files are UTF-8");
            (format!("config/themes/{}", f.path().display()), src)
        })
        .collect();
    files.sort();
    files
}

/// The themes compiled into the binary. Their files pass `config::themes`'s checks (a
/// test there says so), so nothing here can fail.
#[must_use]
pub fn builtin() -> Vec<Theme> {
    let compile = |list: &[String]| -> Vec<Selector> {
        list.iter()
            .map(|s| Selector::parse(s).expect("built-in theme selectors are valid"))
            .collect()
    };
    builtin_sources()
        .into_iter()
        .map(|(_, src)| {
            let spec: ThemeSpec = toml::from_str(src).expect("built-in theme files are valid");
            Theme::new(
                spec.name,
                spec.detect,
                compile(&spec.content),
                compile(&spec.remove),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_compile_and_detect() {
        let themes = builtin();
        assert!(themes.len() >= 6);
        let jnews = themes.iter().find(|t| t.name == "jnews").unwrap();
        assert!(jnews.matches(r#"<h1 class="jeg_post_title">x</h1>"#));
        assert!(!jnews.matches("<h1>x</h1>"));
    }
}
