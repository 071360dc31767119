//! Errors: every failure names the file, line, column, field path and what was expected.

use std::fmt;
use std::path::PathBuf;

pub use axisor_yaml::{Diagnostic, Location};

use crate::rules::Violation;

/// Why profiles could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// One or more problems inside profile files, all reported at once where possible.
    #[error("{}", join_lines(.0))]
    Invalid(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    /// The environments folder could not be listed.
    #[error("{}: cannot read the environments folder: {source}", .path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    /// Profiles made in code ([`Catalog::from_profiles`](crate::Catalog::from_profiles))
    /// that break rules: each with its environment's name.
    #[error("{}", join_violations(.0))]
    Rules(Vec<(String, Violation)>),
    /// A file that may not be read as a profile (too large, not a file, ...).
    #[error("{}: {message}", .path.display())]
    File {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

impl ProfileError {
    /// The problems inside profile files; empty for other errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ProfileError::Invalid(list) => list,
            ProfileError::Io { .. }
            | ProfileError::Folder { .. }
            | ProfileError::File { .. }
            | ProfileError::Rules(_) => &[],
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ProfileError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn file(path: impl Into<PathBuf>, message: impl fmt::Display) -> Self {
        ProfileError::File {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

impl From<Diagnostic> for ProfileError {
    fn from(diagnostic: Diagnostic) -> Self {
        ProfileError::Invalid(vec![diagnostic])
    }
}

fn join_lines(diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

fn join_violations(violations: &[(String, Violation)]) -> String {
    let lines: Vec<String> = violations
        .iter()
        .map(|(name, v)| format!("{name}: {}: {}", v.path, v.message))
        .collect();
    lines.join("\n")
}
