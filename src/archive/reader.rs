//! Reading WARC files — ours and other tools' — one record at a time, each with the
//! offset it starts at: gzip members are inflated one by one (so memory holds one
//! record, never the file), an uncompressed `.warc` is read as it is.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;

/// Largest record block read into memory; a larger record is skipped with an error.
pub const MAX_BLOCK_BYTES: u64 = 64 * 1024 * 1024;

/// One record: its named fields and its block.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// Offset of the record (of its gzip member, in a `.warc.gz`) in the file.
    pub offset: u64,
    pub fields: Vec<(String, String)>,
    pub block: Vec<u8>,
}

/// The HTTP response a `response` or `revisit` record holds.
#[derive(Debug, Clone)]
pub struct HttpMessage {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpMessage {
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl WarcRecord {
    /// The first value of a named field (case-insensitive, as WARC field names are).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The HTTP message of a response record; `None` when the block is not one.
    #[must_use]
    pub fn http(&self) -> Option<HttpMessage> {
        let (mut message, at) = self.http_head()?;
        message.body = self.block[at..].to_vec();
        Some(message)
    }

    /// The status and headers of a response record, without copying its body; with
    /// where the body starts in the block.
    #[must_use]
    pub fn http_head(&self) -> Option<(HttpMessage, usize)> {
        let mut headers = [httparse::EMPTY_HEADER; 128];
        let mut resp = httparse::Response::new(&mut headers);
        let httparse::Status::Complete(at) = resp.parse(&self.block).ok()? else {
            return None;
        };
        let message = HttpMessage {
            status: resp.code?,
            headers: resp
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect(),
            body: Vec::new(),
        };
        Some((message, at))
    }
}

/// A reader that counts the bytes consumed from it: the offset of the next member.
#[derive(Debug)]
pub struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R> Counting<R> {
    pub fn new(inner: R) -> Self {
        Self { inner, consumed: 0 }
    }

    pub fn consumed(&self) -> u64 {
        self.consumed
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// The records of one file, in order.
#[derive(Debug)]
pub struct Records {
    source: Counting<BufReader<File>>,
    gzipped: bool,
    done: bool,
}

impl Records {
    /// Opens a `.warc.gz` (gzip members, told by its first bytes) or a `.warc`.
    pub fn open(path: &Path) -> io::Result<Self> {
        let mut source = Counting::new(BufReader::with_capacity(64 * 1024, File::open(path)?));
        let gzipped = source.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        Ok(Self {
            source,
            gzipped,
            done: false,
        })
    }

    fn next_record(&mut self) -> io::Result<Option<WarcRecord>> {
        let offset = self.source.consumed();
        if self.source.fill_buf()?.is_empty() {
            return Ok(None);
        }
        if self.gzipped {
            // One member holds one record (ours, and Common Crawl's); inflate it whole.
            let mut member = BufReader::new(flate2::bufread::GzDecoder::new(&mut self.source));
            let record = parse_record(&mut member, offset)?;
            // Whatever follows the record in the member (its CRLFs) is read to the end,
            // so that the next member starts where the counter says.
            io::copy(&mut member, &mut io::sink())?;
            return Ok(record);
        }
        parse_record(&mut self.source, offset)
    }
}

impl Iterator for Records {
    type Item = io::Result<WarcRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_record().transpose();
        // A damaged file ends the iteration at the damage.
        if matches!(next, None | Some(Err(_))) {
            self.done = true;
        }
        next
    }
}

/// The record at `offset` of `path` (an offset a manifest line gives).
pub fn read_at(path: &Path, offset: u64) -> io::Result<WarcRecord> {
    let mut file = File::open(path)?;
    file.seek(io::SeekFrom::Start(offset))?;
    let mut records = Records {
        source: Counting::new(BufReader::new(file)),
        gzipped: false,
        done: false,
    };
    records.gzipped = records.source.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    records.source.consumed = offset;
    records
        .next_record()?
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no record at offset"))
}

fn parse_record(r: &mut impl BufRead, offset: u64) -> io::Result<Option<WarcRecord>> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    let mut line = String::new();
    // Blank lines between records (the CRLF CRLF that ends each) are skipped.
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    if !line.starts_with("WARC/") {
        return Err(bad("not a WARC record (no WARC/ version line)"));
    }
    let mut fields = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(bad("record header cut short"));
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            fields.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length: u64 = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| bad("record without a Content-Length"))?;
    if length > MAX_BLOCK_BYTES {
        return Err(bad("record block larger than 64 MiB"));
    }
    let mut block = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    r.take(length).read_to_end(&mut block)?;
    if (block.len() as u64) < length {
        return Err(bad("record block cut short"));
    }
    Ok(Some(WarcRecord {
        offset,
        fields,
        block,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::record::{self, Record, RecordType};

    fn resource(n: u8) -> Record {
        let (block, at) = record::http_response("HTTP/1.1", 200, &[], &[b'a' + n; 3]);
        Record {
            kind: RecordType::Response,
            id: record::new_record_id(),
            date: chrono::Utc::now(),
            fields: vec![("WARC-Target-URI", format!("https://a.bf/{n}"))],
            content_type: "application/http;msgtype=response",
            block,
            payload_at: Some(at),
        }
    }

    #[test]
    fn an_uncompressed_warc_is_read_record_by_record_with_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plain.warc");
        let bytes: Vec<u8> = (0..3).flat_map(|n| resource(n).to_bytes()).collect();
        std::fs::write(&path, bytes).unwrap();
        let all: Vec<WarcRecord> = Records::open(&path).unwrap().map(Result::unwrap).collect();
        assert_eq!(all.len(), 3);
        for (n, rec) in all.iter().enumerate() {
            assert_eq!(rec.http().unwrap().body, vec![b'a' + n as u8; 3]);
            let again = read_at(&path, rec.offset).unwrap();
            assert_eq!(
                again.header("WARC-Target-URI"),
                rec.header("WARC-Target-URI")
            );
        }
    }

    #[test]
    fn a_damaged_file_yields_its_whole_records_then_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.warc");
        let mut bytes = resource(0).to_bytes();
        let second = resource(1).to_bytes();
        bytes.extend_from_slice(&second[..second.len() / 2]);
        std::fs::write(&path, bytes).unwrap();
        let results: Vec<_> = Records::open(&path).unwrap().collect();
        assert_eq!(results.len(), 2);
        assert!(results[0].is_ok());
        assert!(results[1].is_err());
    }
}
