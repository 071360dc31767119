//! Promotion rules: versions move forward along the chain of environments (their
//! `promotion.order`), one step at a time unless the target allows a skip.

use std::fmt;

use crate::catalog::Catalog;
use crate::profile::{Profile, Rollback};
use crate::types::ImageTag;

/// An allowed promotion: which version goes where, and what it replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct PromotionPlan {
    /// The environment whose version moves.
    pub from: String,
    /// The environment that receives it.
    pub to: String,
    /// The version promoted.
    pub version: ImageTag,
    /// What the target runs now.
    pub replaces: ImageTag,
    /// The reason given for promoting a version the source does not run (a rollback).
    pub forced: Option<String>,
    /// The target's rollback on record, when the version asked for is the one it put in
    /// place and the source still runs the version rolled back from: accepted, and
    /// nothing changes (the deploy gate's case).
    pub held: Option<Rollback>,
}

impl PromotionPlan {
    /// The rollback this promotion records, when it is forced.
    pub fn rollback(&self) -> Option<Rollback> {
        self.forced.as_ref().map(|reason| Rollback {
            version: self.version.clone(),
            from: self.replaces.clone(),
            reason: reason.clone(),
        })
    }

    /// The target's profile with the promoted version pinned.
    pub fn pinned(&self, catalog: &Catalog) -> Option<Profile> {
        let mut profile = catalog.get(&self.to)?.clone();
        profile.version = self.version.clone();
        Some(profile)
    }
}

/// Why a promotion is refused, and what would be allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("promotion refused: {0}")]
pub struct PromotionRefused(pub String);

/// Checks a promotion of `from`'s version (or `version`, which must then be what `from`
/// runs unless `force` gives a reason) to `to`.
///
/// ```
/// use axisor_profile::{Catalog, promotion::plan};
/// let catalog = Catalog::load_dir("../../environments").unwrap();
/// let promotion = plan(&catalog, "staging", "production", None, None).unwrap();
/// assert_eq!(promotion.version, catalog.get("staging").unwrap().version);
/// let refused = plan(&catalog, "production", "staging", None, None).unwrap_err();
/// assert!(refused.to_string().contains("forward only"));
/// ```
pub fn plan(
    catalog: &Catalog,
    from: &str,
    to: &str,
    version: Option<&str>,
    force: Option<&str>,
) -> Result<PromotionPlan, PromotionRefused> {
    let chain = catalog.promotion_chain();
    let position = |name: &str| {
        chain.iter().position(|n| *n == name).ok_or_else(|| {
            refuse(format!(
                "unknown environment `{name}`; expected one of: {}",
                chain.join(", ")
            ))
        })
    };
    let (source, target) = (position(from)?, position(to)?);
    if source == target {
        return Err(refuse(format!(
            "{from} cannot be promoted to itself; {}",
            allowed_from(catalog, from)
        )));
    }
    if target < source {
        return Err(refuse(format!(
            "promotion goes forward only ({}), and {to} comes before {from}; {}. To run an older version in {to}, promote it from {} with --version and --force (a rollback)",
            chain.join(" -> "),
            allowed_from(catalog, from),
            chain
                .get(target.wrapping_sub(1))
                .copied()
                .unwrap_or("its predecessor"),
        )));
    }
    let target_profile = &catalog.profiles()[target];
    if target > source + 1 && !target_profile.promotion.allow_skip {
        return Err(refuse(format!(
            "{from} -> {to} skips {}; promote one step at a time ({}), or set promotion.allow_skip in {to}'s profile",
            chain[source + 1..target].join(", "),
            allowed_from(catalog, from)
        )));
    }
    let source_profile = &catalog.profiles()[source];
    let forced = force
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if force.is_some() && forced.is_none() {
        return Err(refuse(
            "--force needs a reason, such as \"rollback: 1.3.0 breaks logins\"".to_owned(),
        ));
    }
    let version = match version {
        None => source_profile.version.clone(),
        Some(text) => {
            let tag: ImageTag = text.parse().map_err(|e| refuse(format!("version {e}")))?;
            if tag != source_profile.version
                && forced.is_none()
                && let Some(rollback) = &target_profile.rollback
                && rollback.version == tag
            {
                return held(from, to, source_profile, rollback);
            }
            if tag != source_profile.version && forced.is_none() {
                return Err(refuse(format!(
                    "{from} runs {}, not {tag}; promote what {from} runs (leave out --version), or pass --force with a reason to promote {tag} anyway (a rollback)",
                    source_profile.version
                )));
            }
            tag
        }
    };
    Ok(PromotionPlan {
        from: from.to_owned(),
        to: to.to_owned(),
        version,
        replaces: target_profile.version.clone(),
        forced,
        held: None,
    })
}

/// The target keeps the version its rollback on record put in place, as long as the source
/// still runs the version rolled back from; once the source runs another, the target may
/// take that, and should.
fn held(
    from: &str,
    to: &str,
    source: &Profile,
    rollback: &Rollback,
) -> Result<PromotionPlan, PromotionRefused> {
    if source.version != rollback.from {
        return Err(refuse(format!(
            "{to} runs {}, a rollback from {} on record ({}); {from} now runs {}, which {to} may take: promote it (render promote --from {from} --to {to} --write), which ends the rollback",
            rollback.version, rollback.from, rollback.reason, source.version
        )));
    }
    Ok(PromotionPlan {
        from: from.to_owned(),
        to: to.to_owned(),
        version: rollback.version.clone(),
        replaces: rollback.version.clone(),
        forced: None,
        held: Some(rollback.clone()),
    })
}

fn refuse(message: String) -> PromotionRefused {
    PromotionRefused(message)
}

/// "from staging, allowed: production" (or "none: it is the last environment").
fn allowed_from(catalog: &Catalog, from: &str) -> String {
    let targets = targets(catalog, from);
    if targets.is_empty() {
        format!("{from} is the last environment, so nothing is promoted from it")
    } else {
        format!("from {from}, allowed: {}", targets.join(", "))
    }
}

/// The environments `from` may promote to.
pub fn targets<'a>(catalog: &'a Catalog, from: &str) -> Vec<&'a str> {
    let chain = catalog.promotion_chain();
    let Some(source) = chain.iter().position(|n| *n == from) else {
        return Vec::new();
    };
    catalog.profiles()[source + 1..]
        .iter()
        .enumerate()
        .filter(|(step, p)| *step == 0 || p.promotion.allow_skip)
        .map(|(_, p)| p.name.as_str())
        .collect()
}

impl fmt::Display for PromotionPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(rollback) = &self.held {
            return write!(
                f,
                "{} keeps {}, a rollback from {} on record ({}); {} still runs {}",
                self.to, rollback.version, rollback.from, rollback.reason, self.from, rollback.from
            );
        }
        write!(
            f,
            "promoting {} from {} to {} (which ran {})",
            self.version, self.from, self.to, self.replaces
        )?;
        if let Some(reason) = &self.forced {
            write!(f, ", forced: {reason}")?;
        }
        Ok(())
    }
}
