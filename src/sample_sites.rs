//! Sample news sites served on 127.0.0.1: the fixture sites bundled in the binary (for
//! `crawl demo`) or read from a directory (for tests). Each site gets its own port, so
//! per-host politeness applies to each. The server answers ETag / Last-Modified
//! conditional requests, switches content by "phase" (the site publishing something new),
//! and logs every request so tests can check what the crawler asked for, and when.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tokio::time::Instant;

/// The fixture sites compiled into the binary.
pub static BUNDLED: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/fixtures/sites");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoutes {
    route: Vec<Route>,
}

/// One served path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub path: String,
    pub file: String,
    pub content_type: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub from_phase: Option<u32>,
    #[serde(default)]
    pub until_phase: Option<u32>,
    #[serde(default)]
    pub last_modified: Option<String>,
}

/// A site's routes, files and crawler config template.
#[derive(Debug, Clone)]
pub struct SampleSite {
    pub name: String,
    pub routes: Vec<Route>,
    pub files: HashMap<String, Vec<u8>>,
    /// `site.toml`, with `{{BASE}}` placeholders.
    pub site_toml: String,
}

/// A logged request.
#[derive(Debug, Clone)]
pub struct Logged {
    pub site: String,
    pub path: String,
    pub at: Instant,
    pub conditional: bool,
    pub user_agent: String,
    pub status: u16,
}

impl SampleSite {
    /// Loads every site of the bundled fixtures.
    #[must_use]
    pub fn bundled() -> Vec<Self> {
        let mut sites: Vec<Self> = BUNDLED
            .dirs()
            .map(|d| {
                let mut files = HashMap::new();
                collect(d, d.path(), &mut files);
                Self::from_files(&d.path().display().to_string(), files)
                    .expect("bundled fixtures are valid")
            })
            .collect();
        sites.sort_by(|a, b| a.name.cmp(&b.name));
        sites
    }

    /// Loads one site from a directory laid out like `fixtures/sites/<name>/`.
    pub fn from_dir(dir: &Path) -> Result<Self, String> {
        let mut files = HashMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
                let p = e.map_err(|e| e.to_string())?.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p
                        .strip_prefix(dir)
                        .expect("under dir")
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.insert(
                        rel,
                        std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?,
                    );
                }
            }
        }
        Self::from_files(
            &dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            files,
        )
    }

    fn from_files(name: &str, mut files: HashMap<String, Vec<u8>>) -> Result<Self, String> {
        let name = name.rsplit('/').next().unwrap_or(name).to_owned();
        let routes = files
            .remove("routes.toml")
            .ok_or_else(|| format!("{name}: no routes.toml"))?;
        let routes: RawRoutes = toml::from_str(&String::from_utf8_lossy(&routes))
            .map_err(|e| format!("{name}/routes.toml: {e}"))?;
        let site_toml = files
            .remove("site.toml")
            .ok_or_else(|| format!("{name}: no site.toml"))?;
        for r in &routes.route {
            if !files.contains_key(&r.file) {
                return Err(format!("{name}/routes.toml: missing file {}", r.file));
            }
        }
        Ok(Self {
            name,
            routes: routes.route,
            files,
            site_toml: String::from_utf8_lossy(&site_toml).into_owned(),
        })
    }
}

fn collect(dir: &include_dir::Dir<'_>, root: &Path, out: &mut HashMap<String, Vec<u8>>) {
    for f in dir.files() {
        let rel = f
            .path()
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        out.insert(rel, f.contents().to_vec());
    }
    for d in dir.dirs() {
        collect(d, root, out);
    }
}

struct Shared {
    sites: Vec<SampleSite>,
    bases: Vec<(String, String)>,
    phase: AtomicU32,
    /// When the current phase began: `{{PHASE_TIME}}` in a body (a sitemap's `lastmod`
    /// of a page the site edited when it entered the phase).
    phase_time: Mutex<String>,
    log: Mutex<Vec<Logged>>,
}

/// The running server: one listener per site.
#[derive(Clone)]
pub struct SampleServer {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for SampleServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SampleServer")
            .field("bases", &self.shared.bases)
            .finish_non_exhaustive()
    }
}

impl SampleServer {
    /// Binds one 127.0.0.1 port per site and serves until the runtime ends.
    pub async fn start(sites: Vec<SampleSite>) -> std::io::Result<Self> {
        Self::start_on(sites, &HashMap::new()).await
    }

    /// Like [`SampleServer::start`], on the given port for each named site (any free port
    /// for the others), so that a later run sees the same URLs.
    pub async fn start_on(
        sites: Vec<SampleSite>,
        ports: &HashMap<String, u16>,
    ) -> std::io::Result<Self> {
        let mut listeners = Vec::new();
        let mut bases = Vec::new();
        for s in &sites {
            let port = ports.get(&s.name).copied().unwrap_or(0);
            let l = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            bases.push((s.name.clone(), format!("http://{}", l.local_addr()?)));
            listeners.push(l);
        }
        let shared = Arc::new(Shared {
            sites,
            bases,
            phase: AtomicU32::new(1),
            phase_time: Mutex::new(chrono::Utc::now().to_rfc3339()),
            log: Mutex::new(Vec::new()),
        });
        for (i, l) in listeners.into_iter().enumerate() {
            let app = axum::Router::new()
                .fallback(serve)
                .with_state((shared.clone(), i));
            tokio::spawn(async move {
                let _ = axum::serve(l, app).await;
            });
        }
        Ok(Self { shared })
    }

    /// `http://127.0.0.1:PORT` of a site.
    #[must_use]
    pub fn base(&self, site: &str) -> Option<&str> {
        self.shared
            .bases
            .iter()
            .find(|(n, _)| n == site)
            .map(|(_, b)| b.as_str())
    }

    pub fn set_phase(&self, phase: u32) {
        *self.shared.phase_time.lock().expect("not poisoned") = chrono::Utc::now().to_rfc3339();
        self.shared.phase.store(phase, Ordering::SeqCst);
    }

    #[must_use]
    pub fn requests(&self) -> Vec<Logged> {
        self.shared.log.lock().expect("not poisoned").clone()
    }

    /// Each site's `site.toml` with its real base URL, as (name, text).
    #[must_use]
    pub fn site_configs(&self) -> Vec<(String, String)> {
        self.shared
            .sites
            .iter()
            .zip(&self.shared.bases)
            .map(|(s, (_, base))| {
                (
                    s.name.clone(),
                    substitute(&self.shared.bases, &s.site_toml, Some(base)),
                )
            })
            .collect()
    }
}

fn substitute(bases: &[(String, String)], text: &str, own: Option<&str>) -> String {
    let mut out = text.to_owned();
    for (name, base) in bases {
        out = out.replace(&format!("{{{{BASE:{name}}}}}"), base);
    }
    if let Some(own) = own {
        out = out.replace("{{BASE}}", own);
    }
    out
}

async fn serve(State((shared, index)): State<(Arc<Shared>, usize)>, req: Request) -> Response {
    let site = &shared.sites[index];
    let base = &shared.bases[index].1;
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    let phase = shared.phase.load(Ordering::SeqCst);
    let headers = req.headers();
    let conditional = headers.contains_key(header::IF_NONE_MATCH)
        || headers.contains_key(header::IF_MODIFIED_SINCE);
    let route = site.routes.iter().find(|r| {
        r.path == path
            && r.from_phase.unwrap_or(1) <= phase
            && r.until_phase.is_none_or(|u| phase <= u)
    });
    let response = match route {
        None => plain(StatusCode::NOT_FOUND, "not found"),
        Some(r) => {
            let since = shared.phase_time.lock().expect("not poisoned").clone();
            respond(r, site, (base, &since), &shared.bases, headers)
        }
    };
    shared.log.lock().expect("not poisoned").push(Logged {
        site: site.name.clone(),
        path,
        at: Instant::now(),
        conditional,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        status: response.status().as_u16(),
    });
    response
}

fn respond(
    r: &Route,
    site: &SampleSite,
    (base, phase_time): (&str, &str),
    bases: &[(String, String)],
    headers: &HeaderMap,
) -> Response {
    let raw = &site.files[&r.file];
    // Placeholders are ASCII, so substitution on bytes keeps non-UTF-8 files intact.
    let body = replace_bytes(raw, bases, base);
    let body = replace_all(&body, b"{{PHASE_TIME}}", phase_time.as_bytes());
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..16]);
    let status = StatusCode::from_u16(r.status.unwrap_or(200)).unwrap_or(StatusCode::OK);
    let inm = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    let ims = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok());
    let fresh = inm.map_or_else(
        || ims.is_some() && ims == r.last_modified.as_deref(),
        |v| v == etag,
    );
    let mut builder = Response::builder().header(header::ETAG, &etag);
    if let Some(lm) = &r.last_modified {
        builder = builder.header(header::LAST_MODIFIED, lm);
    }
    if fresh && status == StatusCode::OK {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .expect("valid response");
    }
    builder
        .status(status)
        .header(
            header::CONTENT_TYPE,
            HeaderValue::from_str(&r.content_type).unwrap_or(HeaderValue::from_static("text/html")),
        )
        .body(Body::from(body))
        .expect("valid response")
}

fn replace_bytes(raw: &[u8], bases: &[(String, String)], own: &str) -> Vec<u8> {
    // Fixture files are UTF-8 or single-byte encodings; substitute per placeholder.
    let mut out = raw.to_vec();
    let mut pairs: Vec<(String, String)> = bases
        .iter()
        .map(|(n, b)| (format!("{{{{BASE:{n}}}}}"), b.clone()))
        .collect();
    pairs.push(("{{BASE}}".to_owned(), own.to_owned()));
    for (from, to) in pairs {
        out = replace_all(&out, from.as_bytes(), to.as_bytes());
    }
    out
}

fn replace_all(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(text))
        .expect("valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_sites_load() {
        let sites = SampleSite::bundled();
        let names: Vec<_> = sites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["faso-matin", "ouaga-hebdo", "sahel-info"]);
    }

    #[test]
    fn placeholders_are_replaced_in_bytes() {
        let out = replace_bytes(
            b"<a href=\"{{BASE}}/x\">\xE9</a> {{BASE:other}}",
            &[("other".into(), "http://o".into())],
            "http://me",
        );
        assert_eq!(out, b"<a href=\"http://me/x\">\xE9</a> http://o".to_vec());
    }
}
