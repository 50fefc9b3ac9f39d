//! Theme rules as data. Many news sites run the same few WordPress themes or SPIP; a theme
//! file under `config/themes/` names markers that recognise it in the raw HTML and the
//! selectors of its content and its noise. The built-in files are compiled in; a user's
//! `config/themes/*.toml` adds themes or replaces one of the same name.

use scraper::Selector;
use serde::Deserialize;
use std::path::Path;

static BUILTIN: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/config/themes");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: String,
    detect: Vec<String>,
    #[serde(default)]
    content: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
}

/// A compiled theme rule set.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    detect: Vec<String>,
    pub content: Vec<Selector>,
    pub remove: Vec<Selector>,
}

/// An error in a theme file, naming the file and key.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl Theme {
    /// True when one of the theme's markers occurs in the page's HTML.
    #[must_use]
    pub fn matches(&self, html: &str) -> bool {
        self.detect.iter().any(|m| html.contains(m.as_str()))
    }

    /// The raw-HTML markers that recognise the theme.
    pub fn markers(&self) -> impl Iterator<Item = &str> {
        self.detect.iter().map(String::as_str)
    }

    fn parse(file: &str, source: &str) -> Result<Self, ThemeError> {
        let raw: RawTheme = toml::from_str(source).map_err(|e| ThemeError {
            file: file.into(),
            message: crate::config::toml_message(source, &e),
        })?;
        let compile = |key: &str, list: &[String]| -> Result<Vec<Selector>, ThemeError> {
            list.iter()
                .map(|s| {
                    Selector::parse(s).map_err(|e| ThemeError {
                        file: file.into(),
                        message: format!("key `{key}`: invalid CSS selector {s:?}: {e}"),
                    })
                })
                .collect()
        };
        if raw.detect.iter().any(String::is_empty) {
            return Err(ThemeError {
                file: file.into(),
                message: "key `detect`: empty marker".into(),
            });
        }
        Ok(Self {
            content: compile("content", &raw.content)?,
            remove: compile("remove", &raw.remove)?,
            name: raw.name,
            detect: raw.detect,
        })
    }
}

/// The themes compiled into the binary.
#[must_use]
pub fn builtin() -> Vec<Theme> {
    let mut files: Vec<_> = BUILTIN
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort_by_key(|f| f.path());
    files
        .into_iter()
        .map(|f| {
            let src = f.contents_utf8().expect("built-in theme files are UTF-8");
            Theme::parse(&f.path().display().to_string(), src)
                .expect("built-in theme files are valid")
        })
        .collect()
}

/// Built-in themes overlaid with the `*.toml` files of `dir` (same name replaces).
pub fn load(dir: &Path) -> Result<Vec<Theme>, ThemeError> {
    let mut themes = builtin();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(themes);
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let file = path.display().to_string();
        let src = std::fs::read_to_string(&path).map_err(|e| ThemeError {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let theme = Theme::parse(&file, &src)?;
        themes.retain(|t| t.name != theme.name);
        themes.push(theme);
    }
    Ok(themes)
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
