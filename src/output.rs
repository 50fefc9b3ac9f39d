//! Output: one UTF-8 text file per article, named by its content hash and written
//! atomically (temporary file, fsync, rename), and one JSONL manifest line per article,
//! appended with a single write and synced. A torn last line left by a crash or power
//! loss is cut off when the manifest is opened again.

use crate::model::{Article, ManifestRecord};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The output directory and its open manifest.
#[derive(Debug)]
pub struct Output {
    dir: PathBuf,
    manifest: File,
    manifest_path: PathBuf,
}

/// The relative path of an article's file: `<site>/<first 16 hex of sha256>.txt`.
/// Site names are validated at config time (`[a-z0-9_-]`), hashes are hex: the path can
/// never leave the output directory.
#[must_use]
pub fn relative_path(site: &str, sha256: &str) -> String {
    format!("{site}/{}.txt", &sha256[..16.min(sha256.len())])
}

impl Output {
    /// Opens (creating) the directory and `manifest_name` inside it, repairing a torn tail
    /// and removing temporary files left by a killed run: all of them when this process
    /// is the only writer (`exclusive`), else only those older than a minute.
    pub fn open(dir: &Path, manifest_name: &str, exclusive: bool) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        remove_stale_temp_files(
            dir,
            if exclusive {
                std::time::Duration::ZERO
            } else {
                std::time::Duration::from_secs(60)
            },
        )?;
        let manifest_path = dir.join(manifest_name);
        let mut manifest = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&manifest_path)?;
        repair_tail(&mut manifest)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest,
            manifest_path,
        })
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    #[must_use]
    pub fn manifest_path(&self) -> &Path {
        &self.manifest_path
    }

    /// Writes the article's file atomically; rewriting identical content is harmless.
    pub fn write_article(&self, rel: &str, article: &Article) -> std::io::Result<()> {
        let path = self.dir.join(rel);
        let parent = path.parent().expect("relative_path has a site directory");
        std::fs::create_dir_all(parent)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(parent)?;
        tmp.write_all(article.to_text().as_bytes())?;
        tmp.as_file().sync_data()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// True when the file for `rel` exists.
    #[must_use]
    pub fn has_file(&self, rel: &str) -> bool {
        self.dir.join(rel).is_file()
    }

    /// Appends one manifest line (one `write` call) and syncs it.
    pub fn append_manifest(&mut self, rec: &ManifestRecord) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(rec).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.manifest.write_all(&line)?;
        self.manifest.sync_data()
    }

    /// SHA-256 values present in the manifest (read only to recover after a crash).
    pub fn manifest_hashes(&self) -> std::io::Result<std::collections::HashSet<String>> {
        let text = std::fs::read_to_string(&self.manifest_path)?;
        Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("sha256").and_then(|s| s.as_str()).map(str::to_owned))
            .collect())
    }
}

/// Prefix of the temporary files that become article files on rename.
pub const TEMP_PREFIX: &str = ".crawl-tmp-";

fn remove_stale_temp_files(dir: &Path, min_age: std::time::Duration) -> std::io::Result<()> {
    for site in std::fs::read_dir(dir)? {
        let site = site?.path();
        if !site.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&site)? {
            let f = f?;
            let stale = f
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age >= min_age);
            if f.file_name().to_string_lossy().starts_with(TEMP_PREFIX) && stale {
                tracing::info!(path = %f.path().display(), "removing a temporary file left by an interrupted run");
                std::fs::remove_file(f.path())?;
            }
        }
    }
    Ok(())
}

/// Cuts an unterminated last line (a write interrupted by a crash).
fn repair_tail(f: &mut File) -> std::io::Result<()> {
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let mut last = [0u8; 1];
    f.seek(SeekFrom::Start(len - 1))?;
    f.read_exact(&mut last)?;
    if last[0] == b'\n' {
        return Ok(());
    }
    // Find the last newline by reading backwards in chunks.
    let mut end = len;
    let mut keep = 0;
    let mut buf = vec![0u8; 64 * 1024];
    while end > 0 {
        let start = end.saturating_sub(buf.len() as u64);
        let n = usize::try_from(end - start).unwrap_or(buf.len());
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut buf[..n])?;
        if let Some(pos) = buf[..n].iter().rposition(|b| *b == b'\n') {
            keep = start + pos as u64 + 1;
            break;
        }
        end = start;
    }
    tracing::warn!(
        manifest_bytes = len,
        kept = keep,
        "cutting a torn last manifest line"
    );
    f.set_len(keep)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torn_manifest_tail_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("articles.jsonl"),
            b"{\"a\":1}\n{\"b\":2}\n{\"c\":",
        )
        .unwrap();
        let _out = Output::open(dir.path(), "articles.jsonl", true).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("articles.jsonl")).unwrap(),
            b"{\"a\":1}\n{\"b\":2}\n"
        );
    }

    #[test]
    fn temp_files_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("s")).unwrap();
        std::fs::write(dir.path().join("s").join(".crawl-tmp-abc"), b"half").unwrap();
        std::fs::write(dir.path().join("s").join("0123456789abcdef.txt"), b"T\n").unwrap();
        let _ = Output::open(dir.path(), "m.jsonl", false).unwrap();
        assert!(
            dir.path().join("s/.crawl-tmp-abc").exists(),
            "young temp file of a live worker kept"
        );
        let _ = Output::open(dir.path(), "m.jsonl", true).unwrap();
        assert!(!dir.path().join("s/.crawl-tmp-abc").exists());
        assert!(dir.path().join("s/0123456789abcdef.txt").exists());
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(
            relative_path("lefaso", "0123456789abcdef0123"),
            "lefaso/0123456789abcdef.txt"
        );
    }
}
