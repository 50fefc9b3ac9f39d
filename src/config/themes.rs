//! Theme files (`config/themes/*.toml`) → compiled [`Theme`]s, checked like every other
//! configuration file: each error as `file:line: key: message`, all of them at once. The
//! theme type and its matching live in `extract::themes`; reading and checking files is
//! configuration work, so it lives here (and `extract` never depends on `config`).

use super::resolve::rules::selectors;
use super::resolve::{parse, read, toml_files, FileErrors};
use super::ConfigError;
use crate::extract::themes::{builtin, ThemeSpec};
use crate::extract::Theme;
use std::path::Path;

/// Built-in themes overlaid with the `*.toml` files of `dir` (same name replaces). A
/// missing directory means the built-in themes only.
pub fn load(dir: &Path) -> Result<Vec<Theme>, Vec<ConfigError>> {
    let mut themes = builtin();
    if !dir.is_dir() {
        return Ok(themes);
    }
    let mut errors = Vec::new();
    for path in toml_files(dir, &mut errors) {
        let theme = read(&path)
            .map_err(|e| vec![e])
            .and_then(|src| parse_theme(&path, &src));
        match theme {
            Ok(theme) => {
                themes.retain(|t| t.name != theme.name);
                themes.push(theme);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(themes)
    } else {
        Err(errors)
    }
}

/// One theme file; every bad selector or marker is reported.
pub fn parse_theme(file: &Path, src: &str) -> Result<Theme, Vec<ConfigError>> {
    let spec: ThemeSpec = parse(file, src).map_err(|e| vec![e])?;
    let mut errs = FileErrors::new(file, src);
    if spec.name.trim().is_empty() {
        errs.invalid("name", None, "must not be empty");
    }
    if spec.detect.is_empty() {
        errs.invalid("detect", None, "at least one marker is required");
    }
    if spec.detect.iter().any(String::is_empty) {
        errs.invalid("detect", None, "empty marker (it would match every page)");
    }
    let content = selectors(&mut errs, "content", &spec.content);
    let remove = selectors(&mut errs, "remove", &spec.remove);
    if errs.list.is_empty() {
        Ok(Theme::new(spec.name, spec.detect, content, remove))
    } else {
        Err(errs.list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<String> {
        parse_theme(Path::new("config/themes/t.toml"), src)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn builtin_theme_files_pass_the_checks() {
        for (path, src) in crate::extract::themes::builtin_sources() {
            let theme = parse_theme(Path::new(&path), src);
            assert!(theme.is_ok(), "{path}: {:?}", theme.err());
        }
    }

    #[test]
    fn theme_errors_name_file_line_and_key() {
        assert_eq!(
            errors("name = \"t\"\ndetect = [\"x\"]\ncontent = [\n  \".ok\",\n  \"div[\",\n]\nremove = [\"p:frobnicate\"]\n"),
            [
                "config/themes/t.toml:5: content: invalid CSS selector \"div[\": unexpected end of selector",
                "config/themes/t.toml:7: remove: invalid CSS selector \"p:frobnicate\": unsupported pseudo-class or pseudo-element \":frobnicate\"",
            ]
        );
        assert_eq!(
            errors("name = \"t\"\ndetect = [\"\"]\n"),
            ["config/themes/t.toml:2: detect: empty marker (it would match every page)"]
        );
        assert_eq!(
            errors("name = \"t\"\ndetect = [\"x\"]\n\ncontnet = [\"p\"]\n"),
            ["config/themes/t.toml:4: contnet: unknown key (known keys: name, detect, content, remove)"]
        );
        assert_eq!(
            errors("detect = [\"x\"]\n"),
            ["config/themes/t.toml:1: name: is required"]
        );
    }

    #[test]
    fn user_theme_replaces_builtin_of_same_name() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("spip.toml"),
            "name = \"spip\"\ndetect = [\"my-spip-marker\"]\ncontent = [\".texte\"]\n",
        )
        .unwrap();
        let themes = load(tmp.path()).unwrap();
        let spip: Vec<_> = themes.iter().filter(|t| t.name == "spip").collect();
        assert_eq!(spip.len(), 1);
        assert!(spip[0].matches("<div class=my-spip-marker>"));
        assert_eq!(themes.len(), builtin().len());
    }
}
