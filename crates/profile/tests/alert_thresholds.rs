//! The repository's backup alert fires only when a backup is really overdue: each
//! environment's `monitoring.alerts.backup_max_age` is longer than the longest gap between
//! two runs of its schedule plus the run's deadline. The loader checks only the deadline
//! (finding a schedule's longest gap takes croner about 0.1 ms, too much for every render);
//! this test holds the shipped figures to the whole rule.

use axisor_profile::Catalog;
use chrono::{TimeZone, Utc};
use croner::parser::{CronParser, Seconds, Year};

/// The longest time between two runs of a five-field `schedule` over several years
/// (leap years and month lengths included), in seconds.
fn longest_gap(schedule: &str) -> i64 {
    let cron = CronParser::builder()
        .seconds(Seconds::Required)
        .year(Year::Required)
        .build()
        .parse(&format!("0 {schedule} 2001-2009"))
        .unwrap();
    let start = Utc.with_ymd_and_hms(2001, 1, 1, 0, 0, 0).unwrap();
    let runs: Vec<_> = cron.iter_after(start).take(3000).collect();
    runs.windows(2)
        .map(|pair| (pair[1] - pair[0]).num_seconds())
        .max()
        .unwrap()
}

#[test]
fn longest_gaps_are_measured() {
    assert_eq!(longest_gap("0 1 * * *"), 86_400);
    assert_eq!(longest_gap("0 2 * * 1-5"), 3 * 86_400);
    assert_eq!(longest_gap("30 3 1 * *"), 31 * 86_400);
}

#[test]
fn every_environment_alerts_only_on_an_overdue_backup() {
    let catalog = Catalog::load_dir("../../environments").unwrap();
    for profile in catalog.profiles() {
        let backup = &profile.backup;
        let allowed =
            longest_gap(backup.schedule.as_str()) + backup.deadline.as_std().as_secs() as i64;
        let max_age = profile.monitoring.alerts.backup_max_age.as_std().as_secs() as i64;
        assert!(
            max_age > allowed,
            "{}: backup_max_age {max_age}s is not longer than the schedule's longest gap plus the deadline ({allowed}s)",
            profile.name
        );
    }
}
