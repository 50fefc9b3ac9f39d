use super::*;
use std::time::Duration;

fn site(src: &str) -> Result<Site, ConfigError> {
    Config::site_from_str(
        Path::new("config/sites/lefaso.toml"),
        src,
        &Global::default(),
    )
}

fn site_err(src: &str) -> String {
    site(src).unwrap_err().to_string()
}

#[test]
fn minimal_site_file_is_enough() {
    let s = site("name = \"lefaso\"\nstart_urls = [\"https://lefaso.net/\"]\ndelay = \"2s\"\n")
        .unwrap();
    assert_eq!(s.name, "lefaso");
    assert_eq!(s.delay, Duration::from_secs(2));
    assert_eq!(s.hosts, vec!["lefaso.net", "www.lefaso.net"]);
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let err =
        site_err("name = \"lefaso\"\nstart_urls = [\"https://lefaso.net/\"]\nstart_url = \"x\"\n");
    assert!(
        err.starts_with("config/sites/lefaso.toml:3: start_url: unknown key"),
        "{err}"
    );
}

#[test]
fn bad_regex_names_line_and_key() {
    let err = site_err("name = \"x\"\nstart_urls = [\"https://x.bf/\"]\narticle_patterns = [\n  '^/ok/',\n  '^/(bad/',\n]\n");
    assert!(
        err.starts_with(
            "config/sites/lefaso.toml:5: article_patterns: invalid regex \"^/(bad/\": "
        ),
        "{err}"
    );
    assert!(!err.contains('\n'), "{err}");
}

#[test]
fn bad_selector_names_extract_key() {
    let err = site_err(
        "name = \"x\"\nstart_urls = [\"https://x.bf/\"]\n[extract]\ncontent = [\"div[\"]\n",
    );
    assert_eq!(
        err,
        "config/sites/lefaso.toml:4: extract.content: invalid CSS selector \"div[\": unexpected end of selector"
    );
}

#[test]
fn path_traversal_in_site_name_is_refused() {
    let err = site_err("name = \"../../etc\"\nstart_urls = [\"https://x.bf/\"]\n");
    assert!(err.contains(":1: name: "), "{err}");
}

#[test]
fn secrets_are_redacted_in_debug() {
    let s = site(
        "name = \"x\"\nstart_urls = [\"https://x.bf/\"]\n[headers]\nCookie = \"session=hunter2\"\n",
    )
    .unwrap();
    assert!(!format!("{s:?}").contains("hunter2"));
    assert_eq!(s.headers[0].1.expose(), "session=hunter2");
}

#[test]
fn wrong_type_is_a_syntax_error_with_position() {
    let err = site_err("name = \"x\"\nstart_urls = \"https://x.bf/\"\n");
    assert_eq!(
        err,
        "config/sites/lefaso.toml:2: start_urls: expected an array of strings (URLs), found a string"
    );
}

#[test]
fn type_errors_name_the_key_in_plain_words() {
    let base = "name = \"x\"\nstart_urls = [\"https://x.bf/\"]\n";
    for (extra, want) in [
        (
            "page_budget = \"lots\"\n",
            "3: page_budget: expected a positive integer, found a string",
        ),
        (
            "[extract]\ntitle = [\"h1\"]\n",
            "4: extract.title: expected a string (a CSS selector), found an array",
        ),
        (
            "[headers]\nCookie = 5\n",
            "4: headers.Cookie: expected a string, found an integer",
        ),
        (
            "delay = \"soon\"\n",
            "3: delay: expected a duration such as \"1s\" or \"500ms\", found \"soon\"",
        ),
        (
            "max_depth = -1\n",
            "3: max_depth: expected a positive integer, found -1",
        ),
        (
            "enabled = \"yes\"\n",
            "3: enabled: expected true or false, found a string",
        ),
    ] {
        let err = site_err(&format!("{base}{extra}"));
        assert_eq!(err, format!("config/sites/lefaso.toml:{want}"));
    }
}

#[test]
fn every_bad_value_of_a_site_file_is_reported() {
    let err = site_err(
        "name = \"x\"\nstart_urls = [\"ftp://x.bf/\", \"https://x.bf/\"]\nfeeds = [\"not a url\"]\n[extract]\ncontent = [\"div[\", \"p\"]\nremove = [\"a[=x]\"]\n",
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "config/sites/lefaso.toml:2: start_urls: \"ftp://x.bf/\" is not an http(s) URL",
            "config/sites/lefaso.toml:3: feeds: invalid URL \"not a url\": relative URL without a base",
            "config/sites/lefaso.toml:5: extract.content: invalid CSS selector \"div[\": unexpected end of selector",
            "config/sites/lefaso.toml:6: extract.remove: invalid CSS selector \"a[=x]\": expected an attribute name after \"[\", found \"=\"",
        ]
    );
}

/// A config directory in a temp dir, from (relative path, contents) pairs.
fn config_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("sites")).unwrap();
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

const TWO_SITES: &[(&str, &str)] = &[
    (
        "crawl.toml",
        "out = \"file-out\"\nstate = \"sqlite://file.db\"\npage_budget = 50\n",
    ),
    (
        "sites/a.toml",
        "start_urls = [\"https://a.bf/\"]\npage_budget = 7\n",
    ),
    ("sites/b.toml", "start_urls = [\"https://b.bf/\"]\n"),
];

#[test]
fn precedence_file_over_default() {
    let tmp = config_dir(TWO_SITES);
    let cfg = Config::load(tmp.path()).unwrap();
    assert_eq!(cfg.global.out, PathBuf::from("file-out"));
    assert_eq!(cfg.global.state, "sqlite://file.db");
    assert_eq!(cfg.global.page_budget, 50);
    let budgets: Vec<_> = cfg.sites.iter().map(|s| s.page_budget).collect();
    assert_eq!(budgets, [7, 50], "site file > global file");
    let bare = config_dir(&[("sites/b.toml", "start_urls = [\"https://b.bf/\"]\n")]);
    let cfg = Config::load(bare.path()).unwrap();
    assert_eq!(cfg.global.out, Global::default().out);
    assert_eq!(cfg.sites[0].page_budget, Global::default().page_budget);
}

#[test]
fn precedence_command_line_over_files() {
    let tmp = config_dir(TWO_SITES);
    let ov = Overrides {
        out: Some(PathBuf::from("cli-out")),
        state: Some("sqlite::memory:".into()),
        budget: Some(3),
        warc: None,
    };
    let cfg = Config::load_with(tmp.path(), &ov).unwrap();
    assert_eq!(cfg.global.out, PathBuf::from("cli-out"));
    assert_eq!(cfg.global.state, "sqlite::memory:");
    assert_eq!(cfg.global.page_budget, 3);
    let budgets: Vec<_> = cfg.sites.iter().map(|s| s.page_budget).collect();
    assert_eq!(
        budgets,
        [3, 3],
        "--budget overrides every site's page_budget"
    );
}

#[test]
fn bad_state_flag_is_named() {
    let tmp = config_dir(TWO_SITES);
    let ov = Overrides {
        state: Some("mysql://db".into()),
        ..Overrides::default()
    };
    let err = Config::load_with(tmp.path(), &ov).unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::StateUrl {
                flag: "--state",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "--state: unsupported state URL \"mysql://db\": use sqlite://PATH or postgres://…"
    );
}

#[test]
fn a_good_state_flag_hides_a_bad_file_state() {
    let tmp = config_dir(&[
        ("crawl.toml", "state = \"mysql://db\"\n"),
        ("sites/b.toml", "start_urls = [\"https://b.bf/\"]\n"),
    ]);
    let err = Config::load(tmp.path()).unwrap_err().to_string();
    assert!(err.ends_with("crawl.toml:1: state: unsupported state URL \"mysql://db\": use sqlite://PATH or postgres://…"), "{err}");
    let ov = Overrides {
        state: Some("sqlite://ok.db".into()),
        ..Overrides::default()
    };
    assert_eq!(
        Config::load_with(tmp.path(), &ov).unwrap().global.state,
        "sqlite://ok.db"
    );
}

#[test]
fn errors_of_all_files_are_reported_together() {
    let tmp = config_dir(&[
        ("crawl.toml", "concurrency = 0\nread_timeout = \"0s\"\n"),
        (
            "sites/a.toml",
            "start_urls = [\"https://a.bf/\"]\npage_budget = \"lots\"\n",
        ),
        (
            "sites/b.toml",
            "start_urls = [\"https://b.bf/\"]\n[extract]\ntitle = \"h1[\"\n",
        ),
        (
            "themes/t.toml",
            "name = \"t\"\ndetect = [\"x\"]\ncontent = [\"div[\"]\n",
        ),
    ]);
    let err = Config::load(tmp.path()).unwrap_err();
    assert!(matches!(err, ConfigError::Many(_)));
    let dir = tmp.path().display();
    let want = [
        format!("{dir}/crawl.toml:1: concurrency: must be at least 1"),
        format!("{dir}/crawl.toml:2: read_timeout: must be longer than 0s"),
        format!("{dir}/sites/a.toml:2: page_budget: expected a positive integer, found a string"),
        format!("{dir}/sites/b.toml:3: extract.title: invalid CSS selector \"h1[\": unexpected end of selector"),
        format!("{dir}/themes/t.toml:3: content: invalid CSS selector \"div[\": unexpected end of selector"),
    ];
    assert_eq!(err.to_string().lines().collect::<Vec<_>>(), want);
    assert_eq!(err.errors().len(), 5);
}

#[test]
fn duplicate_site_names_are_refused() {
    let tmp = config_dir(&[
        (
            "sites/a.toml",
            "name = \"same\"\nstart_urls = [\"https://a.bf/\"]\n",
        ),
        (
            "sites/b.toml",
            "start_urls = [\"https://b.bf/\"]\nname = \"same\"\n",
        ),
    ]);
    let err = Config::load(tmp.path()).unwrap_err().to_string();
    let want = format!(
        "{}:2: name: site name \"same\" is also used by {}",
        tmp.path().join("sites/b.toml").display(),
        tmp.path().join("sites/a.toml").display()
    );
    assert_eq!(err, want);
}

#[test]
fn missing_or_wrong_config_dir_is_an_error() {
    let err = Config::load(Path::new("/nonexistent/config")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "config directory not found: /nonexistent/config"
    );
    let tmp = tempfile::tempdir().unwrap();
    let err = Config::load(tmp.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a configuration directory (no sites/ inside)",
            tmp.path().display()
        )
    );
    let file = tmp.path().join("crawl.toml");
    std::fs::write(&file, "").unwrap();
    assert!(matches!(
        Config::load(&file),
        Err(ConfigError::NoConfigDir { .. })
    ));
}
