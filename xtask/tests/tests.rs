//! The integration tests of xtask, one binary: each file is a module.

mod workflows;
