//! The JSON Schema of a profile file, for editors and reviewers.

use serde_json::Value;

use crate::profile::Profile;

/// The schema of one profile *layer* (`base.yaml` or an environment file): the fields of
/// [`Profile`], each optional, since a layer sets only what it adds or overrides.
/// Unknown keys are refused, as the loader refuses them.
pub fn layer_schema() -> String {
    let schema = schemars::schema_for!(Profile);
    let mut value = schema.to_value();
    drop_required(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert(
            "title".into(),
            Value::String("Axisor environment profile layer".into()),
        );
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn drop_required(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("required");
            map.values_mut().for_each(drop_required);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_required),
        _ => {}
    }
}
