//! Broken templates fail with a message naming the template, the object and the field,
//! and print nothing.

use std::path::Path;

use axisor_environments::Environment;
use axisor_renderer::{Templates, render};

const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates");

/// A temporary copy of the built-in templates.
fn copy_templates() -> tempfile::TempDir {
    axisor_test_support::copy_of(TEMPLATES)
}

/// A copy of the built-in templates with one file replaced.
fn templates_with(file: &str, text: &str) -> (tempfile::TempDir, Templates) {
    let dir = copy_templates();
    std::fs::write(dir.path().join(file), text).unwrap();
    let templates = Templates::load_dir(dir.path()).unwrap();
    (dir, templates)
}

fn render_error(file: &str, text: &str) -> (String, String) {
    let (dir, templates) = templates_with(file, text);
    let error = render(Environment::Production.profile(), &templates)
        .unwrap_err()
        .to_string();
    let folder = dir.path().display().to_string();
    (error.replace(&folder, "TEMPLATES"), folder)
}

#[test]
fn an_unknown_field_names_template_object_and_field_path() {
    let configmap =
        std::fs::read_to_string(Path::new(TEMPLATES).join("configmap.yaml.j2")).unwrap();
    let typo = configmap.replace(
        "metadata:\n",
        "metadata:\n  lables: {\"team\": \"platform\"}\n",
    );
    let (error, _) = render_error("configmap.yaml.j2", &typo);
    assert_eq!(
        error,
        "TEMPLATES/configmap.yaml.j2: ConfigMap axisor-config: unknown field `metadata.lables`; expected only fields of ConfigMap in Kubernetes 1.37"
    );
}

#[test]
fn unknown_fields_deep_in_an_object_are_all_listed() {
    let cronjob = std::fs::read_to_string(Path::new(TEMPLATES).join("cronjob.yaml.j2")).unwrap();
    let typo = cronjob
        .replace(
            "restartPolicy: Never",
            "restartPolicy: Never\n          restartPolicyy: Never",
        )
        .replace("  schedule:", "  schedul: \"0 0 * * *\"\n  schedule:");
    let (error, _) = render_error("cronjob.yaml.j2", &typo);
    assert_eq!(
        error,
        "TEMPLATES/cronjob.yaml.j2: CronJob prod-backup: unknown fields `spec.jobTemplate.spec.template.spec.restartPolicyy`, `spec.schedul`; expected only fields of CronJob in Kubernetes 1.37"
    );
}

#[test]
fn an_undefined_variable_is_an_error_not_an_empty_string() {
    let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ namespace_name }}\n";
    let (error, _) = render_error("namespace.yaml.j2", namespace);
    assert_eq!(
        error,
        "TEMPLATES/namespace.yaml.j2:4: undefined value: the template uses a variable or attribute the context does not have"
    );
}

#[test]
fn an_undefined_attribute_is_an_error_too() {
    let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ names.namespace }}\n";
    let (error, _) = render_error("namespace.yaml.j2", namespace);
    assert!(
        error.starts_with("TEMPLATES/namespace.yaml.j2:4: undefined value"),
        "{error}"
    );
}

#[test]
fn a_wrong_type_names_the_template_and_kind() {
    let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [{{ namespace }}]\n";
    let (error, _) = render_error("namespace.yaml.j2", namespace);
    assert!(
        error.starts_with("TEMPLATES/namespace.yaml.j2: the rendered Namespace is invalid: "),
        "{error}"
    );
}

/// A kind no built-in template prints, in a file of any name.
const STATEFUL_SET: &str = r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: axisor-cache
  namespace: {{ namespace }}
spec:
  serviceName: axisor-cache
  replicas: 1
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: cache
          image: redis:7.4.1
          ports:
            - containerPort: 6379
"#;

#[test]
fn every_template_file_renders_and_its_objects_take_their_kinds_place() {
    let (_dir, templates) = templates_with("zz-cache.yaml.j2", STATEFUL_SET);
    let manifest = render(Environment::Production.profile(), &templates).unwrap();
    let kinds: Vec<&str> = manifest.objects().iter().map(|o| o.kind()).collect();
    let at = kinds.iter().position(|k| *k == "StatefulSet").unwrap();
    // Apply order is the table's: after the Deployments, before their budgets.
    assert!(kinds[..at].contains(&"Deployment"), "{kinds:?}");
    assert!(!kinds[at..].contains(&"Deployment"), "{kinds:?}");
    assert!(kinds[at..].contains(&"PodDisruptionBudget"), "{kinds:?}");
    let yaml = manifest.to_yaml().unwrap();
    assert!(
        yaml.contains("kind: StatefulSet\nmetadata:\n  labels:\n"),
        "{yaml}"
    );
}

#[test]
fn kinds_without_rules_of_their_own_get_the_pod_spec_rules() {
    let broken = STATEFUL_SET.replace("containerPort: 6379", "containerPort: 70000");
    let (error, _) = render_error("zz-cache.yaml.j2", &broken);
    assert_eq!(
        error,
        "TEMPLATES/zz-cache.yaml.j2: StatefulSet axisor-cache: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    );
}

#[test]
fn an_unknown_api_version_or_kind_names_the_template() {
    let widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n";
    let (error, _) = render_error("widget.yaml.j2", widget);
    // Pruning's kinds are the table's but the Namespace and Pods.
    let count = axisor_renderer::prune::kinds().split(',').count() + 2;
    assert_eq!(
        error,
        format!(
            "TEMPLATES/widget.yaml.j2: unknown kind `Widget` of apiVersion `example.com/v1`; the renderer reads no kind of API group `example.com`; docs/rendering.md (\"Adding a kind\") lists the {count} kinds it reads"
        )
    );
    let probe = "apiVersion: monitoring.coreos.com/v1\nkind: Probe\nmetadata:\n  name: w\n";
    let (error, _) = render_error("probe.yaml.j2", probe);
    assert_eq!(
        error,
        "TEMPLATES/probe.yaml.j2: unknown kind `Probe` of apiVersion `monitoring.coreos.com/v1`; of API group `monitoring.coreos.com` the renderer reads monitoring.coreos.com/v1 ServiceMonitor, monitoring.coreos.com/v1 PrometheusRule (docs/rendering.md, \"Adding a kind\")"
    );
    let old = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: w\n";
    let (error, _) = render_error("ingress-old.yaml.j2", old);
    assert_eq!(
        error,
        "TEMPLATES/ingress-old.yaml.j2: unknown kind `Ingress` of apiVersion `extensions/v1beta1`; Ingress is read as apiVersion `networking.k8s.io/v1`"
    );
    let (error, _) = render_error("no-kind.yaml.j2", "apiVersion: v1\nmetadata: {}\n");
    assert_eq!(
        error,
        "TEMPLATES/no-kind.yaml.j2: the rendered document is invalid: expected a Kubernetes object: kind is missing"
    );
}

#[test]
fn a_templates_folder_needs_a_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "").unwrap();
    let error = Templates::load_dir(dir.path()).err().unwrap().to_string();
    assert!(
        error.ends_with(
            ": no templates here; expected *.yaml.j2 files, each printing Kubernetes objects"
        ),
        "{error}"
    );
}

#[test]
fn template_syntax_errors_name_the_line() {
    let dir = copy_templates();
    std::fs::write(dir.path().join("limitrange.yaml.j2"), "a: 1\nb: {{ x \n").unwrap();
    let error = Templates::load_dir(dir.path()).err().unwrap().to_string();
    let folder = dir.path().display().to_string();
    assert!(
        error.starts_with(&format!("{folder}/limitrange.yaml.j2:2: syntax error")),
        "{error}"
    );
}

/// One template edit: in `template`, `replace` (found exactly once) becomes `with`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    template: String,
    replace: String,
    with: String,
}

/// The API server's rules (docs/validation.md), one case each in `cases/api-validation/`:
/// a template edit and what production then renders, pinned in
/// `snapshots/api-validation/`. Cases named `accepted-*` are edits the API server takes,
/// which must still render.
#[test]
fn template_edits_the_api_server_would_refuse_are_refused() {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/api-validation",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("cases/api-validation/*.yaml", |path| {
            let text = std::fs::read_to_string(path).unwrap();
            let edit: Edit = axisor_yaml::from_yaml("case", &text).unwrap();
            let source =
                std::fs::read_to_string(Path::new(TEMPLATES).join(&edit.template)).unwrap();
            assert_eq!(source.matches(&edit.replace).count(), 1, "{}", edit.replace);
            let (dir, templates) =
                templates_with(&edit.template, &source.replace(&edit.replace, &edit.with));
            let folder = dir.path().display().to_string();
            let outcome = match render(Environment::Production.profile(), &templates) {
                Ok(manifest) => format!("accepted: {} objects", manifest.objects().len()),
                Err(error) => error.to_string().replace(&folder, "TEMPLATES"),
            };
            let accepted = path.file_name().unwrap().to_string_lossy().starts_with("accepted-");
            assert_eq!(outcome.starts_with("accepted"), accepted, "{outcome}");
            insta::assert_snapshot!(outcome);
        });
    });
}

/// The CRD rules of the custom resources, from `cases/custom-resource-rules.json`, which
/// `scripts/check_custom_resources.test.mjs` also runs through the pinned npm packages'
/// validators: each case's object, written as its whole template, renders or is refused
/// at the case's field as the case says. Every outcome is pinned in one reviewed snapshot.
#[test]
fn custom_resources_follow_their_crd_rules_case_by_case() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/custom-resource-rules.json");
    let rules: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let template_of = |kind: &str| match kind {
        "ServiceMonitor" => "servicemonitor.yaml.j2",
        "ExternalSecret" => "externalsecret.yaml.j2",
        other => panic!("no template for {other}"),
    };
    let mut outcomes = Vec::new();
    for (kind, object) in rules["objects"].as_object().unwrap() {
        assert_eq!(outcome(template_of(kind), object), "accepted", "{kind}");
    }
    for case in rules["cases"].as_array().unwrap() {
        let kind = case["kind"].as_str().unwrap();
        let field = case["path"].as_str().unwrap();
        let mut value = case["value"].clone();
        if let Some(times) = case["repeat"].as_u64() {
            value = value.as_str().unwrap().repeat(times as usize).into();
        }
        let mut object = rules["objects"][kind].clone();
        let pointer = format!("/{}", field.replace('.', "/"));
        let (parent, last) = pointer.rsplit_once('/').unwrap();
        object.pointer_mut(parent).unwrap()[last] = value.clone();
        let outcome = outcome(template_of(kind), &object);
        let valid = case["valid"].as_bool().unwrap();
        assert_eq!(outcome == "accepted", valid, "{kind} {field}: {outcome}");
        // Refused at the case's field: `spec.data.3.secretKey` is `spec.data[3].secretKey`.
        let shown =
            field
                .split('.')
                .fold(String::new(), |path, part| match part.parse::<usize>() {
                    Ok(index) => format!("{path}[{index}]"),
                    Err(_) if path.is_empty() => part.to_owned(),
                    Err(_) => format!("{path}.{part}"),
                });
        assert!(
            valid || outcome.contains(&format!(" {shown}")),
            "{shown}: {outcome}"
        );
        let value = match case["repeat"].as_u64() {
            Some(times) => format!("{:?} x {times}", case["value"].as_str().unwrap()),
            None => value.to_string(),
        };
        outcomes.push(format!("{kind} {field} = {value}\n  {outcome}"));
    }
    insta::with_settings!({
        snapshot_path => "../../../snapshots/api-validation",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("custom-resource-rules", outcomes.join("\n"));
    });
}

/// What production renders with `template` replaced by `object`, written out as it is
/// (JSON is YAML; `raw` keeps the operator's own `{{ }}` templates as they are).
fn outcome(template: &str, object: &serde_json::Value) -> String {
    let text = format!("{{% raw %}}{object}{{% endraw %}}\n");
    let (dir, templates) = templates_with(template, &text);
    match render(Environment::Production.profile(), &templates) {
        Ok(_) => "accepted".to_owned(),
        Err(error) => {
            let folder = dir.path().display().to_string();
            error.to_string().replace(&folder, "TEMPLATES")
        }
    }
}

/// Kinds beyond what the built-in templates print: cluster-wide ones and a bare Pod.
const CLUSTER_AND_POD: &str = r#"apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: axisor-critical
value: 100000
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "axisor:metrics-reader"
rules:
  - nonResourceURLs: ["/metrics"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: "axisor:metrics-reader"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: "axisor:metrics-reader"
subjects:
  - kind: ServiceAccount
    name: axisor-backend
    namespace: {{ namespace }}
---
apiVersion: v1
kind: Pod
metadata:
  name: axisor-debug
  namespace: {{ namespace }}
spec:
  automountServiceAccountToken: false
  restartPolicy: Never
  containers:
    - name: debug
      image: busybox:1.37.0
"#;

#[test]
fn cluster_wide_kinds_and_pods_render_in_their_place_with_their_rules() {
    let (_dir, templates) = templates_with("zz-cluster.yaml.j2", CLUSTER_AND_POD);
    let manifest = render(Environment::Production.profile(), &templates).unwrap();
    let kinds: Vec<&str> = manifest.objects().iter().map(|o| o.kind()).collect();
    let place = |kind: &str| kinds.iter().position(|k| *k == kind).unwrap();
    assert!(place("Namespace") < place("PriorityClass"), "{kinds:?}");
    assert!(place("PriorityClass") < place("ResourceQuota"), "{kinds:?}");
    assert!(
        place("ClusterRole") < place("ClusterRoleBinding"),
        "{kinds:?}"
    );
    assert!(place("Pod") < place("Deployment"), "{kinds:?}");
    for object in manifest.objects() {
        if matches!(object.kind(), "PriorityClass" | "ClusterRole") {
            assert_eq!(object.metadata().namespace, None, "{}", object.kind());
        }
    }

    for (broken, wanted) in [
        // A cluster-wide object has no namespace.
        (
            CLUSTER_AND_POD.replace(
                "  name: axisor-critical\n",
                "  name: axisor-critical\n  namespace: axisor\n",
            ),
            "PriorityClass axisor-critical: metadata.namespace: Forbidden: not allowed on this type",
        ),
        // Roles are named as path segments: a colon is fine, a slash is not.
        (
            CLUSTER_AND_POD.replacen(
                "  name: \"axisor:metrics-reader\"\nrules",
                "  name: \"axisor/metrics-reader\"\nrules",
                1,
            ),
            "ClusterRole axisor/metrics-reader: metadata.name: Invalid value: \"axisor/metrics-reader\": may not contain '/'",
        ),
        // A bare Pod gets the pod-spec rules.
        (
            CLUSTER_AND_POD.replace("restartPolicy: Never", "restartPolicy: Sometimes"),
            "Pod axisor-debug: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
        ),
    ] {
        let (error, _) = render_error("zz-cluster.yaml.j2", &broken);
        assert_eq!(error, format!("TEMPLATES/zz-cluster.yaml.j2: {wanted}"));
    }
}

/// A headless Service for [`STATEFUL_SET`].
const CACHE_SERVICE: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: axisor-cache
  namespace: {{ namespace }}
spec:
  clusterIP: None
  selector: {app: cache}
  ports:
    - name: redis
      port: 6379
"#;

#[test]
fn any_workload_s_pods_are_selected_by_services_and_counted_in_the_quota() {
    let cache = format!("{CACHE_SERVICE}---\n{STATEFUL_SET}");
    let (_dir, templates) = templates_with("zz-cache.yaml.j2", &cache);
    render(Environment::Production.profile(), &templates).unwrap();

    let crowded = cache.replace("replicas: 1", "replicas: 40");
    let (error, _) = render_error("zz-cache.yaml.j2", &crowded);
    assert!(
        error.contains(" + StatefulSet axisor-cache 40 × 2 + "),
        "limits.cpu counts the StatefulSet's pods at the LimitRange default: {error}"
    );
    assert!(
        error.contains("pods 50 is less than the 55 pods a rollout runs at once"),
        "{error}"
    );

    let autoscaled = format!(
        "{cache}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: axisor-cache\n  namespace: {{{{ namespace }}}}\nspec:\n  minReplicas: 1\n  maxReplicas: 2\n  scaleTargetRef: {{apiVersion: apps/v1, kind: StatefulSet, name: axisor-cache}}\n  metrics:\n    - type: Resource\n      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 80}}}}\n"
    );
    let (error, _) = render_error("zz-cache.yaml.j2", &autoscaled);
    assert!(
        error.contains("HorizontalPodAutoscaler axisor-cache scales StatefulSet axisor-cache, which sets replicas; expected the StatefulSet to leave replicas to its autoscaler"),
        "{error}"
    );
    let (_dir, templates) = templates_with(
        "zz-cache.yaml.j2",
        &autoscaled.replace("  replicas: 1\n", ""),
    );
    render(Environment::Production.profile(), &templates).unwrap();

    let elsewhere = cache.replace("selector: {app: cache}", "selector: {app: kv}");
    let (error, _) = render_error("zz-cache.yaml.j2", &elsewhere);
    assert!(
        error.contains("Service axisor-cache selects {\"app\": \"kv\"}, but no rendered workload's pods carry those labels"),
        "{error}"
    );
}

#[test]
fn stateful_sets_roll_on_what_their_pods_read_as_deployments_do() {
    let reading = STATEFUL_SET.replace(
        "          image: redis:7.4.1\n",
        "          image: redis:7.4.1\n          envFrom: [{configMapRef: {name: axisor-config}}]\n",
    );
    let as_replica_set = reading
        .replace("kind: StatefulSet", "kind: ReplicaSet")
        .replace("  serviceName: axisor-cache\n", "")
        .replace("name: axisor-cache", "name: axisor-cache-rs")
        .replace("{app: cache}", "{app: cache-rs}");
    let (_dir, templates) = templates_with(
        "zz-cache.yaml.j2",
        &format!("{reading}---\n{as_replica_set}"),
    );
    let manifest = render(Environment::Production.profile(), &templates).unwrap();
    let hash_of = |kind: &str| {
        let object = manifest
            .objects()
            .iter()
            .find(|o| o.kind() == kind)
            .unwrap();
        let json = serde_json::to_value(object).unwrap();
        json["spec"]["template"]["metadata"]["annotations"][axisor_renderer::CONFIG_HASH_ANNOTATION]
            .as_str()
            .map(str::to_owned)
    };
    // The hash of reading nothing, which the frontend's pods carry.
    let nothing = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let stateful = hash_of("StatefulSet").unwrap();
    assert!(stateful.len() == 64 && stateful != nothing, "{stateful}");
    assert_eq!(
        hash_of("ReplicaSet"),
        None,
        "a ReplicaSet does not roll its pods"
    );
}
