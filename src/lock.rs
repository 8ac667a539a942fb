//! `keel.lock`: the published versions (TOML, one `[[published]]` table per version with
//! `id`, `digest`, `states` and `published_at`), kept in a stable order.

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
        let text = std::fs::read_to_string(path)
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
    pub fn insert(&mut self, p: Published) {
        self.published.push(p);
        self.published.sort_by(|a, b| {
            let ka = split_id(&a.id).map(|(n, v)| (n.to_string(), v));
            let kb = split_id(&b.id).map(|(n, v)| (n.to_string(), v));
            ka.cmp(&kb).then_with(|| a.id.cmp(&b.id))
        });
    }

    /// The TOML text of the lock, in its stable order.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.published.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("[[published]]\n");
            out.push_str(&format!("id = {}\n", toml_str(&p.id)));
            out.push_str(&format!("digest = {}\n", toml_str(&p.digest)));
            let states: Vec<String> = p.states.iter().map(|s| toml_str(s)).collect();
            out.push_str(&format!("states = [{}]\n", states.join(", ")));
            out.push_str(&format!("published_at = {}\n", toml_str(&p.published_at)));
        }
        out
    }
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
        for id in ["KYC_v2", "AB_v10", "KYC_v1", "AB_v9"] {
            l.insert(Published {
                id: id.into(),
                digest: "sha256:00".into(),
                states: vec!["A".into(), "B \"x\"".into()],
                published_at: "2026-01-01T00:00:00Z".into(),
            });
        }
        let ids: Vec<&str> = l.published.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["AB_v9", "AB_v10", "KYC_v1", "KYC_v2"]);
        let back = Lock::parse(&l.to_toml(), Path::new("keel.lock")).unwrap();
        assert_eq!(back, l);
        assert_eq!(l.versions("AB"), vec![9, 10]);
        assert_eq!(split_id("A_B_v3"), Some(("A_B", 3)));
    }
}
