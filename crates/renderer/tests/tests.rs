//! The integration tests of this crate, one binary: each file is a module.

mod diff;
mod free_text;
mod gitops;
mod hydrated;
mod previews;
mod rendering;
mod secret_scan;
mod secret_sources;
mod seed_mistakes;
mod template_errors;
mod workloads;
