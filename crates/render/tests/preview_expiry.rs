//! Preview expiry removes previews only: each case in `cases/preview-expiry/` is what
//! `kubectl get namespaces -l axisor.io/preview -o json` might print, given to `render
//! preview --expired` on stdin; its snapshot in `snapshots/preview-expiry/` is what comes
//! out (`remove` for each printed namespace, `keep` for each one named on stderr).

use std::path::Path;

use crate::run::render_with_input;

const ENVIRONMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../environments");
const NOW: &str = "2026-12-03T00:00:00Z";

/// `render preview --expired --now NOW [more args]` with `input` on stdin: the namespaces
/// printed, the kept ones with their reasons, or the error.
fn expire(input: &str, now: &str, more: &[&str]) -> String {
    let mut args = vec!["preview", "--expired", "--now", now];
    args.extend_from_slice(more);
    let output = render_with_input(&args, input);
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    if !output.status.success() {
        assert!(
            stdout.is_empty(),
            "nothing is printed on an error: {stdout}"
        );
        return stderr.trim_end().to_owned();
    }
    let removed = stdout.lines().map(|name| {
        // Whatever is removed is a preview's namespace.
        assert!(name.starts_with("axisor-pr-"), "{name}");
        format!("remove {name}")
    });
    let kept = stderr
        .lines()
        .map(|line| line.replacen("kept namespace ", "keep ", 1));
    removed.chain(kept).collect::<Vec<_>>().join("\n")
}

#[test]
fn only_expired_previews_are_removed() {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/preview-expiry",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("cases/preview-expiry/*.json", |path| {
            let input = std::fs::read_to_string(path).unwrap();
            insta::assert_snapshot!(expire(&input, NOW, &[]));
        });
    });
}

/// A namespace an environment uses is never removed, even named and labelled as a preview.
#[test]
fn an_environments_namespace_is_never_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(ENVIRONMENTS).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let text = match path.file_name().unwrap().to_str().unwrap() {
                "development.yaml" => {
                    text.replace("namespace: axisor-dev", "namespace: axisor-pr-5")
                }
                _ => text,
            };
            std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases/preview-expiry/expired-and-live-previews.json");
    let input = std::fs::read_to_string(case)
        .unwrap()
        .replace("axisor-pr-9", "axisor-pr-5")
        .replace("pr-9", "pr-5");
    let environments = ["--environments", dir.path().to_str().unwrap()];
    assert_eq!(
        expire(&input, NOW, &environments),
        "keep axisor-pr-5: it is environment development's namespace\nkeep axisor-pr-12: it expires at 2026-12-09T09:00:00Z"
    );
}

/// A preview expires at its `expires-at` to the second, not a second before.
#[test]
fn a_preview_expires_at_its_expiry_time() {
    let namespace = r#"{"kind": "Namespace", "metadata": {"name": "axisor-pr-1",
        "labels": {"axisor.io/preview": "pr-1"},
        "annotations": {"axisor.io/created-at": "2026-11-29T09:00:00Z",
            "axisor.io/expires-at": "2026-12-02T09:00:00Z"}}}"#;
    for (now, outcome) in [
        (
            "2026-12-02T08:59:59Z",
            "keep axisor-pr-1: it expires at 2026-12-02T09:00:00Z",
        ),
        ("2026-12-02T09:00:00Z", "remove axisor-pr-1"),
        ("2026-12-02T09:00:01Z", "remove axisor-pr-1"),
    ] {
        assert_eq!(expire(namespace, now, &[]), outcome, "{now}");
    }
}
