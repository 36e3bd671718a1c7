//! The argument check of a generated crate (`src/validate.rs`), written on
//! the jsonschema crate instead: same signature, same message shape. The
//! benchmark runs it beside the crate's own, and scripts/bench-validator
//! builds a generated crate with it in place of the crate's own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

/// Checks `arguments` against `schema`; the error names the first argument
/// at fault. Validators are compiled once per schema, as a server's tool
/// schemas are fixed.
pub fn check(schema: &Map<String, Value>, arguments: &Map<String, Value>) -> Result<(), String> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let key = schema as *const _ as usize;
    let cached = CACHE.get_or_init(Default::default).lock().unwrap().get(&key).cloned();
    let validator = match cached {
        Some(v) => v,
        None => {
            let compiled = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&Value::Object(schema.clone()))
                .map_err(|e| format!("the input schema does not compile: {e}"))?;
            let compiled = Arc::new(compiled);
            CACHE.get_or_init(Default::default).lock().unwrap().insert(key, compiled.clone());
            compiled
        }
    };
    let instance = Value::Object(arguments.clone());
    match validator.iter_errors(&instance).next() {
        None => Ok(()),
        Some(error) => {
            let path = error.instance_path().to_string();
            let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            if path.is_empty() {
                Err(format!("invalid arguments: {error}"))
            } else {
                Err(format!("invalid argument `{}`: {error}", path.join(".")))
            }
        }
    }
}
