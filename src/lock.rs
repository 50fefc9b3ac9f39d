//! One run per SQLite state at a time: an exclusive `flock` on `<state file>.lock`, which
//! the kernel releases when the holder dies, so a stale lock from a killed run is taken
//! over without any clean-up. The file names the holder for the second run's message.

use fs4::fs_std::FileExt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held for the whole run; released on drop or process death.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
    pub path: PathBuf,
}

/// Another process holds the lock.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another crawl holds the state lock {path}: {holder}")]
    Held { path: PathBuf, holder: String },
    #[error("cannot open the state lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Takes the lock or reports who holds it.
pub fn acquire(path: &Path) -> Result<StateLock, LockError> {
    let io = |source| LockError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io)?;
    match file.try_lock_exclusive() {
        Ok(true) => {}
        Ok(false) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = if holder.trim().is_empty() {
                "unknown process".to_owned()
            } else {
                holder.trim().to_owned()
            };
            return Err(LockError::Held {
                path: path.to_path_buf(),
                holder,
            });
        }
        Err(e) => return Err(io(e)),
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let info = format!(
        "pid {} on {} since {}",
        std::process::id(),
        host.trim(),
        chrono::Utc::now().to_rfc3339()
    );
    file.set_len(0).map_err(io)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    file.write_all(info.as_bytes()).map_err(io)?;
    file.sync_data().map_err(io)?;
    Ok(StateLock {
        _file: file,
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_with_the_holder_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state.db.lock");
        let first = acquire(&p).unwrap();
        let err = acquire(&p).unwrap_err().to_string();
        assert!(
            err.contains(&format!("pid {}", std::process::id())),
            "{err}"
        );
        drop(first);
        assert!(acquire(&p).is_ok(), "released on drop");
    }
}
