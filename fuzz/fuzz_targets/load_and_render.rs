//! Any bytes as an environment's profile, layered on the real base.yaml: loading gives a
//! profile or a located error, and a profile renders or is refused, never a panic, a hang
//! or unbounded memory.
#![no_main]

use axisor_profile::{Catalog, Source};
use axisor_renderer::{Templates, render};
use libfuzzer_sys::fuzz_target;

const BASE: &[u8] = include_bytes!("../../environments/base.yaml");

fuzz_target!(|data: &[u8]| {
    let base = Source::new("environments/base.yaml", BASE);
    let Ok(catalog) = Catalog::from_sources(base, vec![Source::new("environments/fuzz.yaml", data)]) else {
        return;
    };
    let Ok(templates) = Templates::builtin() else { return };
    for profile in catalog.profiles() {
        if let Ok(manifest) = render(profile, &templates) {
            let _ = manifest.to_yaml();
        }
    }
});
