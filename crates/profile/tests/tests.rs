//! The integration tests of this crate, one binary: each file is a module.

mod alert_thresholds;
mod folder_errors;
mod invalid_profiles;
mod layering;
mod never_panics;
mod promotion;
mod reading;
mod seed_figures;
