//! WARC files on disk: records gzipped one per member (so each can be read from its
//! offset), files named by start time and worker and rotated at a size. A file is
//! written under a `.open` name, locked, and renamed when it is closed; one left by a
//! killed process is recovered by the next writer in the directory: its torn tail (if a
//! write was cut) is cut off at the last whole record and it gets its final name.

use super::record::{self, Record};
use super::WarcLocation;
use flate2::write::GzEncoder;
use flate2::Compression;
use fs4::fs_std::FileExt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

/// Suffix of a file still being written.
pub const OPEN_SUFFIX: &str = ".open";

/// Default size at which a file is closed and the next one started.
pub const DEFAULT_ROTATE_BYTES: u64 = 1024 * 1024 * 1024;

/// The writer of one process: its current file, and how to name the next.
#[derive(Debug)]
pub struct WarcWriter {
    dir: PathBuf,
    /// `crawl-<worker>`: file names say which worker wrote them.
    prefix: String,
    rotate_bytes: u64,
    software: String,
    current: Option<OpenFile>,
    /// Files started by this writer, for unique names within one second.
    started: u32,
}

#[derive(Debug)]
struct OpenFile {
    file: File,
    /// The final name (without [`OPEN_SUFFIX`]), as the manifest names it.
    name: String,
    len: u64,
    warcinfo_id: String,
}

impl WarcWriter {
    /// A writer into `dir` (created), after recovering the files that dead writers left.
    pub fn new(dir: &Path, worker: &str, rotate_bytes: u64, software: &str) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        for (path, cut) in recover_dir(dir)? {
            tracing::warn!(file = %path.display(), cut_bytes = cut, "recovered a WARC file left open by a killed run");
        }
        let prefix: String = worker
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Ok(Self {
            dir: dir.to_path_buf(),
            prefix: format!("crawl-{prefix}"),
            rotate_bytes: rotate_bytes.max(1),
            software: software.to_owned(),
            current: None,
            started: 0,
        })
    }

    /// The id of the current file's warcinfo record (records refer to it).
    fn file(&mut self) -> io::Result<&mut OpenFile> {
        if self.current.is_none() {
            let now = chrono::Utc::now();
            self.started += 1;
            let name = format!(
                "{}-{}-{:05}.warc.gz",
                self.prefix,
                now.format("%Y%m%d%H%M%S"),
                self.started
            );
            let path = self.dir.join(format!("{name}{OPEN_SUFFIX}"));
            let file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            // The lock tells a recovering writer that this file is alive.
            if !file.try_lock_exclusive()? {
                return Err(io::Error::other(format!("{} is locked", path.display())));
            }
            let id = record::new_record_id();
            let info = record::warcinfo(id.clone(), &name, &self.software, now);
            let member = gzip(&info.to_bytes())?;
            let mut open = OpenFile {
                file,
                name,
                len: 0,
                warcinfo_id: id,
            };
            open.file.write_all(&member)?;
            open.len = member.len() as u64;
            self.current = Some(open);
        }
        Ok(self.current.as_mut().expect("opened above"))
    }

    /// Appends records (each refers to the file's warcinfo) in one write, synced;
    /// returns where each starts. The file is rotated after the write when it is full.
    pub fn write(&mut self, mut records: Vec<Record>) -> io::Result<Vec<WarcLocation>> {
        let file = self.file()?;
        let mut bytes = Vec::new();
        let mut locations = Vec::with_capacity(records.len());
        for rec in &mut records {
            rec.fields
                .push(("WARC-Warcinfo-ID", file.warcinfo_id.clone()));
            locations.push(WarcLocation {
                file: file.name.clone(),
                offset: file.len + bytes.len() as u64,
            });
            bytes.extend_from_slice(&gzip(&rec.to_bytes())?);
        }
        // One write: a process killed by a signal never leaves half of it.
        file.file.write_all(&bytes)?;
        file.file.sync_data()?;
        file.len += bytes.len() as u64;
        if file.len >= self.rotate_bytes {
            self.close()?;
        }
        Ok(locations)
    }

    /// Closes the current file under its final name.
    pub fn close(&mut self) -> io::Result<()> {
        let Some(open) = self.current.take() else {
            return Ok(());
        };
        open.file.sync_all()?;
        let from = self.dir.join(format!("{}{OPEN_SUFFIX}", open.name));
        std::fs::rename(from, self.dir.join(&open.name))?;
        drop(open.file); // releases the lock after the rename
        Ok(())
    }
}

impl Drop for WarcWriter {
    fn drop(&mut self) {
        if let Err(e) = self.close() {
            tracing::error!(dir = %self.dir.display(), error = %e, "could not close the WARC file");
        }
    }
}

fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::default());
    enc.write_all(bytes)?;
    enc.finish()
}

/// Recovers every `.open` file of `dir` that no live writer holds: returns each file
/// renamed and how many torn bytes were cut from its end.
pub fn recover_dir(dir: &Path) -> io::Result<Vec<(PathBuf, u64)>> {
    let mut done = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(final_name) = name.strip_suffix(OPEN_SUFFIX) else {
            continue;
        };
        let file = OpenOptions::new().read(true).write(true).open(&path)?;
        if !file.try_lock_exclusive().unwrap_or(false) {
            continue; // another process is writing it
        }
        let cut = cut_torn_tail(&file)?;
        std::fs::rename(&path, dir.join(final_name))?;
        done.push((dir.join(final_name), cut));
    }
    Ok(done)
}

/// Truncates the file after its last whole gzip member; returns the bytes cut.
fn cut_torn_tail(file: &File) -> io::Result<u64> {
    let len = file.metadata()?.len();
    let mut reader = super::reader::Counting::new(io::BufReader::new(file.try_clone()?));
    let mut good = 0;
    while !reader.fill_buf()?.is_empty() {
        let mut member = flate2::bufread::GzDecoder::new(&mut reader);
        if io::copy(&mut member, &mut io::sink()).is_err() {
            break;
        }
        good = reader.consumed();
    }
    if good < len {
        file.set_len(good)?;
    }
    Ok(len - good)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::reader;

    fn response(url: &str, body: &[u8]) -> Record {
        let (block, at) = record::http_response("HTTP/1.1", 200, &[], body);
        Record {
            kind: record::RecordType::Response,
            id: record::new_record_id(),
            date: chrono::Utc::now(),
            fields: vec![("WARC-Target-URI", url.to_owned())],
            content_type: "application/http;msgtype=response",
            block,
            payload_at: Some(at),
        }
    }

    #[test]
    fn each_record_is_read_back_from_its_offset_after_the_file_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::new(dir.path(), "w1", DEFAULT_ROTATE_BYTES, "crawl-test").unwrap();
        let a = w.write(vec![response("https://a.bf/1", b"un")]).unwrap();
        let b = w.write(vec![response("https://a.bf/2", b"deux")]).unwrap();
        assert_eq!(a[0].file, b[0].file);
        assert!(dir
            .path()
            .join(format!("{}{OPEN_SUFFIX}", a[0].file))
            .is_file());
        drop(w);
        let path = dir.path().join(&b[0].file);
        assert!(path.is_file(), "renamed on close");
        let rec = reader::read_at(&path, b[0].offset).unwrap();
        assert_eq!(rec.header("WARC-Target-URI"), Some("https://a.bf/2"));
        assert_eq!(rec.http().unwrap().body, b"deux");
        let all: Vec<_> = reader::Records::open(&path)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(all.len(), 3, "warcinfo and two responses");
        assert_eq!(all[0].header("WARC-Type"), Some("warcinfo"));
        assert_eq!(all[2].offset, b[0].offset);
    }

    #[test]
    fn files_rotate_at_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::new(dir.path(), "w1", 1, "crawl-test").unwrap();
        let a = w.write(vec![response("https://a.bf/1", b"un")]).unwrap();
        let b = w.write(vec![response("https://a.bf/2", b"deux")]).unwrap();
        assert_ne!(a[0].file, b[0].file);
        assert!(dir.path().join(&a[0].file).is_file());
    }

    #[test]
    fn a_torn_file_left_by_a_killed_writer_is_cut_to_its_whole_records_and_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::new(dir.path(), "w1", DEFAULT_ROTATE_BYTES, "crawl-test").unwrap();
        let a = w.write(vec![response("https://a.bf/1", b"un")]).unwrap();
        let open = dir.path().join(format!("{}{OPEN_SUFFIX}", a[0].file));
        // A kill: the file stays open (leaked, as a dead process leaves it) with half a
        // record appended.
        let current = w.current.take().unwrap();
        std::mem::forget(w);
        let whole = std::fs::metadata(&open).unwrap().len();
        let torn = gzip(&response("https://a.bf/2", b"deux").to_bytes()).unwrap();
        OpenOptions::new()
            .append(true)
            .open(&open)
            .unwrap()
            .write_all(&torn[..torn.len() / 2])
            .unwrap();
        // The file is still locked by the "dead" writer's handle: not touched.
        assert!(recover_dir(dir.path()).unwrap().is_empty());
        drop(current);
        let recovered = recover_dir(dir.path()).unwrap();
        assert_eq!(recovered.len(), 1);
        assert_eq!(recovered[0].1, (torn.len() / 2) as u64);
        let path = dir.path().join(&a[0].file);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), whole);
        let n = reader::Records::open(&path).unwrap().count();
        assert_eq!(n, 2);
    }
}
