//! The integration tests of this crate, one binary: each file is a module.

mod cli;
mod preview_expiry;
mod run;
mod staleness;
