//! The Argo CD Config Management Plugin (`gitops/argocd-plugin.yaml`) is not a custom
//! resource, so no CRD checks it: this test reads it as argocd-cmp-server's format and runs
//! its generate command as the sidecar does, in a checkout, with `render` on the PATH and
//! the Application's variables prefixed `ARGOCD_ENV_`.

use std::path::Path;
use std::process::{Command, Output};

use crate::run::{render, stderr, stdout};

const REPOSITORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// `ConfigManagementPlugin` as argocd-cmp-server reads it (Argo CD's
/// `cmpserver/plugin/config.go`), limited to what this plugin sets: a field it does not
/// know is an error here, as a typo would be ignored there.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Plugin {
    api_version: String,
    kind: String,
    metadata: Metadata,
    spec: Spec,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    name: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Spec {
    generate: Generate,
    preserve_file_mode: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    command: Vec<String>,
    args: Vec<String>,
}

fn plugin() -> Plugin {
    let path = Path::new(REPOSITORY).join("gitops/argocd-plugin.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    axisor_yaml::from_yaml(&path.display().to_string(), &text).unwrap()
}

/// A checkout as Argo CD hands it to the sidecar: the profiles and templates.
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["environments", "templates"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        axisor_test_support::copy_files(
            Path::new(REPOSITORY).join(folder),
            dir.path().join(folder),
        );
    }
    dir
}

/// Runs the plugin's generate command in `dir` with `variables` as the Application's
/// plugin env.
fn generate(dir: &Path, variables: &[(&str, &str)]) -> Output {
    let generate = plugin().spec.generate;
    let bin = Path::new(env!("CARGO_BIN_EXE_render")).parent().unwrap();
    let mut command = Command::new(&generate.command[0]);
    command
        .args(&generate.command[1..])
        .args(&generate.args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()));
    for (name, value) in variables {
        command.env(format!("ARGOCD_ENV_{name}"), value);
    }
    command.output().unwrap()
}

#[test]
fn it_is_the_plugin_the_gitops_objects_name() {
    let plugin = plugin();
    assert_eq!(
        (plugin.api_version.as_str(), plugin.kind.as_str()),
        ("argoproj.io/v1alpha1", "ConfigManagementPlugin")
    );
    assert_eq!(plugin.metadata.name, axisor_renderer::gitops::PLUGIN);
    assert!(!plugin.spec.preserve_file_mode);
    assert_eq!(plugin.spec.generate.command, ["sh", "-c"]);
}

#[test]
fn an_application_gets_its_environment_as_make_hydrate_writes_it() {
    let dir = checkout();
    let output = generate(dir.path(), &[("ENVIRONMENT", "staging")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = render(&["staging", "--secrets", "external"]);
    assert_eq!(stdout(&output), stdout(&expected));
    assert!(stdout(&output).contains("kind: ExternalSecret\n"));
}

#[test]
fn a_preview_renders_the_same_at_any_time() {
    let dir = checkout();
    let first = generate(dir.path(), &[("PREVIEW", "42")]);
    assert!(first.status.success(), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(
        text.contains("axisor.io/lifetime: until-pull-request-closes\n"),
        "{text}"
    );
    assert!(text.contains("namespace: axisor-pr-42\n"));
    assert!(!text.contains("expires-at"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(stdout(&generate(dir.path(), &[("PREVIEW", "42")])), text);
}

#[test]
fn without_a_variable_or_with_a_broken_profile_it_fails_and_prints_nothing() {
    let dir = checkout();
    let output = generate(dir.path(), &[]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("the Application sets plugin.env ENVIRONMENT or PREVIEW"),
        "{}",
        stderr(&output)
    );

    let staging = dir.path().join("environments/staging.yaml");
    let text = std::fs::read_to_string(&staging).unwrap();
    std::fs::write(
        &staging,
        text.replace("short_name: staging", "short_name: Staging_"),
    )
    .unwrap();
    let output = generate(dir.path(), &[("ENVIRONMENT", "staging")]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("staging.yaml"),
        "{}",
        stderr(&output)
    );
}
