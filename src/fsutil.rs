//! Every file Keel reads or writes goes through here.
//!
//! Reading: [`read_regular`] opens without blocking and refuses anything but a regular file
//! (a FIFO, a device or a socket would hang or never end), with a size limit.
//!
//! Writing ([`write_file`]): nothing is ever half-written, lost, reverted or written through a
//! planted link.
//! - The new content goes to a temporary file with a random name, created exclusively
//!   (`O_EXCL`) in the target's directory (the `tempfile` crate), flushed to disk, then renamed
//!   over the target. A link planted at a predictable name cannot redirect the write.
//! - A symlinked target is written through: the link's final target is replaced and the link
//!   stays a link (a `keel.lock` shared by several projects stays shared).
//! - The target's permissions are kept; a read-only target is refused, never replaced.
//! - Compare-before-rename: the caller says what it read ([`Expect`]); if the file on disk is
//!   no longer that, nothing is written and the error says the file changed (exit 2). An edit
//!   saved while a command runs is never reverted.
//!
//! Commands that edit a file in place (`approve`, `fmt`) first take an advisory lock on it
//! ([`lock_for_edit`]), so two Keel processes editing one file run one after the other.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Why a write did not happen. Every variant names the path; all are exit code 2.
#[derive(Debug)]
pub enum WriteError {
    Io {
        path: PathBuf,
        message: String,
    },
    /// The file changed on disk since it was read: the write would have lost that change.
    Changed {
        path: PathBuf,
    },
    /// The target has no write permission.
    ReadOnly {
        path: PathBuf,
    },
    /// The target is a directory, FIFO, device or socket.
    NotRegular {
        path: PathBuf,
    },
}

impl WriteError {
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Io { path, .. }
            | WriteError::Changed { path }
            | WriteError::ReadOnly { path }
            | WriteError::NotRegular { path } => path,
        }
    }

    /// The message without the path.
    pub fn reason(&self) -> String {
        match self {
            WriteError::Io { message, .. } => message.clone(),
            WriteError::Changed { .. } => "the file changed on disk while keel was working on it; \
                 nothing was written (run the command again)"
                .to_string(),
            WriteError::ReadOnly { .. } => {
                "the file is read-only; keel does not replace it (make it writable first)"
                    .to_string()
            }
            WriteError::NotRegular { .. } => "not a regular file; nothing was written".to_string(),
        }
    }

    fn io(path: &Path, e: impl std::fmt::Display) -> WriteError {
        WriteError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl From<WriteError> for String {
    fn from(e: WriteError) -> String {
        e.to_string()
    }
}

/// What the writer expects to find at the target just before replacing it.
#[derive(Clone, Copy, Debug)]
pub enum Expect<'a> {
    /// Nothing: the file is created, and an existing one is never replaced.
    Absent,
    /// Exactly these bytes (what the command read).
    Content(&'a [u8]),
    /// Anything: a generated output (a report, a picture) that is replaced whole.
    Any,
}

/// Opens a file for reading without blocking on a FIFO, and checks that what was opened is a
/// regular file (on the opened descriptor, so a swap between check and open cannot fool it).
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = o.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "is a directory"
        } else {
            "not a regular file (a FIFO, a device or a socket)"
        };
        return Err(std::io::Error::other(what));
    }
    Ok(f)
}

/// Reads a regular file of at most `limit` bytes. FIFOs, devices and sockets are refused
/// without blocking; a longer file is refused without reading it all.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let f = open_regular(path)?;
    let len = f.metadata()?.len();
    if len > limit {
        return Err(std::io::Error::other(format!(
            "file is too large ({len} bytes; the limit is {limit})"
        )));
    }
    let mut out = Vec::with_capacity(len as usize);
    f.take(limit + 1).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "file is too large (more than {limit} bytes)"
        )));
    }
    Ok(out)
}

/// Reads a regular text file (UTF-8) of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> std::io::Result<String> {
    let bytes = read_regular(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not valid UTF-8 (the first bad byte is at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Limit for small project files (keel.toml, keel.lock).
pub const PROJECT_FILE_LIMIT: u64 = 64 << 20;

/// The file a write to `path` really replaces: `path` itself, or the final target of a
/// symlink. A dangling link is an error (the caller cannot tell what it would create).
pub fn write_target(path: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            WriteError::io(
                path,
                format!("is a symlink whose target cannot be resolved ({e}); nothing was written"),
            )
        }),
        Ok(_) => Ok(path.to_path_buf()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(WriteError::io(path, e)),
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether what is on disk at `target` is what the caller expects.
fn still_expected(target: &Path, shown: &Path, expect: Expect) -> Result<(), WriteError> {
    match expect {
        Expect::Any => Ok(()),
        Expect::Absent => match std::fs::symlink_metadata(target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(WriteError::io(shown, e)),
            Ok(_) => Err(WriteError::io(
                shown,
                "exists (it appeared while keel was working); nothing was written",
            )),
        },
        Expect::Content(bytes) => {
            let meta = match std::fs::metadata(target) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(WriteError::Changed {
                        path: shown.to_path_buf(),
                    })
                }
                Err(e) => return Err(WriteError::io(shown, e)),
            };
            if !meta.is_file() {
                return Err(WriteError::NotRegular {
                    path: shown.to_path_buf(),
                });
            }
            if meta.len() != bytes.len() as u64 {
                return Err(WriteError::Changed {
                    path: shown.to_path_buf(),
                });
            }
            let now = read_regular(target, bytes.len() as u64 + 1)
                .map_err(|e| WriteError::io(shown, e))?;
            if now != bytes {
                return Err(WriteError::Changed {
                    path: shown.to_path_buf(),
                });
            }
            Ok(())
        }
    }
}

/// Replaces (or creates) `path` with `bytes`, as described in the module documentation.
/// On any failure the target is untouched and the temporary file is gone.
pub fn write_file(path: &Path, bytes: &[u8], expect: Expect) -> Result<(), WriteError> {
    let target = write_target(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::io(path, e)),
    };
    if let Some(m) = &existing {
        if !m.is_file() {
            return Err(WriteError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        if m.permissions().readonly() {
            return Err(WriteError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
    }
    still_expected(&target, path, expect)?;
    let dir = parent_dir(&target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "out".to_string());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".keel-tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // New files get the usual 0666 less the umask; existing ones their own mode (below).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| WriteError::io(path, format!("cannot create a temporary file: {e}")))?;
    let result = (|| -> std::io::Result<()> {
        tmp.write_all(bytes)?;
        if let Some(m) = &existing {
            tmp.as_file().set_permissions(m.permissions())?;
        }
        tmp.as_file().sync_all()
    })();
    result.map_err(|e| WriteError::io(path, e))?;
    // Compare once more, as late as possible: a change saved while we worked wins.
    still_expected(&target, path, expect)?;
    match expect {
        Expect::Absent => tmp
            .persist_noclobber(&target)
            .map_err(|e| WriteError::io(path, e.error))?,
        Expect::Content(_) | Expect::Any => tmp
            .persist(&target)
            .map_err(|e| WriteError::io(path, e.error))?,
    };
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes a generated output file (see [`write_file`] with [`Expect::Any`]); the error names
/// the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_file(path, bytes, Expect::Any).map_err(|e| e.to_string())
}

/// An advisory exclusive lock on a file being edited in place; released on drop.
pub struct EditLock {
    _file: File,
}

/// Locks the file at `path` (the link's target for a symlink) for editing, waiting for
/// another Keel process that holds it. The lock is on the file that is at `path` once the lock
/// is held (a writer that replaced the file meanwhile is noticed and the new file locked).
pub fn lock_for_edit(path: &Path) -> Result<EditLock, WriteError> {
    let target = write_target(path)?;
    for _ in 0..1000 {
        let f = open_regular(&target).map_err(|e| WriteError::io(path, e))?;
        f.lock()
            .map_err(|e| WriteError::io(path, format!("cannot lock: {e}")))?;
        if same_file(&f, &target) {
            return Ok(EditLock { _file: f });
        }
    }
    Err(WriteError::io(
        path,
        "cannot lock: the file keeps being replaced",
    ))
}

#[cfg(unix)]
fn same_file(f: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

/// An advisory exclusive lock on a whole file used as a lock (keel.lock while publishing):
/// the file is created if missing (empty), and the lock follows replacements as
/// [`lock_for_edit`] does.
pub fn lock_creating(path: &Path) -> Result<EditLock, WriteError> {
    let target = write_target(path)?;
    if !target.exists() {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(WriteError::io(path, e)),
        }
    }
    lock_for_edit(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_through_a_symlink_and_keeps_it() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real.keel");
        std::fs::write(&real, "old").unwrap();
        let link = d.path().join("link.keel");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_file(&link, b"new", Expect::Content(b"old")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn refuses_a_changed_file_and_leaves_no_temporary() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("w.keel");
        std::fs::write(&p, "edited meanwhile").unwrap();
        let e = write_file(&p, b"new", Expect::Content(b"what was read")).unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"edited meanwhile");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        let e = write_file(&p, b"new", Expect::Absent).unwrap_err();
        assert!(e.to_string().contains("exists"), "{e}");
    }

    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("w.keel");
        std::fs::write(&p, "a").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&p, b"b", Expect::Content(b"a")).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_file(&p, b"c", Expect::Content(b"b")).unwrap_err();
        assert!(matches!(e, WriteError::ReadOnly { .. }), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"b");
    }

    #[test]
    fn fifo_is_refused_without_blocking() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("fifo");
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = read_regular(&p, 100).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
