//! Durations as Prometheus and the app write them: `30s`, `24h`, `1h30m`.
//!
//! Hand-written: humantime accepts spellings (`2 days`, `1hour`) that Prometheus refuses,
//! and the original text must reach the manifests unchanged.

use std::time::Duration as StdDuration;

use serde::{Deserialize, Serialize};

const EXPECTED: &str = "a positive duration such as `30s`, `15m`, `24h` or `1h30m` (units w, d, h, m, s, ms, largest first)";

/// A positive duration, kept as written.
///
/// ```
/// use axisor_profile::Duration;
/// let d: Duration = "1h30m".parse().unwrap();
/// assert_eq!(d.as_std().as_secs(), 5400);
/// assert_eq!(d.to_string(), "1h30m");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Duration {
    text: String,
    millis: u64,
}

impl Duration {
    /// The duration's length.
    pub fn as_std(&self) -> StdDuration {
        StdDuration::from_millis(self.millis)
    }

    /// The duration as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

const UNITS: [(&str, u64); 6] = [
    ("w", 604_800_000),
    ("d", 86_400_000),
    ("h", 3_600_000),
    ("ms", 1),
    ("m", 60_000),
    ("s", 1_000),
];

/// Unit order from largest to smallest; `ms` is tried before `m` when reading.
fn rank(unit: &str) -> usize {
    ["w", "d", "h", "m", "s", "ms"]
        .iter()
        .position(|u| *u == unit)
        .unwrap_or(usize::MAX)
}

fn parse_millis(text: &str) -> Option<u64> {
    let mut rest = text;
    let mut total: u64 = 0;
    let mut last_rank = None;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let amount: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, size) = UNITS.iter().find(|(u, _)| rest.starts_with(u))?;
        if last_rank.is_some_and(|r| r >= rank(unit)) {
            return None;
        }
        last_rank = Some(rank(unit));
        total = total.checked_add(amount.checked_mul(*size)?)?;
        rest = &rest[unit.len()..];
    }
    (total > 0).then_some(total)
}

impl std::str::FromStr for Duration {
    type Err = crate::types::InvalidValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let millis = parse_millis(text).ok_or_else(|| format!("`{text}` is not {EXPECTED}"))?;
        Ok(Duration {
            text: text.to_owned(),
            millis,
        })
    }
}

string_conversions!(Duration);

impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": format!("Duration: {EXPECTED}."),
            "type": "string",
            "pattern": "^([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_units_largest_first() {
        let secs = |t: &str| t.parse::<Duration>().unwrap().as_std().as_millis();
        assert_eq!(secs("30s"), 30_000);
        assert_eq!(secs("24h"), 86_400_000);
        assert_eq!(secs("1h30m"), 5_400_000);
        assert_eq!(secs("1m500ms"), 60_500);
        assert_eq!(secs("2w"), 1_209_600_000);
    }

    #[test]
    fn refuses_other_spellings() {
        for bad in [
            "",
            "0s",
            "30",
            "s",
            "1 h",
            "30m1h",
            "1h1h",
            "1.5h",
            "-1s",
            "1hour",
            "99999999999999999w",
        ] {
            let err = bad.parse::<Duration>().unwrap_err();
            assert!(
                err.message().contains("is not a positive duration"),
                "{bad}: {err}"
            );
        }
    }
}
