//! Cron schedules as the Kubernetes API server reads a CronJob's `spec.schedule`.
//!
//! The server parses the schedule with robfig/cron v3's standard parser (`ParseStandard`:
//! five fields, or a descriptor such as `@daily` or `@every 1h30m`) and refuses any
//! schedule that contains `TZ` (the time zone goes in `timeZone`). This module follows that
//! parser rule for rule, in its words (with the field named), so a schedule the server
//! would refuse is refused here first.

use serde::{Deserialize, Serialize};

const EXPECTED: &str = "a cron schedule `minute hour day-of-month month day-of-week` such as `0 2 * * *`, or @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or `@every <duration>`";

/// Set on a field written `*` or `?` (robfig's `starBit`): a day is then matched by the
/// other day field alone.
const STAR: u64 = 1 << 63;

/// One field's range and its names (robfig's `bounds`).
struct Bounds {
    what: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Bounds = Bounds {
    what: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    what: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DAYS_OF_MONTH: Bounds = Bounds {
    what: "day of month",
    min: 1,
    max: 31,
    names: &[],
};
/// Names count from `min`: `jan` is 1.
const MONTHS: Bounds = Bounds {
    what: "month",
    min: 1,
    max: 12,
    names: &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ],
};
const DAYS_OF_WEEK: Bounds = Bounds {
    what: "day of week",
    min: 0,
    max: 6,
    names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
};

/// A cron schedule as the Kubernetes API server accepts it for a CronJob, kept as written.
///
/// ```
/// use axisor_profile::Schedule;
/// let nightly: Schedule = "0 2 * * *".parse().unwrap();
/// assert_eq!(nightly.describe(), "at 02:00");
/// assert_eq!(nightly.longest_gap(), Some(std::time::Duration::from_secs(86_400)));
/// assert!("0 0 2 * * *".parse::<Schedule>().is_err()); // six fields
/// assert!("0 0 * * 7".parse::<Schedule>().is_err()); // days of week are 0-6
/// assert!("TZ=UTC 0 2 * * *".parse::<Schedule>().is_err()); // the zone goes in timeZone
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Schedule {
    text: String,
    when: When,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Fields(Fields),
    /// `@every <duration>`, at least a second (robfig rounds shorter ones up).
    Every(std::time::Duration),
}

/// Each field a bit set of the values it matches, plus `STAR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fields {
    minute: u64,
    hour: u64,
    day_of_month: u64,
    month: u64,
    day_of_week: u64,
}

impl Fields {
    /// robfig's `dayMatches`: with either day field a star, both must match; else either.
    fn runs_on(&self, day: u32, month: u32, weekday: u32) -> bool {
        let by_month = self.day_of_month & (1 << day) != 0;
        let by_week = self.day_of_week & (1 << weekday) != 0;
        let days = if (self.day_of_month | self.day_of_week) & STAR != 0 {
            by_month && by_week
        } else {
            by_month || by_week
        };
        self.month & (1 << month) != 0 && days
    }
}

impl Schedule {
    /// The schedule as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A short description in words, such as `at 02:00` or `at minute 15 of every hour, on
    /// days of week 1-5`.
    pub fn describe(&self) -> String {
        let (minute, hour, day_of_month, month, day_of_week) = match self.when {
            When::Every(duration) => return format!("every {duration:?}"),
            When::Fields(_) => match self.text.as_str() {
                "@yearly" | "@annually" => return "at 00:00 on January 1".to_owned(),
                "@monthly" => return "at 00:00 on the first of every month".to_owned(),
                "@weekly" => return "at 00:00 every Sunday".to_owned(),
                "@daily" | "@midnight" => return "at 00:00".to_owned(),
                "@hourly" => return "at minute 0 of every hour".to_owned(),
                _ => {
                    let fields: Vec<&str> = self.text.split_whitespace().collect();
                    (fields[0], fields[1], fields[2], fields[3], fields[4])
                }
            },
        };
        let number = |text: &str| text.parse::<u32>().ok();
        let mut words = match (number(minute), number(hour)) {
            (Some(m), Some(h)) => format!("at {h:02}:{m:02}"),
            (Some(m), None) if hour == "*" => format!("at minute {m} of every hour"),
            _ => format!("at minutes {minute} of hours {hour}"),
        };
        let any = |field: &str| field == "*" || field == "?";
        for (field, what) in [
            (day_of_month, "days of month"),
            (month, "months"),
            (day_of_week, "days of week"),
        ] {
            if !any(field) {
                words.push_str(&format!(", on {what} {field}"));
            }
        }
        words
    }

    /// The longest time between two runs, over the 28-year calendar cycle of 2001-2028
    /// (leap years, month lengths and weekdays included, daylight saving time not), or
    /// `None` if the schedule never runs (`0 0 30 2 *`).
    pub fn longest_gap(&self) -> Option<std::time::Duration> {
        let fields = match self.when {
            When::Every(duration) => return Some(duration),
            When::Fields(fields) => fields,
        };
        // The times of day it runs, in minutes since midnight, in order.
        let times: Vec<u64> = (0..24)
            .filter(|h| fields.hour & (1 << h) != 0)
            .flat_map(|h| {
                (0..60)
                    .filter(|m| fields.minute & (1 << m) != 0)
                    .map(move |m| h * 60 + m)
            })
            .collect();
        let (first, last) = (*times.first()?, *times.last()?);
        let within_a_day = times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        let between_days = longest_day_gap(&fields)?;
        let minutes = within_a_day.max(between_days * 24 * 60 - (last - first));
        Some(std::time::Duration::from_secs(minutes * 60))
    }
}

/// Days in the 28 years 2001-2028: within 1901-2099 weekdays and leap years repeat so.
const CYCLE_DAYS: u64 = 28 * 365 + 7;

/// The most days from one day the schedule runs on to the next, or `None` if it never runs.
fn longest_day_gap(fields: &Fields) -> Option<u64> {
    let months = bits(MONTHS.min, MONTHS.max, 1);
    if fields.month & months == months && fields.day_of_month & fields.day_of_week & STAR != 0 {
        return Some(1);
    }
    let days = run_days(fields);
    let (first, last) = (*days.first()?, *days.last()?);
    // The cycle repeats, so the last run day is followed by the first one, a cycle on.
    days.windows(2)
        .map(|w| w[1] - w[0])
        .chain([first + CYCLE_DAYS - last])
        .max()
}

/// The days of 2001-2028 the schedule runs on, as indexes from 2001-01-01.
fn run_days(fields: &Fields) -> Vec<u64> {
    let mut days = Vec::new();
    let (mut index, mut weekday) = (0, 1); // 2001-01-01 was a Monday.
    for year in 2001..2029 {
        for month in 1..=12 {
            let length = match month {
                2 if year % 4 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if fields.month & (1 << month) != 0 {
                for day in 1..=length {
                    if fields.runs_on(day, month, (weekday + day - 1) % 7) {
                        days.push(index + u64::from(day - 1));
                    }
                }
            }
            index += u64::from(length);
            weekday = (weekday + length) % 7;
        }
    }
    days
}

/// robfig's `Parse` with the standard parser's options, and the API server's `TZ` rule.
fn parse(text: &str) -> Result<When, String> {
    if text.contains("TZ") {
        return Err("cannot use TZ or CRON_TZ in schedule, use timeZone field instead".into());
    }
    if text.is_empty() {
        return Err("empty spec string".into());
    }
    if text.starts_with('@') {
        return descriptor(text);
    }
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [minute, hour, day_of_month, month, day_of_week] = fields[..] else {
        return Err(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        ));
    };
    Ok(When::Fields(Fields {
        minute: field(minute, &MINUTES)?,
        hour: field(hour, &HOURS)?,
        day_of_month: field(day_of_month, &DAYS_OF_MONTH)?,
        month: field(month, &MONTHS)?,
        day_of_week: field(day_of_week, &DAYS_OF_WEEK)?,
    }))
}

/// robfig's `parseDescriptor`.
fn descriptor(text: &str) -> Result<When, String> {
    let every_day = |hour: u64| Fields {
        minute: 1,
        hour,
        day_of_month: all(&DAYS_OF_MONTH),
        month: all(&MONTHS),
        day_of_week: all(&DAYS_OF_WEEK),
    };
    Ok(When::Fields(match text {
        "@yearly" | "@annually" => Fields {
            day_of_month: 1 << 1,
            month: 1 << 1,
            ..every_day(1)
        },
        "@monthly" => Fields {
            day_of_month: 1 << 1,
            ..every_day(1)
        },
        "@weekly" => Fields {
            day_of_week: 1,
            ..every_day(1)
        },
        "@daily" | "@midnight" => every_day(1),
        "@hourly" => every_day(all(&HOURS)),
        _ => {
            let Some(duration) = text.strip_prefix("@every ") else {
                return Err(format!("unrecognized descriptor: {text}"));
            };
            let duration = go_duration(duration)
                .map_err(|problem| format!("failed to parse duration {text}: {problem}"))?;
            // robfig's `Every`: at least a second, and whole seconds.
            let seconds = duration.as_secs().max(1);
            return Ok(When::Every(std::time::Duration::from_secs(seconds)));
        }
    }))
}

/// Every value of a field, and the star bit.
fn all(bounds: &Bounds) -> u64 {
    bits(bounds.min, bounds.max, 1) | STAR
}

/// robfig's `getField`: ranges separated by commas (empty ones skipped).
fn field(text: &str, bounds: &Bounds) -> Result<u64, String> {
    text.split(',')
        .filter(|range| !range.is_empty())
        .try_fold(0, |set, range| Ok(set | self::range(range, bounds)?))
        .map_err(|problem: String| format!("{}: {problem}", bounds.what))
}

/// robfig's `getRange`: `*`, `?`, `N` or `N-M`, each optionally `/step`.
fn range(expression: &str, bounds: &Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expression.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let (start, mut end, mut extra) = if low_and_high[0] == "*" || low_and_high[0] == "?" {
        (bounds.min, bounds.max, STAR)
    } else {
        let start = number_or_name(low_and_high[0], bounds)?;
        let end = match low_and_high.len() {
            1 => start,
            2 => number_or_name(low_and_high[1], bounds)?,
            _ => return Err(format!("too many hyphens: {expression}")),
        };
        (start, end, 0)
    };
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = number(range_and_step[1])?;
            // `N/step` means `N-max/step`.
            if low_and_high.len() == 1 {
                end = bounds.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expression}")),
    };
    if start < bounds.min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({}): {expression}",
            bounds.min
        ));
    }
    if end > bounds.max {
        return Err(format!(
            "end of range ({end}) above maximum ({}): {expression}",
            bounds.max
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expression}"
        ));
    }
    if step == 0 {
        return Err(format!(
            "step of range should be a positive number: {expression}"
        ));
    }
    Ok(bits(start, end, step) | extra)
}

/// The bits `start..=end` by `step`; the bounds keep every value below 63.
fn bits(start: u32, end: u32, step: u32) -> u64 {
    (start..=end)
        .step_by(step as usize)
        .fold(0, |set, value| set | (1 << value))
}

/// robfig's `parseIntOrName`: a name (any case) counts from the field's minimum.
fn number_or_name(text: &str, bounds: &Bounds) -> Result<u32, String> {
    match bounds
        .names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))
    {
        Some(index) => Ok(bounds.min + index as u32),
        None => number(text),
    }
}

/// robfig's `mustParseInt`, over Go's `strconv.Atoi`: an optional sign and decimal digits
/// that fit in 64 bits, never negative. Values beyond `u32` are out of every field's range.
fn number(text: &str) -> Result<u32, String> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let atoi = |problem: &str| {
        format!("failed to parse int from {text}: strconv.Atoi: parsing \"{text}\": {problem}")
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(atoi("invalid syntax"));
    }
    let Ok(value) = text.parse::<i64>() else {
        return Err(atoi("value out of range"));
    };
    if value < 0 {
        return Err(format!("negative number ({value}) not allowed: {text}"));
    }
    Ok(u32::try_from(value).unwrap_or(u32::MAX))
}

/// Go's `time.ParseDuration`: `[+-]` and one or more `<decimal><unit>` (ns, us, µs, ms, s,
/// m, h), or `0`. A negative duration parses (robfig then runs it every second).
fn go_duration(text: &str) -> Result<std::time::Duration, String> {
    let invalid = || format!("time: invalid duration \"{text}\"");
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let negative = text.starts_with('-');
    if unsigned == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    if unsigned.is_empty() {
        return Err(invalid());
    }
    let mut rest = unsigned;
    let mut nanoseconds: f64 = 0.0;
    while !rest.is_empty() {
        let number_length = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let (value, after) = rest.split_at(number_length);
        let unit_length = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_length);
        let whole_and_fraction = value.split_once('.').unwrap_or((value, ""));
        let digits = whole_and_fraction.0.len() + whole_and_fraction.1.len();
        if digits == 0 || value.matches('.').count() > 1 {
            return Err(invalid());
        }
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration \"{text}\"")),
            _ => {
                return Err(format!(
                    "time: unknown unit \"{unit}\" in duration \"{text}\""
                ));
            }
        };
        nanoseconds += value.parse::<f64>().map_err(|_| invalid())? * scale;
        rest = after;
    }
    if nanoseconds > i64::MAX as f64 {
        return Err(invalid());
    }
    if negative {
        return Ok(std::time::Duration::ZERO);
    }
    Ok(std::time::Duration::from_nanos(nanoseconds as u64))
}

impl std::str::FromStr for Schedule {
    type Err = crate::types::InvalidValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let when =
            parse(text).map_err(|problem| format!("`{text}` is not {EXPECTED}: {problem}"))?;
        Ok(Schedule {
            text: text.to_owned(),
            when,
        })
    }
}

impl TryFrom<String> for Schedule {
    type Error = crate::types::InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Schedule> for String {
    fn from(value: Schedule) -> String {
        value.text
    }
}

impl std::fmt::Display for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl schemars::JsonSchema for Schedule {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Schedule".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": format!("A{}.", &EXPECTED[1..]),
            "type": "string"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        text.parse::<Schedule>().unwrap_err().message().to_owned()
    }

    /// Schedules robfig/cron v3's standard parser accepts, as its own tests write them.
    #[test]
    fn accepts_what_the_api_server_accepts() {
        for good in [
            "0 2 * * *",
            "*/15 * * * *",
            "0 0 1 JAN,JUL MON-FRI",
            "30 3 ? * SUN",
            "0  2 * * *",
            "0\t2 * * *",
            "5/15 1-5 1,15 jan-Mar mon-fri",
            "1,,2 * * * *",
            "+5 * * * *",
            "*-5 * * * *",
            "@daily",
            "@midnight",
            "@annually",
            "@every 1h30m",
            "@every 1.5h",
            "@every 300ms",
            "@every 0",
        ] {
            assert!(
                good.parse::<Schedule>().is_ok(),
                "{good}: {}",
                refusal(good)
            );
        }
    }

    #[test]
    fn refuses_what_the_api_server_refuses_with_its_words() {
        for (bad, words) in [
            ("", "empty spec string"),
            ("0 2 * *", "expected exactly 5 fields, found 4"),
            (
                "0 0 2 * * *",
                "expected exactly 5 fields, found 6: [0 0 2 * * *]",
            ),
            (
                "61 * * * *",
                "minute: end of range (61) above maximum (59): 61",
            ),
            ("0 25 * * *", "hour: end of range (25) above maximum (23)"),
            (
                "0 0 0 * *",
                "day of month: beginning of range (0) below minimum (1)",
            ),
            ("0 0 * 13 *", "month: end of range (13) above maximum (12)"),
            (
                "0 0 * * 7",
                "day of week: end of range (7) above maximum (6)",
            ),
            (
                "5-1 * * * *",
                "beginning of range (5) beyond end of range (1): 5-1",
            ),
            ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
            ("*/2/3 * * * *", "too many slashes: */2/3"),
            (
                "*/0 * * * *",
                "step of range should be a positive number: */0",
            ),
            ("-5 * * * *", "failed to parse int from "),
            ("*/-5 * * * *", "negative number (-5) not allowed: -5"),
            ("*/-0 * * * *", "step of range should be a positive number"),
            (
                "0 0 L * *",
                "failed to parse int from L: strconv.Atoi: parsing \"L\": invalid syntax",
            ),
            ("*/99999999999999999999 * * * *", "value out of range"),
            ("0 0 * * 5L", "failed to parse int from 5L"),
            ("0 0 * * MON#2", "failed to parse int from MON#2"),
            ("0 0 15W * *", "failed to parse int from 15W"),
            ("0 0 * FOO *", "failed to parse int from FOO"),
            ("TZ=UTC 0 2 * * *", "cannot use TZ or CRON_TZ in schedule"),
            (
                "CRON_TZ=UTC 0 2 * * *",
                "cannot use TZ or CRON_TZ in schedule",
            ),
            ("@reboot", "unrecognized descriptor: @reboot"),
            ("@every", "unrecognized descriptor: @every"),
            ("@every 5", "missing unit in duration"),
            ("@every 5d", "unknown unit \"d\""),
            ("@every .h", "invalid duration"),
        ] {
            let message = refusal(bad);
            assert!(message.contains(words), "{bad:?}: {message}");
            assert!(message.contains("is not a cron schedule"), "{message}");
        }
    }

    #[test]
    fn descriptors_are_the_fields_they_stand_for() {
        for (descriptor, fields) in [
            ("@yearly", "0 0 1 1 *"),
            ("@monthly", "0 0 1 * *"),
            ("@weekly", "0 0 * * 0"),
            ("@daily", "0 0 * * *"),
            ("@hourly", "0 * * * *"),
        ] {
            let parsed = |text: &str| text.parse::<Schedule>().unwrap().when;
            assert_eq!(parsed(descriptor), parsed(fields), "{descriptor}");
        }
    }

    /// The gap found from whole days against a walk, by jiff's calendar, through every
    /// minute of the cycle.
    #[test]
    fn longest_gap_matches_a_walk_through_every_minute() {
        for text in [
            "0 1 * * *",
            "0 2 * * 1-5",
            "30 3 1 * *",
            "*/20 9-17 * * mon-fri",
            "0 0 29 2 *",
            "0 12 13 * 5",
            "15 */6 1-7 * 0",
            "0 0 1 1 *",
            "0 3 * * *",
            "0 3 */2 * *",
        ] {
            let schedule: Schedule = text.parse().unwrap();
            let When::Fields(fields) = schedule.when else {
                unreachable!()
            };
            let mut runs = Vec::new();
            let mut date = jiff::civil::date(2001, 1, 1);
            for index in 0..CYCLE_DAYS {
                let weekday = date.weekday().to_sunday_zero_offset() as u32;
                if fields.runs_on(date.day() as u32, date.month() as u32, weekday) {
                    for minute_of_day in 0..24 * 60 {
                        let (h, m) = (minute_of_day / 60, minute_of_day % 60);
                        if fields.hour & (1 << h) != 0 && fields.minute & (1 << m) != 0 {
                            runs.push(index * 24 * 60 + minute_of_day);
                        }
                    }
                }
                date = date.tomorrow().unwrap();
            }
            assert_eq!(date, jiff::civil::date(2029, 1, 1));
            let wrap = runs[0] + CYCLE_DAYS * 24 * 60 - runs[runs.len() - 1];
            let walked = runs.windows(2).map(|w| w[1] - w[0]).chain([wrap]).max();
            assert_eq!(
                schedule.longest_gap().map(|gap| gap.as_secs() / 60),
                walked,
                "{text}"
            );
        }
        assert_eq!(
            "0 0 30 2 *".parse::<Schedule>().unwrap().longest_gap(),
            None
        );
    }

    #[test]
    fn descriptions_name_the_time() {
        for (text, words) in [
            ("0 2 * * *", "at 02:00"),
            ("30 3 ? * SUN", "at 03:30, on days of week SUN"),
            ("15 * * * *", "at minute 15 of every hour"),
            ("*/5 9-17 * * *", "at minutes */5 of hours 9-17"),
            ("@weekly", "at 00:00 every Sunday"),
            ("@every 1h30m", "every 5400s"),
            ("@every 1.5s", "every 1s"),
            ("@every 10ms", "every 1s"),
        ] {
            assert_eq!(text.parse::<Schedule>().unwrap().describe(), words);
        }
    }
}
