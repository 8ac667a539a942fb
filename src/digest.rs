//! Content digests (LANGUAGE.md §4): `sha256:` + hex SHA-256 of a workflow's canonical
//! artifact JSON with `approvals` and `digest` removed. Canonical JSON has sorted keys and no
//! insignificant whitespace; the artifact holds no names of files, no positions, no clock.

use sha2::{Digest, Sha256};

use crate::artifact::Artifact;

/// The artifact fields the digest leaves out.
const SKIP: &[&str] = &["approvals", "digest"];
const SKIP_AND_AUDIT: &[&str] = &["approvals", "digest", "audit"];

/// The canonical JSON of an artifact as the digest sees it.
pub fn canonical_json(artifact: &Artifact) -> String {
    crate::canonical::to_string(artifact, SKIP).expect("artifacts serialize")
}

/// The same bytes through `serde_json::Value` (the definition; `canonical_json` is the fast
/// way to compute it, and a test keeps the two equal).
pub fn canonical_json_reference(artifact: &Artifact) -> String {
    let mut v = serde_json::to_value(artifact).expect("artifacts serialize");
    if let Some(obj) = v.as_object_mut() {
        obj.remove("approvals");
        obj.remove("digest");
    }
    // serde_json's map is ordered by key, so this is sorted at every level.
    serde_json::to_string(&v).expect("values serialize")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256_hex_of_parts(&[bytes])
}

/// The SHA-256 of the concatenation of `parts`, in hex.
pub fn sha256_hex_of_parts(parts: &[&[u8]]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    let out = h.finalize();
    let mut s = String::with_capacity(64);
    for b in out.iter() {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// `sha256:<hex>` of the artifact's content.
pub fn digest_of(artifact: &Artifact) -> String {
    // The audit contract is the same in every artifact of this format: its canonical text is
    // written once per process and spliced in (a sixth of an artifact's bytes).
    static AUDIT: std::sync::OnceLock<(crate::artifact::AuditA, String)> =
        std::sync::OnceLock::new();
    let (audit, text) = AUDIT.get_or_init(|| {
        let a = crate::artifact::audit_contract();
        let text = crate::canonical::to_string(&a, &[]).expect("the audit contract serializes");
        (a, text)
    });
    let hex = if artifact.audit == *audit {
        crate::canonical::with_bytes(
            artifact,
            SKIP_AND_AUDIT,
            &[("audit", text.as_bytes())],
            sha256_hex_of_parts,
        )
    } else {
        crate::canonical::with_bytes(artifact, SKIP, &[], sha256_hex_of_parts)
    }
    .expect("artifacts serialize");
    format!("sha256:{hex}")
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
