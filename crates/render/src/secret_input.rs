//! Secret values from where the user keeps them: the environment variables
//! `AXISOR_SECRET_<KEY>`, or a `KEY=value` file outside any git work tree. Errors name the
//! file and the line, never a value.

use std::path::{Path, PathBuf};

use axisor_renderer::{ENV_PREFIX, SecretValues};

/// Why secret values cannot be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SecretInputError {
    #[error("the environment variable {name} is not valid UTF-8; expected text")]
    NotText { name: String },
    #[error("{}: secrets files must live outside a git work tree ({} is one); keep it where it cannot be committed", .path.display(), .repository.display())]
    InWorkTree { path: PathBuf, repository: PathBuf },
    #[error("{}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: line {line}: expected KEY=value", .path.display())]
    Line { path: PathBuf, line: usize },
}

/// Every `AXISOR_SECRET_<KEY>` environment variable, as the value of KEY: like a
/// secrets file, what the profile does not name is refused when the values are checked
/// against it, and absent keys are reported there too.
pub(crate) fn from_env() -> Result<SecretValues, SecretInputError> {
    let mut pairs = Vec::new();
    for (name, value) in std::env::vars_os() {
        let Some(key) = name.to_str().and_then(|n| n.strip_prefix(ENV_PREFIX)) else {
            continue;
        };
        let value = value.into_string().map_err(|_| SecretInputError::NotText {
            name: format!("{ENV_PREFIX}{key}"),
        })?;
        pairs.push((key.to_owned(), value));
    }
    Ok(SecretValues::new(pairs))
}

/// Values from a `KEY=value` file (blank lines and `#` comments ignored, values optionally
/// in quotes). The file must live outside any git work tree, so it cannot be committed by
/// accident.
pub(crate) fn from_file(path: &Path) -> Result<SecretValues, SecretInputError> {
    if let Some(repository) = enclosing_repository(path) {
        return Err(SecretInputError::InWorkTree {
            path: path.to_owned(),
            repository,
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| SecretInputError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut pairs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // The error names the line, never its content: it holds a secret.
        let Some((key, value)) = line.split_once('=') else {
            return Err(SecretInputError::Line {
                path: path.to_owned(),
                line: index + 1,
            });
        };
        pairs.push((key.trim().to_owned(), unquote(value.trim()).to_owned()));
    }
    Ok(SecretValues::new(pairs))
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// The git work tree holding `path`, if any.
fn enclosing_repository(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secrets_file_is_read_outside_a_repository_and_refused_inside_one() {
        let outside = tempfile::tempdir().unwrap();
        let file = outside.path().join("staging.env");
        let text = "# fake values\n\nJWT_SECRET=\"fake-jwt-value-for-tests\"\nREDIS_PASSWORD='fake-redis'\n";
        std::fs::write(&file, text).unwrap();
        let values = from_file(&file).unwrap();
        assert_eq!(values.get("JWT_SECRET"), Some("fake-jwt-value-for-tests"));
        assert_eq!(values.get("REDIS_PASSWORD"), Some("fake-redis"));

        std::fs::create_dir(outside.path().join(".git")).unwrap();
        let error = from_file(&file).unwrap_err().to_string();
        assert!(
            error.contains("secrets files must live outside a git work tree"),
            "{error}"
        );

        let broken = tempfile::tempdir().unwrap();
        let path = broken.path().join("bad.env");
        std::fs::write(&path, "JWT_SECRET fake-value-without-equals-sign\n").unwrap();
        let error = from_file(&path).unwrap_err().to_string();
        assert!(error.ends_with("line 1: expected KEY=value"), "{error}");
        assert!(!error.contains("fake-value"), "{error}");
    }
}
