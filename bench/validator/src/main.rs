//! Runs the generated servers' own validator and one on the jsonschema
//! crate over the same cases (cases.json: a schema, arguments, and whether
//! a correct check accepts them), and prints agreement, the cases where
//! either is wrong, and the time per call of each.

mod jsonschema_validate;

use std::time::Instant;

use serde_json::{Map, Value};

struct Case {
    name: String,
    schema: Map<String, Value>,
    arguments: Map<String, Value>,
    valid: bool,
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "bench/validator/cases.json".into());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let raw: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases: Vec<Case> = raw
        .into_iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_string(),
            schema: c["schema"].as_object().unwrap().clone(),
            arguments: c["arguments"].as_object().unwrap().clone(),
            valid: c["valid"].as_bool().unwrap(),
        })
        .collect();
    let own = |c: &Case| mcp_gen_runtime::validate::check(&c.schema, &c.arguments);
    let library = |c: &Case| jsonschema_validate::check(&c.schema, &c.arguments);

    let mut agree = 0;
    let (mut own_right, mut library_right) = (0, 0);
    for case in &cases {
        let (a, b) = (own(case), library(case));
        agree += usize::from(a.is_ok() == b.is_ok());
        own_right += usize::from(a.is_ok() == case.valid);
        library_right += usize::from(b.is_ok() == case.valid);
        if a.is_ok() != case.valid || b.is_ok() != case.valid {
            println!("case {}: expected {}", case.name, if case.valid { "valid" } else { "invalid" });
            println!("  own:        {}", a.err().unwrap_or_else(|| "accepted".into()));
            println!("  jsonschema: {}", b.err().unwrap_or_else(|| "accepted".into()));
        }
    }
    println!("cases: {}; the two agree on {agree}", cases.len());
    println!("right: own {own_right}, jsonschema {library_right}");

    // Time per call, over every case, after one warm-up round (which also
    // compiles the jsonschema validators, as a server's first call would).
    const ROUNDS: u32 = 20_000;
    for (label, run) in [("own", &own as &dyn Fn(&Case) -> Result<(), String>), ("jsonschema", &library)] {
        cases.iter().for_each(|c| drop(run(c)));
        let started = Instant::now();
        for _ in 0..ROUNDS {
            for case in &cases {
                std::hint::black_box(run(std::hint::black_box(case))).ok();
            }
        }
        let per_call = started.elapsed().as_nanos() as f64 / f64::from(ROUNDS) / cases.len() as f64;
        println!("time per call: {label} {:.2} µs", per_call / 1000.0);
    }
}
