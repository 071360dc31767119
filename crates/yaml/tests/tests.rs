//! The integration tests of this crate, one binary: each file is a module.

mod reading;
