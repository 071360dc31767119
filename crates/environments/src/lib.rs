//! The environments of this repository, validated when the crate is built and embedded,
//! so that embedding code needs no files at run time and works from any directory.
//!
//! ```
//! use axisor_environments::Environment;
//! let production: Environment = "production".parse().unwrap();
//! let profile = production.profile();
//! assert_eq!(profile.namespace.as_str(), "axisor");
//! assert_eq!(profile.backup.schedule.as_str(), "0 1 * * *");
//! assert_eq!(production.to_string(), "production");
//! ```
//!
//! A profile that fails validation fails `cargo build` of this crate, with the same
//! message (file, line, column, field path, expectation) as a run-time load.

use std::fmt;
use std::sync::OnceLock;

pub use axisor_profile::{Catalog, Profile};

include!(concat!(env!("OUT_DIR"), "/environments.rs"));

impl Environment {
    /// This environment's profile, decoded on first use (only the environments a program
    /// uses are decoded).
    pub fn profile(self) -> &'static Profile {
        static PROFILES: [OnceLock<Profile>; Environment::ALL.len()] =
            [const { OnceLock::new() }; Environment::ALL.len()];
        PROFILES[self.index()].get_or_init(|| {
            // build.rs wrote this JSON from a validated profile; the round trip is covered
            // by `embedded_profiles_match_the_files`.
            serde_json::from_str(self.embedded_json())
                .unwrap_or_else(|e| panic!("embedded profile {} is corrupt: {e}", self.name()))
        })
    }
}

/// Every built-in profile, in promotion order.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let profiles = Environment::ALL
            .iter()
            .map(|env| env.profile().clone())
            .collect();
        // The same rules again, at a cost of microseconds, so that a catalog never holds a
        // profile that skipped them; build.rs already refused any that break them.
        Catalog::from_profiles(profiles).unwrap_or_else(|e| {
            panic!("built-in profiles break the rules they were built under: {e}")
        })
    })
}

/// A name that is not one of the built-in environments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown environment `{name}`; expected one of: {}", known())]
pub struct UnknownEnvironment {
    /// The name given.
    pub name: String,
}

fn known() -> String {
    let names: Vec<&str> = Environment::ALL.iter().map(|e| e.name()).collect();
    names.join(", ")
}

impl std::str::FromStr for Environment {
    type Err = UnknownEnvironment;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Environment::ALL
            .into_iter()
            .find(|env| env.name() == name)
            .ok_or_else(|| UnknownEnvironment {
                name: name.to_owned(),
            })
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
