//! Every secret source, the missing-key and weak-value refusals, and redaction. Values
//! here are obviously fake and made at run time.

use axisor_environments::Environment;
use axisor_renderer::{
    Object, RenderError, SecretValues, Secrets, SecretsError, Templates, render,
    render_with_secrets,
};
use k8s_openapi::api::core::v1::Secret;

/// A fake value per key of the profile, long enough for production.
fn fake_values(env: Environment) -> Vec<(String, String)> {
    env.profile()
        .secrets
        .keys
        .iter()
        .map(|k| {
            (
                k.to_string(),
                format!("fake-{}-{}", k.as_str().to_lowercase(), std::process::id()),
            )
        })
        .collect()
}

/// The message `values` are refused with, checked to show none of them.
fn refusal(env: Environment, values: &[(String, String)]) -> String {
    let secrets = Secrets::Values(SecretValues::new(values.to_vec()));
    let error = render_with_secrets(env.profile(), &Templates::builtin().unwrap(), &secrets)
        .unwrap_err()
        .to_string();
    for (_, value) in values {
        assert!(!error.contains(value.as_str()), "{error}");
    }
    error
}

fn secret_of(objects: &[Object]) -> Option<&Secret> {
    objects.iter().find_map(|o| match o {
        Object::Secret(s) => Some(&**s),
        _ => None,
    })
}

fn decoded(secret: &Secret, key: &str) -> String {
    String::from_utf8(secret.data.as_ref().unwrap()[key].0.clone()).unwrap()
}

#[test]
fn staging_and_production_default_to_an_external_secret_and_print_no_value() {
    for env in [Environment::Staging, Environment::Production] {
        let manifest = render(env.profile(), &Templates::builtin().unwrap()).unwrap();
        assert!(secret_of(manifest.objects()).is_none(), "{env}");
        let external = manifest
            .objects()
            .iter()
            .find_map(|o| match o {
                Object::ExternalSecret(e) => Some(e),
                _ => None,
            })
            .unwrap();
        let profile = env.profile();
        let store = &profile.secrets.external.as_ref().unwrap().store;
        assert_eq!(external.spec.secret_store_ref.name, store.name.as_str());
        assert_eq!(external.spec.target.name, profile.secrets.name.as_str());
        let keys: Vec<&str> = external
            .spec
            .data
            .iter()
            .map(|d| d.secret_key.as_str())
            .collect();
        let mut expected: Vec<&str> = profile.secrets.keys.iter().map(|k| k.as_str()).collect();
        expected.sort();
        assert_eq!(keys, expected);
        // DATABASE_URL is built by the operator, the password URL-encoded there.
        let template = external.spec.target.template.as_ref().unwrap();
        assert_eq!(
            template.merge_policy.as_deref(),
            Some("Merge"),
            "keeps the fetched keys"
        );
        assert!(template.data["DATABASE_URL"].contains("{{ .DATABASE_PASSWORD | urlquery"));
    }
}

#[test]
fn values_at_render_time_make_a_secret_with_base64_data_and_an_encoded_url() {
    let env = Environment::Production;
    let mut values = fake_values(env);
    let password = "fake p@ss/w:rd+%-long-enough";
    values.retain(|(k, _)| k != "DATABASE_PASSWORD");
    values.push(("DATABASE_PASSWORD".into(), password.into()));
    let secrets = Secrets::Values(SecretValues::new(values.clone()));
    let manifest =
        render_with_secrets(env.profile(), &Templates::builtin().unwrap(), &secrets).unwrap();
    let secret = secret_of(manifest.objects()).unwrap();
    for (key, value) in &values {
        assert_eq!(&decoded(secret, key), value);
    }
    assert_eq!(
        decoded(secret, "DATABASE_URL"),
        "postgresql://postgres:fake%20p%40ss%2Fw%3Ard%2B%25-long-enough@axisor-db:5432/axisor"
    );
    assert!(
        !manifest
            .objects()
            .iter()
            .any(|o| o.kind() == "ExternalSecret")
    );
    assert!(
        !secret
            .metadata
            .annotations
            .iter()
            .flatten()
            .any(|(k, _)| k.contains("placeholder"))
    );
}

#[test]
fn development_uses_its_documented_placeholders() {
    let manifest = render(
        Environment::Development.profile(),
        &Templates::builtin().unwrap(),
    )
    .unwrap();
    let secret = secret_of(manifest.objects()).unwrap();
    let annotations = secret.metadata.annotations.as_ref().unwrap();
    assert_eq!(
        annotations["axisor.io/placeholder-values"],
        "local development only, not secrets"
    );
    let placeholders = Environment::Development
        .profile()
        .secrets
        .local_placeholders
        .as_ref()
        .unwrap();
    for (key, value) in placeholders {
        assert_eq!(&decoded(secret, key.as_str()), value);
    }
}

#[test]
fn placeholders_are_refused_outside_development() {
    for env in [Environment::Staging, Environment::Production] {
        let error = render_with_secrets(
            env.profile(),
            &Templates::builtin().unwrap(),
            &Secrets::Placeholders,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            error,
            format!(
                "secrets: {env} refuses placeholder secrets: they are public development defaults; expected --secrets external or values"
            )
        );
    }
}

#[test]
fn every_missing_key_is_listed_at_once_without_any_value() {
    let env = Environment::Staging;
    let mut values = fake_values(env);
    values.retain(|(k, _)| k != "JWT_SECRET" && k != "REDIS_PASSWORD");
    assert_eq!(
        refusal(env, &values),
        "secrets: no value for JWT_SECRET, REDIS_PASSWORD; give each as AXISOR_SECRET_<KEY> in the environment or KEY=value in --secrets-file"
    );
}

#[test]
fn a_misspelt_key_is_named_beside_the_key_it_leaves_without_a_value() {
    let env = Environment::Staging;
    let values: Vec<(String, String)> = fake_values(env)
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "JWT_SECRET" => ("JWT_SECRT".to_owned(), v),
            _ => (k, v),
        })
        .collect();
    assert_eq!(
        refusal(env, &values),
        "secrets: no value for JWT_SECRET; give each as AXISOR_SECRET_<KEY> in the environment or KEY=value in --secrets-file; \
         and values for keys the profile does not name: JWT_SECRT; expected only DATABASE_PASSWORD, JWT_SECRET, \
         LN_MARKETS_API_KEY, LN_MARKETS_API_SECRET, REDIS_PASSWORD, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
    );
}

#[test]
fn embedding_code_can_tell_which_keys_are_missing_and_which_unknown() {
    let env = Environment::Staging;
    let mut values = fake_values(env);
    values.retain(|(k, _)| k != "REDIS_PASSWORD");
    values.push(("REDIS_PASWORD".to_owned(), "fake-redis".to_owned()));
    let secrets = Secrets::Values(SecretValues::new(values));
    let error =
        render_with_secrets(env.profile(), &Templates::builtin().unwrap(), &secrets).unwrap_err();
    let RenderError::Secrets(SecretsError::Keys {
        missing, unknown, ..
    }) = error
    else {
        panic!("{error}");
    };
    assert_eq!(
        (missing, unknown),
        (
            vec!["REDIS_PASSWORD".to_owned()],
            vec!["REDIS_PASWORD".to_owned()]
        )
    );
}

#[test]
fn weak_production_values_are_refused_by_key_only() {
    let env = Environment::Production;
    let development = Environment::Development
        .profile()
        .secrets
        .local_placeholders
        .as_ref()
        .unwrap();
    let dev_jwt = development
        .iter()
        .find(|(k, _)| k.as_str() == "JWT_SECRET")
        .unwrap()
        .1
        .clone();
    let mut values = fake_values(env);
    for (key, value) in values.iter_mut() {
        match key.as_str() {
            "JWT_SECRET" => *value = dev_jwt.clone(),
            "REDIS_PASSWORD" => *value = "short".into(),
            _ => {}
        }
    }
    let secrets = Secrets::Values(
        SecretValues::new(values).refusing(development.values().map(String::as_str)),
    );
    let error = render_with_secrets(env.profile(), &Templates::builtin().unwrap(), &secrets)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "secrets: weak values refused for production: JWT_SECRET (a known development default), REDIS_PASSWORD (shorter than 16 characters); expected real secrets"
    );
    assert!(!error.contains(&dev_jwt) && !error.contains("short "));
}

#[test]
fn staging_refuses_development_defaults_but_not_short_values() {
    let env = Environment::Staging;
    let mut values = fake_values(env);
    values[0].1 = "x".repeat(4);
    let secrets = Secrets::Values(SecretValues::new(values.clone()).refusing(["postgres"]));
    assert!(render_with_secrets(env.profile(), &Templates::builtin().unwrap(), &secrets).is_ok());
    values[0].1 = "postgres".into();
    let secrets = Secrets::Values(SecretValues::new(values).refusing(["postgres"]));
    let error =
        render_with_secrets(env.profile(), &Templates::builtin().unwrap(), &secrets).unwrap_err();
    assert!(
        error.to_string().contains("(a known development default)"),
        "{error}"
    );
}

#[test]
fn values_never_show_in_debug_output() {
    let values = SecretValues::new(fake_values(Environment::Staging));
    let debug = format!("{values:?}");
    assert!(debug.contains("JWT_SECRET") && debug.contains("<redacted>"));
    assert!(!debug.contains("fake-"), "{debug}");
}
