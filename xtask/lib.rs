//! Generates the repository's derived files from the profiles: the JSON Schema of
//! profile files and the GitHub workflows (`cargo run -p xtask -- generate`, run by
//! `make generate`). A test fails when a committed file is stale.

mod workflows;

pub use workflows::{DEPLOY_PATH, PROMOTE_PATH, deploy_workflow, promote_workflow};

/// Where `make generate` writes the JSON Schema of profile files.
pub const SCHEMA_PATH: &str = "environments/schema.json";

/// A workflow template that does not render.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The template, the line (0 when unknown) and minijinja's message.
    #[error("{template}:{line}: {message}")]
    Template {
        /// The template's name.
        template: String,
        /// The line (0 when unknown).
        line: usize,
        #[source]
        /// minijinja's error.
        source: minijinja::Error,
        /// minijinja's message.
        message: String,
    },
}

/// Every generated file: its path from the repository root and its contents.
///
/// ```
/// let files = xtask::generated(axisor_environments::catalog()).unwrap();
/// let paths: Vec<&str> = files.iter().map(|(path, _)| *path).collect();
/// assert_eq!(paths, [xtask::SCHEMA_PATH, xtask::PROMOTE_PATH, xtask::DEPLOY_PATH]);
/// ```
pub fn generated(catalog: &axisor_profile::Catalog) -> Result<Vec<(&'static str, String)>, Error> {
    Ok(vec![
        (SCHEMA_PATH, axisor_profile::layer_schema()),
        (PROMOTE_PATH, promote_workflow(catalog)?),
        (DEPLOY_PATH, deploy_workflow(catalog)?),
    ])
}
