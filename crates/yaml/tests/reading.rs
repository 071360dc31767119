//! Reading documents: the YAML 1.2 core schema case by case, and documents read
//! straight into a type, with the type's own errors located at the value that caused them.

use std::collections::BTreeMap;

use axisor_yaml::from_yaml;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Pod {
    name: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    ports: Vec<u16>,
    policy: Option<Policy>,
}

#[derive(Debug, Deserialize, PartialEq)]
enum Policy {
    Always,
    Never,
}

#[derive(Debug, Deserialize)]
struct Loose {
    #[allow(dead_code)]
    name: String,
}

fn error<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    from_yaml::<T>("pod.yaml", text).unwrap_err().to_string()
}

#[test]
fn a_document_reads_into_its_type() {
    let pod: Pod = from_yaml(
        "pod.yaml",
        "name: \"web\"\nlabels: {\"a\": \"1\"}\nports: [80, 0x1BB]\npolicy: Never\n",
    )
    .unwrap();
    let labels = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
    assert_eq!(
        pod,
        Pod {
            name: "web".to_owned(),
            labels,
            ports: vec![80, 443],
            policy: Some(Policy::Never),
        }
    );
    let pod: Pod = from_yaml("pod.yaml", "name: web\nports: []\npolicy: ~\n").unwrap();
    assert_eq!(pod.policy, None);
}

#[test]
fn the_type_s_errors_name_line_column_and_field() {
    assert_eq!(
        error::<Pod>("name: web\nports:\n  - 80\n  - x\n"),
        "pod.yaml:4:5: ports[1]: invalid type: string \"x\", expected u16"
    );
    assert_eq!(
        error::<Pod>("name: 7\nports: []\n"),
        "pod.yaml:1:7: name: invalid type: integer `7`, expected a string"
    );
    assert_eq!(
        error::<Pod>("name: web\nports: [70000]\n"),
        "pod.yaml:2:9: ports[0]: invalid value: integer `70000`, expected u16"
    );
    assert_eq!(
        error::<Pod>("name: web\nports: []\npolicy: Sometimes\n"),
        "pod.yaml:3:9: policy: unknown variant `Sometimes`, expected `Always` or `Never`"
    );
    // A missing field is placed at the start of the mapping that lacks it.
    assert_eq!(
        error::<Pod>("\nname: web\n"),
        "pod.yaml:2:1: missing field `ports`"
    );
    assert_eq!(
        error::<Pod>("name: web\nports: []\nimage: x\n"),
        "pod.yaml:3:1: image: unknown field `image`, expected one of `name`, `labels`, `ports`, `policy`"
    );
}

#[test]
fn fields_the_type_skips_still_follow_the_reader_s_rules() {
    // Skipped, but a duplicate key, an alias or a non-finite number is still refused.
    assert_eq!(
        error::<Loose>("name: web\nextra:\n  a: 1\n  a: 2\n"),
        "pod.yaml:4:3: extra.a: duplicate key `a` (first written at line 3); expected each key once"
    );
    assert!(error::<Loose>("name: &x web\n").contains("anchors are not supported"));
    let loose: Loose = from_yaml("pod.yaml", "name: web\nextra: [1, {b: [2]}]\n").unwrap();
    assert_eq!(loose.name, "web");
}

#[test]
fn what_json_cannot_hold_is_refused_even_where_a_float_fits() {
    assert_eq!(
        error::<BTreeMap<String, f64>>("a: .inf\n"),
        "pod.yaml:1:4: a: `.inf` is not a finite number, which JSON and Kubernetes objects cannot hold; quote it to make it a string"
    );
    assert!(
        error::<BTreeMap<String, f64>>("a: 123456789012345678901234567890\n")
            .contains("does not fit in 64 bits")
    );
}

#[test]
fn a_list_longer_than_its_type_is_refused() {
    assert_eq!(
        error::<(u8, u8)>("[1, 2, 3]\n"),
        "pod.yaml:1:8: [2]: more entries than expected"
    );
    assert_eq!(
        error::<u8>("1\n---\n2\n"),
        "pod.yaml:2:1: a profile is one YAML document; remove the second `---`"
    );
}

/// The reader's catalogue: each file in `tests/cases/yaml/` is read by `from_yaml` and its
/// value or its error is pinned in `snapshots/yaml-reading/`. The cases are the YAML 1.2.2
/// specification's examples of the core schema (2.19, 2.20, 10.9), look-alikes it leaves as
/// strings, 64-bit limits, and inputs that hand-written readers are apt to get wrong.
#[test]
fn yaml_documents_read_as_the_yaml_1_2_core_schema_says() {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/yaml-reading",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("cases/yaml/*.yaml", |path| {
            let text = std::fs::read_to_string(path).unwrap();
            let reading = match axisor_yaml::from_yaml::<serde_json::Value>("case.yaml", &text) {
                Ok(value) => serde_json::to_string_pretty(&value).unwrap(),
                Err(error) => format!("error: {error}"),
            };
            insta::assert_snapshot!(reading);
        });
    });
}
