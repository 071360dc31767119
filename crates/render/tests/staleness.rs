//! Built-in profiles never go stale silently: beside an `environments/` folder that says
//! something else, the binary refuses them and names the ways out.

use crate::run::{checkout, render_in, stderr, stdout};

const WAYS_OUT: [&str; 2] = ["cargo run -p render", "--environments environments"];

#[test]
fn a_folder_like_the_built_in_profiles_is_accepted() {
    let dir = checkout();
    let output = render_in(dir.path(), &["staging"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn after_promote_write_the_prebuilt_binary_refuses_the_old_profiles() {
    let dir = checkout();
    let promote = ["promote", "--from", "testing", "--to", "staging", "--write"];
    let output = render_in(dir.path(), &promote);
    assert!(output.status.success(), "{}", stderr(&output));
    let staging = std::fs::read_to_string(dir.path().join("environments/staging.yaml")).unwrap();
    assert!(staging.contains("version: \"1.3.0\""), "{staging}");

    // Every command that reads the built-in profiles refuses them now, printing nothing.
    for args in [
        &["staging"][..],
        &["promote", "--from", "staging", "--to", "production"],
        &["list"],
        &["explain", "staging"],
        &["diff", "staging", "production"],
        &["preview", "--pr", "7"],
    ] {
        let output = render_in(dir.path(), args);
        let message = stderr(&output);
        assert!(!output.status.success(), "{args:?} must refuse");
        assert!(stdout(&output).is_empty(), "{args:?}");
        assert!(
            message.contains(
                "./environments holds profiles that differ from the ones built into this binary"
            ),
            "{args:?}: {message}"
        );
        for way in WAYS_OUT {
            assert!(message.contains(way), "{args:?} names `{way}`: {message}");
        }
    }

    // Read from the files, production is promoted the version staging now runs.
    let output = render_in(
        dir.path(),
        &[
            "--environments",
            "environments",
            "promote",
            "--from",
            "staging",
            "--to",
            "production",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("image: axisor/backend:1.3.0"));
}

#[test]
fn a_folder_without_base_yaml_is_not_a_profiles_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("environments")).unwrap();
    std::fs::write(dir.path().join("environments/notes.yaml"), "a: 1\n").unwrap();
    let output = render_in(dir.path(), &["staging"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn version_names_the_profiles_the_binary_holds() {
    let output = render_in(std::path::Path::new("."), &["--version"]);
    let text = stdout(&output);
    let digest = axisor_profile::folder_digest("../../environments").unwrap();
    assert_eq!(
        text,
        format!(
            "render {}\nprofiles: sha256:{digest} (development, testing, staging, production)\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}
