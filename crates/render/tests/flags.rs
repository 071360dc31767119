//! Every flag works for each command that accepts it, or is refused as a usage error
//! (exit 2) where it means nothing; `-o json` prints the documented shapes, read here
//! with jq as a user would.

use std::process::Command;

use crate::run::{render, stderr, stdout, with_input};

/// Global flags, each with a value where it takes one.
const FLAGS: [&[&str]; 7] = [
    &["--all"],
    // Outside the work tree: a command that takes the flag writes there.
    &[
        "--out-dir",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/flags-out-dir"),
    ],
    &["-o", "json"],
    &["--environments", "../../environments"],
    &["--templates", "../../templates"],
    &["--secrets", "external"],
    &["--secrets-file", "/nonexistent/secrets.env"],
];

/// Each command, and the flags of `FLAGS` (by their first word) it takes.
const COMMANDS: [(&[&str], &[&str]); 7] = [
    (&["list"], &["-o", "--environments"]),
    (
        &["explain", "staging"],
        &["-o", "--environments", "--secrets", "--secrets-file"],
    ),
    (
        &["diff", "staging", "production"],
        &[
            "-o",
            "--environments",
            "--templates",
            "--secrets",
            "--secrets-file",
        ],
    ),
    (
        &["promote", "--from", "staging", "--to", "production"],
        &[
            "--out-dir",
            "-o",
            "--environments",
            "--templates",
            "--secrets",
            "--secrets-file",
        ],
    ),
    (
        &["preview", "--pr", "7"],
        &[
            "--out-dir",
            "-o",
            "--environments",
            "--templates",
            "--secrets",
            "--secrets-file",
        ],
    ),
    (&["preview", "--expired"], &["--environments"]),
    (
        &["prune", "--applied", "out.yaml", "--selector", "a=b"],
        &[],
    ),
];

#[test]
fn a_flag_a_command_gives_no_meaning_to_is_a_usage_error() {
    let mut refused = 0;
    for (command, takes) in COMMANDS {
        for flag in FLAGS {
            if takes.contains(&flag[0]) {
                continue;
            }
            let args: Vec<&str> = command.iter().chain(flag).copied().collect();
            let output = render(&args);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
            assert!(stdout(&output).is_empty(), "{args:?}");
            // --all is not global, so clap refuses it itself.
            let why = if flag[0] == "--all" {
                "unexpected argument '--all'"
            } else {
                "means nothing to `render "
            };
            assert!(message.contains(why), "{args:?}: {message}");
            refused += 1;
        }
    }
    assert_eq!(refused, 7 * 7 - 2 - 4 - 5 - 6 - 6 - 1);
}

#[test]
fn a_flag_a_command_takes_is_not_refused() {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().to_str().unwrap();
    for (command, takes) in COMMANDS {
        for flag in FLAGS.iter().filter(|f| takes.contains(&f[0])) {
            let flag: Vec<&str> = match flag {
                ["--out-dir", _] => vec!["--out-dir", out],
                other => other.to_vec(),
            };
            let args: Vec<&str> = command.iter().chain(flag.iter()).copied().collect();
            let output = render(&args);
            let message = stderr(&output);
            // `render diff` reports any error with 2 (1 means "different"); the others
            // keep 2 for usage errors.
            if command[0] != "diff" {
                assert_ne!(output.status.code(), Some(2), "{args:?}: {message}");
            }
            assert!(!message.contains("means nothing"), "{args:?}: {message}");
            assert!(!message.contains("Usage:"), "{args:?}: {message}");
        }
    }
}

#[test]
fn environments_are_named_once_and_commands_come_first() {
    let output = render(&["production", "production"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("environment `production` is named twice"));
    let output = render(&["production", "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`list` is a command, not an environment"));
}

/// `jq -r FILTER` over `input`.
fn jq(filter: &str, input: &str) -> String {
    let mut command = Command::new("jq");
    command.args(["-r", filter]);
    let output = with_input(command, input);
    assert!(output.status.success(), "jq {filter} failed on:\n{input}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn list_prints_an_array_of_environments_with_o_json() {
    let output = render(&["list", "-o", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json = stdout(&output);
    assert_eq!(
        jq(
            ".[] | [.name, .namespace, .version, .cluster.server, (.cluster.context // \"-\"), .deploy, .previews] | @tsv",
            &json
        ),
        "development\taxisor-dev\t1.3.0\thttps://kubernetes.dev.axisor.internal:6443\t-\tpush\tfalse\n\
         testing\taxisor-testing\t1.3.0\thttps://kubernetes.testing.axisor.internal:6443\t-\tpush\ttrue\n\
         staging\taxisor-staging\t1.2.0\thttps://kubernetes.staging.axisor.internal:6443\t-\tpush\tfalse\n\
         production\taxisor\t1.2.0\thttps://kubernetes.production.axisor.internal:6443\t-\tpush\tfalse\n"
    );
    // The text form carries the same fields, which the Makefile reads by key.
    let text = stdout(&render(&["list"]));
    assert_eq!(text.lines().count(), 4);
    assert!(text.starts_with("development\tnamespace=axisor-dev\tversion=1.3.0\t"));
}

#[test]
fn explain_prints_its_rows_as_an_object_with_o_json() {
    let json = stdout(&render(&["explain", "production", "-o", "json"]));
    assert_eq!(
        jq("keys_unsorted | join(\",\")", &json),
        "alerts,app,backend,backup,cluster,deployed_by,environment,frontend,gitops,ingress,limits,monitoring,namespace,promotion,quota,secrets,version\n"
    );
    assert_eq!(jq(".namespace", &json), "axisor\n");
    // The table has the same rows.
    let table = stdout(&render(&["explain", "production"]));
    assert_eq!(table.lines().count(), 17);
    assert!(table.contains("namespace    axisor\n"), "{table}");
}

#[test]
fn explain_shows_the_secret_source_the_flags_choose() {
    let row = |args: &[&str]| {
        let json = stdout(&render(
            &[&["explain", "staging", "-o", "json"], args].concat(),
        ));
        jq(".secrets", &json)
    };
    assert!(row(&[]).contains("(ExternalSecret)"), "{}", row(&[]));
    assert!(row(&["--secrets", "values"]).contains("AXISOR_SECRET_<KEY>"));
    assert!(
        row(&["--secrets-file", "/tmp/staging.env"]).contains("from /tmp/staging.env (a Secret)")
    );
}

#[test]
fn diff_prints_a_machine_readable_report_with_o_json() {
    let output = render(&["diff", "staging", "production", "-o", "json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "different: exit 1 as in text"
    );
    let json = stdout(&output);
    assert_eq!(
        jq("[.left, .right, .equal] | @tsv", &json),
        "staging\tproduction\tfalse\n"
    );
    assert_eq!(
        jq(
            ".objects[] | select(.kind == \"ResourceQuota\") | .fields[] | select(.path == \"spec.hard.limits.cpu\") | [.left, .right] | @tsv",
            &json
        ),
        "8\t32\n"
    );
    let same = render(&["diff", "staging", "staging", "-o", "json"]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(
        jq("[.equal, (.objects | length)] | @tsv", &stdout(&same)),
        "true\t0\n"
    );
}

/// The exit statuses `render --help` documents, each held by a case.
#[test]
fn exit_statuses_are_what_help_says() {
    let help = stdout(&render(&["--help"]));
    assert!(
        help.contains(
            "Exit status: 0 done; 1 an error (a profile, template or file refused); 2 a usage error"
        ),
        "{help}"
    );
    assert!(
        help.contains("`render diff`: 0 equal, 1 different, 2 any error."),
        "{help}"
    );
    let cases: [(&[&str], i32); 9] = [
        (&["production"], 0),
        (&["prod"], 1),
        (&["--templates", "/no/such/folder", "production"], 1),
        (&["production", "--no-such-flag"], 2),
        (&["list", "--templates", "../../templates"], 2),
        (&["staging", "staging"], 2),
        (&["diff", "staging", "staging"], 0),
        (&["diff", "staging", "production"], 1),
        (&["diff", "staging", "prod"], 2),
    ];
    for (args, code) in cases {
        let output = render(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        if code != 0 && args[0] != "diff" {
            assert!(output.stdout.is_empty(), "{args:?}");
        }
    }
}
