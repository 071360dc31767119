//! Built-in profiles need no files: they work from any working directory.
//! (A test binary of its own, because it changes the process's working directory.)

use axisor_environments::Environment;

#[test]
fn profiles_load_from_an_unrelated_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    std::env::set_current_dir(elsewhere.path()).unwrap();
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
