//! The committed JSON Schema matches the types.

#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string("../../environments/schema.json")
        .expect("environments/schema.json is committed");
    assert!(
        committed == axisor_profile::layer_schema(),
        "environments/schema.json is stale: run `make generate` and commit the result"
    );
}

#[test]
fn schema_refuses_unknown_keys_and_requires_nothing() {
    let schema: serde_json::Value = serde_json::from_str(&axisor_profile::layer_schema()).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["properties"]["quota"].is_object());
    // The environment's name comes from the file name, so editors flag a `name` key.
    assert!(schema["properties"].get("name").is_none());
    assert!(!axisor_profile::layer_schema().contains("\"required\""));
}

#[test]
fn every_profile_file_points_editors_at_the_schema() {
    for entry in std::fs::read_dir("../../environments").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=schema.json\n"),
                "{} lacks the schema comment",
                path.display()
            );
        }
    }
}
