//! The backup alert fires only when a backup is really overdue: the loader refuses a
//! `monitoring.alerts.backup_max_age` that is not longer than the longest gap between two
//! runs of the backup's schedule plus the run's deadline.

use axisor_profile::{Catalog, Schedule};

fn gap_in_seconds(schedule: &str) -> u64 {
    let schedule: Schedule = schedule.parse().unwrap();
    schedule.longest_gap().unwrap().as_secs()
}

#[test]
fn longest_gaps_are_measured() {
    assert_eq!(gap_in_seconds("0 1 * * *"), 86_400);
    assert_eq!(gap_in_seconds("0 2 * * 1-5"), 3 * 86_400);
    assert_eq!(gap_in_seconds("30 3 1 * *"), 31 * 86_400);
    // Four times a day (01:00, 01:30, 13:00, 13:30): the longest wait is from 13:30 to 01:00.
    assert_eq!(
        gap_in_seconds("0,30 1,13 * * *"),
        86_400 - 12 * 3_600 - 30 * 60
    );
    assert_eq!(gap_in_seconds("@every 90m"), 5_400);
}

#[test]
fn every_environment_alerts_only_on_an_overdue_backup() {
    let catalog = Catalog::load_dir("../../environments").unwrap();
    for profile in catalog.profiles() {
        let backup = &profile.backup;
        let allowed = gap_in_seconds(backup.schedule.as_str()) + backup.deadline.as_std().as_secs();
        let max_age = profile.monitoring.alerts.backup_max_age.as_std().as_secs();
        assert!(
            max_age > allowed,
            "{}: {max_age}s <= {allowed}s",
            profile.name
        );
    }
}

/// A weekly backup with a daily alert window is refused by the loader, naming the gap.
#[test]
fn the_loader_refuses_an_alert_shorter_than_the_gap_between_runs() {
    let root = std::path::Path::new("../../environments");
    let base = std::fs::read_to_string(root.join("base.yaml")).unwrap();
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name == "base.yaml" || !name.ends_with(".yaml") {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        if sources.is_empty() {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with("schedule:"))
                .unwrap()
                .to_owned();
            let indent = &line[..line.len() - line.trim_start().len()];
            text = text.replace(&line, &format!("{indent}schedule: \"0 1 * * 0\""));
        }
        sources.push(axisor_profile::Source::new(
            format!("environments/{name}"),
            text.into_bytes(),
        ));
    }
    let error = Catalog::from_sources(
        axisor_profile::Source::new("environments/base.yaml", base.into_bytes()),
        sources,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("monitoring.alerts.backup_max_age")
            && error.contains("`0 1 * * 0` (604800s)"),
        "{error}"
    );
}
