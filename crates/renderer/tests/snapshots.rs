//! Every environment's rendered stream, as YAML and as a JSON List, pinned by reviewed
//! snapshots in `snapshots/render/`. One input per profile file (`glob!`).

use axisor_environments::catalog;
use axisor_renderer::{Templates, render};

fn environment_name(path: &std::path::Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    (stem != "base").then(|| stem.to_owned())
}

#[test]
fn rendered_environments() {
    let templates = Templates::builtin().unwrap();
    insta::with_settings!({
        snapshot_path => "../../../snapshots/render",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../../../environments", "*.yaml", |path| {
            let Some(name) = environment_name(path) else { return };
            let profile = catalog().get(&name).unwrap();
            let manifest = render(profile, &templates).unwrap();
            insta::assert_snapshot!("yaml", manifest.to_yaml().unwrap());
            insta::assert_snapshot!("json", manifest.to_json_list().unwrap());
        });
    });
}
