//! `keel.lock`: the published versions (TOML, one `[[published]]` table per version with
//! `id`, `digest`, `states` and `published_at`), kept in a stable order.
//!
//! Publishing edits the file as text: a new entry is spliced in at its place in the order and
//! every other byte (comments, blank lines, hand formatting) is left as it was.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    pub id: String,
    pub digest: String,
    pub states: Vec<String>,
    pub published_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    #[serde(default)]
    pub published: Vec<Published>,
}

/// Splits `NAME_vN` into `(NAME, N)`.
pub fn split_id(id: &str) -> Option<(&str, u64)> {
    let (name, v) = id.rsplit_once("_v")?;
    Some((name, v.parse().ok()?))
}

impl Lock {
    pub fn parse(text: &str, path: &Path) -> Result<Lock, String> {
        toml::from_str(text).map_err(|e| format!("{}: {}", path.display(), e.to_string().trim()))
    }

    pub fn load(path: &Path) -> Result<Lock, String> {
        let text = crate::fsutil::read_text(path, crate::fsutil::PROJECT_FILE_LIMIT)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Lock::parse(&text, path)
    }

    pub fn get(&self, id: &str) -> Option<&Published> {
        self.published.iter().find(|p| p.id == id)
    }

    /// Published versions of a workflow, ascending.
    pub fn versions(&self, name: &str) -> Vec<u64> {
        let mut v: Vec<u64> = self
            .published
            .iter()
            .filter_map(|p| split_id(&p.id))
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .collect();
        v.sort_unstable();
        v
    }

    /// Adds an entry, keeping entries sorted by workflow name then version.
    fn insert(&mut self, p: Published) {
        let at = self.position_for(&p);
        self.published.insert(at, p);
    }

    /// Where `p` goes: before the first entry that sorts after it.
    fn position_for(&self, p: &Published) -> usize {
        self.published
            .iter()
            .position(|q| order(q, p) == std::cmp::Ordering::Greater)
            .unwrap_or(self.published.len())
    }

    /// Adds `p` to the lock and to `text` (the lock's file contents, which parsed to `self`),
    /// returning the new text. Only the new entry's lines are added; nothing else changes.
    /// The entry goes where [`Lock::insert`] puts it when the file's tables can be matched to
    /// its entries line by line, and at the end otherwise.
    pub fn insert_into_text(&mut self, text: &str, p: Published) -> String {
        let mut block = entry_toml(&p);
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        if nl != "\n" {
            block = block.replace('\n', nl);
        }
        let at = self.position_for(&p);
        let headers = table_headers(text);
        let splice = if headers.len() == self.published.len() {
            headers.get(at).map(|&h| owned_comments_start(text, h))
        } else {
            None
        };
        self.insert(p);
        match splice {
            Some(offset) => {
                let mut out = String::with_capacity(text.len() + block.len() + 1);
                out.push_str(&text[..offset]);
                out.push_str(&block);
                out.push_str(nl);
                out.push_str(&text[offset..]);
                out
            }
            None => {
                let mut out = String::with_capacity(text.len() + block.len() + 2);
                out.push_str(text);
                if !text.is_empty() && !text.ends_with('\n') {
                    out.push_str(nl);
                }
                if !text.trim().is_empty() && !out.ends_with(&format!("{nl}{nl}")) {
                    out.push_str(nl);
                }
                out.push_str(&block);
                out
            }
        }
    }
}

/// Entries sort by workflow name, then version, then id.
fn order(a: &Published, b: &Published) -> std::cmp::Ordering {
    let ka = split_id(&a.id);
    let kb = split_id(&b.id);
    ka.cmp(&kb).then_with(|| a.id.cmp(&b.id))
}

/// One `[[published]]` table.
fn entry_toml(p: &Published) -> String {
    let states: Vec<String> = p.states.iter().map(|s| toml_str(s)).collect();
    format!(
        "[[published]]\nid = {}\ndigest = {}\nstates = [{}]\npublished_at = {}\n",
        toml_str(&p.id),
        toml_str(&p.digest),
        states.join(", "),
        toml_str(&p.published_at)
    )
}

/// Byte offsets of the lines that open a `[[published]]` table (`[[ published ]]` and a
/// trailing comment allowed). A line inside a multi-line string could look like one; the caller
/// only trusts the list when its length matches the parsed entries.
fn table_headers(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed == "[[published]]" {
            out.push(offset);
        }
        offset += line.len();
    }
    out
}

/// The start of the comment lines directly above the header at `header`, which belong to it.
fn owned_comments_start(text: &str, header: usize) -> usize {
    let mut start = header;
    while start > 0 {
        let before = &text[..start - 1];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..start].trim_start().starts_with('#') {
            start = line_start;
        } else {
            break;
        }
    }
    start
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_stable_order() {
        let mut l = Lock::default();
        let mut text = String::new();
        for id in ["KYC_v2", "AB_v10", "KYC_v1", "AB_v9"] {
            text = l.insert_into_text(
                &text,
                Published {
                    id: id.into(),
                    digest: "sha256:00".into(),
                    states: vec!["A".into(), "B \"x\"".into()],
                    published_at: "2026-01-01T00:00:00Z".into(),
                },
            );
        }
        let ids: Vec<&str> = l.published.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["AB_v9", "AB_v10", "KYC_v1", "KYC_v2"]);
        let back = Lock::parse(&text, Path::new("keel.lock")).unwrap();
        assert_eq!(back, l);
        assert_eq!(l.versions("AB"), vec![9, 10]);
        assert_eq!(split_id("A_B_v3"), Some(("A_B", 3)));
    }

    fn entry(id: &str) -> Published {
        Published {
            id: id.into(),
            digest: "sha256:ab".into(),
            states: vec!["New".into()],
            published_at: "2026-11-25T09:00:00Z".into(),
        }
    }

    /// Removes the first occurrence of `block` (and the separator publish adds) from `text`.
    fn without(text: &str, block: &str) -> String {
        let i = text.find(block).expect("the new entry is in the text");
        let mut rest = &text[i + block.len()..];
        let mut head = &text[..i];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        } else if let Some(h) = head.strip_suffix('\n') {
            head = h;
        }
        format!("{head}{rest}")
    }

    #[test]
    fn publishing_keeps_every_other_byte() {
        let text = "# Published versions. Do not edit by hand.\n\n\
                    [[published]]   # the first\n\
                    id=\"AB_v1\"\n\
                    digest = \"sha256:01\"\n\
                    states = [ \"A\" ,\"B\" ]\n\
                    published_at = \"2026-01-01T00:00:00Z\"\n\n\
                    # KYC is owned by compliance\n\
                    [[published]]\n\
                    id = \"KYC_v2\"\n\
                    digest = \"sha256:02\"\n\
                    states = [\"A\"]\n\
                    published_at = \"2026-01-02T00:00:00Z\"\n";
        for (id, before) in [
            ("AA_v1", "[[published]]   # the first"),
            ("KYC_v1", "# KYC is owned by compliance"),
            ("KYC_v3", ""),
            ("ZED_v1", ""),
        ] {
            let mut lock = Lock::parse(text, Path::new("keel.lock")).unwrap();
            let new = lock.insert_into_text(text, entry(id));
            let block = entry_toml(&entry(id));
            assert_eq!(without(&new, &block), text, "{id}:\n{new}");
            let i = new.find(&block).unwrap();
            assert!(
                new[i + block.len()..].trim_start().starts_with(before),
                "{id}:\n{new}"
            );
            assert_eq!(Lock::parse(&new, Path::new("keel.lock")).unwrap(), lock);
        }
    }

    #[test]
    fn publishing_into_an_empty_or_crlf_lock() {
        let mut lock = Lock::default();
        let new = lock.insert_into_text("", entry("A_v1"));
        assert_eq!(new, entry_toml(&entry("A_v1")));
        let crlf = new.replace('\n', "\r\n");
        let mut lock = Lock::parse(&crlf, Path::new("keel.lock")).unwrap();
        let two = lock.insert_into_text(&crlf, entry("A_v2"));
        assert!(
            two.starts_with(&crlf) && !two.replace("\r\n", "").contains('\n'),
            "{two:?}"
        );
        assert_eq!(Lock::parse(&two, Path::new("keel.lock")).unwrap(), lock);
    }
}
