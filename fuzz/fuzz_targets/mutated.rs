//! Structure-aware: a seed spec, mutated as a JSON value, through the whole
//! pipeline (`mcp_gen::plan`: load with bundling, normalize, model, map,
//! render; nothing is written).
//!
//! Input layout: a little-endian `u16` length `L`, then `L` control bytes
//! that drive the mutations, then the seed spec's text (JSON or YAML). When
//! the text does not parse into a mapping, one of the repository's own specs
//! (`specs/*.yaml`, built in) is the seed instead. `fuzz/run` makes the seed
//! corpus from real specs this way.
//!
//! Mutations: delete, duplicate, transplant and retype nodes; inject `$ref`s
//! to random pointers (cycles, missing targets, other files, remote URLs);
//! huge and odd numbers written as raw literals; deep nesting; odd strings
//! and keys; OpenAPI keywords with random values. The result is written as
//! JSON or YAML, with any external files it references, to a scratch
//! directory.
//!
//! Set `MCP_GEN_FUZZ_DUMP=DIR` to copy the mutated spec (and its files) to
//! DIR, e.g. to replay a crash with the CLI.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

/// Built-in seeds: the repository's own specs.
const SEEDS: &[&str] = &[
    include_str!("../../specs/bookshelf.yaml"),
    include_str!("../../specs/catalog-swagger2.yaml"),
    include_str!("../../specs/hostile-names.yaml"),
    include_str!("../../specs/odd-paths.yaml"),
    include_str!("../../specs/orders-31.yaml"),
    include_str!("../../specs/secured.yaml"),
];

/// Most mutations one input applies.
const MAX_MUTATIONS: usize = 12;

/// Largest spec text tried. Copies of copies can grow a small seed to tens
/// of megabytes (deeply nested YAML is mostly indentation), which only makes
/// the run slow, not more interesting.
const MAX_TEXT: usize = 4 << 20;

/// Most JSON nodes a document may have before another mutation.
const MAX_NODES: usize = 200_000;

fuzz_target!(|data: &[u8]| {
    run(data);
});

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        std::env::temp_dir().join(format!("mcp-gen-fuzz-mutated-{}", std::process::id()))
    })
}

fn run(data: &[u8]) {
    let (control, text) = split(data);
    let mut u = Unstructured::new(control);
    let seed_choice = u.arbitrary::<u8>().unwrap_or(0);
    let mut doc = match mcp_gen::load::parse(Path::new("seed"), text) {
        Ok(doc) => doc.value,
        Err(_) => {
            let seed = SEEDS[usize::from(seed_choice) % SEEDS.len()];
            mcp_gen::load::parse(Path::new("seed"), seed.as_bytes())
                .expect("the built-in seeds parse")
                .value
        }
    };
    let yaml = u.arbitrary::<bool>().unwrap_or(false);
    let mut m = Mutator {
        u,
        yaml,
        raws: Vec::new(),
        side: Vec::new(),
    };
    let count = m.u.int_in_range(1..=MAX_MUTATIONS).unwrap_or(1);
    for _ in 0..count {
        if m.u.is_empty() || !m.mutate(&mut doc) {
            break;
        }
    }
    let get_as = match m.u.int_in_range(0..=2u8).unwrap_or(0) {
        0 => mcp_gen::GetAs::Resources,
        1 => mcp_gen::GetAs::Tools,
        _ => mcp_gen::GetAs::Both,
    };
    let name = match m.u.int_in_range(0..=7u8).unwrap_or(0) {
        0 => Some(m.odd_string()),
        _ => None,
    };

    let pretty = m.u.arbitrary::<bool>().unwrap_or(false);
    let text = m.serialize(&doc, yaml, pretty);
    let side: Vec<(String, String)> = std::mem::take(&mut m.side)
        .into_iter()
        .map(|(file, value, yaml)| (file, m.serialize(&value, yaml, false)))
        .collect();
    if text.len() + side.iter().map(|(_, t)| t.len()).sum::<usize>() > MAX_TEXT {
        return;
    }
    let dir = scratch();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create the scratch directory");
    let spec = dir.join(if yaml { "spec.yaml" } else { "spec.json" });
    std::fs::write(&spec, text).expect("write the spec");
    for (file, text) in side {
        std::fs::write(dir.join(file), text).expect("write a referenced file");
    }
    if let Some(dump) = std::env::var_os("MCP_GEN_FUZZ_DUMP") {
        let dump = PathBuf::from(dump);
        std::fs::create_dir_all(&dump).expect("create the dump directory");
        for entry in std::fs::read_dir(dir).expect("list the scratch directory") {
            let entry = entry.expect("a directory entry");
            std::fs::copy(entry.path(), dump.join(entry.file_name())).expect("copy a file");
        }
    }

    let output = dir.join("out-never-written");
    let options = mcp_gen::Options {
        spec,
        spec_root: None,
        config: None,
        output: output.clone(),
        map: mcp_gen::MapOptions { name, get_as },
        force: false,
        strict: false,
        check: false,
    };
    let _ = mcp_gen::plan(&options);
    assert!(!output.exists(), "plan wrote its output directory");
}

/// Control bytes and seed text.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    if data.len() < 2 {
        return (data, &[]);
    }
    let len = usize::from(u16::from_le_bytes([data[0], data[1]])).min(data.len() - 2);
    (&data[2..2 + len], &data[2 + len..])
}

struct Mutator<'a> {
    u: Unstructured<'a>,
    /// The output is YAML (else JSON): decides which raw literals make sense.
    yaml: bool,
    /// Raw literals, substituted for their placeholder strings after
    /// serialization: numbers JSON cannot hold in a `Value`, YAML tags.
    raws: Vec<String>,
    /// Files the spec references: name, content, YAML or not.
    side: Vec<(String, Value, bool)>,
}

/// Strings that stress names, pointers, templates and parsers.
const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "-",
    "+",
    "_",
    "__",
    "0",
    "1abc",
    "-1",
    "+1",
    "~",
    "~0",
    "~1",
    "~2",
    "/",
    "//",
    "#",
    "#/",
    "%",
    "%zz",
    "%2F",
    "%7E1",
    "{",
    "}",
    "{}",
    "{{",
    "}}",
    "{x}",
    "{x}{y}",
    "{x}{x}",
    "/{",
    "/}",
    "/a/{",
    "/a/{b}/{b}",
    "/{a}{b}",
    "/a?b=1&c",
    "/a#frag",
    "/a/{b}?c={d}#{e}",
    "?",
    "&",
    "=",
    "..",
    "../x.yaml",
    "../../etc/passwd",
    "self",
    "Self",
    "crate",
    "super",
    "type",
    "r#type",
    "fn",
    "async",
    "_1",
    "Option",
    "String",
    "Vec",
    "Box",
    "Result",
    "serde",
    "main",
    "std",
    "additional_properties",
    "body",
    "args",
    "$ref",
    "x-mcp",
    "x-",
    "{{ raw }}",
    "{% raw %}",
    "{# c #}",
    "{{ self }}",
    "*/",
    "/*",
    "//",
    "\"",
    "'",
    "`",
    "\\",
    "\\u0000",
    "\u{0}",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{200b}",
    "\u{202e}abc",
    "\u{feff}",
    "\u{fffd}",
    "\u{10ffff}",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "a\nb",
    "a\u{2028}b",
    "日本語",
    "Ωmega",
    "e\u{301}",
    "🦀",
    "👩‍👩‍👧",
    "#![allow]",
    "\"]; panic!(); [\"",
    "\"#; panic!(); r#\"",
    "</script>",
    "application/json",
    "application/json; charset=utf-8",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "text/plain",
    "application/octet-stream",
    "*/*",
    "application/*",
    "image/png",
    "application/problem+json",
    "200",
    "2XX",
    "default",
    "999",
    "get",
    "post",
    "path",
    "query",
    "header",
    "cookie",
    "body",
    "formData",
    "form",
    "deepObject",
    "matrix",
    "label",
    "spaceDelimited",
    "pipeDelimited",
    "simple",
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "null",
    "file",
    "int32",
    "int64",
    "binary",
    "byte",
    "date-time",
    "uuid",
    "bearer",
    "basic",
    "digest",
    "apiKey",
    "http",
    "oauth2",
    "openIdConnect",
    "mutualTLS",
    "https://example.com",
    "http://",
    "https://{host}:{port}/{base}",
    "{scheme}://x",
    "3.0.3",
    "3.1.0",
    "2.0",
    "3",
    "3.2.0",
    "^[a-z]+$",
    "(?=a)",
    "(a)\\1",
    "[",
    "(",
    "\\p{Nope}",
    "a{99999}",
    "\\w{1000}{1000}",
    "(?i)x",
    "[[:alpha:]]",
];

/// Keys that OpenAPI and JSON Schema give meaning to, with the kinds of
/// value they take.
const KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "const",
    "nullable",
    "x-nullable",
    "readOnly",
    "writeOnly",
    "default",
    "example",
    "examples",
    "discriminator",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "multipleOf",
    "uniqueItems",
    "prefixItems",
    "$defs",
    "definitions",
    "patternProperties",
    "propertyNames",
    "contains",
    "description",
    "summary",
    "title",
    "name",
    "in",
    "style",
    "explode",
    "schema",
    "content",
    "parameters",
    "requestBody",
    "responses",
    "headers",
    "operationId",
    "tags",
    "deprecated",
    "security",
    "securitySchemes",
    "servers",
    "url",
    "variables",
    "enumeration",
    "collectionFormat",
    "consumes",
    "produces",
    "host",
    "basePath",
    "schemes",
    "flows",
    "flow",
    "tokenUrl",
    "scopes",
    "x-mcp",
    "components",
    "paths",
    "webhooks",
    "openapi",
    "swagger",
    "info",
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "head",
    "options",
    "trace",
    "callbacks",
    "links",
    "encoding",
    "allowReserved",
    "allowEmptyValue",
];

/// Numeric literals and YAML scalars a `Value` cannot hold or would
/// normalize away; written raw into the text.
const RAW_ANY: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "18446744073709551616",
    "18446744073709551615",
    "-9223372036854775809",
    "-9223372036854775808",
    "9223372036854775807",
    "4294967296",
    "2147483648",
    "-0",
    "0.0",
    "-0.0",
    "1E+2",
    "0.1e999999999999",
    "123456789012345678901234567890.5",
    "0.00000000000000000000000000000000000000001",
    "5e-324",
    "1.7976931348623157e308",
];

const RAW_YAML: &[&str] = &[
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "0x7fffffffffffffffffff",
    "0o777",
    "0b101",
    "1_000",
    "~",
    "Null",
    "yes",
    "off",
    "2001-12-14t21:59:43.10-05:00",
    "!!binary aGVsbG8=",
    "!!float 1",
    "!!int \"1\"",
    "!!str 1",
    "!!null ''",
    "!custom {a: 1}",
    "!custom",
    "!!map {}",
    "!!seq []",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "&anchor 1",
    "*undefined",
    "|\n  block\n  text",
    ">-\n  folded",
    "\"\\x00\\u2028\\U0010FFFF\"",
    "'it''s'",
];

impl Mutator<'_> {
    fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        self.u.choose_index(len).unwrap_or(0)
    }

    fn pick<'s>(&mut self, from: &'s [&'s str]) -> &'s str {
        from[self.index(from.len())]
    }

    fn odd_string(&mut self) -> String {
        match self.u.int_in_range(0..=9u8).unwrap_or(0) {
            0 => "a".repeat(self.u.int_in_range(65..=20_000usize).unwrap_or(65)),
            1 => {
                let a = self.pick(ODD_STRINGS);
                let b = self.pick(ODD_STRINGS);
                format!("{a}{b}")
            }
            2 => self
                .u
                .arbitrary::<&str>()
                .unwrap_or_default()
                .chars()
                .take(64)
                .collect(),
            _ => self.pick(ODD_STRINGS).to_string(),
        }
    }

    /// A placeholder for a raw literal.
    fn raw(&mut self) -> Value {
        let literal = if self.yaml && self.u.arbitrary::<bool>().unwrap_or(false) {
            self.pick(RAW_YAML).to_string()
        } else if self.u.ratio(1, 8).unwrap_or(false) {
            let digits = self.u.int_in_range(20..=600usize).unwrap_or(500);
            format!("-{}", "9".repeat(digits))
        } else {
            self.pick(RAW_ANY).to_string()
        };
        self.raws.push(literal);
        Value::String(format!("zzRAWzz{}zz", self.raws.len() - 1))
    }

    fn number(&mut self) -> Value {
        match self.u.int_in_range(0..=11u8).unwrap_or(0) {
            0 => json!(0),
            1 => json!(-1),
            2 => json!(u64::MAX),
            3 => json!(i64::MIN),
            4 => json!(i64::MAX),
            5 => json!(f64::MAX),
            6 => json!(f64::MIN_POSITIVE),
            7 => json!(0.5),
            8 => json!(-0.0),
            9 => json!(u32::MAX as u64 + 1),
            10 => json!(self.u.arbitrary::<i64>().unwrap_or(0)),
            _ => self.raw(),
        }
    }

    /// A small random value.
    fn value(&mut self, depth: usize) -> Value {
        let top = if depth > 3 { 6 } else { 9 };
        match self.u.int_in_range(0..=top).unwrap_or(0) {
            0 => Value::Null,
            1 => json!(true),
            2 => json!(false),
            3 | 4 => self.number(),
            5 | 6 => Value::String(self.odd_string()),
            7 => {
                let n = self.u.int_in_range(0..=3usize).unwrap_or(0);
                Value::Array((0..n).map(|_| self.value(depth + 1)).collect())
            }
            _ => {
                let n = self.u.int_in_range(0..=3usize).unwrap_or(0);
                let mut map = Map::new();
                for _ in 0..n {
                    let key = if self.u.arbitrary::<bool>().unwrap_or(false) {
                        self.pick(KEYWORDS).to_string()
                    } else {
                        self.odd_string()
                    };
                    let value = self.value(depth + 1);
                    map.insert(key, value);
                }
                Value::Object(map)
            }
        }
    }

    /// A value that suits `keyword`, or sometimes not.
    fn keyword_value(&mut self, keyword: &str, doc: &Value, pointers: &[String]) -> Value {
        if self.u.ratio(1, 4).unwrap_or(false) {
            return self.value(0);
        }
        match keyword {
            "$ref" => self.reference(doc, pointers, ""),
            "type" => {
                if self.u.ratio(1, 3).unwrap_or(false) {
                    let n = self.u.int_in_range(0..=3usize).unwrap_or(0);
                    Value::Array(
                        (0..n)
                            .map(|_| {
                                json!(self.pick(&[
                                    "string", "integer", "number", "boolean", "array", "object",
                                    "null", "file"
                                ]))
                            })
                            .collect(),
                    )
                } else {
                    json!(self.pick(&[
                        "string", "integer", "number", "boolean", "array", "object", "null",
                        "file", "any", ""
                    ]))
                }
            }
            "properties" | "$defs" | "definitions" | "patternProperties" | "securitySchemes"
            | "variables" | "scopes" | "headers" | "content" | "responses" | "callbacks"
            | "webhooks" | "paths" | "encoding" | "links" => {
                let n = self.u.int_in_range(0..=3usize).unwrap_or(0);
                let mut map = Map::new();
                for _ in 0..n {
                    let key = self.odd_string();
                    let value = self.schema_like(doc, pointers);
                    map.insert(key, value);
                }
                Value::Object(map)
            }
            "items" | "not" | "additionalProperties" | "schema" | "propertyNames" | "contains" => {
                self.schema_like(doc, pointers)
            }
            "allOf" | "oneOf" | "anyOf" | "prefixItems" | "parameters" => {
                let n = self.u.int_in_range(0..=4usize).unwrap_or(0);
                Value::Array((0..n).map(|_| self.schema_like(doc, pointers)).collect())
            }
            "enum" | "required" | "tags" | "consumes" | "produces" | "schemes" | "enumeration"
            | "security" | "servers" => {
                let n = self.u.int_in_range(0..=4usize).unwrap_or(0);
                Value::Array((0..n).map(|_| self.value(2)).collect())
            }
            "nullable" | "x-nullable" | "readOnly" | "writeOnly" | "deprecated" | "explode"
            | "uniqueItems" | "allowReserved" | "allowEmptyValue" | "exclusiveMinimum"
            | "exclusiveMaximum" => match self.u.int_in_range(0..=3u8).unwrap_or(0) {
                0 => json!(true),
                1 => json!(false),
                _ => self.number(),
            },
            "minimum" | "maximum" | "minLength" | "maxLength" | "minItems" | "maxItems"
            | "multipleOf" => self.number(),
            "x-mcp" => {
                let mut map = Map::new();
                for _ in 0..self.u.int_in_range(0..=3usize).unwrap_or(0) {
                    let key = self.pick(&[
                        "name",
                        "kind",
                        "description",
                        "title",
                        "exclude",
                        "include",
                        "annotations",
                        "readOnlyHint",
                        "destructiveHint",
                        "idempotentHint",
                        "openWorldHint",
                        "tool",
                        "resource",
                    ]);
                    let value = self.value(1);
                    map.insert(key.into(), value);
                }
                Value::Object(map)
            }
            _ => Value::String(self.odd_string()),
        }
    }

    /// A schema, a `$ref`, or something shaped like one.
    fn schema_like(&mut self, doc: &Value, pointers: &[String]) -> Value {
        match self.u.int_in_range(0..=4u8).unwrap_or(0) {
            0 => json!({ "$ref": self.reference(doc, pointers, "") }),
            1 => {
                // A copy of some node of the document.
                let i = self.index(pointers.len());
                pointers
                    .get(i)
                    .and_then(|p| doc.pointer(p))
                    .cloned()
                    .unwrap_or_default()
            }
            2 => self.value(1),
            _ => {
                let mut map = Map::new();
                for _ in 0..self.u.int_in_range(1..=3usize).unwrap_or(1) {
                    let key = self.pick(KEYWORDS);
                    let value = if key == "$ref" || key == "properties" || key.ends_with("Of") {
                        self.value(2)
                    } else {
                        self.keyword_value(key, doc, pointers)
                    };
                    map.insert(key.into(), value);
                }
                Value::Object(map)
            }
        }
    }

    /// A `$ref` target: a node of the document, the node itself or one of
    /// its ancestors (a cycle), a missing name, another file, a remote URL.
    fn reference(&mut self, doc: &Value, pointers: &[String], here: &str) -> Value {
        let i = self.index(pointers.len());
        let any = pointers.get(i).cloned().unwrap_or_default();
        match self.u.int_in_range(0..=15u8).unwrap_or(0) {
            0..=3 => Value::String(format!("#{any}")),
            4 => {
                // Here, or an ancestor of here.
                let mut p = here.to_string();
                for _ in 0..self.u.int_in_range(0..=3usize).unwrap_or(0) {
                    if let Some((parent, _)) = p.rsplit_once('/') {
                        p = parent.to_string();
                    }
                }
                Value::String(format!("#{p}"))
            }
            5 => {
                let names: Vec<String> = doc
                    .pointer("/components/schemas")
                    .or_else(|| doc.pointer("/definitions"))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                let name = match names.len() {
                    0 => self.odd_string(),
                    n => {
                        let i = self.index(n);
                        names[i].clone()
                    }
                };
                let section = self.pick(&[
                    "#/components/schemas/",
                    "#/definitions/",
                    "#/components/parameters/",
                    "#/components/responses/",
                    "#/components/requestBodies/",
                    "#/parameters/",
                    "#/responses/",
                ]);
                Value::String(format!("{section}{name}"))
            }
            6 => {
                // Percent-encoded.
                let encoded: String = any
                    .chars()
                    .map(|c| match c {
                        '/' | '~' => c.to_string(),
                        c if c.is_ascii_alphanumeric() => c.to_string(),
                        c => {
                            let mut buf = [0u8; 4];
                            c.encode_utf8(&mut buf)
                                .bytes()
                                .map(|b| format!("%{b:02X}"))
                                .collect()
                        }
                    })
                    .collect();
                Value::String(format!("#{encoded}"))
            }
            7 | 8 => self.external(doc, pointers),
            9 => Value::String(
                self.pick(&[
                    "#",
                    "#/",
                    "",
                    "#anchor",
                    "#/components/schemas/",
                    "#/components/schemas/Missing",
                    "#/paths/~1",
                    "#/components/schemas/a~2b",
                    "#/components/schemas/%",
                    "missing.yaml",
                    "missing.yaml#/a",
                    "../outside.yaml",
                    "/etc/passwd",
                    "https://example.com/spec.yaml#/a",
                    "//example.com/spec.yaml",
                    "file:///etc/passwd",
                    "spec.yaml#/components",
                    "spec.json",
                    "./",
                    ".",
                    "..",
                    "spec.yaml#",
                    "#/info/title",
                    "#/openapi",
                ])
                .to_string(),
            ),
            10 => self.value(1),
            _ => Value::String(format!("#{any}")),
        }
    }

    /// A reference into a file beside the spec, made from a piece of the
    /// document (or into a file made earlier).
    fn external(&mut self, doc: &Value, pointers: &[String]) -> Value {
        if !self.side.is_empty() && self.u.arbitrary::<bool>().unwrap_or(false) {
            let i = self.index(self.side.len());
            let name = self.side[i].0.clone();
            let keys: Vec<String> = match &self.side[i].1 {
                Value::Object(map) => map.keys().cloned().collect(),
                _ => Vec::new(),
            };
            let inner = if keys.is_empty() {
                String::new()
            } else {
                let k = self.index(keys.len());
                format!("#/{}", keys[k].replace('~', "~0").replace('/', "~1"))
            };
            return Value::String(format!("{name}{inner}"));
        }
        if self.side.len() >= 8 {
            return Value::String("ext0.json".into());
        }
        let i = self.index(pointers.len());
        let piece = pointers
            .get(i)
            .and_then(|p| doc.pointer(p))
            .cloned()
            .unwrap_or_default();
        let yaml = self.u.arbitrary::<bool>().unwrap_or(false);
        let name = format!(
            "{}ext{}.{}",
            if self.u.ratio(1, 4).unwrap_or(false) {
                "sub/../"
            } else {
                ""
            },
            self.side.len(),
            if yaml { "yaml" } else { "json" }
        );
        let file = name.trim_start_matches("sub/../").to_string();
        let nested = self.u.arbitrary::<bool>().unwrap_or(false);
        let (content, fragment) = if nested {
            // A piece that refers onwards: to the main spec, or to itself.
            let onward = match self.u.int_in_range(0..=2u8).unwrap_or(0) {
                0 => format!(
                    "spec.{}#{}",
                    if self.yaml { "yaml" } else { "json" },
                    pointers.get(i).map_or("", |s| s)
                ),
                1 => file.clone(),
                _ => format!("{file}#/a"),
            };
            (
                json!({ "a": piece, "b": { "$ref": onward }, "c": [{ "$ref": "#/a" }, { "$ref": "#/b" }] }),
                self.pick(&["#/a", "#/b", "#/c", "#/c/0", "", "#/missing"])
                    .to_string(),
            )
        } else {
            (piece, String::new())
        };
        self.side.push((file, content, yaml));
        Value::String(format!("{name}{fragment}"))
    }

    /// Applies one mutation to `doc`; false when the document is already
    /// as large as it may grow.
    fn mutate(&mut self, doc: &mut Value) -> bool {
        let pointers = all_pointers(doc);
        if pointers.len() > MAX_NODES {
            return false;
        }
        self.apply(doc, &pointers);
        true
    }

    fn apply(&mut self, doc: &mut Value, pointers: &[String]) {
        let i = self.index(pointers.len());
        let here = pointers[i].clone();
        match self.u.int_in_range(0..=13u8).unwrap_or(0) {
            // Delete.
            0 => {
                remove(doc, &here);
            }
            // Duplicate into another container, under an odd or a keyword key.
            1 => {
                let Some(node) = doc.pointer(&here).cloned() else {
                    return;
                };
                let j = self.index(pointers.len());
                let key = if self.u.arbitrary::<bool>().unwrap_or(false) {
                    self.pick(KEYWORDS).to_string()
                } else {
                    self.odd_string()
                };
                match doc.pointer_mut(&pointers[j]) {
                    Some(Value::Object(map)) => {
                        map.insert(key, node);
                    }
                    Some(Value::Array(items)) => {
                        let at = self.index(items.len() + 1);
                        items.insert(at, node);
                    }
                    _ => {}
                }
            }
            // Transplant another node here.
            2 => {
                let j = self.index(pointers.len());
                let Some(node) = doc.pointer(&pointers[j]).cloned() else {
                    return;
                };
                set(doc, &here, node);
            }
            // Retype.
            3 => {
                let Some(node) = doc.pointer(&here).cloned() else {
                    return;
                };
                let new = match self.u.int_in_range(0..=8u8).unwrap_or(0) {
                    0 => Value::Null,
                    1 => json!(true),
                    2 => self.number(),
                    3 => Value::String(match &node {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }),
                    4 => json!([node]),
                    5 => json!({}),
                    6 => json!([]),
                    7 => match node {
                        Value::Object(map) => {
                            Value::Array(map.into_iter().map(|(_, v)| v).collect())
                        }
                        Value::Array(items) => Value::Object(
                            items
                                .into_iter()
                                .enumerate()
                                .map(|(i, v)| (i.to_string(), v))
                                .collect(),
                        ),
                        other => other,
                    },
                    _ => match node {
                        Value::Object(map) => {
                            map.into_iter().next().map(|(_, v)| v).unwrap_or_default()
                        }
                        Value::Array(items) => items.into_iter().next().unwrap_or_default(),
                        other => other,
                    },
                };
                set(doc, &here, new);
            }
            // A `$ref` in place of the node, or beside its keys.
            4 | 5 => {
                let target = self.reference(doc, pointers, &here);
                match doc.pointer_mut(&here) {
                    Some(Value::Object(map)) if self.u.arbitrary::<bool>().unwrap_or(false) => {
                        map.insert("$ref".into(), target);
                    }
                    _ => set(doc, &here, json!({ "$ref": target })),
                }
            }
            // A huge or odd number.
            6 => {
                let n = self.number();
                match doc.pointer_mut(&here) {
                    Some(Value::Object(map)) => {
                        let key = self.pick(&[
                            "minimum",
                            "maximum",
                            "minLength",
                            "maxLength",
                            "minItems",
                            "maxItems",
                            "multipleOf",
                            "exclusiveMinimum",
                            "exclusiveMaximum",
                            "default",
                            "example",
                            "enum",
                            "openapi",
                            "swagger",
                            "200",
                        ]);
                        map.insert(key.into(), n);
                    }
                    _ => set(doc, &here, n),
                }
            }
            // Deep nesting.
            7 => {
                let Some(mut node) = doc.pointer(&here).cloned() else {
                    return;
                };
                let depth = match self.u.int_in_range(0..=3u8).unwrap_or(0) {
                    0 => self.u.int_in_range(1..=8usize).unwrap_or(1),
                    1 => self.u.int_in_range(20..=70usize).unwrap_or(20),
                    2 => self.u.int_in_range(100..=140usize).unwrap_or(100),
                    _ => self.u.int_in_range(1..=400usize).unwrap_or(1),
                };
                let kind = self.u.int_in_range(0..=8u8).unwrap_or(0);
                for _ in 0..depth {
                    node = match kind {
                        0 => json!([node]),
                        1 => json!({ "a": node }),
                        2 => json!({ "type": "object", "properties": { "p": node } }),
                        3 => json!({ "type": "array", "items": node }),
                        4 => json!({ "allOf": [node] }),
                        5 => json!({ "oneOf": [node, { "type": "string" }] }),
                        6 => json!({ "not": node }),
                        7 => json!({ "additionalProperties": node }),
                        _ => json!({ "anyOf": [{ "type": "null" }, node] }),
                    };
                }
                set(doc, &here, node);
            }
            // An odd string for the value.
            8 => {
                let s = Value::String(self.odd_string());
                set(doc, &here, s);
            }
            // An odd name for the key.
            9 => {
                let new = self.odd_string();
                rename(doc, &here, new);
            }
            // An OpenAPI keyword with a random value.
            10 | 11 => {
                let key = self.pick(KEYWORDS);
                let value = self.keyword_value(key, doc, pointers);
                match doc.pointer_mut(&here) {
                    Some(Value::Object(map)) => {
                        map.insert(key.into(), value);
                    }
                    _ => set(doc, &here, json!({ key: value })),
                }
            }
            // Many copies of an element or entry.
            12 => {
                let n = self.u.int_in_range(2..=300usize).unwrap_or(2);
                match doc.pointer_mut(&here) {
                    Some(Value::Array(items)) if !items.is_empty() => {
                        let first = items[0].clone();
                        items.extend(std::iter::repeat_n(first, n));
                    }
                    Some(Value::Object(map)) if !map.is_empty() => {
                        let (key, value) = map
                            .iter()
                            .next()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .unwrap_or_default();
                        for i in 0..n {
                            map.insert(format!("{key}{i}"), value.clone());
                        }
                    }
                    _ => {}
                }
            }
            // The version field.
            _ => {
                let Some(root) = doc.as_object_mut() else {
                    return;
                };
                let value = match self.u.int_in_range(0..=3u8).unwrap_or(0) {
                    0 => json!(self.pick(&[
                        "3.0.0", "3.0.3", "3.1.0", "3.1.1", "3.2.0", "3", "3.0", "2.0", "2", "4.0",
                        ""
                    ])),
                    1 => self.number(),
                    2 => self.raw(),
                    _ => Value::Null,
                };
                let key = if self.u.arbitrary::<bool>().unwrap_or(false) {
                    "openapi"
                } else {
                    "swagger"
                };
                if self.u.arbitrary::<bool>().unwrap_or(false) {
                    root.remove(if key == "openapi" {
                        "swagger"
                    } else {
                        "openapi"
                    });
                }
                root.insert(key.into(), value);
            }
        }
    }

    fn serialize(&self, value: &Value, yaml: bool, pretty: bool) -> String {
        let mut text = if yaml {
            serde_yaml::to_string(value).unwrap_or_default()
        } else if pretty {
            serde_json::to_string_pretty(value).unwrap_or_default()
        } else {
            serde_json::to_string(value).unwrap_or_default()
        };
        for (n, raw) in self.raws.iter().enumerate().rev() {
            let marker = format!("zzRAWzz{n}zz");
            text = text.replace(&format!("\"{marker}\""), raw);
            text = text.replace(&format!("'{marker}'"), raw);
            text = text.replace(&marker, raw);
        }
        text
    }
}

/// The pointer of every node, the root first.
fn all_pointers(doc: &Value) -> Vec<String> {
    fn walk(value: &Value, pointer: &mut String, out: &mut Vec<String>) {
        out.push(pointer.clone());
        let len = pointer.len();
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    pointer.push('/');
                    pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    walk(v, pointer, out);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    walk(v, pointer, out);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut String::new(), &mut out);
    out
}

fn parent_and_key(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, key)) = parent_and_key(pointer) else {
        return;
    };
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    // Only the root has the empty pointer; keep the document a mapping.
    if pointer.is_empty() {
        if value.is_object() {
            *doc = value;
        }
        return;
    }
    if let Some(slot) = doc.pointer_mut(pointer) {
        *slot = value;
    }
}

/// Renames the key of an object entry, keeping its place.
fn rename(doc: &mut Value, pointer: &str, new: String) {
    let Some((parent, key)) = parent_and_key(pointer) else {
        return;
    };
    if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
        let old = std::mem::take(map);
        *map = old
            .into_iter()
            .map(|(k, v)| if k == key { (new.clone(), v) } else { (k, v) })
            .collect();
    }
}
