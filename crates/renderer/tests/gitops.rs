//! `render gitops`: the Argo CD and Flux objects follow the profiles (folder, cluster,
//! namespace, sync policy), are pinned by reviewed snapshots in `snapshots/gitops/`, and a
//! profile or template the controller cannot carry out is refused with a message.

use std::path::Path;

use axisor_environments::catalog;
use axisor_profile::Profile;
use axisor_renderer::gitops::{Controller, Deployed, GitOpsObjects, render_gitops};
use axisor_renderer::{Manifest, Secrets, Templates, render_with_secrets};
use serde_json::Value;

const REPOSITORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Every shipped environment, rendered as `make hydrate` writes it.
fn rendered(profiles: &[Profile]) -> Vec<Manifest> {
    let templates = Templates::builtin().unwrap();
    profiles
        .iter()
        .map(|p| render_with_secrets(p, &templates, &Secrets::External).unwrap())
        .collect()
}

fn objects(
    controller: Controller,
    profiles: &[Profile],
    selected: &[&str],
    templates: &Templates,
) -> Result<GitOpsObjects, axisor_renderer::RenderError> {
    let manifests = rendered(profiles);
    let all: Vec<Deployed> = profiles
        .iter()
        .zip(&manifests)
        .map(|(profile, manifest)| Deployed { profile, manifest })
        .collect();
    let previews = profiles.iter().find(|p| p.previews.is_some());
    render_gitops(controller, &all, selected, previews, templates)
}

fn shipped(controller: Controller, selected: &[&str]) -> GitOpsObjects {
    let templates = Templates::builtin_gitops().unwrap();
    objects(controller, catalog().profiles(), selected, &templates).unwrap()
}

fn all_names() -> Vec<&'static str> {
    catalog().promotion_chain()
}

/// `(kind, name, spec)` of each object, as JSON.
fn specs(objects: &GitOpsObjects) -> Vec<(String, String, Value)> {
    let list: Value = serde_json::from_str(&objects.to_json_list().unwrap()).unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let name = item["metadata"]["name"].as_str().unwrap().to_owned();
            (
                item["kind"].as_str().unwrap().to_owned(),
                name,
                item["spec"].clone(),
            )
        })
        .collect()
}

#[test]
fn argocd_and_flux_objects_match_their_snapshots() {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/gitops",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("argocd", shipped(Controller::ArgoCd, &all_names()).to_yaml().unwrap());
        insta::assert_snapshot!("flux", shipped(Controller::Flux, &all_names()).to_yaml().unwrap());
    });
}

#[test]
fn each_application_deploys_its_hydrated_folder_to_its_own_cluster() {
    let objects = shipped(Controller::ArgoCd, &all_names());
    let applications: Vec<_> = specs(&objects)
        .into_iter()
        .filter(|(kind, _, _)| kind == "Application")
        .collect();
    assert_eq!(applications.len(), catalog().profiles().len());
    for (_, name, spec) in applications {
        let env = name.strip_prefix("axisor-").unwrap();
        let profile = catalog().get(env).unwrap();
        let path = spec["source"]["path"].as_str().unwrap();
        assert_eq!(path, format!("deploy/{env}"));
        // The folder `make hydrate` writes, committed.
        assert!(
            Path::new(REPOSITORY)
                .join(path)
                .join(".render-files")
                .is_file(),
            "{path}"
        );
        assert_eq!(
            spec["destination"]["server"],
            profile.cluster.server.as_str()
        );
        assert_eq!(spec["destination"]["namespace"], profile.namespace.as_str());
        let options = spec["syncPolicy"]["syncOptions"].as_array().unwrap();
        assert!(options.contains(&"ServerSideApply=true".into()), "{name}");
        // Production is synced by a person; the others follow git on their own.
        let automated = &spec["syncPolicy"]["automated"];
        if env == "production" {
            assert!(automated.is_null(), "{automated}");
        } else {
            assert_eq!(automated["prune"], true);
            assert_eq!(automated["selfHeal"], true);
        }
    }
}

#[test]
fn the_project_allows_exactly_the_namespaces_the_environments_use() {
    let objects = shipped(Controller::ArgoCd, &all_names());
    let (_, _, project) = specs(&objects)
        .into_iter()
        .find(|(k, _, _)| k == "AppProject")
        .unwrap();
    let destinations = project["destinations"].as_array().unwrap();
    for (profile, manifest) in catalog()
        .profiles()
        .iter()
        .zip(rendered(catalog().profiles()))
    {
        for object in manifest.objects() {
            let Some(namespace) = &object.metadata().namespace else {
                continue;
            };
            let wanted = serde_json::json!({"server": profile.cluster.server.as_str(), "namespace": namespace});
            assert!(destinations.contains(&wanted), "{wanted} missing");
        }
    }
    // Each environment's namespace and the monitoring namespace, four clusters; and the
    // previews' namespaces on testing's cluster.
    assert_eq!(destinations.len(), 4 * 2 + 1);
    // Printing one environment's objects never narrows the project.
    let production = shipped(Controller::ArgoCd, &["production"]);
    let kinds: Vec<_> = specs(&production)
        .into_iter()
        .map(|(k, n, _)| format!("{k}/{n}"))
        .collect();
    assert_eq!(
        kinds,
        ["AppProject/axisor", "Application/axisor-production"]
    );
    assert_eq!(specs(&production)[0].2, project);
}

#[test]
fn previews_come_from_pull_requests_through_the_plugin() {
    let objects = shipped(Controller::ArgoCd, &["testing"]);
    let (_, name, spec) = specs(&objects)
        .into_iter()
        .find(|(k, _, _)| k == "ApplicationSet")
        .unwrap();
    assert_eq!(name, "axisor-previews");
    let github = &spec["generators"][0]["pullRequest"]["github"];
    assert_eq!(
        (github["owner"].as_str(), github["repo"].as_str()),
        (Some("axisor"), Some("environments"))
    );
    let template = &spec["template"];
    assert_eq!(
        template["spec"]["source"]["plugin"]["name"],
        axisor_renderer::gitops::PLUGIN
    );
    assert_eq!(
        template["spec"]["source"]["targetRevision"],
        "{{ .head_sha }}"
    );
    assert_eq!(
        template["spec"]["destination"]["namespace"],
        "axisor-pr-{{ .number }}"
    );
    // Closing the pull request removes the Application and, through the finalizer, what it applied.
    assert_eq!(
        template["metadata"]["finalizers"][0],
        "resources-finalizer.argocd.argoproj.io"
    );
    // Only with the environment previews come from.
    let kinds: Vec<_> = specs(&shipped(Controller::ArgoCd, &["staging"]))
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    assert!(!kinds.contains(&"ApplicationSet".to_owned()));
}

#[test]
fn flux_checks_the_deployments_and_suspends_manual_environments() {
    let objects = shipped(Controller::Flux, &all_names());
    let manifests = rendered(catalog().profiles());
    for (profile, manifest) in catalog().profiles().iter().zip(&manifests) {
        let name = format!("axisor-{}", profile.name);
        let found = specs(&objects);
        let (_, _, kustomization) = found
            .iter()
            .find(|(k, n, _)| k == "Kustomization" && *n == name)
            .unwrap();
        let deployments: Vec<&str> = manifest
            .objects()
            .iter()
            .filter(|o| o.kind() == "Deployment")
            .map(|o| o.name())
            .collect();
        let checked: Vec<&str> = kustomization["healthChecks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(checked, deployments);
        assert_eq!(kustomization["path"], format!("./deploy/{}", profile.name));
        assert_eq!(kustomization["prune"], true);
        assert_eq!(
            kustomization["suspend"],
            profile.name.as_str() == "production"
        );
        let (_, _, repository) = found
            .iter()
            .find(|(k, n, _)| k == "GitRepository" && *n == name)
            .unwrap();
        assert_eq!(repository["ref"]["branch"], "main");
        assert_eq!(
            repository["ignore"],
            format!("/*\n!/deploy/{}/\n", profile.name)
        );
    }
}

#[test]
fn a_policy_the_controller_cannot_carry_out_is_refused() {
    let mut profiles = catalog().profiles().to_vec();
    let staging = profiles
        .iter_mut()
        .find(|p| p.name.as_str() == "staging")
        .unwrap();
    staging.gitops.sync.self_heal = false;
    let templates = Templates::builtin_gitops().unwrap();
    let error = objects(Controller::Flux, &profiles, &["staging"], &templates)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("staging: Flux: Flux re-applies the folder at every interval"),
        "{error}"
    );
    // Argo CD can: automated sync that leaves changes made by hand alone.
    let argocd = objects(Controller::ArgoCd, &profiles, &["staging"], &templates).unwrap();
    let (_, _, spec) = specs(&argocd)
        .into_iter()
        .find(|(k, _, _)| k == "Application")
        .unwrap();
    assert_eq!(spec["syncPolicy"]["automated"]["selfHeal"], false);

    let mut profiles = catalog().profiles().to_vec();
    let testing = profiles
        .iter_mut()
        .find(|p| p.name.as_str() == "testing")
        .unwrap();
    testing.gitops.repository = "https://gitlab.example.com/axisor/environments.git"
        .parse()
        .unwrap();
    let error = objects(Controller::ArgoCd, &profiles, &["testing"], &templates)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "testing: Argo CD: previews come from Argo CD's GitHub pull-request generator"
        ),
        "{error}"
    );
}

/// The gitops templates with `file` replaced.
fn templates_with(file: &str, edit: impl Fn(&str) -> String) -> Templates {
    let dir = tempfile::tempdir().unwrap();
    for name in ["argocd.yaml.j2", "flux.yaml.j2"] {
        let text =
            std::fs::read_to_string(Path::new(REPOSITORY).join("templates/gitops").join(name))
                .unwrap();
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    Templates::load_dir(dir.path()).unwrap()
}

#[test]
fn a_template_printing_what_the_controller_does_not_take_is_refused() {
    let unknown_kind = templates_with("flux.yaml.j2", |t| {
        t.replace(
            "source.toolkit.fluxcd.io/v1",
            "source.toolkit.fluxcd.io/v1beta2",
        )
    });
    let error = objects(
        Controller::Flux,
        catalog().profiles(),
        &["staging"],
        &unknown_kind,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("flux.yaml.j2: unknown kind `GitRepository` of apiVersion `source.toolkit.fluxcd.io/v1beta2`; Flux objects are source.toolkit.fluxcd.io/v1 GitRepository, kustomize.toolkit.fluxcd.io/v1 Kustomization"), "{error}");

    let bad_name = templates_with("argocd.yaml.j2", |t| {
        t.replace(
            r#"name: {{ "axisor-" ~ env.name }}"#,
            r#"name: {{ "Axisor_" ~ env.name }}"#,
        )
    });
    let error = objects(
        Controller::ArgoCd,
        catalog().profiles(),
        &["staging"],
        &bad_name,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains(
            "Application Axisor_staging: metadata.name: Invalid value: \"Axisor_staging\""
        ),
        "{error}"
    );

    let unknown_field = templates_with("argocd.yaml.j2", |t| {
        t.replacen(
            "kind: Application\nmetadata:\n",
            "kind: Application\nmetadata:\n  lables: {}\n",
            1,
        )
    });
    let error = objects(
        Controller::ArgoCd,
        catalog().profiles(),
        &["staging"],
        &unknown_field,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("argocd.yaml.j2: the rendered Application is invalid: Application axisor-staging: unknown field `metadata.lables`; expected apiVersion, kind, metadata"), "{error}");
}

#[test]
fn without_committed_manifests_argocd_renders_through_the_plugin_and_flux_refuses() {
    let mut profiles = catalog().profiles().to_vec();
    let staging = profiles
        .iter_mut()
        .find(|p| p.name.as_str() == "staging")
        .unwrap();
    staging.gitops.source = axisor_profile::GitOpsSource::Plugin;
    let templates = Templates::builtin_gitops().unwrap();
    let argocd = objects(Controller::ArgoCd, &profiles, &["staging"], &templates).unwrap();
    let (_, _, spec) = specs(&argocd)
        .into_iter()
        .find(|(k, _, _)| k == "Application")
        .unwrap();
    let source = &spec["source"];
    assert_eq!(source["path"], ".");
    assert_eq!(source["plugin"]["name"], axisor_renderer::gitops::PLUGIN);
    assert_eq!(
        source["plugin"]["env"],
        serde_json::json!([{"name": "ENVIRONMENT", "value": "staging"}])
    );
    assert!(source["directory"].is_null());
    let error = objects(Controller::Flux, &profiles, &["staging"], &templates)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("staging: Flux: Flux has no plugins"),
        "{error}"
    );
}
