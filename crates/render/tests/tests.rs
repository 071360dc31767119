//! The integration tests of this crate, one binary: each file is a module.

mod against;
mod argocd_plugin;
mod cli;
mod flags;
mod out_dir;
mod preview_expiry;
mod run;
mod staleness;
