//! Built-in profiles need no files: they work from any working directory. The check runs
//! in a child process started in an empty folder, so no other test's working directory
//! changes.

use std::process::Command;

use axisor_environments::Environment;

#[test]
fn profiles_load_from_an_unrelated_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "any_directory::from_the_working_directory",
            "--ignored",
        ])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    assert!(report.contains("1 passed"), "{report}");
}

/// Run by the test above, in an empty working directory.
#[test]
#[ignore = "run in an empty working directory by profiles_load_from_an_unrelated_directory"]
fn from_the_working_directory() {
    assert!(!std::path::Path::new("environments").exists());
    for env in Environment::ALL {
        assert_eq!(env.profile().name.as_str(), env.name());
    }
    assert_eq!(
        Environment::Production
            .profile()
            .monitoring
            .interval
            .as_str(),
        "10s"
    );
}
