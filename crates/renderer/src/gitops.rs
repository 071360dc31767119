//! The objects that let a GitOps controller deploy the environments (`render gitops`):
//! for Argo CD an AppProject, one Application per environment and the previews'
//! ApplicationSet; for Flux a GitRepository and a Kustomization per environment. Each
//! comes from a template of `templates/gitops/`, is read back and checked (the kinds the
//! controller takes, the metadata rules), and is written by the same writer as the
//! environments' objects.

use std::collections::{BTreeMap, BTreeSet};

use axisor_profile::preview::NAMESPACE_PREFIX;
use axisor_profile::{DeployMode, GitOpsSource, Profile};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::objects::{Object, documents};
use crate::{Manifest, RenderError, Templates, validation};

/// The Config Management Plugin that renders from a checkout (`gitops/argocd-plugin.yaml`);
/// the previews' ApplicationSet, and Applications of `gitops.source: plugin`, name it.
pub const PLUGIN: &str = "axisor-render";

/// The GitOps controller to write objects for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Controller {
    /// Argo CD: an AppProject, Applications and the previews' ApplicationSet.
    ArgoCd,
    /// Flux: a GitRepository and a Kustomization per environment.
    Flux,
}

impl Controller {
    fn label(self) -> &'static str {
        match self {
            Controller::ArgoCd => "Argo CD",
            Controller::Flux => "Flux",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Controller::ArgoCd => "argocd.yaml.j2",
            Controller::Flux => "flux.yaml.j2",
        }
    }

    /// The `(apiVersion, kind)` pairs this controller's CRDs define and its template may
    /// print.
    fn kinds(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Controller::ArgoCd => &[
                ("argoproj.io/v1alpha1", "AppProject"),
                ("argoproj.io/v1alpha1", "Application"),
                ("argoproj.io/v1alpha1", "ApplicationSet"),
            ],
            Controller::Flux => &[
                ("source.toolkit.fluxcd.io/v1", "GitRepository"),
                ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"),
            ],
        }
    }
}

/// One environment as a controller sees it: its profile and what it renders.
pub struct Deployed<'a> {
    /// The environment's profile.
    pub profile: &'a Profile,
    /// Its objects, as `make hydrate` writes them.
    pub manifest: &'a Manifest,
}

/// A controller's object, read back from its template: the fields every custom resource
/// has, the spec as its CRD defines it (checked against the CRD by `make test`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GitOpsObject {
    api_version: String,
    kind: String,
    metadata: ObjectMeta,
    spec: serde_json::Value,
}

impl GitOpsObject {
    /// The object's kind, such as `Application`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The object's name.
    pub fn name(&self) -> &str {
        self.metadata.name.as_deref().unwrap_or_default()
    }
}

/// A controller's objects, in the template's order.
#[derive(Debug, Clone)]
pub struct GitOpsObjects {
    objects: Vec<GitOpsObject>,
}

impl GitOpsObjects {
    /// The objects.
    pub fn objects(&self) -> &[GitOpsObject] {
        &self.objects
    }

    /// A multi-document YAML stream.
    pub fn to_yaml(&self) -> Result<String, RenderError> {
        let mut out = String::new();
        for object in &self.objects {
            out.push_str("---\n");
            crate::yaml_writer::append_yaml(object, &mut out)
                .map_err(|e| serialize_error(object, e))?;
        }
        Ok(out)
    }

    /// A `v1` `List` holding every object, as pretty JSON.
    pub fn to_json_list(&self) -> Result<String, RenderError> {
        crate::manifest::json_list(&self.objects)
    }
}

fn serialize_error(object: &GitOpsObject, error: impl std::fmt::Display) -> RenderError {
    RenderError::Serialize {
        kind: "custom resource",
        name: format!("{} {}", object.kind, object.name()),
        message: error.to_string(),
    }
}

/// The objects with which `controller` deploys `selected` (environment names, each among
/// `all`) from git. `all` is every environment, rendered: Argo CD's AppProject lists all
/// their destinations whichever are selected, so applying one environment's objects never
/// narrows it. `preview_source` is the profile that sets `previews`, if any.
///
/// ```
/// use axisor_renderer::gitops::{Controller, Deployed, render_gitops};
/// use axisor_renderer::{Templates, render_all};
///
/// let catalog = axisor_environments::catalog();
/// let manifests = render_all(catalog.profiles(), &Templates::builtin().unwrap()).unwrap();
/// let all: Vec<Deployed> = catalog.profiles().iter().zip(&manifests)
///     .map(|(profile, manifest)| Deployed { profile, manifest }).collect();
/// let templates = Templates::builtin_gitops().unwrap();
/// let flux = render_gitops(Controller::Flux, &all, &["staging"], None, &templates).unwrap();
/// let kinds: Vec<&str> = flux.objects().iter().map(|o| o.kind()).collect();
/// assert_eq!(kinds, ["GitRepository", "Kustomization"]);
/// assert!(flux.to_yaml().unwrap().contains("path: \"./deploy/staging\"\n"));
/// ```
pub fn render_gitops(
    controller: Controller,
    all: &[Deployed<'_>],
    selected: &[&str],
    preview_source: Option<&Profile>,
    templates: &Templates,
) -> Result<GitOpsObjects, RenderError> {
    let mut chosen: Vec<&Deployed> = Vec::with_capacity(selected.len());
    for name in selected {
        let deployed = all
            .iter()
            .find(|d| d.profile.name.as_str() == *name)
            .ok_or_else(|| RenderError::Controller {
                controller: controller.label(),
                environment: (*name).to_owned(),
                problem: "not among the rendered environments".to_owned(),
            })?;
        check_expressible(controller, deployed.profile)?;
        chosen.push(deployed);
    }
    // The previews' ApplicationSet comes with the environment previews are made from.
    let previews = match (controller, preview_source) {
        (Controller::ArgoCd, Some(source)) if chosen.iter().any(|d| d.profile == source) => {
            Some(preview_context(source)?)
        }
        _ => None,
    };
    let context = minijinja::context! {
        environments => chosen.iter().map(|d| environment_context(d)).collect::<Vec<_>>(),
        projects => projects(all, preview_source),
        previews,
        plugin => PLUGIN,
    };
    let file = controller.template();
    let text = templates.render(file, &context)?;
    let template = templates.display_name(file);
    let objects = documents(&text)
        .iter()
        .map(|document| read_checked(controller, &template, document))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(GitOpsObjects { objects })
}

/// A sync policy the controller cannot carry out is refused, not approximated.
fn check_expressible(controller: Controller, profile: &Profile) -> Result<(), RenderError> {
    let sync = &profile.gitops.sync;
    if controller == Controller::Flux && profile.gitops.source == GitOpsSource::Plugin {
        return Err(RenderError::Controller {
            controller: controller.label(),
            environment: profile.name.to_string(),
            problem: "Flux has no plugins: it applies the hydrated folder; set `gitops.source: hydrated` and commit `make hydrate`'s folder".to_owned(),
        });
    }
    if controller == Controller::Flux && sync.automated && !sync.self_heal {
        return Err(RenderError::Controller {
            controller: controller.label(),
            environment: profile.name.to_string(),
            problem: "Flux re-applies the folder at every interval, so it always undoes changes made by hand; set `gitops.sync.self_heal: true`, or `automated: false` (the Kustomization is then suspended until a person resumes it)".to_owned(),
        });
    }
    Ok(())
}

fn environment_context(deployed: &Deployed) -> minijinja::Value {
    let profile = deployed.profile;
    let gitops = &profile.gitops;
    let deployments: Vec<String> = deployed
        .manifest
        .objects()
        .iter()
        .filter(|o| matches!(o, Object::Deployment(_)))
        .map(|o| o.name().to_owned())
        .collect();
    minijinja::context! {
        name => profile.name.as_str(),
        namespace => profile.namespace.as_str(),
        server => profile.cluster.server.as_str(),
        pull => gitops.mode == DeployMode::Pull,
        repository => gitops.repository.as_str(),
        branch => gitops.branch.clone(),
        path => format!("{}/{}", gitops.path, profile.name),
        plugin_source => gitops.source == GitOpsSource::Plugin,
        automated => gitops.sync.automated,
        prune => gitops.sync.prune,
        self_heal => gitops.sync.self_heal,
        project => gitops.argocd.project.as_str(),
        argocd_namespace => gitops.argocd.namespace.as_str(),
        flux_namespace => gitops.flux.namespace.as_str(),
        interval => gitops.flux.interval.as_str(),
        timeout => gitops.flux.timeout.as_str(),
        deployments,
    }
}

/// What the previews' ApplicationSet needs: the GitHub repository whose pull requests it
/// follows, and the source environment's cluster and settings.
fn preview_context(source: &Profile) -> Result<minijinja::Value, RenderError> {
    let gitops = &source.gitops;
    let (owner, repo) = gitops.github_repo().ok_or_else(|| RenderError::Controller {
        controller: "Argo CD",
        environment: source.name.to_string(),
        problem: format!(
            "previews come from Argo CD's GitHub pull-request generator, and `gitops.repository` ({}) is not `https://github.com/OWNER/REPO`",
            gitops.repository.as_str()
        ),
    })?;
    Ok(minijinja::context! {
        source => source.name.as_str(),
        owner, repo,
        token_secret => gitops.argocd.github_token_secret.as_str(),
        repository => gitops.repository.as_str(),
        server => source.cluster.server.as_str(),
        namespace_prefix => NAMESPACE_PREFIX,
        project => gitops.argocd.project.as_str(),
        argocd_namespace => gitops.argocd.namespace.as_str(),
    })
}

/// Each AppProject: the repositories its environments come from, and every (cluster,
/// namespace) their objects land in (the monitoring namespace too), the previews' included
/// whether or not their ApplicationSet is printed.
fn projects(all: &[Deployed], previews: Option<&Profile>) -> Vec<minijinja::Value> {
    #[derive(Default)]
    struct Project<'a> {
        namespace: &'a str,
        repositories: BTreeSet<&'a str>,
        destinations: BTreeSet<(String, String)>,
    }
    let mut projects: BTreeMap<&str, Project> = BTreeMap::new();
    for deployed in all {
        let gitops = &deployed.profile.gitops;
        let project = projects.entry(gitops.argocd.project.as_str()).or_default();
        project.namespace = gitops.argocd.namespace.as_str();
        project.repositories.insert(gitops.repository.as_str());
        let server = deployed.profile.cluster.server.as_str();
        for object in deployed.manifest.objects() {
            if let Some(namespace) = &object.metadata().namespace {
                project
                    .destinations
                    .insert((server.to_owned(), namespace.clone()));
            }
        }
        if previews == Some(deployed.profile) {
            project
                .destinations
                .insert((server.to_owned(), format!("{NAMESPACE_PREFIX}*")));
        }
    }
    projects
        .into_iter()
        .map(|(name, p)| {
            let destinations: Vec<_> = p
                .destinations
                .into_iter()
                .map(|(server, namespace)| minijinja::context! { server, namespace })
                .collect();
            let repositories: Vec<String> = p.repositories.iter().map(|r| r.to_string()).collect();
            minijinja::context! {
                name => name.to_owned(),
                namespace => p.namespace.to_owned(),
                repositories,
                destinations,
            }
        })
        .collect()
}

/// One rendered document, read back and checked: a kind of this controller, a spec, and
/// metadata the API server takes.
fn read_checked(
    controller: Controller,
    template: &str,
    document: &str,
) -> Result<GitOpsObject, RenderError> {
    let invalid = |kind: &str, message: String| RenderError::Invalid {
        template: template.to_owned(),
        kind: kind.to_owned(),
        message,
    };
    let (object, unknown): (GitOpsObject, _) =
        axisor_yaml::from_yaml_reporting_unknown("rendered", document)
            .map_err(|d| invalid("document", d.to_string()))?;
    let known = controller
        .kinds()
        .iter()
        .find(|(api_version, kind)| *api_version == object.api_version && *kind == object.kind);
    let Some((_, kind)) = known else {
        let known = controller.kinds().iter().map(|(v, k)| format!("{v} {k}"));
        return Err(RenderError::UnknownControllerKind {
            template: template.to_owned(),
            controller: controller.label(),
            api_version: object.api_version,
            kind: object.kind,
            known: known.collect::<Vec<_>>().join(", "),
        });
    };
    if !unknown.is_empty() {
        let fields = unknown.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>();
        return Err(invalid(
            kind,
            format!(
                "{} {}: unknown field {}; expected apiVersion, kind, metadata (a Kubernetes 1.37 ObjectMeta) and spec",
                kind,
                object.name(),
                fields.join(", ")
            ),
        ));
    }
    let problems = validation::validate_custom_resource_metadata(&object.metadata);
    if !problems.is_empty() {
        return Err(RenderError::Rejected {
            template: template.to_owned(),
            kind,
            name: object.name().to_owned(),
            problems,
        });
    }
    Ok(object)
}
