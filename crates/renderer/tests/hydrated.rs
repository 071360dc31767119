//! Every environment's rendered objects are kept once, in `deploy/<env>` (`make hydrate`,
//! reviewed in its diff): this test fails while a folder there lags behind what its
//! environment renders with `--secrets external`, and holds the JSON List to the same
//! objects as the YAML stream. One input per profile file (`glob!`).

use axisor_environments::catalog;
use axisor_renderer::{Secrets, Templates, render_with_secrets};

#[test]
fn deploy_holds_what_every_environment_renders() {
    let templates = Templates::builtin().unwrap();
    let deploy = std::path::Path::new("../../deploy");
    insta::glob!("../../../environments", "*.yaml", |path| {
        let name = path.file_stem().unwrap().to_str().unwrap();
        if name == "base" {
            return;
        }
        let profile = catalog().get(name).unwrap();
        let manifest = render_with_secrets(profile, &templates, &Secrets::External).unwrap();
        let folder = deploy.join(name);
        let mut committed: Vec<(String, String)> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}; run make hydrate", folder.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|file| file.extension().is_some_and(|e| e == "yaml"))
            .map(|file| {
                let text = std::fs::read_to_string(&file).unwrap();
                (file.file_name().unwrap().to_str().unwrap().to_owned(), text)
            })
            .collect();
        committed.sort();
        let mut rendered = manifest.files().unwrap();
        rendered.sort();
        let names =
            |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&committed),
            names(&rendered),
            "{name}: run make hydrate"
        );
        for ((file, committed), (_, rendered)) in committed.iter().zip(&rendered) {
            assert!(
                committed == rendered,
                "{name}/{file} differs: run make hydrate and review the diff"
            );
        }

        let yaml: Vec<serde_json::Value> = manifest
            .to_yaml()
            .unwrap()
            .split("\n---\n")
            .map(|document| serde_saphyr::from_str(document.trim_start_matches("---\n")).unwrap())
            .collect();
        let list: serde_json::Value =
            serde_json::from_str(&manifest.to_json_list().unwrap()).unwrap();
        assert_eq!(list["kind"], "List");
        assert_eq!(
            list["items"].as_array().unwrap(),
            &yaml,
            "{name}: JSON and YAML differ"
        );
    });
}
