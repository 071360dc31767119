//! Security contexts, after `pkg/apis/core/validation/validation.go`:
//! validatePodSpecSecurityContext for the pod's, ValidateSecurityContext for each
//! container's, and the profile fields both share (validateSeccompProfileField,
//! ValidateAppArmorProfileField).

use std::collections::BTreeSet;
use std::fmt::Display;

use k8s_openapi::api::core::v1::{
    AppArmorProfile, PodSecurityContext, PodSpec, SeccompProfile, SecurityContext,
};

use super::Found;

/// validatePodSpecSecurityContext at `at` (`….spec.securityContext`).
pub(crate) fn pod(
    spec: &PodSpec,
    context: &PodSecurityContext,
    at: &dyn Display,
    found: &mut Found,
) {
    let ids = [
        ("fsGroup", context.fs_group),
        ("runAsUser", context.run_as_user),
        ("runAsGroup", context.run_as_group),
    ];
    check_ids(at, &ids, found);
    for (index, group) in context.supplemental_groups.iter().flatten().enumerate() {
        let field = format!("supplementalGroups[{index}]");
        check_ids(at, &[(&field, Some(*group))], found);
    }
    // Checked with the pod's security context, though both fields live on the pod spec.
    if spec.share_process_namespace == Some(true) && spec.host_pid == Some(true) {
        found.add(
            &format_args!("{at}.shareProcessNamespace"),
            "Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    sysctls(context, at, found);
    for (field, value, supported) in [
        (
            "fsGroupChangePolicy",
            &context.fs_group_change_policy,
            &["OnRootMismatch", "Always"][..],
        ),
        (
            "supplementalGroupsPolicy",
            &context.supplemental_groups_policy,
            &["Merge", "Strict"],
        ),
        (
            "seLinuxChangePolicy",
            &context.se_linux_change_policy,
            &["MountOption", "Recursive"],
        ),
    ] {
        found.one_of(&format_args!("{at}.{field}"), value.as_deref(), supported);
    }
    profiles(
        at,
        context.seccomp_profile.as_ref(),
        context.app_armor_profile.as_ref(),
        found,
    );
}

/// ValidateSecurityContext at `at` (`….containers[i].securityContext`), with the profile
/// fields and procMount that validateContainerCommon checks beside it.
pub(crate) fn container(context: &SecurityContext, at: &dyn Display, found: &mut Found) {
    let ids = [
        ("runAsUser", context.run_as_user),
        ("runAsGroup", context.run_as_group),
    ];
    check_ids(at, &ids, found);
    if context.allow_privilege_escalation == Some(false) {
        if context.privileged == Some(true) {
            found.add(
                at,
                "Invalid value: cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            );
        }
        let added = context.capabilities.as_ref().and_then(|c| c.add.as_ref());
        if added.into_iter().flatten().any(|c| c == "CAP_SYS_ADMIN") {
            found.add(
                at,
                "Invalid value: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
            );
        }
    }
    let mounts = ["Default", "Unmasked"];
    found.one_of(
        &format_args!("{at}.procMount"),
        context.proc_mount.as_deref(),
        &mounts,
    );
    profiles(
        at,
        context.seccomp_profile.as_ref(),
        context.app_armor_profile.as_ref(),
        found,
    );
}

/// The seccomp and AppArmor profiles a pod's or a container's security context names.
fn profiles(
    at: &dyn Display,
    seccomp_profile: Option<&SeccompProfile>,
    app_armor_profile: Option<&AppArmorProfile>,
    found: &mut Found,
) {
    seccomp(&format_args!("{at}.seccompProfile"), seccomp_profile, found);
    app_armor(
        &format_args!("{at}.appArmorProfile"),
        app_armor_profile,
        found,
    );
}

/// IsValidUserID, IsValidGroupID: 0 to 4294967295.
fn check_ids(at: &dyn Display, ids: &[(&str, Option<i64>)], found: &mut Found) {
    for (field, id) in ids {
        if let Some(id) = id
            && !(0..=i64::from(u32::MAX)).contains(id)
        {
            found.add(
                &format_args!("{at}.{field}"),
                format!("Invalid value: {id}: must be between 0 and 4294967295, inclusive"),
            );
        }
    }
}

/// validateSysctls: each name set, at most 253 characters of segments
/// `[a-z0-9]([-_a-z0-9]*[a-z0-9])?` joined by `.` or `/` (IsValidSysctlName), and given once.
fn sysctls(context: &PodSecurityContext, at: &dyn Display, found: &mut Found) {
    let segment = |s: &str| {
        let edge = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let bytes = s.as_bytes();
        bytes.first().is_some_and(|b| edge(*b))
            && bytes.last().is_some_and(|b| edge(*b))
            && bytes.iter().all(|b| edge(*b) || matches!(b, b'-' | b'_'))
    };
    let mut names = BTreeSet::new();
    for (index, sysctl) in context.sysctls.iter().flatten().enumerate() {
        let path = format_args!("{at}.sysctls[{index}].name");
        let name = sysctl.name.as_str();
        if name.is_empty() {
            found.required(&path);
        } else if name.len() > 253 || !name.split(['.', '/']).all(segment) {
            found.add(
                &path,
                format!("Invalid value: {name:?}: must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"),
            );
        } else if !names.insert(name) {
            found.duplicate(&path, name);
        }
    }
}

/// validateSeccompProfileField: a known type; `Localhost` names its profile, the others
/// do not.
fn seccomp(at: &dyn Display, profile: Option<&SeccompProfile>, found: &mut Found) {
    let Some(profile) = profile else {
        return;
    };
    let types = ["Localhost", "RuntimeDefault", "Unconfined"];
    match profile.type_.as_str() {
        "" => found.add(
            &format_args!("{at}.type"),
            "Required value: type is required when seccompProfile is set",
        ),
        kind if !types.contains(&kind) => {
            found.unsupported(&format_args!("{at}.type"), kind, &types)
        }
        _ => {}
    }
    match (profile.type_.as_str(), profile.localhost_profile.as_deref()) {
        ("Localhost", None) => found.add(
            &format_args!("{at}.localhostProfile"),
            "Required value: must be set when seccomp type is Localhost",
        ),
        ("Localhost", Some(_)) | (_, None) => {}
        (_, Some(_)) => found.add(
            &format_args!("{at}.localhostProfile"),
            "Invalid value: can only be set when seccomp type is Localhost",
        ),
    }
}

/// ValidateAppArmorProfileField: a known type; `Localhost` names its profile (unpadded, at
/// most 4095 characters), the others do not.
fn app_armor(at: &dyn Display, profile: Option<&AppArmorProfile>, found: &mut Found) {
    let Some(profile) = profile else {
        return;
    };
    let localhost = profile.localhost_profile.as_deref();
    let path = format_args!("{at}.localhostProfile");
    match profile.type_.as_str() {
        "Localhost" => match localhost {
            None => found.add(
                &path,
                "Required value: must be set when AppArmor type is Localhost",
            ),
            Some(name) => {
                if name.trim() != name {
                    found.add(
                        &path,
                        format!("Invalid value: {name:?}: must not be padded with whitespace"),
                    );
                } else if name.is_empty() {
                    found.add(
                        &path,
                        "Required value: must be set when AppArmor type is Localhost",
                    );
                }
                if name.len() > 4095 {
                    found.add(&path, "Too long: may not be more than 4095 bytes");
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(name) = localhost {
                found.add(
                    &path,
                    format!(
                        "Invalid value: {name:?}: can only be set when AppArmor type is Localhost"
                    ),
                );
            }
        }
        "" => found.add(
            &format_args!("{at}.type"),
            "Required value: type is required when appArmorProfile is set",
        ),
        kind => found.unsupported(
            &format_args!("{at}.type"),
            kind,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
    }
}
