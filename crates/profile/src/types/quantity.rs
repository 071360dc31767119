//! Kubernetes resource quantities (`500m`, `2`, `4Gi`, `1e3`) that compare by value.
//!
//! Hand-written because no light, maintained crate parses them without pulling in
//! k8s-openapi; the renderer's checks across objects add them with this type too.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const EXPECTED: &str = "a Kubernetes quantity such as `500m`, `2`, `512Mi` or `4Gi` (a non-negative number with an optional suffix)";
const NANO: i128 = 1_000_000_000;

/// A non-negative quantity, kept as written and compared by value: `4Gi == 4096Mi`.
///
/// ```
/// use axisor_profile::Quantity;
/// let a: Quantity = "4Gi".parse().unwrap();
/// let b: Quantity = "4096Mi".parse().unwrap();
/// assert_eq!(a, b);
/// assert!("500m".parse::<Quantity>().unwrap() < "1".parse::<Quantity>().unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct Quantity {
    text: String,
    /// The value in billionths of a unit, the finest precision Kubernetes keeps.
    nanos: i128,
}

impl Quantity {
    /// The value in billionths of a unit (`1` is 1_000_000_000, `1m` is 1_000_000).
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// A quantity of `nanos` billionths, written with the shortest exact suffix.
    pub fn from_nanos(nanos: i128) -> Quantity {
        Quantity {
            text: canonical_text(nanos),
            nanos,
        }
    }

    /// The quantity as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}
impl Eq for Quantity {}
impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Quantity {
    type Err = crate::types::InvalidValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let nanos = parse_nanos(text).ok_or_else(|| format!("`{text}` is not {EXPECTED}"))?;
        Ok(Quantity {
            text: text.to_owned(),
            nanos,
        })
    }
}

/// Splits `1.5Gi` into `1.5` and `Gi`, then scales exactly in i128.
fn parse_nanos(text: &str) -> Option<i128> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.len() > 9 {
        return None;
    }
    // The digits of both parts read as one integer, without building a string: the
    // renderer parses every resource quantity it prints.
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .try_fold(0i128, |value, digit| {
            digit
                .is_ascii_digit()
                .then(|| value.checked_mul(10)?.checked_add(i128::from(digit - b'0')))
                .flatten()
        })?;
    // value = mantissa * 10^-fraction_len * multiplier; in nanos, times 10^9.
    let (numerator, exponent10) = multiplier(suffix)?;
    let scale = 9 + exponent10 - fraction.len() as i32;
    let scaled = mantissa.checked_mul(numerator)?;
    if scale >= 0 {
        scaled.checked_mul(10i128.checked_pow(scale as u32)?)
    } else {
        let divisor = 10i128.checked_pow(scale.unsigned_abs())?;
        (scaled % divisor == 0).then_some(scaled / divisor)
    }
}

/// A suffix as (integer factor, power of ten).
fn multiplier(suffix: &str) -> Option<(i128, i32)> {
    let binary = |power: u32| Some((1i128 << (10 * power), 0));
    match suffix {
        "Ki" => binary(1),
        "Mi" => binary(2),
        "Gi" => binary(3),
        "Ti" => binary(4),
        "Pi" => binary(5),
        "Ei" => binary(6),
        "n" => Some((1, -9)),
        "u" => Some((1, -6)),
        "m" => Some((1, -3)),
        "" => Some((1, 0)),
        "k" => Some((1, 3)),
        "M" => Some((1, 6)),
        "G" => Some((1, 9)),
        "T" => Some((1, 12)),
        "P" => Some((1, 15)),
        "E" => Some((1, 18)),
        _ => {
            let exponent = suffix.strip_prefix(['e', 'E'])?;
            let valid = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
            if valid.is_empty() || !valid.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let power: i32 = exponent.parse().ok()?;
            (-9..=18).contains(&power).then_some((1, power))
        }
    }
}

fn canonical_text(nanos: i128) -> String {
    if nanos % NANO != 0 {
        return if nanos % 1_000_000 == 0 {
            format!("{}m", nanos / 1_000_000)
        } else {
            format!("{nanos}n")
        };
    }
    let units = nanos / NANO;
    for (suffix, power) in [
        ("Ei", 6),
        ("Pi", 5),
        ("Ti", 4),
        ("Gi", 3),
        ("Mi", 2),
        ("Ki", 1),
    ] {
        let size = 1i128 << (10 * power);
        if units != 0 && units % size == 0 {
            return format!("{}{suffix}", units / size);
        }
    }
    units.to_string()
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl Visitor<'_> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Quantity, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Quantity, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Quantity, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Quantity, E> {
        self.visit_str(&x.to_string())
    }
}

impl schemars::JsonSchema for Quantity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": format!("A Kubernetes quantity: {EXPECTED}."),
            "type": ["string", "number"],
            "pattern": r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)([numkMGTPE]|[KMGTPE]i|[eE][-+]?[0-9]+)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        text.parse().unwrap()
    }

    #[test]
    fn equal_values_in_different_units_compare_equal() {
        assert_eq!(q("4Gi"), q("4096Mi"));
        assert_eq!(q("1"), q("1000m"));
        assert_eq!(q("0.5"), q("500m"));
        assert_eq!(q("1k"), q("1e3"));
        assert_eq!(q("1.5Gi"), q("1536Mi"));
        assert!(q("1Gi") > q("1G"));
        assert!(q("250m") < q("0.3"));
    }

    #[test]
    fn keeps_the_text_as_written() {
        assert_eq!(q("4096Mi").to_string(), "4096Mi");
    }

    #[test]
    fn refuses_what_kubernetes_refuses() {
        for bad in [
            "",
            "-1",
            "1.2.3",
            "Gi",
            "1gi",
            "1 Gi",
            "1Qi",
            "1e",
            "1e99",
            "0.0000000001",
            ".",
        ] {
            let err = bad.parse::<Quantity>().unwrap_err();
            assert!(
                err.message().contains("is not a Kubernetes quantity"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn canonical_text_is_exact_and_short() {
        assert_eq!(Quantity::from_nanos(q("4096Mi").nanos()).to_string(), "4Gi");
        assert_eq!(Quantity::from_nanos(q("5.5").nanos()).to_string(), "5500m");
        assert_eq!(Quantity::from_nanos(q("3").nanos()).to_string(), "3");
        assert_eq!(Quantity::from_nanos(q("1n").nanos()).to_string(), "1n");
        assert_eq!(Quantity::from_nanos(0).to_string(), "0");
    }
}
