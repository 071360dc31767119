//! The string formats the API server checks, after apimachinery's
//! `pkg/util/validation/validation.go` and `pkg/api/validate/content/kube.go`. Each
//! function returns the API server's own messages, empty when the value is valid.

const DNS1123_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name' or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_KEY_NAME_MESSAGE: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName' or 'my.name' or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue' or 'my_value' or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CONFIG_KEY_MESSAGE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name' or 'KEY_NAME' or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

fn max_len(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, without the length.
fn is_label_shape(text: &str, first: fn(u8) -> bool) -> bool {
    let bytes = text.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.first().is_some_and(|b| first(*b))
        && bytes.last().is_some_and(edge)
        && bytes.iter().all(|b| edge(b) || *b == b'-')
}

fn lower_or_digit(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// IsDNS1123Label: at most 63 characters of `[a-z0-9-]`, alphanumeric at both ends.
pub(crate) fn dns1123_label(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.len() > 63 {
        errors.push(max_len(63));
    }
    if !is_label_shape(text, lower_or_digit) {
        if dns1123_subdomain(text).is_empty() {
            errors.push("must not contain dots".to_owned());
        } else {
            errors.push(DNS1123_LABEL_MESSAGE.to_owned());
        }
    }
    errors
}

/// IsDNS1123Subdomain: at most 253 characters, RFC 1123 labels joined by dots.
pub(crate) fn dns1123_subdomain(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.len() > 253 {
        errors.push(max_len(253));
    }
    if !is_subdomain_shape(text) {
        errors.push(DNS1123_SUBDOMAIN_MESSAGE.to_owned());
    }
    errors
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, without the length.
///
/// One pass over the bytes (every label key's prefix and most names are checked, hundreds a
/// render): a `-` never follows a dot or starts the text, a dot never follows a dot or a
/// `-`, and the text ends in neither.
pub(crate) fn is_subdomain_shape(text: &str) -> bool {
    let mut previous = b'.';
    for &byte in text.as_bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' => {}
            b'-' if previous != b'.' => {}
            b'.' if !matches!(previous, b'.' | b'-') => {}
            _ => return false,
        }
        previous = byte;
    }
    !matches!(previous, b'.' | b'-')
}

/// IsDNS1035Label: a DNS-1123 label that starts with a letter (Service names).
pub(crate) fn dns1035_label(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.len() > 63 {
        errors.push(max_len(63));
    }
    if !is_label_shape(text, |b| b.is_ascii_lowercase()) {
        errors.push(DNS1035_LABEL_MESSAGE.to_owned());
    }
    errors
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`: a label key's name part, a label value.
fn is_label_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    let edge = |b: &u8| b.is_ascii_alphanumeric();
    bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes
            .iter()
            .all(|b| edge(b) || matches!(b, b'-' | b'_' | b'.'))
}

/// IsLabelKey (IsQualifiedName): an optional DNS subdomain prefix and `/`, then a name of
/// at most 63 characters.
pub(crate) fn label_key(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let name = match text.split_once('/') {
        None => text,
        Some((prefix, name)) if !name.contains('/') => {
            if prefix.is_empty() {
                errors.push("prefix part must be non-empty".to_owned());
            } else {
                let prefixed = dns1123_subdomain(prefix).into_iter();
                errors.extend(prefixed.map(|e| format!("prefix part {e}")));
            }
            name
        }
        Some(_) => {
            return vec![format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                &LABEL_KEY_NAME_MESSAGE["name part ".len()..]
            )];
        }
    };
    if name.is_empty() {
        errors.push("name part must be non-empty".to_owned());
    } else if name.len() > 63 {
        errors.push(format!("name part {}", max_len(63)));
    }
    if !is_label_name(name) {
        errors.push(LABEL_KEY_NAME_MESSAGE.to_owned());
    }
    errors
}

/// IsLabelValue: empty, or at most 63 characters of a label name.
pub(crate) fn label_value(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.len() > 63 {
        errors.push(max_len(63));
    }
    if !text.is_empty() && !is_label_name(text) {
        errors.push(LABEL_VALUE_MESSAGE.to_owned());
    }
    errors
}

/// IsValidPathSegmentName: the names of roles and bindings, which any text that is safe
/// in a URL path segment may be (`system:auth-delegator`, upper case, any script): not
/// `.` or `..`, no `/` or `%`.
pub(crate) fn path_segment_name(text: &str) -> Vec<String> {
    if text == "." || text == ".." {
        return vec![format!("may not be '{text}'")];
    }
    ["/", "%"]
        .iter()
        .filter(|illegal| text.contains(*illegal))
        .map(|illegal| format!("may not contain '{illegal}'"))
        .collect()
}

/// IsValidPortName: an IANA service name, at most 15 characters of `[-a-z0-9]` with a
/// letter, no `--`, no `-` at either end.
pub(crate) fn port_name(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.len() > 15 {
        errors.push(max_len(15));
    }
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(|b| lower_or_digit(*b) || *b == b'-') {
        errors.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if !bytes.iter().any(u8::is_ascii_lowercase) {
        errors.push("must contain at least one letter (a-z)".to_owned());
    }
    if text.contains("--") {
        errors.push("must not contain consecutive hyphens".to_owned());
    }
    if text.starts_with('-') || text.ends_with('-') {
        errors.push("must not begin or end with a hyphen".to_owned());
    }
    errors
}

/// IsValidPortNum: 1 to 65535.
pub(crate) fn port_number(port: i32) -> Vec<String> {
    in_range(i64::from(port), 1, 65535)
}

/// IsInRange.
pub(crate) fn in_range(value: i64, min: i64, max: i64) -> Vec<String> {
    if (min..=max).contains(&value) {
        Vec::new()
    } else {
        vec![format!("must be between {min} and {max}, inclusive")]
    }
}

/// IsRelaxedEnvVarName (the rule since RelaxedEnvironmentVariableValidation went GA in
/// Kubernetes 1.34): non-empty printable ASCII without `=`.
pub(crate) fn env_var_name(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.is_empty() {
        errors.push("environment variable name must be non-empty".to_owned());
    }
    if !text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'=')
    {
        errors.push("a valid environment variable name must consist only of printable ASCII characters other than '='".to_owned());
    }
    errors
}

/// IsConfigMapKey: a ConfigMap's or Secret's key.
pub(crate) fn config_key(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if text.len() > 253 {
        errors.push(max_len(253));
    }
    let allowed = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if text.is_empty() || !text.as_bytes().iter().all(allowed) {
        errors.push(CONFIG_KEY_MESSAGE.to_owned());
    }
    match text {
        "." => errors.push("must not be '.'".to_owned()),
        ".." => errors.push("must not be '..'".to_owned()),
        _ if text.starts_with("..") => errors.push("must not start with '..'".to_owned()),
        _ => {}
    }
    errors
}

/// What resource.ParseQuantity says of text it cannot read.
const QUANTITY_MESSAGE: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// A quantity's value in billionths, signed (resource.ParseQuantity); the profiles' own
/// reader takes only non-negative ones, so the sign is read here. A value finer than a
/// billionth, which the API server rounds up, is refused with the same message.
pub(crate) fn quantity(text: &str) -> Result<i128, String> {
    let (sign, magnitude) = match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    };
    match magnitude.parse::<axisor_profile::Quantity>() {
        Ok(q) if !magnitude.starts_with(['+', '-']) => Ok(sign * q.nanos()),
        _ => Err(QUANTITY_MESSAGE.to_owned()),
    }
}

/// ValidateResourceQuantityValue / ValidateNonnegativeQuantity: a readable quantity, at
/// least 0. Returns its value when it has one.
pub(crate) fn non_negative_quantity(text: &str) -> Result<i128, String> {
    match quantity(text)? {
        nanos if nanos < 0 => Err("must be greater than or equal to 0".to_owned()),
        nanos => Ok(nanos),
    }
}

#[cfg(test)]
mod tests {
    //! The success and error cases of apimachinery's own tests (validation_test.go,
    //! kube_test.go), as facts about the rules.
    use super::*;

    /// The one-pass reading against the regular expression's own shape (labels joined by
    /// dots), on every text of up to six characters from `a`, `0`, `-`, `.` and `A`.
    #[test]
    fn subdomain_shape_is_labels_joined_by_dots() {
        let by_labels = |text: &str| {
            text.split('.')
                .all(|label| is_label_shape(label, lower_or_digit))
        };
        let alphabet = ['a', '0', '-', '.', 'A'];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for text in texts.iter().chain(&longer) {
                assert_eq!(is_subdomain_shape(text), by_labels(text), "{text:?}");
            }
            texts = longer;
        }
    }

    fn accepts(rule: fn(&str) -> Vec<String>, good: &[&str], bad: &[&str]) {
        for text in good {
            assert!(rule(text).is_empty(), "{text:?}: {:?}", rule(text));
        }
        for text in bad {
            assert!(!rule(text).is_empty(), "{text:?} was accepted");
        }
    }

    /// What every DNS label rule accepts, and refuses (upper case, other punctuation,
    /// dashes, dots or spaces at the ends, blanks), as the upstream tables share them.
    const LABELS: [&str; 6] = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b"];
    const NOT_LABELS: [&str; 23] = [
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a",
        "a_b", ".", "a.", ".a", " ", "a ", " a", "a b",
    ];
    /// RFC 1123 (not 1035) names may start with a digit; the same faults with digits.
    const DIGIT_FIRST: [&str; 5] = ["0", "01", "012", "1a", "1-a"];
    const NOT_DIGIT_LABELS: [&str; 6] = ["1_", "_1", "1_2", "1 ", " 1", "1 2"];

    #[test]
    fn dns1123_labels() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        let good = [&LABELS[..], &DIGIT_FIRST, &[&long]].concat();
        let more_bad = ["a.b", "1.", ".1", "1.2", &too_long];
        let bad = [&NOT_LABELS[..], &NOT_DIGIT_LABELS, &more_bad].concat();
        accepts(dns1123_label, &good, &bad);
        assert_eq!(dns1123_label("a.b"), ["must not contain dots"]);
    }

    #[test]
    fn dns1123_subdomains() {
        let long = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61)
        );
        let dotted = [
            "a.a",
            "ab.a",
            "abc.a",
            "a1.a",
            "a-1.a",
            "a--1--2--b.a",
            "a.1",
            "0.a",
            "01.a",
            "1-a.a",
            "a.b.c.d.e",
            "aa.bb.cc.dd.ee",
            "1.2.3.4.5",
            "11.22.33.44.55",
            &long,
        ];
        let good = [&LABELS[..], &DIGIT_FIRST, &dotted].concat();
        let too_long = format!("{long}a");
        let more_bad = [
            "a..b",
            "1.",
            ".1",
            "1..2",
            "A.a",
            "aB.a",
            "ab.A",
            "A1.a",
            "a1.A",
            "A.1",
            "aB.1",
            "A1.1",
            "1A.1",
            "0.A",
            "01.A",
            "012.A",
            "1A.a",
            "1a.A",
            "A.B.C.D.E",
            "AA.BB.CC.DD.EE",
            "a.B.c.d.e",
            "aa.bB.cc.dd.ee",
            "a@b",
            "a,b",
            "a_b",
            "a;b",
            "a:b",
            "a%b",
            "a?b",
            "a$b",
            &too_long,
        ];
        let bad = [&NOT_LABELS[..], &NOT_DIGIT_LABELS, &more_bad].concat();
        accepts(dns1123_subdomain, &good, &bad);
    }

    #[test]
    fn dns1035_labels() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        let good = [&LABELS[..], &[&long]].concat();
        let more_bad = ["1--a--b--2", "a.b", &too_long];
        let bad = [&DIGIT_FIRST[..], &NOT_LABELS, &more_bad].concat();
        accepts(dns1035_label, &good, &bad);
    }

    #[test]
    fn label_keys_and_values() {
        let long_key = format!("{}/{}", "a".repeat(253), "b".repeat(63));
        accepts(
            label_key,
            &[
                "simple",
                "now-with-dashes",
                "1-starts-with-num",
                "1234",
                "simple/simple",
                "now-with-dashes/simple",
                "now-with-dashes/now-with-dashes",
                "now.with.dots/simple",
                "now-with.dashes-and.dots/simple",
                "1-num.2-num/3-num",
                "1234/5678",
                "1.2.3.4/5678",
                "Uppercase_Is_OK_123",
                "example.com/Uppercase_Is_OK_123",
                "requests.storage-foo",
                &"a".repeat(63),
                &long_key,
            ],
            &[
                "nospecialchars%^=@",
                "cantendwithadash-",
                "-cantstartwithadash-",
                "only/one/slash",
                "Example.com/abc",
                "example_com/abc",
                "example.com/",
                "/simple",
                &"a".repeat(64),
                &format!("{}/abc", "a".repeat(254)),
            ],
        );
        accepts(
            label_value,
            &[
                "simple",
                "now-with-dashes",
                "1-starts-with-num",
                "end-with-num-1",
                "1234",
                &"a".repeat(63),
                "",
            ],
            &[
                "nospecialchars%^=@",
                "Tama-nui-te-rā.is.Māori.sun",
                "\\backslashes\\are\\bad",
                "-starts-with-dash",
                "ends-with-dash-",
                ".starts.with.dot",
                "ends.with.dot.",
                &"a".repeat(64),
            ],
        );
    }

    #[test]
    fn path_segment_names() {
        accepts(
            path_segment_name,
            &[
                "foo.bar.baz",
                "sha256:ABCDEF012345@ABCDEF012345",
                "Iñtërnâtiônàlizætiøn",
                ".test",
                "..test",
                "system:auth-delegator",
            ],
            &[".", "..", "foo/bar", "foo%bar"],
        );
        assert_eq!(
            path_segment_name("foo//bar%"),
            ["may not contain '/'", "may not contain '%'"]
        );
        assert_eq!(path_segment_name(".."), ["may not be '..'"]);
    }

    #[test]
    fn port_names_and_numbers() {
        accepts(
            port_name,
            &[
                "telnet",
                "re-mail-ck",
                "pop3",
                "a",
                "a-1",
                "1-a",
                "a-1-b-2-c",
                "1-a-2-b-3",
                "metrics-backend",
            ],
            &[
                "longerthan15characters",
                "",
                "12345",
                "1-2-3-4",
                "-begin",
                "end-",
                "two--hyphens",
                "whois++",
                "UPPER",
            ],
        );
        assert!(port_number(1).is_empty() && port_number(65535).is_empty());
        assert_eq!(port_number(0), ["must be between 1 and 65535, inclusive"]);
        assert!(!port_number(65536).is_empty());
    }

    #[test]
    fn environment_variable_names_and_config_keys() {
        accepts(
            env_var_name,
            &[
                "A",
                "ABC",
                "AbC_123",
                "_123",
                "a",
                "a.b",
                "a-b",
                "1ABC",
                "...abc",
                "A=".trim_end_matches('='),
                "a b",
            ],
            &["", "A=B", "é", "tab\there"],
        );
        accepts(
            config_key,
            &[
                "a",
                "good",
                "good-good",
                "still.good",
                "this.is.also.good",
                ".so.is.this",
                "THIS_IS_GOOD",
                "so_is_this_17",
            ],
            &["", ".", "..", "..bad", "b*d", "bad!&bad"],
        );
    }
}
