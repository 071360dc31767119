//! `render diff ENV --against PATH` reads what `render` and kubectl write: YAML streams,
//! JSON Lists, and folders of them, recursively in path order; what is not an object is
//! skipped and named, and a place with no objects at all is an error.

use std::path::Path;

use crate::run::{render, stderr, stdout};

fn against(path: &Path) -> std::process::Output {
    render(&["diff", "production", "--against", path.to_str().unwrap()])
}

#[test]
fn a_folder_written_by_out_dir_is_equal_until_it_drifts() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        render(&["production", "--out-dir", dir.path().to_str().unwrap()])
            .status
            .success()
    );
    let out = dir.path().join("production");
    assert_eq!(
        against(&out).status.code(),
        Some(0),
        "{}",
        stderr(&against(&out))
    );

    let configmap = out.join("06-configmap-axisor-config.yaml");
    let text = std::fs::read_to_string(&configmap).unwrap();
    std::fs::write(
        &configmap,
        text.replace("LOG_LEVEL: warn", "LOG_LEVEL: debug"),
    )
    .unwrap();
    let drift = against(&out);
    assert_eq!(drift.status.code(), Some(1));
    let expected = format!(
        "~ ConfigMap axisor-config\n    data.LOG_LEVEL\n      - production: \"warn\"\n      + {}: \"debug\"\n",
        out.display()
    );
    assert_eq!(stdout(&drift), expected);

    let missing = render(&["diff", "production", "--against", "/no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_tool_s_own_json_list_and_kubectl_s_yaml_list_are_read_as_their_items() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("production.json");
    std::fs::write(&json, stdout(&render(&["production", "-o", "json"]))).unwrap();
    let output = against(&json);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );

    // `kubectl get -o yaml` prints a List; its items are compared one by one.
    let stream = stdout(&render(&["production"]));
    let items: String = stream
        .split("---\n")
        .filter(|d| !d.is_empty())
        .map(|d| format!("- {}", d.trim_end().replace('\n', "\n  ")) + "\n")
        .collect();
    let list = dir.path().join("list.yaml");
    std::fs::write(
        &list,
        format!("apiVersion: v1\nkind: List\nitems:\n{items}"),
    )
    .unwrap();
    let output = against(&list);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[test]
fn subfolders_are_read_and_what_is_not_an_object_is_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let stream = stdout(&render(&["production"]));
    let documents: Vec<&str> = stream.split("---\n").filter(|d| !d.is_empty()).collect();
    // The objects spread over nested folders, with a kustomization beside them.
    std::fs::create_dir_all(dir.path().join("base/apps")).unwrap();
    std::fs::write(
        dir.path().join("base/first.yaml"),
        documents[..10].join("---\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("base/apps/rest.yml"),
        documents[10..].join("---\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("kustomization.yaml"), "resources: [base]\n").unwrap();
    std::fs::write(dir.path().join("README.md"), "# deploy\n").unwrap();
    std::fs::write(dir.path().join("values.yaml"), "replicas: 3\n").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git/config.yaml"), "not: ours\n").unwrap();

    let output = against(dir.path());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let root = dir.path().display();
    assert_eq!(
        stderr(&output),
        format!(
            "note: skipped {root}/README.md: neither YAML nor JSON\n\
             note: skipped {root}/kustomization.yaml: kustomize's configuration, not an object\n\
             note: skipped {root}/values.yaml: no document has apiVersion and kind\n"
        )
    );
}

#[test]
fn a_place_with_no_objects_is_an_error_not_a_list_of_missing_ones() {
    let empty = tempfile::tempdir().unwrap();
    let kustomized = tempfile::tempdir().unwrap();
    std::fs::write(
        kustomized.path().join("kustomization.yaml"),
        "resources: []\n",
    )
    .unwrap();
    let blank = kustomized.path().join("blank.yaml");
    for path in [empty.path(), kustomized.path()] {
        let output = against(path);
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        assert!(output.stdout.is_empty());
        assert!(
            stderr(&output).contains("holds no Kubernetes objects"),
            "{}",
            stderr(&output)
        );
    }
    std::fs::write(&blank, "").unwrap();
    assert_eq!(against(&blank).status.code(), Some(2));
}
