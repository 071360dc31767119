//! Errors: every failure names the file, line, column, field path and what was expected.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A position in a profile file. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the caller named it (for example `environments/production.yaml`).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem in one place: `file:line:column: field.path: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, line and column.
    pub location: Location,
    /// Dotted field path such as `quota.limits.cpu`; empty for the document itself.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(f, "{}: {}: {}", self.location, self.path, self.message)
        }
    }
}

/// A problem is an error of its own, so a caller can report one with `?`.
impl std::error::Error for Diagnostic {}

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
    /// The problems inside profile files; empty for I/O errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ProfileError::Invalid(list) => list,
            ProfileError::Io { .. } | ProfileError::Folder { .. } | ProfileError::File { .. } => {
                &[]
            }
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
