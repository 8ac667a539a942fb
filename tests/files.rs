//! Files are never lost, reverted or written through a link: concurrent approvals, symlinked
//! workflows and lock files, planted temporary names, read-only files, all-or-nothing builds
//! and publishes (issue 14).

mod common;

use common::{keel, production_project as project, stderr, stdout, GREETING as WF};
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

fn approve_cmd(dir: &Path, file: &str, role: &str, who: &str) -> Command {
    let mut c = Command::new(common::keel_bin());
    c.args([
        "approve",
        file,
        "--as",
        role,
        "--by",
        who,
        "--at",
        "2026-11-25T09:00:00Z",
    ])
    .current_dir(dir)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    c
}

fn approve_all(dir: &Path, file: &str) {
    for (role, who) in [("owner", "l.garcia"), ("maintainer", "j.doe")] {
        let o = approve_cmd(dir, file, role, who).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

#[test]
fn concurrent_approvals_never_lose_a_line() {
    for round in 0..8 {
        let d = project();
        fs::write(d.path().join("w.keel"), WF).unwrap();
        let a = approve_cmd(d.path(), "w.keel", "owner", "l.garcia")
            .spawn()
            .unwrap();
        let b = approve_cmd(d.path(), "w.keel", "maintainer", "j.doe")
            .spawn()
            .unwrap();
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let text = fs::read_to_string(d.path().join("w.keel")).unwrap();
        for (o, who) in [(&a, "l.garcia"), (&b, "j.doe")] {
            match o.status.code() {
                // Success means the line is in the file.
                Some(0) => assert!(
                    text.contains(&format!("\"{who}\" approved at")),
                    "round {round}: {who} reported success but the line is gone:\n{text}"
                ),
                // The only other outcome: refused, saying why, nothing lost.
                Some(2) => assert!(stderr(o).contains("changed"), "{}", stderr(o)),
                c => panic!("round {round}: exit {c:?}: {}", stderr(o)),
            }
        }
        assert!(a.status.success() || b.status.success());
    }
}

#[test]
fn a_planted_link_at_a_temporary_name_is_never_followed() {
    let d = project();
    let w = d.path().join("w.keel");
    fs::write(&w, WF.replace("  tier 1", "tier   1")).unwrap();
    let victim = d.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    // The old names were `.w.keel.keel-tmp-PID`: plant one for every likely PID.
    let me = std::process::id();
    for pid in me.saturating_sub(50)..me + 2000 {
        let _ = symlink(&victim, d.path().join(format!(".w.keel.keel-tmp-{pid}")));
    }
    let o = keel(&["fmt", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    let meta = fs::symlink_metadata(&w).unwrap();
    assert!(meta.file_type().is_file(), "the workflow became a link");
    assert!(fs::read_to_string(&w).unwrap().contains("  tier 1\n"));
}

#[test]
fn fmt_and_approve_write_through_a_symlinked_workflow() {
    let d = project();
    fs::create_dir(d.path().join("shared")).unwrap();
    let real = d.path().join("shared/w.keel");
    fs::write(&real, WF.replace("  tier 1", "tier   1")).unwrap();
    symlink("shared/w.keel", d.path().join("w.keel")).unwrap();
    let o = keel(&["fmt", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    approve_all(d.path(), "w.keel");
    let link = fs::symlink_metadata(d.path().join("w.keel")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let text = fs::read_to_string(&real).unwrap();
    assert!(
        text.contains("  tier 1\n") && text.contains("\"j.doe\" approved at"),
        "{text}"
    );
}

#[test]
fn read_only_files_are_refused_and_permissions_kept() {
    let d = project();
    let w = d.path().join("w.keel");
    fs::write(&w, WF.replace("  tier 1", "tier   1")).unwrap();
    fs::set_permissions(&w, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read_to_string(&w).unwrap();
    let o = keel(&["fmt", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("w.keel") && stderr(&o).contains("read-only"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&w).unwrap(), before);
    let o = approve_cmd(d.path(), "w.keel", "owner", "l.garcia")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&w).unwrap(), before);
    // A writable file keeps its mode.
    fs::set_permissions(&w, fs::Permissions::from_mode(0o640)).unwrap();
    let o = keel(&["fmt", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = fs::metadata(&w).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(
        fs::read_dir(d.path()).unwrap().count(),
        2,
        "a temporary file was left"
    );
}

#[test]
fn a_symlinked_lock_shared_by_two_projects_stays_shared() {
    let top = tempfile::tempdir().unwrap();
    fs::write(top.path().join("shared.lock"), "# shared\n").unwrap();
    for (p, name) in [("a", "ALPHA"), ("b", "BETA")] {
        let dir = top.path().join(p);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("keel.toml"), "[check]\nenv = \"production\"\n").unwrap();
        symlink("../shared.lock", dir.join("keel.lock")).unwrap();
        fs::write(dir.join("w.keel"), WF.replace("GREETING", name)).unwrap();
        approve_all(&dir, "w.keel");
    }
    for p in ["a", "b"] {
        let dir = top.path().join(p);
        let o = keel(&["publish", "w.keel"], &dir);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let m = fs::symlink_metadata(dir.join("keel.lock")).unwrap();
        assert!(m.file_type().is_symlink(), "keel.lock became a copy");
    }
    let shared = fs::read_to_string(top.path().join("shared.lock")).unwrap();
    assert!(
        shared.starts_with("# shared\n")
            && shared.contains("id = \"ALPHA_v1\"")
            && shared.contains("id = \"BETA_v1\""),
        "{shared}"
    );
}

/// Starts `keel publish ARGS` while this process holds the lock on `locked` (a project
/// directory); `meanwhile` runs once keel has had time to reach the lock, then the lock is
/// released. Returns keel's output.
fn publish_while_locked(
    cwd: &Path,
    args: &[&str],
    locked: &Path,
    meanwhile: impl FnOnce(),
) -> std::process::Output {
    let dir = fs::File::open(locked).unwrap();
    dir.lock().unwrap();
    let child = Command::new(common::keel_bin())
        .arg("publish")
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // keel checks everything first (reading keel.lock), then waits for the lock.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    meanwhile();
    dir.unlock().unwrap();
    child.wait_with_output().unwrap()
}

fn entry(id: &str, digest: &str) -> String {
    format!(
        "[[published]]\nid = \"{id}\"\ndigest = \"{digest}\"\nstates = [\"New\", \"Done\"]\npublished_at = \"2026-11-25T09:00:00Z\"\n"
    )
}

#[test]
fn publish_checks_versions_again_under_the_lock() {
    let d = project();
    let v3 = WF.replace("GREETING v1", "GREETING v3").replace(
        "  tier 1\n",
        "  tier 1\n  changelog { what \"x\" why \"y\" by \"j.doe\" ticket \"T-1\" }\n",
    );
    fs::write(d.path().join("w.keel"), v3).unwrap();
    approve_all(d.path(), "w.keel");
    fs::write(d.path().join("keel.lock"), "").unwrap();
    // Another publish records v5 while this one waits for the lock: v3 must be refused.
    let lock = d.path().join("keel.lock");
    let o = publish_while_locked(d.path(), &["w.keel"], d.path(), || {
        fs::write(&lock, entry("GREETING_v5", "sha256:05")).unwrap();
    });
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("K303") && stderr(&o).contains("nothing published"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&lock).unwrap(),
        entry("GREETING_v5", "sha256:05")
    );
}

#[test]
fn publish_is_all_or_nothing_across_projects() {
    let top = tempfile::tempdir().unwrap();
    for p in ["a", "b"] {
        let dir = top.path().join(p);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("keel.toml"), "[check]\nenv = \"production\"\n").unwrap();
        fs::write(
            dir.join("w.keel"),
            WF.replace("GREETING", &p.to_uppercase()),
        )
        .unwrap();
        approve_all(&dir, "w.keel");
    }
    // While keel waits for project a, A_v1 is published there with another digest.
    let a_lock = top.path().join("a/keel.lock");
    let a = top.path().join("a");
    let o = publish_while_locked(top.path(), &["a/w.keel", "b/w.keel"], &a, || {
        fs::write(&a_lock, entry("A_v1", "sha256:00")).unwrap();
    });
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("K302"), "{}", stderr(&o));
    assert!(
        !top.path().join("b/keel.lock").exists(),
        "project b was published although the run published nothing"
    );
    // Without the conflict both are published.
    fs::remove_file(&a_lock).unwrap();
    let o = keel(&["publish", "a/w.keel", "b/w.keel"], top.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::read_to_string(&a_lock).unwrap().contains("A_v1"));
    assert!(fs::read_to_string(top.path().join("b/keel.lock"))
        .unwrap()
        .contains("B_v1"));
}

#[test]
fn build_is_all_or_nothing() {
    let d = project();
    for name in ["FIRST", "SECOND"] {
        let f = format!("{}.keel", name.to_lowercase());
        fs::write(d.path().join(&f), WF.replace("GREETING", name)).unwrap();
        approve_all(d.path(), &f);
    }
    // A new --out appears whole.
    let o = keel(&["build", ".", "--out", "out/new"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = fs::read_dir(d.path().join("out/new"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["FIRST_v1.json", "SECOND_v1.json"]);
    // Into an existing --out where the second artifact cannot be put: nothing new appears,
    // and the error names the artifact (not a temporary file).
    let out = d.path().join("out/old");
    fs::create_dir_all(out.join("SECOND_v1.json")).unwrap();
    fs::write(out.join("SECOND_v1.json/keep"), "x").unwrap();
    fs::write(out.join("FIRST_v1.json"), "old first").unwrap();
    let o = keel(&["build", ".", "--out", "out/old"], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("SECOND_v1.json") && !stderr(&o).contains("keel-tmp"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(out.join("FIRST_v1.json")).unwrap(),
        "old first"
    );
    let left: Vec<String> = fs::read_dir(d.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        left.iter().all(|n| !n.starts_with(".keel-build")),
        "{left:?}"
    );
}

#[test]
fn fifos_never_hang_a_command() {
    let d = project();
    fs::write(d.path().join("w.keel"), WF).unwrap();
    let fifo = d.path().join("cfg.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    fs::create_dir(d.path().join("lib")).unwrap();
    let c = std::ffi::CString::new(d.path().join("lib/x.keel").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    for (args, config) in [
        (vec!["check", "--config", "cfg.toml", "w.keel"], None),
        (
            vec!["check", "w.keel"],
            Some("[library]\npaths = [\"lib\"]\n"),
        ),
        (vec!["check", "--baseline", "cfg.toml", "w.keel"], Some("")),
    ] {
        if let Some(cfg) = config {
            fs::write(d.path().join("keel.toml"), cfg).unwrap();
        }
        let o = common::keel_within_20s(&args, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn non_utf8_is_reported_as_such_by_every_command() {
    let d = project();
    let mut bytes = WF.as_bytes().to_vec();
    bytes.splice(20..20, [0xff, 0xfe]);
    fs::write(d.path().join("w.keel"), &bytes).unwrap();
    for args in [
        vec!["check", "w.keel"],
        vec!["fmt", "w.keel"],
        vec!["digest", "w.keel"],
        vec!["approve", "w.keel", "--as", "owner", "--by", "x"],
        vec!["publish", "w.keel"],
    ] {
        let o = keel(&args, d.path());
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(all.contains("not valid UTF-8"), "{args:?}: {all}");
        assert_eq!(o.status.code(), Some(1), "{args:?}: {all}");
        assert_eq!(fs::read(d.path().join("w.keel")).unwrap(), bytes);
    }
}
