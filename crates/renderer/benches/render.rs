//! In-process benchmarks: loading and validating profiles, rendering one environment,
//! and rendering N synthetic environments (N = 10, 100, 1000) generated from the real
//! profiles into a temporary folder. `cargo bench -p axisor-renderer`.

use std::hint::black_box;
use std::path::Path;

use axisor_profile::Catalog;
use axisor_renderer::{Secrets, Templates, render, render_many};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const ENVIRONMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../environments");

/// `count` environments like staging, each with its own name, namespace and position.
fn synthetic(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(ENVIRONMENTS);
    std::fs::copy(source.join("base.yaml"), dir.path().join("base.yaml")).unwrap();
    let staging = std::fs::read_to_string(source.join("staging.yaml")).unwrap();
    for index in 0..count {
        let name = format!("tenant-{index:04}");
        let text = staging
            .replace("short_name: staging", &format!("short_name: t{index:04}"))
            .replace(
                "namespace: axisor-staging",
                &format!("namespace: axisor-{name}"),
            )
            .replace("order: 20", &format!("order: {}", 100 + index))
            .replace("axisor/staging", &format!("axisor/{name}"));
        std::fs::write(dir.path().join(format!("{name}.yaml")), text).unwrap();
    }
    dir
}

fn load(c: &mut Criterion) {
    c.bench_function("load and validate the profiles", |b| {
        b.iter(|| Catalog::load_dir(black_box(ENVIRONMENTS)).unwrap())
    });
}

fn one(c: &mut Criterion) {
    let catalog = Catalog::load_dir(ENVIRONMENTS).unwrap();
    let production = catalog.get("production").unwrap();
    let templates = Templates::builtin().unwrap();
    c.bench_function("compile the templates", |b| {
        b.iter(|| Templates::builtin().unwrap())
    });
    c.bench_function("render production", |b| {
        b.iter(|| render(black_box(production), &templates).unwrap())
    });
    c.bench_function("render production to YAML", |b| {
        b.iter(|| {
            render(black_box(production), &templates)
                .unwrap()
                .to_yaml()
                .unwrap()
        })
    });
}

fn many(c: &mut Criterion) {
    let mut group = c.benchmark_group("load, render and write N environments");
    group.sample_size(10);
    let templates = Templates::builtin().unwrap();
    for count in [10, 100, 1000] {
        let dir = synthetic(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(BenchmarkId::from_parameter(count), &dir, |b, dir| {
            b.iter(|| {
                // As `render --all` does: each environment written as YAML on its thread.
                let catalog = Catalog::load_dir(dir.path()).unwrap();
                let jobs: Vec<_> = catalog
                    .profiles()
                    .iter()
                    .map(|p| (p, Secrets::for_profile(p)))
                    .collect();
                render_many(&jobs, &templates, |m| m.to_yaml())
                    .unwrap()
                    .iter()
                    .map(String::len)
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load, one, many);
criterion_main!(benches);
