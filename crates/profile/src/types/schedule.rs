//! Five-field cron schedules as Kubernetes CronJobs accept them.

use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use serde::{Deserialize, Serialize};

const EXPECTED: &str = "a 5-field cron schedule `minute hour day-of-month month day-of-week` such as `0 2 * * *`, or @hourly, @daily, @weekly, @monthly, @yearly";
const MACROS: [&str; 6] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@hourly",
];
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// A cron schedule, validated by croner and limited to what Kubernetes' parser accepts
/// (no seconds, years, `L`, `W` or `#`).
///
/// ```
/// use axisor_profile::Schedule;
/// assert!("0 2 * * *".parse::<Schedule>().is_ok());
/// assert!("0 0 2 * * *".parse::<Schedule>().is_err()); // six fields
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Schedule(String);

impl Schedule {
    /// The schedule as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A human description, such as "At 02:00".
    pub fn describe(&self) -> String {
        parser()
            .parse(&self.0)
            .map(|cron: Cron| cron.describe().trim_end_matches('.').to_owned())
            .unwrap_or_else(|_| self.0.clone())
    }
}

fn parser() -> CronParser {
    CronParser::builder()
        .seconds(Seconds::Disallowed)
        .year(Year::Disallowed)
        .build()
}

/// Reads `0 <five fields> <year>`, for checking only.
fn checking_parser() -> CronParser {
    CronParser::builder()
        .seconds(Seconds::Required)
        .year(Year::Required)
        .build()
}

/// Letters are allowed only as month and weekday names, where Kubernetes allows them.
fn kubernetes_accepts(text: &str) -> bool {
    if MACROS.contains(&text) {
        return true;
    }
    let fields: Vec<&str> = text.split(' ').collect();
    fields.len() == 5
        && fields.iter().enumerate().all(|(index, field)| {
            let names: &[&str] = match index {
                3 => &MONTHS,
                4 => &DAYS,
                _ => &[],
            };
            !field.is_empty()
                && field
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|word| !word.is_empty())
                    .all(|word| names.contains(&word.to_ascii_uppercase().as_str()))
                && field
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "*,-/?".contains(c))
        })
}

impl std::str::FromStr for Schedule {
    type Err = crate::types::InvalidValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if !kubernetes_accepts(text) {
            return Err(format!("`{text}` is not {EXPECTED}").into());
        }
        if !MACROS.contains(&text) {
            // croner fills a table of 5,000 years for a pattern without a year (a large
            // share of a render, docs/benchmarks.md); naming seconds and one year checks the
            // same five fields.
            checking_parser()
                .parse(&format!("0 {text} 2000"))
                .map_err(|e| format!("`{text}` is not {EXPECTED}: {e}"))?;
        }
        Ok(Schedule(text.to_owned()))
    }
}

string_conversions!(Schedule);

impl schemars::JsonSchema for Schedule {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Schedule".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": format!("Cron schedule: {EXPECTED}."),
            "type": "string"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_kubernetes_schedules() {
        for good in [
            "0 2 * * *",
            "*/15 * * * *",
            "0 0 1 JAN,JUL MON-FRI",
            "30 3 ? * SUN",
            "@daily",
        ] {
            assert!(good.parse::<Schedule>().is_ok(), "{good}");
        }
    }

    /// The quick check (with seconds and a year) must agree with croner's own reading.
    #[test]
    fn checking_parser_agrees_with_the_five_field_parser() {
        for pattern in [
            "0 2 * * *",
            "*/15 1-5 1,15 JAN-MAR MON-FRI",
            "30 3 ? * SUN",
            "0 0 30 2 *",
            "0 0 * * 7",
            "61 * * * *",
            "0 25 * * *",
            "0 0 32 * *",
            "0 0 0 * *",
            "0 0 * 13 *",
            "0 0 * * 8",
            "*/0 * * * *",
            "5-1 * * * *",
            "1-2-3 * * * *",
            "0 0 * FOO *",
        ] {
            assert_eq!(
                checking_parser()
                    .parse(&format!("0 {pattern} 2000"))
                    .is_ok(),
                parser().parse(pattern).is_ok(),
                "{pattern}"
            );
        }
    }

    #[test]
    fn refuses_what_kubernetes_refuses() {
        for bad in [
            "",
            "0 2 * *",
            "0 0 2 * * *",
            "61 * * * *",
            "0 25 * * *",
            "0 0 L * *",
            "0 0 * * 5L",
            "0 0 * * MON#2",
            "0 0 15W * *",
            "TZ=UTC 0 2 * * *",
            "0  2 * * *",
            "@reboot",
        ] {
            let err = bad.parse::<Schedule>().unwrap_err();
            assert!(
                err.message().contains("is not a 5-field cron schedule"),
                "{bad}: {err}"
            );
        }
    }
}
