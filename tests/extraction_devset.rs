//! Guard test: extraction quality on the three sets of the shared dev set, each hash half
//! apart, bodies and titles, must not fall below the floors in
//! `tests/extraction_floor.toml` (which only ever go up).
//!
//! The pages live outside the repository (`../shared/extraction-devset`, relative to the
//! crate); when they are absent the test says it was skipped and passes. Each page goes
//! through the page stage as `crawl extract --url URL FILE` runs it (a page refused for
//! its kind is still scored, as `crawl extract` still prints it), and the metrics are
//! those of `score.py`: trafilatura counts "with"/"without" snippets over all pages; news
//! and readability average a bag-of-words F1 per page and count exact titles. A page is
//! in half 0 when the SHA-256 of its id starts with 0-7.
//!
//! Set `EXTRACT_DUMP=/some/dir` to also write each page's output as `<id>.txt`.

use crawl::extract::{Extractor, SiteRules};
use crawl::page::{self, RawPage};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn root() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/extraction-devset");
    dir.join("trafilatura/evaldata.json")
        .is_file()
        .then_some(dir)
}

/// One page with its gold.
struct Page {
    id: String,
    url: String,
    path: PathBuf,
    gold: Gold,
}

enum Gold {
    Snippets {
        with: Vec<String>,
        without: Vec<String>,
    },
    Text {
        body: String,
        title: Option<String>,
    },
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("dev set file")).expect("JSON")
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn pages(root: &Path, set: &str) -> Vec<Page> {
    let dir = root.join(set);
    let mut out = Vec::new();
    match set {
        "trafilatura" => {
            let data = read_json(&dir.join("evaldata.json"));
            for (id, rec) in data.as_object().expect("pages") {
                out.push(Page {
                    id: id.clone(),
                    url: rec["url"].as_str().unwrap_or("").to_owned(),
                    path: dir.join(rec["file"].as_str().expect("file")),
                    gold: Gold::Snippets {
                        with: strings(&rec["with"]),
                        without: strings(&rec["without"]),
                    },
                });
            }
        }
        "news" => {
            let data = read_json(&dir.join("gold.json"));
            for (id, rec) in data.as_object().expect("pages") {
                out.push(Page {
                    id: id.clone(),
                    url: rec["url"]
                        .as_str()
                        .filter(|u| !u.is_empty())
                        .unwrap_or("https://example.com/article")
                        .to_owned(),
                    path: dir.join(format!("{id}.html.gz")),
                    gold: Gold::Text {
                        body: strings(&rec["body"]).join("\n") + "\n",
                        title: rec["title"].as_str().map(str::to_owned),
                    },
                });
            }
        }
        _ => {
            for e in std::fs::read_dir(&dir).expect("readability set") {
                let d = e.expect("entry").path();
                if !d.is_dir() {
                    continue;
                }
                let meta = d.join("expected-metadata.json");
                let title = meta
                    .is_file()
                    .then(|| read_json(&meta)["title"].as_str().map(str::to_owned))
                    .flatten();
                out.push(Page {
                    id: d.file_name().unwrap().to_string_lossy().into_owned(),
                    url: "http://fakehost/test/page.html".into(),
                    path: d.join("source.html"),
                    gold: Gold::Text {
                        body: std::fs::read_to_string(d.join("expected.txt"))
                            .expect("expected.txt"),
                        title,
                    },
                });
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn half(id: &str) -> usize {
    let first = hex::encode(Sha256::digest(id.as_bytes()))
        .chars()
        .next()
        .expect("hex digest");
    usize::from(!('0'..='7').contains(&first))
}

/// What `crawl extract --url URL FILE` prints for the page.
fn extract(extractor: &Extractor, page: &Page) -> String {
    let raw = std::fs::read(&page.path).expect("page file");
    let bytes = if page.path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .expect("gzip page");
        out
    } else {
        raw
    };
    let url = url::Url::parse(&page.url).ok();
    let rules = SiteRules {
        min_chars: 1,
        ..SiteRules::default()
    };
    let processed = page::process(
        extractor,
        &rules,
        RawPage {
            url: url.as_ref(),
            content_type: None,
            body: &bytes,
        },
    );
    processed
        .result
        .ok()
        .or(processed.refused)
        .map(|p| p.article.to_text())
        .unwrap_or_default()
}

fn tokens(s: &str) -> HashMap<String, usize> {
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\w+").expect("static regex"));
    let mut counts = HashMap::new();
    for w in WORD.find_iter(&s.to_lowercase()) {
        *counts.entry(w.as_str().to_owned()).or_insert(0) += 1;
    }
    counts
}

fn bag_f1(gold: &str, pred: &str) -> f64 {
    let (g, p) = (tokens(gold), tokens(pred));
    let (ng, np): (usize, usize) = (g.values().sum(), p.values().sum());
    if ng == 0 && np == 0 {
        return 1.0;
    }
    let common: usize = g
        .iter()
        .map(|(w, n)| (*n).min(p.get(w).copied().unwrap_or(0)))
        .sum();
    let precision = if np == 0 {
        0.0
    } else {
        common as f64 / np as f64
    };
    let recall = if ng == 0 {
        0.0
    } else {
        common as f64 / ng as f64
    };
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// Figures of one half of one set: body F1, and title exact where the set has titles.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    f1: f64,
    title_exact: Option<f64>,
}

fn score(pages: &[&Page], outputs: &[&String]) -> Figures {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut f1_sum, mut titled, mut exact) = (0.0, 0usize, 0usize);
    for (page, text) in pages.iter().zip(outputs) {
        let (title, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
        match &page.gold {
            Gold::Snippets { with, without } => {
                let body = fold(body);
                for s in with {
                    if body.contains(&fold(s)) {
                        tp += 1;
                    } else {
                        fn_ += 1;
                    }
                }
                fp += without.iter().filter(|s| body.contains(&fold(s))).count();
            }
            Gold::Text {
                body: gold,
                title: gold_title,
            } => {
                f1_sum += bag_f1(gold, body);
                if let Some(t) = gold_title.as_deref().filter(|t| !t.is_empty()) {
                    titled += 1;
                    exact += usize::from(fold(title) == fold(t));
                }
            }
        }
    }
    if matches!(pages.first().map(|p| &p.gold), Some(Gold::Snippets { .. })) {
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        return Figures {
            f1,
            title_exact: None,
        };
    }
    Figures {
        f1: f1_sum / pages.len().max(1) as f64,
        title_exact: (titled > 0).then(|| exact as f64 / titled as f64),
    }
}

fn floors() -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction_floor.toml");
    toml::from_str(&std::fs::read_to_string(&path).expect("tests/extraction_floor.toml"))
        .expect("valid TOML")
}

#[test]
fn every_devset_half_stays_above_its_floors() {
    let Some(root) = root() else {
        println!("skipped: ../shared/extraction-devset not found");
        eprintln!("skipped: ../shared/extraction-devset not found");
        return;
    };
    let floors = floors();
    let dump = std::env::var_os("EXTRACT_DUMP").map(PathBuf::from);
    let extractor = Extractor::default();
    let mut failures = Vec::new();
    for set in ["trafilatura", "readability", "news"] {
        let all = pages(&root, set);
        let outputs: Vec<String> = all.iter().map(|p| extract(&extractor, p)).collect();
        if let Some(d) = &dump {
            for (p, text) in all.iter().zip(&outputs) {
                let _ = std::fs::write(d.join(format!("{}.txt", p.id)), text);
            }
        }
        for h in 0..2 {
            let (pages, texts): (Vec<&Page>, Vec<&String>) = all
                .iter()
                .zip(&outputs)
                .filter(|(p, _)| half(&p.id) == h)
                .unzip();
            let figures = score(&pages, &texts);
            let mut check = |metric: &str, value: f64| {
                let key = format!("{set}_half{h}_{metric}");
                let floor = floors
                    .get(&key)
                    .and_then(toml::Value::as_float)
                    .unwrap_or_else(|| panic!("tests/extraction_floor.toml has no {key}"));
                println!("{key} = {value:.4} (floor {floor:.4})");
                if value < floor {
                    failures.push(format!("{key} {value:.4} fell below its floor {floor:.4}"));
                }
            };
            check("f1", figures.f1);
            if let Some(t) = figures.title_exact {
                check("title", t);
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_metric_is_score_py_s() {
    assert!((bag_f1("a b b c", "b b c d") - 0.75).abs() < 1e-9);
    assert_eq!(bag_f1("", ""), 1.0);
    assert_eq!(bag_f1("Été", "été"), 1.0);
    // sha256("a") starts with "c": half 1; sha256("b") starts with "3": half 0.
    assert_eq!((half("a"), half("b")), (1, 0));
}
