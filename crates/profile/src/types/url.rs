//! URLs for plain (non-secret) settings: parsed, kept as written, never with credentials.

use serde::{Deserialize, Serialize};

/// Query parameters that carry credentials in connection strings.
const CREDENTIAL_PARAMETERS: [&str; 6] =
    ["password", "passwd", "pass", "secret", "token", "apikey"];

/// An absolute URL that holds no credentials: `user:password@` and password-like query
/// parameters are refused, because plain settings end up in ConfigMaps.
///
/// ```
/// use axisor_profile::PlainUrl;
/// assert!("postgresql://axisor-db:5432/axisor".parse::<PlainUrl>().is_ok());
/// let err = "postgresql://postgres:hunter2@axisor-db/axisor".parse::<PlainUrl>().unwrap_err();
/// assert!(err.message().contains("credentials"));
/// assert!(!err.message().contains("hunter2"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PlainUrl {
    text: String,
    url: url::Url,
}

impl PlainUrl {
    /// The URL as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The scheme, such as `https`.
    pub fn scheme(&self) -> &str {
        self.url.scheme()
    }

    /// The host, when the URL has one.
    pub fn host(&self) -> Option<&str> {
        self.url.host_str()
    }

    /// The explicit port, or the scheme's well-known one.
    pub fn port(&self) -> Option<u16> {
        self.url.port_or_known_default()
    }

    /// The path without its leading `/` (a database name, a bucket prefix).
    pub fn path(&self) -> &str {
        self.url.path().trim_start_matches('/')
    }

    /// True when the URL is only scheme, host and port (a browser origin).
    pub(crate) fn is_origin(&self) -> bool {
        let rest = self.text.split_once("://").map_or("", |(_, rest)| rest);
        !rest.contains(['/', '?', '#'])
    }
}

impl std::str::FromStr for PlainUrl {
    type Err = crate::types::InvalidValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // The text is echoed only after it is known to hold no credentials.
        let url = url::Url::parse(text).map_err(|e| match e {
            // The url crate is built without Unicode tables (idna_adapter 1.0).
            url::ParseError::IdnaError => "expected an absolute URL with an ASCII host; write an international domain name in its `xn--` form".to_owned(),
            e => format!("expected an absolute URL such as `https://api.example.com` ({e})"),
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("the URL holds credentials (`user:password@`); plain settings end up in ConfigMaps, so name the user in its own field and the password under `secrets`".to_owned().into());
        }
        if let Some((key, _)) = url
            .query_pairs()
            .find(|(key, _)| CREDENTIAL_PARAMETERS.contains(&key.to_ascii_lowercase().as_str()))
        {
            return Err(format!(
                "the URL holds credentials in the query parameter `{key}`; put them under `secrets`"
            )
            .into());
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!(
                "`{text}` is not an absolute URL with a host such as `https://api.example.com`"
            )
            .into());
        }
        Ok(PlainUrl {
            text: text.to_owned(),
            url,
        })
    }
}

string_conversions!(PlainUrl);

impl schemars::JsonSchema for PlainUrl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PlainUrl".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An absolute URL without credentials (no `user:password@`).",
            "type": "string",
            "format": "uri"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_credentials_without_echoing_them() {
        for bad in [
            "postgresql://postgres:s3cr3t-value@db:5432/x",
            "redis://:s3cr3t-value@redis:6379",
            "postgresql://db/x?password=s3cr3t-value",
        ] {
            let err = bad.parse::<PlainUrl>().unwrap_err();
            assert!(err.message().contains("credentials"), "{bad}: {err}");
            assert!(!err.message().contains("s3cr3t-value"), "{err}");
        }
    }

    #[test]
    fn keeps_the_text_and_reads_the_parts() {
        let url: PlainUrl = "postgresql://axisor-db-dev:5432/axisor_dev"
            .parse()
            .unwrap();
        assert_eq!(
            url.to_string(),
            "postgresql://axisor-db-dev:5432/axisor_dev"
        );
        assert_eq!(url.host(), Some("axisor-db-dev"));
        assert_eq!(url.port(), Some(5432));
        assert_eq!(url.path(), "axisor_dev");
        assert!(
            "http://localhost:3000"
                .parse::<PlainUrl>()
                .unwrap()
                .is_origin()
        );
        assert!(
            !"https://a.example/x"
                .parse::<PlainUrl>()
                .unwrap()
                .is_origin()
        );
    }

    #[test]
    fn refuses_relative_and_hostless() {
        assert!("/just/a/path".parse::<PlainUrl>().is_err());
        let international = "https://bücher.example/".parse::<PlainUrl>().unwrap_err();
        assert!(
            international.message().contains("`xn--` form"),
            "{international}"
        );
        assert!("https://xn--bcher-kva.example/".parse::<PlainUrl>().is_ok());
        assert!("mailto:ops@example.com".parse::<PlainUrl>().is_err());
    }
}
