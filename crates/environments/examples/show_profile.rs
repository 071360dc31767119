//! Prints one built-in environment's resolved profile (base.yaml with the environment's
//! file layered on top) as JSON: `cargo run -p axisor-environments --example show_profile -- production`.

use axisor_environments::Environment;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let env: Environment = match name.parse() {
        Ok(env) => env,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    match serde_json::to_string_pretty(env.profile()) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
