//! The `render` command as a user runs it: output on stdout only on success, errors on
//! stderr with a non-zero exit, files written atomically.

use std::path::Path;
use std::process::Command;

use crate::run::{render, render_in, render_with_input, stderr, stdout};

#[test]
fn renders_an_environment_from_any_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = render_in(elsewhere.path(), &["production"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let yaml = stdout(&output);
    assert!(
        yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"),
        "{yaml}"
    );
    assert_eq!(yaml.matches("\n---\n").count() + 1, 25, "25 objects");
    assert!(stderr(&output).is_empty());
}

#[test]
fn an_unknown_environment_lists_the_known_ones_and_prints_nothing() {
    let output = render(&["prod"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        format!(
            "error: unknown environment `prod`; expected one of: {}\n",
            chain().join(", ")
        )
    );
}

#[test]
fn list_shows_the_promotion_chain() {
    let output = render(&["list"]);
    assert!(output.status.success());
    let list = stdout(&output);
    for line in [
        "development\tnamespace=axisor-dev\tversion=1.3.0\tcluster=https://kubernetes.dev.axisor.internal:6443\tcontext=\tdeploy=push\tpreviews=no\n",
        "testing\tnamespace=axisor-testing\tversion=1.3.0\tcluster=https://kubernetes.testing.axisor.internal:6443\tcontext=\tdeploy=push\tpreviews=yes\n",
        "staging\tnamespace=axisor-staging\tversion=1.2.0\tcluster=https://kubernetes.staging.axisor.internal:6443\tcontext=\tdeploy=push\tpreviews=no\n",
        "production\tnamespace=axisor\tversion=1.2.0\tcluster=https://kubernetes.production.axisor.internal:6443\tcontext=\tdeploy=push\tpreviews=no\n",
    ] {
        assert!(list.contains(line), "{line:?} missing from:\n{list}");
    }
    // In promotion order: the four shipped stages in this order, whatever sits between.
    let chain = chain();
    let stages: Vec<&String> = chain
        .iter()
        .filter(|n| ["development", "testing", "staging", "production"].contains(&n.as_str()))
        .collect();
    assert_eq!(stages, ["development", "testing", "staging", "production"]);
}

#[test]
fn json_output_is_a_v1_list() {
    let output = render(&["staging", "-o", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("{\n  \"apiVersion\": \"v1\",\n  \"items\": ["),
        "{text}"
    );
    assert!(
        text.ends_with("  ],\n  \"kind\": \"List\",\n  \"metadata\": {}\n}\n"),
        "{text}"
    );
    assert!(text.contains("\"name\": \"axisor-staging-quota\""));
}

#[test]
fn help_explains_every_option_with_an_example() {
    let help = stdout(&render(&["--help"]));
    for option in [
        "--out-dir",
        "--output",
        "--environments",
        "--templates",
        "--secrets",
        "--secrets-file",
        "--all",
        "list",
        "preview",
        "gitops",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
    assert!(
        help.contains("Examples:\n  render production > out.yaml"),
        "{help}"
    );
    assert_eq!(
        help.matches("Example: `").count(),
        14,
        "one example per option and subcommand:\n{help}"
    );
}

/// Subcommands build their arguments only when they run (`defer`); their help still lists
/// them, global options included.
#[test]
fn each_subcommand_explains_its_own_arguments() {
    for (subcommand, arguments) in [
        ("promote", &["--from", "--to", "--write", "--out-dir"][..]),
        ("diff", &["<LEFT>", "[RIGHT]", "--against", "--output"]),
        ("explain", &["<ENVIRONMENT>", "--environments"]),
        (
            "preview",
            &["--pr", "--created-at", "--backup", "--expired", "--now"],
        ),
        ("list", &["--environments"]),
        ("prune", &["--applied", "--selector"]),
    ] {
        let help = stdout(&render(&[subcommand, "--help"]));
        for argument in arguments {
            assert!(help.contains(argument), "{argument} missing from:\n{help}");
        }
    }
}

#[test]
fn a_bad_environments_folder_fails_with_the_located_error_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../environments");
    for name in ["base.yaml", "staging.yaml"] {
        std::fs::copy(root.join(name), dir.path().join(name)).unwrap();
    }
    let staging = dir.path().join("staging.yaml");
    let text = std::fs::read_to_string(&staging)
        .unwrap()
        .replace("pods: 20", "pods: twenty");
    std::fs::write(&staging, text).unwrap();
    let output = render_in(dir.path(), &["staging", "--environments", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.starts_with("error: ./staging.yaml:"), "{message}");
    assert!(
        message.contains(": quota.pods: invalid type: string \"twenty\", expected u32"),
        "{message}"
    );
}

#[test]
fn an_environments_folder_at_run_time_needs_no_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../environments");
    std::fs::copy(root.join("base.yaml"), dir.path().join("base.yaml")).unwrap();
    let staging = std::fs::read_to_string(root.join("staging.yaml")).unwrap();
    let qa = staging
        .replace("short_name: staging", "short_name: qa")
        .replace("namespace: axisor-staging", "namespace: axisor-qa");
    std::fs::write(dir.path().join("qa.yaml"), qa).unwrap();
    let output = render_in(dir.path(), &["qa", "--environments", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("name: axisor-qa-quota"));
}

/// Fake values for every key of staging, as `AXISOR_SECRET_<KEY>` variables.
fn fake_secret_env() -> Vec<(String, String)> {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../environments/base.yaml"),
    )
    .unwrap();
    let keys_block = base.split("  keys:\n").nth(1).unwrap();
    keys_block
        .lines()
        .take_while(|l| l.starts_with("    - "))
        .map(|l| l.trim_start_matches("    - ").to_owned())
        .map(|k| {
            (
                format!("AXISOR_SECRET_{k}"),
                format!("fake-{}-for-cli-tests", k.to_lowercase()),
            )
        })
        .collect()
}

#[test]
fn secrets_from_the_environment_make_a_secret() {
    let output = Command::new(env!("CARGO_BIN_EXE_render"))
        .args(["staging", "--secrets", "values"])
        .envs(fake_secret_env())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let yaml = stdout(&output);
    assert!(yaml.contains("kind: Secret\n") && !yaml.contains("kind: ExternalSecret"));
    assert!(!yaml.contains("fake-"), "values are base64 in the stream");
}

#[test]
fn missing_secret_values_print_nothing_and_name_every_key() {
    let mut env = fake_secret_env();
    env.retain(|(k, _)| !k.ends_with("JWT_SECRET") && !k.ends_with("REDIS_PASSWORD"));
    let output = Command::new(env!("CARGO_BIN_EXE_render"))
        .args(["production", "--secrets", "values"])
        .env_clear()
        .envs(env)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        "error: secrets: no value for JWT_SECRET, REDIS_PASSWORD; give each as AXISOR_SECRET_<KEY> in the environment or KEY=value in --secrets-file\n"
    );
}

#[test]
fn a_development_placeholder_is_refused_in_production_without_showing_it() {
    let mut env = fake_secret_env();
    for (key, value) in env.iter_mut() {
        if key.ends_with("_JWT_SECRET") {
            *value = "dev-jwt-secret".into();
        }
    }
    let output = Command::new(env!("CARGO_BIN_EXE_render"))
        .args(["production", "--secrets", "values"])
        .envs(env)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("JWT_SECRET (a known development default)"),
        "{message}"
    );
    assert!(
        !message.contains("dev-jwt-secret") && !message.contains("fake-"),
        "{message}"
    );
}

#[test]
fn secrets_from_a_file_outside_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("staging.env");
    let lines: String = fake_secret_env()
        .iter()
        .map(|(k, v)| format!("{}={v}\n", k.trim_start_matches("AXISOR_SECRET_")))
        .collect();
    std::fs::write(&file, lines).unwrap();
    let output = render(&["staging", "--secrets-file", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("kind: Secret\n"));

    let inside = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let output = render(&["staging", "--secrets-file", inside.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("secrets files must live outside a git work tree"));
}

#[test]
fn a_key_the_profile_does_not_name_is_refused_from_every_source() {
    let mut env = fake_secret_env();
    env.push((
        "AXISOR_SECRET_EXTRA".into(),
        "fake-extra-for-cli-tests".into(),
    ));
    let from_env = Command::new(env!("CARGO_BIN_EXE_render"))
        .args(["staging", "--secrets", "values"])
        .envs(env.clone())
        .output()
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("staging.env");
    let lines: String = env
        .iter()
        .map(|(k, v)| format!("{}={v}\n", k.trim_start_matches("AXISOR_SECRET_")))
        .collect();
    std::fs::write(&file, lines).unwrap();
    let from_file = render(&["staging", "--secrets-file", file.to_str().unwrap()]);

    for output in [&from_env, &from_file] {
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty());
        let message = stderr(output);
        assert!(
            message.contains("values for keys the profile does not name: EXTRA"),
            "{message}"
        );
        assert!(!message.contains("fake-"), "{message}");
    }
    assert_eq!(stderr(&from_env), stderr(&from_file), "the same refusal");
}

#[test]
fn placeholders_on_the_command_line_are_refused_for_production() {
    let output = render(&["production", "--secrets", "placeholders"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("production refuses placeholder secrets"));
}

#[test]
fn promote_help_explains_its_options() {
    let help = stdout(&render(&["promote", "--help"]));
    for option in [
        "--from",
        "--to",
        "--version",
        "--force",
        "--write",
        "--environments",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
    assert!(
        help.contains("Example: `--force \"rollback: 1.3.0 breaks logins\"`"),
        "{help}"
    );
}

#[test]
fn help_shows_no_secret_value() {
    let help = stdout(&render(&["--help"]));
    for value in ["dev-jwt-secret", "postgres:postgres", "dev-api"] {
        assert!(!help.contains(value), "{value}");
    }
}

/// A temporary copy of the environments folder.
/// A copy of `environments/` holding the four shipped stages only, so promotion tests are
/// about the rules, whatever environments are added later.
fn environments_copy() -> tempfile::TempDir {
    let dir = axisor_test_support::copy_of(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../environments"),
    );
    let keep = ["base", "development", "testing", "staging", "production"];
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.extension().is_some_and(|e| e == "yaml") && !keep.contains(&stem.as_str()) {
            std::fs::remove_file(path).unwrap();
        }
    }
    dir
}

/// The environments `render list` shows, in promotion order.
fn chain() -> Vec<String> {
    stdout(&render(&["list"]))
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

#[test]
fn promote_prints_the_target_with_the_source_version_pinned() {
    let dir = environments_copy();
    let production = dir.path().join("production.yaml");
    let text = std::fs::read_to_string(&production)
        .unwrap()
        .replace("version: \"1.2.0\"", "version: \"1.1.0\"");
    std::fs::write(&production, text).unwrap();
    let envs = dir.path().to_str().unwrap();
    let output = render(&[
        "promote",
        "--from",
        "staging",
        "--to",
        "production",
        "--environments",
        envs,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let yaml = stdout(&output);
    assert!(yaml.contains("image: axisor/backend:1.2.0") && !yaml.contains(":1.1.0"));
    assert!(yaml.contains("namespace: axisor\n"));
    assert_eq!(
        stderr(&output),
        "promoting 1.2.0 from staging to production (which ran 1.1.0)\n"
    );
    // Without --write the profile still says 1.1.0.
    assert!(stdout(&render(&["production", "--environments", envs])).contains(":1.1.0"));
}

#[test]
fn promote_write_records_the_version_so_a_plain_render_keeps_it() {
    let dir = environments_copy();
    let envs = dir.path().to_str().unwrap();
    let staging = dir.path().join("staging.yaml");
    let text = std::fs::read_to_string(&staging)
        .unwrap()
        .replace("version: \"1.2.0\"", "version: \"1.2.1\"");
    std::fs::write(&staging, text).unwrap();
    let output = render(&[
        "promote",
        "--from",
        "staging",
        "--to",
        "production",
        "--write",
        "--environments",
        envs,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(&format!("; recorded in {envs}/production.yaml\n")),
        "{}",
        stderr(&output)
    );
    let later = stdout(&render(&["production", "--environments", envs]));
    assert!(later.contains("image: axisor/backend:1.2.1"));
}

#[test]
fn a_refused_promotion_prints_and_writes_nothing() {
    let dir = environments_copy();
    let envs = dir.path().to_str().unwrap();
    let before = std::fs::read_to_string(dir.path().join("staging.yaml")).unwrap();
    for args in [
        vec![
            "promote",
            "--from",
            "production",
            "--to",
            "staging",
            "--write",
        ],
        vec![
            "promote",
            "--from",
            "development",
            "--to",
            "production",
            "--write",
        ],
        vec![
            "promote",
            "--from",
            "development",
            "--to",
            "staging",
            "--version",
            "9.9.9",
            "--write",
        ],
    ] {
        let mut args = args.clone();
        args.extend(["--environments", envs]);
        let output = render(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&output).starts_with("error: promotion refused: "),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("staging.yaml")).unwrap(),
        before
    );
}

/// The documented rollback: an older version, forced with a reason, printed and recorded in
/// the profile; afterwards the deploy gate's check of the version production runs passes,
/// without writing anything, and `render explain` shows the rollback.
#[test]
fn a_rollback_is_a_forced_promotion_of_an_older_version() {
    let dir = environments_copy();
    let promote = |more: &[&str]| {
        let mut args = vec![
            "promote",
            "--from",
            "staging",
            "--to",
            "production",
            "--version",
            "1.1.0",
        ];
        args.extend_from_slice(more);
        args.extend_from_slice(&["--write", "--environments", "."]);
        render_in(dir.path(), &args)
    };
    let output = promote(&["--force", "rollback: 1.2.0 breaks logins"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("image: axisor/backend:1.1.0"));
    assert!(stderr(&output).contains("forced: rollback: 1.2.0 breaks logins"));
    let recorded = std::fs::read_to_string(dir.path().join("production.yaml")).unwrap();
    assert!(
        recorded.contains("rollback:\n  version: \"1.1.0\"\n  from: \"1.2.0\"\n  reason: \"rollback: 1.2.0 breaks logins\"\n"),
        "{recorded}"
    );

    let gate = promote(&[]);
    assert!(gate.status.success(), "{}", stderr(&gate));
    assert!(stderr(&gate).contains("production keeps 1.1.0, a rollback from 1.2.0 on record"));
    assert!(
        stderr(&gate).ends_with("; nothing to record\n"),
        "{}",
        stderr(&gate)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("production.yaml")).unwrap(),
        recorded
    );
    let explained = render_in(
        dir.path(),
        &["explain", "production", "--environments", "."],
    );
    assert!(
        stdout(&explained)
            .contains("1.1.0 (rolled back from 1.2.0: rollback: 1.2.0 breaks logins)"),
        "{}",
        stdout(&explained)
    );
}

#[test]
fn diff_exits_like_diff_1() {
    let same = render(&["diff", "staging", "staging"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());

    let different = render(&["diff", "staging", "production"]);
    assert_eq!(different.status.code(), Some(1));
    let report = stdout(&different);
    assert!(
        report.starts_with("~ ResourceQuota axisor-staging-quota / axisor-prod-quota\n"),
        "{report}"
    );
    assert!(!report.contains('\x1b'), "plain when piped");

    let error = render(&["diff", "staging", "prod"]);
    assert_eq!(error.status.code(), Some(2));
    assert!(error.stdout.is_empty());
    assert!(stderr(&error).contains("unknown environment `prod`"));
}

#[test]
fn explain_summarises_an_environment() {
    let output = render(&["explain", "production"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "environment  production\n",
        "namespace    axisor\n",
        &format!(
            "promotion    {} -> [production]\n",
            chain()[..chain().len() - 1].join(" -> ")
        ),
        "deployed by  pushes to main\n",
        "quota        requests 16 CPU / 32Gi, limits 32 CPU / 64Gi, 50 pods, 25 services, 20 volume claims\n",
        "backend      axisor/backend:1.2.0 x3 (scaled up to 6 at 70% CPU / 80% memory of the requests), spread across nodes and zones, requests 500m CPU / 512Mi, limits 2 CPU / 2Gi\n",
        "ingress      https://app.axisor.com through IngressClass nginx, certificate from ClusterIssuer letsencrypt-production; /api to the backend\n",
        "alerts       backup failed or none for 26h, replicas missing for 10m, more than 3 restarts in 15m, metrics target down for 5m (PrometheusRule in monitoring)\n",
        "monitoring   scraped every 10s at :9090/metrics (ServiceMonitor in monitoring)\n",
        "secrets      7 keys from ClusterSecretStore axisor-secret-store, key axisor/production (ExternalSecret)\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    assert!(text.contains("backup       0 1 * * * Etc/UTC ("), "{text}");
    let development = stdout(&render(&["explain", "development"]));
    assert!(
        development.contains("ingress      none (no Ingress; the profile sets no `ingress`)\n"),
        "{development}"
    );
    assert!(development.contains("backend      axisor/backend:1.3.0 x1, requests"));
}

#[test]
fn several_environments_in_one_call() {
    let all = render(&["--all"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let stream = stdout(&all);
    let each: String = chain().iter().map(|e| stdout(&render(&[e]))).collect();
    assert_eq!(stream, each, "one stream, in promotion order");
    assert_eq!(
        stdout(&render(&["staging", "production"])),
        stdout(&render(&["staging"])) + &stdout(&render(&["production"]))
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert!(render(&["--all", "--out-dir", out]).status.success());
    for env in chain() {
        assert!(
            dir.path()
                .join(&env)
                .join("00-namespace-")
                .parent()
                .unwrap()
                .is_dir(),
            "{env}"
        );
    }
    assert!(
        dir.path()
            .join("production/00-namespace-axisor.yaml")
            .is_file()
    );

    let one_bad = render(&["staging", "prod"]);
    assert_eq!(one_bad.status.code(), Some(1));
    assert!(
        one_bad.stdout.is_empty(),
        "nothing printed when any environment fails"
    );
}

#[test]
fn a_preview_prints_its_stream_or_refuses_with_nothing_on_stdout() {
    let output = render(&[
        "preview",
        "--pr",
        "42",
        "--created-at",
        "2026-11-29T10:00:00Z",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stream = stdout(&output);
    assert!(stream.starts_with("---\napiVersion: v1\nkind: Namespace\n"));
    assert!(stream.contains("  name: axisor-pr-42\n"));
    for bad in [["preview", "--pr", "0"], ["preview", "--pr", "abc"]] {
        let output = render(&bad);
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty());
        assert!(
            stderr(&output).contains("invalid pull request number"),
            "{}",
            stderr(&output)
        );
    }
    let output = render(&["preview", "--pr", "1", "--created-at", "yesterday"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("is not an RFC 3339 time"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn expired_previews_are_listed_from_kubectl_output_on_stdin() {
    let created = stdout(&render(&[
        "preview",
        "--pr",
        "9",
        "--created-at",
        "2026-11-29T09:00:00Z",
        "-o",
        "json",
    ]));
    // kubectl would list the Namespace object as applied.
    let list: serde_json::Value = serde_json::from_str(&created).unwrap();
    let mut production = list["items"][0].clone();
    production["metadata"]["name"] = "axisor".into();
    let namespaces = serde_json::json!({"kind": "List", "items": [list["items"][0], production]});
    let output = render_with_input(
        &["preview", "--expired", "--now", "2026-12-02T10:00:00Z"],
        &namespaces.to_string(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "axisor-pr-9\n");
    // Production's namespace with a preview's label and expiry: reported, never printed.
    assert_eq!(
        stderr(&output),
        "kept namespace axisor: its name is not a preview's (`axisor-pr-N`)\n"
    );
}

#[test]
fn expiry_input_that_is_not_namespaces_is_an_error() {
    let pods = r#"{"kind": "PodList", "items": []}"#;
    let output = render_with_input(&["preview", "--expired"], pods);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("expected a List of Namespaces or one Namespace"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn gitops_prints_a_controllers_objects_and_refuses_what_it_cannot_use() {
    let output = render(&["gitops", "flux", "staging"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let kinds: Vec<&str> = text.lines().filter(|l| l.starts_with("kind: ")).collect();
    assert_eq!(kinds, ["kind: GitRepository", "kind: Kustomization"]);
    // The shipped environments are still pushed: said on stderr, never in the stream.
    assert!(
        stderr(&output).contains("note: staging is deployed by push (gitops.mode: push)"),
        "{}",
        stderr(&output)
    );

    let json = stdout(&render(&["gitops", "argocd", "-o", "json"]));
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().unwrap().len(), 1 + 4 + 1);

    for (args, status, message) in [
        (
            &["gitops", "flux", "--out-dir", "x"][..],
            2,
            "--out-dir means nothing to `render gitops`",
        ),
        (
            &["gitops", "flux", "--secrets", "values"],
            2,
            "--secrets means nothing to `render gitops`",
        ),
        (
            &["gitops", "flux", "staging", "staging"],
            2,
            "environment `staging` is named twice",
        ),
        (&["gitops", "helm"], 2, "invalid value 'helm'"),
        (&["gitops", "flux", "qa"], 1, "unknown environment `qa`"),
    ] {
        let output = render(args);
        assert_eq!(
            output.status.code(),
            Some(status),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
