//! The integration tests of this crate, one binary: each file is a module.

mod any_directory;
mod embedded;
mod nested_builds;
