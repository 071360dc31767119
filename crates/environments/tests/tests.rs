//! The integration tests of this crate, one binary: each file is a module.

mod any_directory;
mod build_fails_on_bad_profile;
mod embedded;
