//! Loading every environment of a folder: `base.yaml` plus one file per environment,
//! validated one by one and then as a set.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Diagnostic, Location, ProfileError};
use crate::profile::{Previews, Profile};
use crate::rules::{self, Violation};
use crate::shape::Shape;
use crate::types::Name;
use axisor_yaml::Node;
use rayon::prelude::*;

/// From this many environment files on, they are loaded in parallel.
const PARALLEL_FROM: usize = 8;

/// The file every environment is layered on.
pub const BASE_FILE: &str = "base.yaml";
/// Names the command line uses for subcommands, so no environment may take them.
pub const RESERVED_NAMES: [&str; 9] = [
    "list", "diff", "explain", "promote", "preview", "prune", "gitops", "help", "all",
];
/// Larger files are refused before parsing; real profiles are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// One profile file's name (as it should appear in messages) and its bytes.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file's path, as messages name it.
    pub name: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl Source {
    /// A file's contents under the name messages give it.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Source {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// Every environment's validated profile, in promotion order.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    profiles: Vec<Profile>,
}

impl Catalog {
    /// Loads `dir/base.yaml` and every other `dir/*.yaml`, each an environment named
    /// after its file; a `*.yml` file is refused, and files that are not YAML (such as
    /// `schema.json`, the editors' schema) are not profiles. File names in messages are
    /// `dir` joined with the file name, as given.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Catalog, ProfileError> {
        let (base, environments) = read_folder(dir.as_ref())?;
        Catalog::from_sources(base, environments)
    }

    /// Loads profiles from memory: `base`, and one source per environment named
    /// `<environment>.yaml` (any folder in front is kept for messages only).
    ///
    /// ```
    /// use axisor_profile::{Catalog, Source};
    /// let base = std::fs::read("../../environments/base.yaml").unwrap();
    /// let dev = std::fs::read("../../environments/development.yaml").unwrap();
    /// let catalog = Catalog::from_sources(
    ///     Source::new("environments/base.yaml", base),
    ///     vec![Source::new("environments/development.yaml", dev)],
    /// ).unwrap();
    /// assert_eq!(catalog.get("development").unwrap().namespace.as_str(), "axisor-dev");
    /// ```
    pub fn from_sources(
        base: Source,
        mut environments: Vec<Source>,
    ) -> Result<Catalog, ProfileError> {
        // Messages come out in the same order whatever order the folder listed.
        environments.sort_by(|a, b| a.name.cmp(&b.name));
        let base_tree = parse_source(&base)?;
        if !base_tree.is_mapping() && !base_tree.is_null() {
            return Err(at(
                &base_tree.location,
                "",
                "expected a mapping of profile fields",
            )
            .into());
        }
        if environments.is_empty() {
            let message = format!(
                "no environment profiles beside {}; expected at least one `<environment>.yaml`",
                base.name
            );
            return Err(ProfileError::file(&base.name, message));
        }
        // A misspelt key comes first: what follows from it (a field "missing" because it
        // was misspelt) would only mislead.
        let shape = Shape::new();
        let misspelt = shape.unknown_keys(&base_tree);
        if !misspelt.is_empty() {
            return Err(ProfileError::Invalid(misspelt));
        }
        let mut profiles = Vec::new();
        let mut trees = Vec::new();
        let mut problems = Vec::new();
        // In parallel once there are enough files to pay for rayon's threads (starting
        // them costs about as much as loading a few profiles); collected whole and in
        // order, so that the problems come out in file order whatever the scheduling.
        let load = |source: &Source| load_one(&shape, &base_tree, source);
        let loaded: Vec<_> = if environments.len() < PARALLEL_FROM {
            environments.iter().map(load).collect()
        } else {
            environments.par_iter().map(load).collect()
        };
        for result in loaded {
            match result {
                Ok((profile, tree)) => {
                    profiles.push(profile);
                    trees.push(tree);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        problems.extend(
            check_set(&profiles)
                .into_iter()
                .map(|(index, v)| at(trees[index].location_of(&v.path), &v.path, v.message)),
        );
        if !problems.is_empty() {
            return Err(ProfileError::Invalid(problems));
        }
        profiles.sort_by_key(|p| p.promotion.order);
        Ok(Catalog { profiles })
    }

    /// A catalog of profiles made in code (decoded from the build's JSON, or edited by a
    /// test), held to the same rules as profiles read from files: each profile's rules,
    /// then the rules across the set. Returned in promotion order.
    ///
    /// ```
    /// use axisor_profile::Catalog;
    /// let loaded = Catalog::load_dir("../../environments").unwrap();
    /// let mut profiles = loaded.profiles().to_vec();
    /// profiles[1].namespace = profiles[0].namespace.clone();
    /// let error = Catalog::from_profiles(profiles).unwrap_err().to_string();
    /// assert!(error.starts_with("testing: namespace: `axisor-dev` is also development's namespace"), "{error}");
    /// ```
    pub fn from_profiles(mut profiles: Vec<Profile>) -> Result<Catalog, ProfileError> {
        let mut broken: Vec<(String, Violation)> = Vec::new();
        for profile in &profiles {
            let name = profile.name.to_string();
            broken.extend(rules::check(profile).into_iter().map(|v| (name.clone(), v)));
        }
        for (index, violation) in check_set(&profiles) {
            broken.push((profiles[index].name.to_string(), violation));
        }
        if !broken.is_empty() {
            return Err(ProfileError::Rules(broken));
        }
        profiles.sort_by_key(|p| p.promotion.order);
        Ok(Catalog { profiles })
    }

    /// All profiles, in promotion order.
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The profile of the environment `name`.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name.as_str() == name)
    }

    /// Environment names in promotion order: versions move left to right.
    pub fn promotion_chain(&self) -> Vec<&str> {
        self.profiles.iter().map(|p| p.name.as_str()).collect()
    }

    /// The environment pull-request previews are rendered from (the one that sets
    /// `previews`; the rules allow one at most), with its preview settings.
    pub fn preview_source(&self) -> Option<(&Profile, &Previews)> {
        self.profiles
            .iter()
            .find_map(|p| p.previews.as_ref().map(|settings| (p, settings)))
    }
}

/// `dir/base.yaml` and every other `dir/*.yaml`, read but not yet checked.
pub(crate) fn read_folder(dir: &Path) -> Result<(Source, Vec<Source>), ProfileError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ProfileError::Folder {
        path: dir.to_owned(),
        source,
    })?;
    let mut base = None;
    let mut environments = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ProfileError::io(dir, e))?;
        let path = entry.path();
        let extension = path.extension().and_then(|e| e.to_str());
        if extension == Some("yml") {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            let message = format!(
                "profiles are `*.yaml` files, so this one would be ignored; rename it to {stem}.yaml"
            );
            return Err(ProfileError::file(&path, message));
        }
        // Everything else that is not YAML (`schema.json`, a README) is not a profile.
        if extension != Some("yaml") || !is_file(&entry) {
            continue;
        }
        let source = read_source(&path)?;
        if path.file_name().and_then(|n| n.to_str()) == Some(BASE_FILE) {
            base = Some(source);
        } else {
            environments.push(source);
        }
    }
    let base = base.ok_or_else(|| {
        ProfileError::file(
            dir.join(BASE_FILE),
            "missing: every environment is layered on it",
        )
    })?;
    Ok((base, environments))
}

/// A file, or a link to one. The listing says which without a `stat` for plain files:
/// `render` lists the folder on every run to check its built-in profiles are current.
fn is_file(entry: &std::fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(kind) if kind.is_symlink() => entry.path().is_file(),
        Ok(kind) => kind.is_file(),
        Err(_) => false,
    }
}

fn read_source(path: &Path) -> Result<Source, ProfileError> {
    let io = |e| ProfileError::io(path, e);
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES as u64 {
        let message =
            format!("{size} bytes is too large for a profile; expected at most {MAX_FILE_BYTES}");
        return Err(ProfileError::file(path, message));
    }
    // Read no more than the limit, should the file grow after the size was asked.
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES as u64 + 1),
        &mut bytes,
    )
    .map_err(io)?;
    Ok(Source::new(path.display().to_string(), bytes))
}

fn at(location: &Location, path: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        location: location.clone(),
        path: path.to_owned(),
        message: message.into(),
    }
}

fn parse_source(source: &Source) -> Result<Node, Diagnostic> {
    let file: Arc<str> = source.name.as_str().into();
    if source.bytes.len() > MAX_FILE_BYTES {
        let start = Location {
            file,
            line: 1,
            column: 1,
        };
        let message =
            format!("the file is larger than {MAX_FILE_BYTES} bytes; profiles are a few kilobytes");
        return Err(at(&start, "", message));
    }
    let text = std::str::from_utf8(&source.bytes).map_err(|e| {
        let valid = &source.bytes[..e.valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let location = Location {
            file: file.clone(),
            line,
            column,
        };
        at(
            &location,
            "",
            "the file is not valid UTF-8; expected UTF-8 text",
        )
    })?;
    axisor_yaml::parse(&file, text)
}

/// The environment's name from its file name: `environments/staging.yaml` is `staging`.
fn environment_name(source: &Source, tree: &Node) -> Result<Name, Diagnostic> {
    let file_name = source
        .name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&source.name);
    let stem = file_name.strip_suffix(".yaml").unwrap_or(file_name);
    if RESERVED_NAMES.contains(&stem) {
        let message = format!(
            "`{stem}` is a command of the renderer, so no environment may be named so; expected a name other than {}",
            RESERVED_NAMES.join(", ")
        );
        return Err(at(&tree.location, "", message));
    }
    stem.parse().map_err(|e| {
        at(
            &tree.location,
            "",
            format!("the file name gives the environment's name, and {e}"),
        )
    })
}

fn load_one(
    shape: &Shape,
    base: &Node,
    source: &Source,
) -> Result<(Profile, Node), Vec<Diagnostic>> {
    let tree = parse_source(source).map_err(|d| vec![d])?;
    let name = environment_name(source, &tree).map_err(|d| vec![d])?;
    let mut problems = check_environment_file(shape, &tree, &name);
    if problems.is_empty() {
        match typed_profile(shape, base, tree, &name) {
            Ok(loaded) => return Ok(loaded),
            Err(found) => problems = found,
        }
    }
    // Every message about this environment names its file, also those located in
    // base.yaml (a value from there that this environment cannot use).
    for problem in &mut problems {
        if *problem.location.file != *source.name {
            problem.message = format!(
                "{} (for environment `{name}`, {})",
                problem.message, source.name
            );
        }
    }
    Err(problems)
}

/// What can be told from the environment's file alone: its form, and keys a profile
/// does not have.
fn check_environment_file(shape: &Shape, tree: &Node, name: &Name) -> Vec<Diagnostic> {
    if !tree.is_mapping() && !tree.is_null() {
        return vec![at(
            &tree.location,
            "",
            "expected a mapping of profile fields",
        )];
    }
    if let Some(location) = tree.contains_key("name") {
        let message = "the environment's name comes from its file name; remove this key";
        return vec![at(location, "name", message)];
    }
    let mut problems = shape.unknown_keys(tree);
    let knows_a_field = tree
        .entries()
        .into_iter()
        .flatten()
        .any(|(key, _, _)| shape.is_field(key));
    if !knows_a_field {
        let message = format!(
            "every YAML file beside {BASE_FILE} is an environment's profile, and this one \
             (environment `{name}`) sets no profile field; expected a profile, or move the \
             file out of the folder"
        );
        problems.insert(0, at(&tree.location, "", message));
    }
    problems
}

/// The environment layered on the base, checked for missing fields (all at once, in the
/// environment's file), read into its type and held to the rules.
fn typed_profile(
    shape: &Shape,
    base: &Node,
    tree: Node,
    name: &Name,
) -> Result<(Profile, Node), Vec<Diagnostic>> {
    let own_file: Arc<str> = tree.location.file.clone();
    let mut merged = base.clone().merge(tree);
    if !merged.insert_string("name", name.as_str()) {
        let message = "expected a mapping of profile fields";
        return Err(vec![at(&merged.location, "", message)]);
    }
    let missing: Vec<Diagnostic> = shape
        .missing_fields(&merged)
        .into_iter()
        .map(|(field, parent)| {
            let message = format!("missing field; set it in this file or in {BASE_FILE}");
            // The mapping that should hold the field, where this file writes it; else the
            // file's top (a merged mapping keeps the place of the last layer that wrote it).
            let holder = merged.location_of(&parent);
            let place = if holder.file == own_file {
                holder
            } else {
                &merged.location
            };
            at(place, &field, message)
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let profile: Profile = axisor_yaml::from_node(&merged).map_err(|d| vec![d])?;
    let violations = rules::check(&profile);
    if violations.is_empty() {
        Ok((profile, merged))
    } else {
        Err(violations
            .into_iter()
            .map(|v| at(merged.location_of(&v.path), &v.path, v.message))
            .collect())
    }
}

/// Rules across environments: names, namespaces and promotion positions are unique, and
/// one environment at most sets `previews`. Each violation comes with the index of the
/// profile it is reported in (the later of two that collide).
fn check_set(profiles: &[Profile]) -> Vec<(usize, Violation)> {
    let mut found = Vec::new();
    type Field = (&'static str, fn(&Profile) -> String, &'static str);
    let fields: [Field; 3] = [
        (
            "namespace",
            |p| p.namespace.to_string(),
            "each environment needs its own namespace",
        ),
        (
            "short_name",
            |p| p.short_name.to_string(),
            "object names would collide",
        ),
        (
            "promotion.order",
            |p| p.promotion.order.to_string(),
            "the promotion order must be a single chain, one environment at each position",
        ),
    ];
    for (path, value, why) in fields {
        let mut first_seen: HashMap<String, &Profile> = HashMap::new();
        for (index, profile) in profiles.iter().enumerate() {
            let value = value(profile);
            match first_seen.get(&value) {
                Some(other) => found.push((
                    index,
                    Violation {
                        path: path.to_owned(),
                        message: format!("`{value}` is also {}'s {path}; {why}", other.name),
                    },
                )),
                None => {
                    first_seen.insert(value, profile);
                }
            }
        }
    }
    // Previews are rendered from one profile; a second would be ignored silently.
    let mut with_previews = profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.previews.is_some());
    if let Some((_, first)) = with_previews.next() {
        for (index, _) in with_previews {
            let message = format!(
                "{} already sets previews; expected one environment to render pull-request previews from",
                first.name
            );
            found.push((
                index,
                Violation {
                    path: "previews".to_owned(),
                    message,
                },
            ));
        }
    }
    found
}
