//! Native engine speed: evaluating a unit of 100 prosecutors with 20,000 cases under R-2019,
//! the same through the JSON API (what the plugin does inside), and a sampling draw.
//! Run with `cargo bench -p kaoping-shared --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use kaoping_shared::api::{Request, handle};
use kaoping_shared::eval::evaluate;
use kaoping_shared::rules::builtin;
use kaoping_shared::sampling::{SampleRequest, Scope, draw};
use kaoping_shared::synthetic;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let rules = builtin::r2019();
    let unit = synthetic::unit(100, 200, 1);
    let one = synthetic::unit(1, 200, 1);
    let mut group = c.benchmark_group("engine");
    group.sample_size(20);
    group.bench_function("evaluate 100 prosecutors / 20000 cases", |b| {
        b.iter(|| black_box(evaluate(&rules, &unit).unwrap()))
    });
    group.bench_function("evaluate 1 prosecutor / 200 cases", |b| {
        b.iter(|| black_box(evaluate(&rules, &one).unwrap()))
    });
    let request = serde_json::to_vec(&Request::Evaluate {
        rules: rules.clone(),
        input: unit.clone(),
    })
    .unwrap();
    eprintln!("JSON request for the unit: {} bytes", request.len());
    group.bench_function("api::handle evaluate 100 / 20000 (JSON in and out)", |b| {
        b.iter(|| black_box(handle(&request)))
    });
    let what_if = serde_json::to_vec(&Request::WhatIf {
        rules: rules.clone(),
        input: unit.clone(),
    })
    .unwrap();
    group.bench_function("api::handle what_if 100 / 20000 (scores only)", |b| {
        b.iter(|| black_box(handle(&what_if)))
    });
    let sample = SampleRequest::new(Scope::Unit, "基准测试种子", unit.period).with_count(200);
    group.bench_function("sample 200 of 20000 cases", |b| {
        b.iter(|| black_box(draw(&unit.cases, &sample).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
