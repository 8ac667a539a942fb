//! Content digests (LANGUAGE.md §4): `sha256:` + hex SHA-256 of the RFC 8785 (JCS)
//! serialization of a workflow's artifact with `approvals`, `digest`, `checked_for`, `policy`
//! and the coverage figures of `tests` removed. The artifact holds no names of files, no
//! positions, no clock. `docs/digest.md` says how anyone recomputes it.

use sha2::{Digest, Sha256};

use crate::artifact::Artifact;

/// The artifact fields the digest leaves out (`tests` is spliced back in without its
/// coverage figures).
const SKIP: &[&str] = &["approvals", "checked_for", "digest", "policy", "tests"];
const SKIP_AND_AUDIT: &[&str] = &[
    "approvals",
    "audit",
    "checked_for",
    "digest",
    "policy",
    "tests",
];
/// The fields of `tests` the digest leaves out: a better coverage measure never stales an
/// approval.
pub const COVERAGE_FIELDS: [&str; 3] = [
    "transition_coverage",
    "boundary_coverage",
    "segment_coverage",
];

/// The canonical text of `tests` without its coverage figures.
fn tests_text(artifact: &Artifact) -> String {
    crate::canonical::to_string(&artifact.tests, &COVERAGE_FIELDS).expect("tests serialize")
}

/// The canonical JSON of an artifact as the digest sees it: the RFC 8785 serialization of
/// the artifact with the fields the digest leaves out removed.
pub fn canonical_json(artifact: &Artifact) -> String {
    let tests = tests_text(artifact);
    crate::canonical::with_bytes(artifact, SKIP, &[("tests", tests.as_bytes())], |parts| {
        String::from_utf8(parts.concat()).expect("canonical JSON is UTF-8")
    })
    .expect("artifacts serialize")
}

/// The JSON value the digest is the RFC 8785 serialization of: the artifact as written to
/// disk with the fields the digest leaves out removed (what a third party starts from).
pub fn digest_value(artifact: &Artifact) -> serde_json::Value {
    let mut v = serde_json::to_value(artifact).expect("artifacts serialize");
    strip_for_digest(&mut v);
    v
}

/// Removes from a parsed artifact what the digest leaves out.
pub fn strip_for_digest(v: &mut serde_json::Value) {
    if let Some(obj) = v.as_object_mut() {
        for k in ["approvals", "digest", "checked_for", "policy"] {
            obj.remove(k);
        }
        if let Some(t) = obj.get_mut("tests").and_then(|t| t.as_object_mut()) {
            for k in COVERAGE_FIELDS {
                t.remove(k);
            }
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256_hex_of_parts(&[bytes])
}

/// The SHA-256 of the concatenation of `parts`, in hex.
pub fn sha256_hex_of_parts(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Top-level arrays hashed element by element, in key order: on a big workflow they are
/// nearly all of the text, and the canonical writer then never holds more than one element.
const STREAMED: [&str; 2] = ["states", "transitions"];
const SKIP_STREAMED: &[&str] = &[
    "approvals",
    "checked_for",
    "digest",
    "policy",
    "states",
    "tests",
    "transitions",
];
const SKIP_STREAMED_AND_AUDIT: &[&str] = &[
    "approvals",
    "audit",
    "checked_for",
    "digest",
    "policy",
    "states",
    "tests",
    "transitions",
];

/// Whether a workflow with this many states and transitions is worth digesting streamed:
/// below 1,024, one pass over the whole artifact is faster (a third, on ordinary workflows)
/// and its buffer small.
pub fn worth_streaming(states: usize, transitions: usize) -> bool {
    states + transitions >= 1024
}

/// `sha256:<hex>` of the artifact's content: the SHA-256 of exactly the bytes of
/// [`canonical_json`], in one pass or, for a big workflow, streamed.
pub fn digest_of(artifact: &Artifact) -> String {
    if worth_streaming(artifact.states.len(), artifact.transitions.len()) {
        digest_streamed(artifact)
    } else {
        digest_whole(artifact)
    }
}

/// [`digest_of`] in one pass: the canonical JSON is written whole into the writer's buffer.
pub fn digest_whole(artifact: &Artifact) -> String {
    // The audit contract is the same in every artifact of this format: its canonical text is
    // written once per process and spliced in (a sixth of an artifact's bytes).
    let (audit, text) = audit_text();
    let tests = tests_text(artifact);
    let hex = if artifact.audit == *audit {
        crate::canonical::with_bytes(
            artifact,
            SKIP_AND_AUDIT,
            &[("audit", text.as_bytes()), ("tests", tests.as_bytes())],
            sha256_hex_of_parts,
        )
    } else {
        crate::canonical::with_bytes(
            artifact,
            SKIP,
            &[("tests", tests.as_bytes())],
            sha256_hex_of_parts,
        )
    }
    .expect("artifacts serialize");
    format!("sha256:{hex}")
}

/// [`digest_of`] with `states` and `transitions` hashed element by element.
pub fn digest_streamed(artifact: &Artifact) -> String {
    hash_with(artifact, |h| hash_array(h, &artifact.transitions))
}

/// The audit contract and its canonical text, written once per process.
fn audit_text() -> &'static (crate::artifact::Audit, String) {
    static AUDIT: std::sync::OnceLock<(crate::artifact::Audit, String)> =
        std::sync::OnceLock::new();
    AUDIT.get_or_init(|| {
        let a = crate::artifact::audit_contract();
        let text = crate::canonical::to_string(&a, &[]).expect("the audit contract serializes");
        (a, text)
    })
}

/// The digest of the artifact `head` would be with `transitions` in place of its own (which
/// must be empty), without ever holding them all: each is made, hashed and dropped.
pub fn digest_of_head(
    head: &Artifact,
    transitions: impl Iterator<Item = crate::artifact::Transition>,
) -> String {
    debug_assert!(head.transitions.is_empty());
    hash_with(head, |h| hash_array(h, transitions))
}

/// Hashes the artifact's canonical JSON with its transitions written by `transitions`.
fn hash_with(artifact: &Artifact, transitions: impl FnOnce(&mut Sha256)) -> String {
    let (audit, text) = audit_text();
    // The streamed arrays are stood in for by a NUL byte, which canonical JSON never
    // contains (control characters in strings are escaped): the text around them comes back
    // in pieces, one more than there are arrays.
    let tests = tests_text(artifact);
    let mut extra: Vec<(&str, &[u8])> = STREAMED.iter().map(|k| (*k, &b"\0"[..])).collect();
    extra.push(("tests", tests.as_bytes()));
    let skip = if artifact.audit == *audit {
        extra.push(("audit", text.as_bytes()));
        SKIP_STREAMED_AND_AUDIT
    } else {
        SKIP_STREAMED
    };
    let pieces: Vec<Vec<u8>> = crate::canonical::with_bytes(artifact, skip, &extra, |parts| {
        let mut pieces = vec![Vec::new()];
        for part in parts {
            for (i, chunk) in part.split(|b| *b == 0).enumerate() {
                if i > 0 {
                    pieces.push(Vec::new());
                }
                pieces
                    .last_mut()
                    .expect("one piece")
                    .extend_from_slice(chunk);
            }
        }
        pieces
    })
    .expect("artifacts serialize");
    assert_eq!(
        pieces.len(),
        STREAMED.len() + 1,
        "one piece around each streamed array"
    );
    let mut h = Sha256::new();
    h.update(&pieces[0]);
    hash_array(&mut h, &artifact.states);
    h.update(&pieces[1]);
    transitions(&mut h);
    h.update(&pieces[2]);
    format!("sha256:{}", hex(&h.finalize()))
}

/// Hashes the canonical JSON of an array, one element at a time.
fn hash_array<T: serde::Serialize>(h: &mut Sha256, items: impl IntoIterator<Item = T>) {
    h.update(b"[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            h.update(b",");
        }
        crate::canonical::with_bytes(&item, &[], &[], |parts| {
            for p in parts {
                h.update(p);
            }
        })
        .expect("artifacts serialize");
    }
    h.update(b"]");
}

/// Fills in the artifact's `digest`.
pub fn seal(mut artifact: Artifact) -> Artifact {
    artifact.digest = digest_of(&artifact);
    artifact
}

/// The artifact as written to disk: sorted keys, two-space indent, trailing newline.
pub fn to_file_json(artifact: &Artifact) -> String {
    let v = serde_json::to_value(artifact).expect("artifacts serialize");
    let mut s = serde_json::to_string_pretty(&v).expect("values serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            super::sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
