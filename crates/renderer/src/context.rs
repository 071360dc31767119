//! What templates see: the profile's fields at the top level, plus values derived from
//! them (object names, the database endpoint's parts, development's Secret data).

use std::collections::BTreeMap;

use axisor_profile::Profile;
use serde::Serialize;

/// The application's name, the prefix of the seed's object names.
pub const APP: &str = "axisor";

#[derive(Serialize)]
pub(crate) struct Context<'a> {
    #[serde(flatten)]
    profile: &'a Profile,
    names: Names,
    database_endpoint: Endpoint<'a>,
    /// Secret data to render, by key; `None` where no values are at hand.
    secret_data: Option<BTreeMap<String, String>>,
}

/// Object names as the seed writes them.
#[derive(Serialize)]
struct Names {
    config_map: String,
    quota: String,
    limit_range: String,
    service_monitor: String,
    backup: String,
}

#[derive(Serialize)]
struct Endpoint<'a> {
    host: &'a str,
    port: u16,
    name: &'a str,
}

impl<'a> Context<'a> {
    pub fn new(profile: &'a Profile) -> Context<'a> {
        let short = profile.short_name.as_str();
        let url = &profile.database.url;
        Context {
            profile,
            names: Names {
                config_map: format!("{APP}-config"),
                quota: format!("{APP}-{short}-quota"),
                limit_range: format!("{APP}-{short}-limits"),
                service_monitor: format!("{APP}-{short}-monitor"),
                backup: format!("{short}-backup"),
            },
            database_endpoint: Endpoint {
                host: url.host().unwrap_or_default(),
                port: url.port().unwrap_or(5432),
                name: url.path(),
            },
            secret_data: secret_data(profile),
        }
    }
}

/// Development's placeholders, plus DATABASE_URL built with the password URL-encoded, so
/// no ConfigMap ever holds a credential.
fn secret_data(profile: &Profile) -> Option<BTreeMap<String, String>> {
    let placeholders = profile.secrets.local_placeholders.as_ref()?;
    let mut data: BTreeMap<String, String> = placeholders
        .iter()
        .map(|(key, value)| (key.to_string(), value.clone()))
        .collect();
    if let Some(password) = placeholders
        .iter()
        .find(|(k, _)| k.as_str() == "DATABASE_PASSWORD")
    {
        data.insert(
            "DATABASE_URL".to_owned(),
            connection_string(profile, password.1),
        );
    }
    Some(data)
}

fn connection_string(profile: &Profile, password: &str) -> String {
    let mut url = match url::Url::parse(profile.database.url.as_str()) {
        Ok(url) => url,
        Err(_) => return profile.database.url.to_string(),
    };
    // `set_username`/`set_password` percent-encode; they fail only for URLs without a host,
    // which the profile refuses.
    let _ = url.set_username(&profile.database.user);
    let _ = url.set_password(Some(password));
    url.to_string()
}
