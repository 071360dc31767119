//! The promotion and deploy workflows are generated from the profiles and committed; they
//! follow the environments and are never stale.

use axisor_environments::catalog;
use axisor_profile::Catalog;
use xtask::{DEPLOY_PATH, PROMOTE_PATH, SCHEMA_PATH, deploy_workflow, promote_workflow};

fn assert_current(path: &str, generated: String) {
    let committed =
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert!(
        committed == generated,
        "{path} is stale: run `make generate` and commit the result"
    );
}

#[test]
fn the_committed_schema_is_current() {
    assert_current(SCHEMA_PATH, axisor_profile::layer_schema());
}

#[test]
fn the_committed_promotion_workflow_is_current() {
    assert_current(PROMOTE_PATH, promote_workflow(catalog()).unwrap());
}

fn options(workflow: &str, input: &str) -> Vec<String> {
    let start = workflow.find(&format!("      {input}:\n")).unwrap();
    workflow[start..]
        .lines()
        .skip_while(|l| !l.ends_with("options:"))
        .skip(1)
        .take_while(|l| l.starts_with("          - "))
        .map(|l| l.trim_start_matches("          - ").to_owned())
        .collect()
}

#[test]
fn choice_lists_come_from_the_promotion_chain() {
    // One step at a time: every environment but the last promotes, every one but the
    // first receives.
    let chain = catalog().promotion_chain();
    let workflow = promote_workflow(catalog()).unwrap();
    assert_eq!(
        options(&workflow, "from_environment"),
        chain[..chain.len() - 1]
    );
    assert_eq!(options(&workflow, "to_environment"), chain[1..]);
    for stage in ["development", "testing", "staging"] {
        assert!(options(&workflow, "from_environment").contains(&stage.to_owned()));
    }

    // Another environment joins the lists without touching the template.
    let workflow = promote_workflow(&with_qa_environment(Vec::new())).unwrap();
    assert!(options(&workflow, "from_environment").contains(&"qa-extra".to_owned()));
    assert!(options(&workflow, "to_environment").contains(&"qa-extra".to_owned()));
}

#[test]
fn the_workflow_applies_the_rendered_stream_and_keeps_inputs_out_of_scripts() {
    let workflow = promote_workflow(catalog()).unwrap();
    assert!(!workflow.contains("kubectl set image"));
    assert!(workflow.contains("run: make apply ENV=\"$TO\""));
    // A promotion is one commit: the profile and its hydrated folder, so a GitOps
    // controller applies what the workflow validated; only push mode applies from here.
    let hydrate = workflow.find("run: make hydrate").unwrap();
    let commit = workflow
        .find("git add \"environments/$TO.yaml\" \"deploy/$TO\"")
        .unwrap();
    assert!(hydrate < commit);
    for step in [
        "Configure kubectl",
        "Apply",
        "Wait for rollout",
        "Run health checks",
    ] {
        let at = workflow.find(&format!("- name: {step}\n")).unwrap();
        assert!(
            workflow[at..]
                .lines()
                .nth(1)
                .unwrap()
                .ends_with("if: steps.mode.outputs.mode == 'push'"),
            "{step}"
        );
    }
    assert!(workflow.contains("promote --from \"$FROM\" --to \"$TO\" --write"));
    assert!(!workflow.contains("upper("));
    // User inputs reach scripts through env only: no `${{ inputs.* }}` inside a `run:`.
    let mut in_run = false;
    for line in workflow.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("run:")
            || trimmed.starts_with("- name:")
            || trimmed.starts_with("env:")
        {
            in_run = trimmed.starts_with("run:");
        }
        assert!(
            !(in_run && line.contains("${{")),
            "an expression inside a script: {line}"
        );
    }
}

#[test]
fn the_committed_deploy_workflow_is_current() {
    assert_current(DEPLOY_PATH, deploy_workflow(catalog()).unwrap());
}

#[test]
fn branches_map_to_the_environments_whose_profiles_name_them() {
    let workflow = deploy_workflow(catalog()).unwrap();
    for (pattern, environment) in [
        ("feature/*", "development"),
        ("release/*", "staging"),
        ("main", "production"),
    ] {
        let line = format!("            {pattern}) environment={environment} mode=push ;;\n");
        assert!(workflow.contains(&line), "{line:?} missing");
    }
    // Production only at the version its predecessor (staging, in the shipped chain) runs.
    let chain = catalog().promotion_chain();
    let check = format!(
        "promote --from {} --to production --version \"$version\"",
        chain[chain.len() - 2]
    );
    assert!(workflow.contains(&check), "{check}");
    // Previews come from the profile that sets them, and forks get no credentials.
    assert!(workflow.contains("environment: testing\n"));
    assert_eq!(
        workflow
            .matches("github.event.pull_request.head.repo.full_name == github.repository")
            .count(),
        2
    );
    assert!(!workflow.contains("pull_request_target"));

    // A branch named in a new profile joins the mapping without touching the template.
    let workflow = deploy_workflow(&with_qa_environment(vec!["qa-extra/**".to_owned()])).unwrap();
    assert!(workflow.contains("            qa-extra/*) environment=qa-extra mode=push ;;\n"));
    assert!(workflow.contains("      - \"qa-extra/**\"\n"));
}

#[test]
fn environments_in_pull_mode_are_checked_not_applied_and_previews_come_from_argocd() {
    let mut profiles = catalog().profiles().to_vec();
    for profile in &mut profiles {
        if ["testing", "staging"].contains(&profile.name.as_str()) {
            profile.gitops.mode = axisor_profile::DeployMode::Pull;
        }
    }
    let workflow = deploy_workflow(&Catalog::from_profiles(profiles).unwrap()).unwrap();
    assert!(workflow.contains("            release/*) environment=staging mode=pull ;;\n"));
    assert!(workflow.contains("            main) environment=production mode=push ;;\n"));
    // Only pushed environments reach the job that holds a kubeconfig and runs make apply.
    let deploy =
        &workflow[workflow.find("\n  deploy:\n").unwrap()..workflow.find("\n  pulled:\n").unwrap()];
    assert!(deploy.contains("    if: needs.route.outputs.mode == 'push'\n"));
    assert!(deploy.contains("make apply"));
    let pulled = &workflow[workflow.find("\n  pulled:\n").unwrap()..];
    assert!(pulled.contains("    if: needs.route.outputs.mode == 'pull'\n"));
    assert!(
        pulled.contains(
            "-- diff \"$ENVIRONMENT\" --secrets external --against \"deploy/$ENVIRONMENT\""
        )
    );
    // testing, the previews' source, pulls: no preview is pushed, expired ones still go.
    assert!(!workflow.contains("make preview-apply"));
    assert!(!workflow.contains("make preview-delete"));
    assert!(workflow.contains("make expire-previews"));
    // The shipped profiles push: their workflow still deploys previews itself.
    let shipped = deploy_workflow(catalog()).unwrap();
    assert!(shipped.contains("make preview-apply") && shipped.contains("make preview-delete"));
}

/// The built-in environments and `qa-extra`, a copy of staging after it in the chain with
/// its own name, namespace and `branches`.
fn with_qa_environment(branches: Vec<String>) -> Catalog {
    let mut profiles = catalog().profiles().to_vec();
    let staging = profiles.iter().find(|p| p.name.as_str() == "staging");
    let mut qa = staging.unwrap().clone();
    qa.name = "qa-extra".parse().unwrap();
    qa.promotion.order = 26;
    qa.namespace = "axisor-qa".parse().unwrap();
    qa.short_name = "qa".parse().unwrap();
    qa.branches = branches;
    profiles.push(qa);
    Catalog::from_profiles(profiles).unwrap()
}
