//! `keel.toml`: rule severities (including `"off"`), the backout limit, the default
//! environment and extra module directories.
//!
//! ```toml
//! [check]
//! env = "staging"          # default for --env
//! deny_warnings = false
//!
//! [rules]
//! K502 = "error"           # "error", "warning" or "off"
//! K603 = "off"
//!
//! [rollback]
//! backout_limit = "15m"    # K403 fires above this (Tier 3)
//!
//! [library]
//! paths = ["lib"]          # `use acme::psp` reads lib/acme/psp.keel
//!
//! [roles]                  # who may approve each role (K209)
//! compliance = ["c.lee", "a.okafor"]
//! ```
//!
//! Controls (LANGUAGE.md §8) may be raised but never lowered or turned off; levels below a
//! rule's default are the repository's policy, listed in every artifact under `policy`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::codes;
use crate::diagnostic::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Env {
    Sandbox,
    Staging,
    Production,
}

impl Env {
    pub fn parse(s: &str) -> Option<Env> {
        Some(match s {
            "sandbox" => Env::Sandbox,
            "staging" => Env::Staging,
            "production" => Env::Production,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Env::Sandbox => "sandbox",
            Env::Staging => "staging",
            Env::Production => "production",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    check: Option<RawCheck>,
    rules: Option<BTreeMap<String, String>>,
    rollback: Option<RawRollback>,
    library: Option<RawLibrary>,
    roles: Option<BTreeMap<String, Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    env: Option<String>,
    deny_warnings: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRollback {
    backout_limit: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLibrary {
    paths: Option<Vec<String>>,
}

/// A rule's configured level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::On(s) => s.as_str(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from.
    pub path: Option<PathBuf>,
    pub env: Option<Env>,
    pub deny_warnings: bool,
    pub levels: BTreeMap<&'static str, Level>,
    /// K403's limit for Tier 3 backout, in seconds.
    pub backout_limit: u64,
    /// Module directories, absolute.
    pub library_paths: Vec<PathBuf>,
    /// `[roles]`: the people who may approve each listed role (`owner`, `maintainer`,
    /// `compliance`, `finance_risk`).
    pub roles: BTreeMap<String, Vec<String>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            env: None,
            deny_warnings: false,
            levels: BTreeMap::new(),
            backout_limit: 15 * 60,
            library_paths: Vec::new(),
            roles: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Reads and validates a config file. Errors name the file and the problem.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = crate::fsutil::read_text(path, crate::fsutil::PROJECT_FILE_LIMIT)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| format!("{}: {}", path.display(), e.to_string().trim()))?;
        let mut c = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        if let Some(check) = raw.check {
            if let Some(e) = check.env {
                c.env = Some(Env::parse(&e).ok_or_else(|| {
                    format!(
                        "{}: [check] env = \"{e}\" is not an environment (sandbox, staging or production)",
                        path.display()
                    )
                })?);
            }
            c.deny_warnings = check.deny_warnings.unwrap_or(false);
        }
        let mut keys: BTreeMap<&'static str, String> = BTreeMap::new();
        for (code, level) in raw.rules.unwrap_or_default() {
            let info = codes::lookup(&code).ok_or_else(|| {
                format!(
                    "{}: [rules] `{code}` is not a rule code (see `keel explain`)",
                    path.display()
                )
            })?;
            // A rule named twice (by its code and by its name) has no one level.
            if let Some(other) = keys.insert(info.code, code.clone()) {
                return Err(format!(
                    "{}: [rules] `{other}` and `{code}` both set {} ({}); keep one of them",
                    path.display(),
                    info.code,
                    info.name
                ));
            }
            let level = match level.as_str() {
                "off" => Level::Off,
                "warning" | "warn" => Level::On(Severity::Warning),
                "error" => Level::On(Severity::Error),
                other => {
                    return Err(format!(
                        "{}: [rules] {code} = \"{other}\": use \"error\", \"warning\" or \"off\"",
                        path.display()
                    ))
                }
            };
            if codes::is_control(info.code) && level != Level::On(Severity::Error) {
                return Err(format!(
                    "{}: [rules] {} = \"{}\": {} is a control and may be raised but never lowered or turned off; remove the entry and {} (`keel explain {}`)",
                    path.display(),
                    code,
                    level.as_str(),
                    info.code,
                    codes::control_remedy(info.code),
                    info.code
                ));
            }
            c.levels.insert(info.code, level);
        }
        if let Some(rb) = raw.rollback {
            if let Some(l) = rb.backout_limit {
                c.backout_limit = crate::literal::duration(&l)
                    .map_err(|e| format!("{}: [rollback] backout_limit: {e}", path.display()))?;
            }
        }
        if let Some(lib) = raw.library {
            let base = path.parent().unwrap_or(Path::new("."));
            c.library_paths = lib
                .paths
                .unwrap_or_default()
                .into_iter()
                .map(|p| base.join(p))
                .collect();
        }
        for (role, names) in raw.roles.unwrap_or_default() {
            if !["owner", "maintainer", "compliance", "finance_risk"].contains(&role.as_str()) {
                return Err(format!(
                    "{}: [roles] `{role}` is not an approver role (owner, maintainer, compliance or finance_risk)",
                    path.display()
                ));
            }
            for n in &names {
                if let Err(e) = crate::people::check_name(n) {
                    return Err(format!("{}: [roles] {role}: {e}", path.display()));
                }
            }
            c.roles.insert(role, names);
        }
        Ok(c)
    }

    /// The repository's policy: configured levels below a rule's default severity, as the
    /// artifact lists them (`{"K502": "off"}`).
    pub fn policy(&self) -> BTreeMap<String, String> {
        self.levels
            .iter()
            .filter(|(code, level)| {
                let Some(info) = codes::info(code) else {
                    return false;
                };
                match level {
                    Level::Off => true,
                    Level::On(s) => *s < info.severity,
                }
            })
            .map(|(code, level)| (code.to_string(), level.as_str().to_string()))
            .collect()
    }

    pub fn level(&self, code: &str) -> Option<Level> {
        self.levels.get(code).copied()
    }

    /// The configuration of a run given `--config FILE` (`self`) in a project with its own
    /// keel.toml (`project`). `--config` replaces the project's settings, except that it may
    /// raise a control but never lower it (LANGUAGE.md §8): the project's `[roles]` still
    /// apply (an approver must be listed for the role by both files: the lists are intersected
    /// by identity key), its control levels (always raises) stay, and `deny_warnings` of either
    /// holds.
    pub fn over_project(mut self, project: &Config) -> Config {
        self.deny_warnings |= project.deny_warnings;
        for (code, level) in &project.levels {
            if codes::is_control(code) {
                self.levels.entry(code).or_insert(*level);
            }
        }
        for (role, names) in &project.roles {
            match self.roles.get_mut(role) {
                Some(mine) => {
                    mine.retain(|n| names.iter().any(|p| crate::people::same_person(n, p)))
                }
                None => {
                    self.roles.insert(role.clone(), names.clone());
                }
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_limits_and_env() {
        let c = Config::parse(
            "[check]\nenv = \"staging\"\n[rules]\nK502 = \"error\"\nuncovered-boundary = \"off\"\n[rollback]\nbackout_limit = \"20m\"\n",
            Path::new("keel.toml"),
        )
        .unwrap();
        assert_eq!(c.env, Some(Env::Staging));
        assert_eq!(c.level("K502"), Some(Level::On(Severity::Error)));
        assert_eq!(c.level("K503"), Some(Level::Off));
        assert_eq!(c.backout_limit, 1200);
    }

    #[test]
    fn rejects_unknown_codes_and_levels() {
        let p = Path::new("keel.toml");
        assert!(Config::parse("[rules]\nK999 = \"off\"\n", p)
            .unwrap_err()
            .contains("K999"));
        assert!(Config::parse("[rules]\nK502 = \"loud\"\n", p)
            .unwrap_err()
            .contains("loud"));
        assert!(Config::parse("[check]\nenv = \"prod\"\n", p).is_err());
        assert!(Config::parse("[checks]\n", p).is_err());
        assert!(Config::parse("[rules]\nK001 = \"off\"\n", p).is_err());
        let e = Config::parse(
            "[rules]\nmissing-release-window = \"off\"\nK601 = \"error\"\n",
            p,
        )
        .unwrap_err();
        assert!(
            e.contains("keel.toml")
                && e.contains("`missing-release-window`")
                && e.contains("`K601`"),
            "{e}"
        );
    }

    #[test]
    fn a_config_flag_keeps_the_projects_roles_and_raised_controls() {
        let project = Config::parse(
            "[check]\ndeny_warnings = true\n[rules]\nK209 = \"error\"\nK502 = \"off\"\n[roles]\nowner = [\"a.kim\"]\ncompliance = [\"c.lee\", \"a.okafor\"]\n",
            Path::new("keel.toml"),
        )
        .unwrap();
        let over = Config::parse(
            "[roles]\ncompliance = [\"C.Lee\", \"m.ruiz\"]\nfinance_risk = [\"r.patel\"]\n",
            Path::new("other.toml"),
        )
        .unwrap();
        let c = over.over_project(&project);
        assert_eq!(c.roles["owner"], vec!["a.kim".to_string()]);
        assert_eq!(c.roles["compliance"], vec!["C.Lee".to_string()]);
        assert_eq!(c.roles["finance_risk"], vec!["r.patel".to_string()]);
        assert!(c.deny_warnings);
        assert_eq!(c.level("K209"), Some(Level::On(Severity::Error)));
        // Policy (levels of rules that are not controls) is the given file's.
        assert_eq!(c.level("K502"), None);
        assert_eq!(c.path.as_deref(), Some(Path::new("other.toml")));
    }

    #[test]
    fn controls_may_be_raised_never_lowered() {
        let p = Path::new("evil.toml");
        for entry in [
            "K202 = \"off\"",
            "K202 = \"warning\"",
            "missing-approval = \"off\"",
            "K304 = \"off\"",
            "K002 = \"off\"",
        ] {
            let e = Config::parse(&format!("[rules]\n{entry}\n"), p).unwrap_err();
            assert!(
                e.contains("evil.toml") && e.contains("is a control"),
                "{entry}: {e}"
            );
        }
        assert!(Config::parse("[rules]\nK202 = \"error\"\n", p).is_ok());
        // K006 itself is not a control: its level is policy.
        let c = Config::parse(
            "[rules]\nK006 = \"off\"\nK502 = \"error\"\nK101 = \"warning\"\n",
            p,
        )
        .unwrap();
        let policy: Vec<(String, String)> = c.policy().into_iter().collect();
        assert_eq!(
            policy,
            vec![
                ("K006".into(), "off".into()),
                ("K101".into(), "warning".into())
            ]
        );
    }
}
