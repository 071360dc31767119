//! Where secret values come from, and the rules they must meet. Values never reach an
//! error, a log line or `Debug` output: messages name keys only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use axisor_profile::{NodeEnv, Profile, SecretSource};

use crate::error::{RenderError, SecretsError, WeakValue};

/// Production values shorter than this are refused as weak.
pub const MIN_PRODUCTION_LENGTH: usize = 16;
/// Environment variables `AXISOR_SECRET_<KEY>` hold values for `--secrets values`.
pub const ENV_PREFIX: &str = "AXISOR_SECRET_";

/// How this render gets the Secret's values.
#[derive(Debug, Clone)]
pub enum Secrets {
    /// An ExternalSecret: the cluster fetches the values from the profile's store.
    External,
    /// A Secret with these values.
    Values(SecretValues),
    /// Development's documented placeholders.
    Placeholders,
}

impl Secrets {
    /// The profile's own choice; `values` without values at hand reports every key missing.
    pub fn for_profile(profile: &Profile) -> Secrets {
        match profile.secrets.source {
            SecretSource::External => Secrets::External,
            SecretSource::Placeholders => Secrets::Placeholders,
            SecretSource::Values => Secrets::Values(SecretValues::default()),
        }
    }
}

/// Secret values given at render time, by key.
#[derive(Clone, Default)]
pub struct SecretValues {
    values: BTreeMap<String, String>,
    /// Values known to be public (development placeholders): refused outside development.
    known_defaults: BTreeSet<String>,
}

impl fmt::Debug for SecretValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: BTreeMap<&str, &str> = self
            .values
            .keys()
            .map(|k| (k.as_str(), "<redacted>"))
            .collect();
        f.debug_struct("SecretValues")
            .field("values", &keys)
            .finish()
    }
}

impl SecretValues {
    /// Values from `(key, value)` pairs.
    ///
    /// ```
    /// use axisor_renderer::SecretValues;
    /// let values = SecretValues::new([("JWT_SECRET", "not-a-real-secret-for-the-example")]);
    /// assert!(!format!("{values:?}").contains("not-a-real"));
    /// ```
    pub fn new<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        SecretValues {
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            known_defaults: BTreeSet::new(),
        }
    }

    /// Also refuses these publicly known values (development placeholders) in any
    /// environment but development.
    pub fn refusing<'a>(mut self, known_defaults: impl IntoIterator<Item = &'a str>) -> Self {
        self.known_defaults
            .extend(known_defaults.into_iter().map(str::to_owned));
        self
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// Every key the profile needs must have a value and no value may be for a key it does
    /// not name (all of both listed at once, so a misspelt key is named beside the key it
    /// was meant to be); outside development no value may be a known default, and in
    /// production none may be shorter than [`MIN_PRODUCTION_LENGTH`].
    pub fn check(&self, profile: &Profile) -> Result<(), RenderError> {
        let keys: Vec<&str> = profile.secrets.keys.iter().map(|k| k.as_str()).collect();
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| !self.values.contains_key(*k))
            .collect();
        let unknown: Vec<&str> = self
            .values
            .keys()
            .map(String::as_str)
            .filter(|k| !keys.contains(k))
            .collect();
        if !missing.is_empty() || !unknown.is_empty() {
            let owned = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect();
            return Err(SecretsError::Keys {
                missing: owned(&missing),
                unknown: owned(&unknown),
                expected: owned(&keys),
            }
            .into());
        }
        if profile.app.node_env == NodeEnv::Development {
            return Ok(());
        }
        let own_defaults = profile
            .secrets
            .local_placeholders
            .iter()
            .flatten()
            .map(|(_, v)| v.as_str());
        let defaults: BTreeSet<&str> = self
            .known_defaults
            .iter()
            .map(String::as_str)
            .chain(own_defaults)
            .collect();
        let production = profile.app.node_env == NodeEnv::Production;
        let mut weak = Vec::new();
        for key in keys {
            let value = self.get(key).unwrap_or_default();
            if defaults.contains(value) {
                weak.push(WeakValue::KnownDefault(key.to_owned()));
            } else if production && value.chars().count() < MIN_PRODUCTION_LENGTH {
                weak.push(WeakValue::TooShort(key.to_owned()));
            }
        }
        if weak.is_empty() {
            Ok(())
        } else {
            Err(SecretsError::Weak {
                environment: profile.name.to_string(),
                weak,
            }
            .into())
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
