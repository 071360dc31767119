//! `--out-dir DIR`: one layout (DIR/<environment>), files in apply order, never a file
//! removed that a render did not write, Secrets readable by their owner only, and a
//! failure that leaves the old files as they were.

use std::path::Path;

use crate::run::{render, stderr, stdout};

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn one_environment_or_many_each_go_to_a_folder_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let output = render(&["production", "--out-dir", out]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(names_in(dir.path()), ["production"]);

    let output = render(&["staging", "development", "--out-dir", out]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        names_in(dir.path()),
        ["development", "production", "staging"]
    );

    let all = tempfile::tempdir().unwrap();
    assert!(
        render(&["--all", "--out-dir", all.path().to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        names_in(all.path()),
        ["development", "production", "staging", "testing"]
    );
    for env in ["development", "staging", "production"] {
        assert_eq!(
            snapshot_dir(&all.path().join(env)),
            snapshot_dir(&dir.path().join(env)),
            "{env}: the same files whether rendered alone, with another, or with --all"
        );
    }
    let output = render(&["preview", "--pr", "7", "--out-dir", out]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        dir.path()
            .join("pr-7/00-namespace-axisor-pr-7.yaml")
            .is_file()
    );
}

#[test]
fn files_are_the_stream_in_apply_order_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let output = render(&["development", "--out-dir", dir.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("development");
    let names = names_in(&out);
    assert_eq!(names.len(), 21, "20 objects and the record: {names:?}");
    assert_eq!(names[0], ".render-files");
    assert_eq!(names[1], "00-namespace-axisor-dev.yaml");
    assert_eq!(names[20], "19-cronjob-dev-backup.yaml");
    let record = std::fs::read_to_string(out.join(".render-files")).unwrap();
    assert_eq!(record, names[1..].join("\n") + "\n");
    let joined: String = names[1..]
        .iter()
        .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
        .collect();
    assert_eq!(joined, stdout(&render(&["development"])));
}

#[test]
fn only_files_a_render_wrote_are_ever_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let folder = dir.path().join("pr-7");
    let preview = |backup: bool| {
        let mut args = vec!["preview", "--pr", "7", "--out-dir", out];
        if backup {
            args.push("--backup");
        }
        let output = render(&args);
        assert!(output.status.success(), "{}", stderr(&output));
    };
    preview(true);
    let cronjob = names_in(&folder)
        .into_iter()
        .find(|n| n.contains("-cronjob-"))
        .expect("a backup CronJob");
    // Hand-written files, one named like ours: never on the record, never removed.
    std::fs::write(folder.join("99-configmap-manual.yaml"), "manual").unwrap();
    std::fs::write(folder.join("07-deployment-gone.yaml"), "manual").unwrap();

    preview(false);
    let names = names_in(&folder);
    assert!(
        !names.contains(&cronjob),
        "the render wrote it and no longer does: {names:?}"
    );
    assert!(names.contains(&"99-configmap-manual.yaml".to_owned()));
    assert!(names.contains(&"07-deployment-gone.yaml".to_owned()));

    // A record naming something outside the folder is not followed.
    let outside = dir.path().join("outside.yaml");
    std::fs::write(&outside, "keep").unwrap();
    std::fs::write(folder.join(".render-files"), "../outside.yaml\n").unwrap();
    preview(false);
    assert!(outside.is_file());
}

#[cfg(unix)]
#[test]
fn secret_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("development");
    // A file of an earlier, more open render is replaced, not reused.
    std::fs::create_dir(&out).unwrap();
    let secret = out.join("07-secret-axisor-secrets.yaml");
    std::fs::write(&secret, "old").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(out.join(".render-files"), "07-secret-axisor-secrets.yaml\n").unwrap();

    let output = render(&["development", "--out-dir", dir.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = |name: &str| {
        std::fs::metadata(out.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("07-secret-axisor-secrets.yaml"), 0o600);
    assert_eq!(mode("06-configmap-axisor-config.yaml") & 0o600, 0o600);
}

/// Every file in `dir` with its content, sorted by name.
fn snapshot_dir(dir: &Path) -> Vec<(String, String)> {
    names_in(dir)
        .into_iter()
        .map(|name| {
            let content =
                std::fs::read_to_string(dir.join(&name)).unwrap_or_else(|_| "<folder>".into());
            (name, content)
        })
        .collect()
}

#[test]
fn a_write_failing_half_way_leaves_the_old_files_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k8s");
    let out_arg = out.to_str().unwrap();
    assert!(
        render(&["production", "--out-dir", out_arg])
            .status
            .success()
    );
    let before = snapshot_dir(&out.join("production"));

    // A ConfigMap name too long for a file name: its file fails to write after six were
    // staged.
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    axisor_test_support::copy_files(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates"),
        &templates,
    );
    let configmap = std::fs::read_to_string(templates.join("configmap.yaml.j2")).unwrap();
    let long_name = format!("\"{}\"", "a".repeat(250));
    std::fs::write(
        templates.join("configmap.yaml.j2"),
        configmap.replace("{{ names.config_map }}", &long_name),
    )
    .unwrap();

    let output = render(&[
        "production",
        "--out-dir",
        out_arg,
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("06-configmap-aaaa"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        snapshot_dir(&out.join("production")),
        before,
        "the old files and record stay, nothing new, no staging left"
    );
}

#[test]
fn a_leftover_staging_folder_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("staging/.render-staging")).unwrap();
    let output = render(&["staging", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("remove .render-staging and retry"),
        "{}",
        stderr(&output)
    );
}
