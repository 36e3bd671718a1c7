//! Stage 2: bring every supported version to OpenAPI 3.0 and turn the JSON
//! value into typed `openapiv3` structures.
//!
//! Swagger 2.0 is converted up (`swagger2`); OpenAPI 3.1 schema keywords
//! are rewritten in their 3.0 form (`schemas`); references into odd places
//! are hoisted into `components.schemas` (`refs`).
//!
//! Deserialization goes through `serde_path_to_error`, so a structural problem
//! is reported with the JSON pointer of the offending node rather than a bare
//! serde message.

mod lenient;
mod nesting;
mod patterns;
mod refs;
mod schemas;
mod swagger2;
mod validate;

use openapiv3::OpenAPI;
use serde_json::{Value, json};

use crate::error::{Error, Location, Result};
use crate::load::Document;

/// A document brought to OpenAPI 3.0.
#[derive(Debug)]
pub struct Normalized {
    /// The typed document.
    pub openapi: OpenAPI,
    /// Findings that did not stop generation, each naming the file and a
    /// pointer.
    pub warnings: Vec<Error>,
    /// Where each node that was copied into `components` came from, for
    /// [`crate::load::bundle::relocate`].
    pub hoisted: Vec<crate::load::bundle::Origin>,
}

/// Checks the declared version, repairs what a client can do without, and
/// parses the document as OpenAPI 3.0.
pub fn normalize(doc: Document) -> Result<Normalized> {
    let Document {
        path, mut value, ..
    } = doc;
    let standard = check_version(&path, &value)?;
    let is_swagger2 = standard == Standard::Swagger2;
    refs::inline_path_items(&mut value);
    // Repaired and checked on the document as written, so pointers name the
    // user's nodes; errors are reported after typed parsing, whose
    // structural errors come first.
    let mut warnings = lenient::repair(&path, &mut value, standard == Standard::OpenApi31);
    let checked = validate::validate(&path, &value);
    if let Ok(checked) = &checked {
        for (pointer, pattern) in &checked.patterns {
            patterns::rewrite(&mut value, pointer, pattern.as_deref());
        }
    }
    let swagger2_indexes = is_swagger2.then(|| swagger2::parameter_indexes(&value));
    if is_swagger2 {
        swagger2::convert(&mut value);
    }
    schemas::fix(&mut value);
    let hoisted = refs::hoist(&path, &mut value);
    fill_required_fields(&mut value);
    let fail = |pointer: String, message: String| {
        let pointer = refine(&value, pointer);
        let pointer = match &swagger2_indexes {
            Some(indexes) => swagger2::original_pointer(&pointer, indexes),
            None => pointer,
        };
        let standard = standard.name();
        let error = Error::spec(
            &path,
            Location::Pointer(pointer),
            format!("not a valid {standard} document: {message}"),
            format!("compare this node with the {standard} specification"),
        );
        crate::load::bundle::relocate(error, &hoisted)
    };
    if let Some((pointer, message)) = nesting::first_invalid(&value) {
        return Err(fail(pointer, message));
    }
    // Plain serde first: tracking the path costs a third of the parse on
    // large specs, and is only needed to explain a failure.
    let parsed = match <OpenAPI as serde::Deserialize>::deserialize(&value) {
        Ok(openapi) => Ok(openapi),
        Err(_) => serde_path_to_error::deserialize(&value),
    };
    let openapi = parsed.map_err(|e| {
        let (pointer, message) =
            narrow(&value).unwrap_or_else(|| (json_pointer(e.path()), e.into_inner().to_string()));
        fail(pointer, message)
    })?;
    warnings.extend(checked?.warnings);
    Ok(Normalized {
        openapi,
        warnings,
        hoisted,
    })
}

const SUPPORTED: &str = "mcp-gen reads Swagger 2.0 and OpenAPI 3.0 and 3.1 documents";

/// The version of the specification a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standard {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl Standard {
    /// As errors name it.
    fn name(self) -> &'static str {
        match self {
            Standard::Swagger2 => "Swagger 2.0",
            Standard::OpenApi30 => "OpenAPI 3.0",
            Standard::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

/// Checks the `openapi` or `swagger` field.
fn check_version(path: &std::path::Path, value: &Value) -> Result<Standard> {
    let error = |pointer: &str, message: String, help: &str| {
        Error::spec(path, Location::Pointer(pointer.into()), message, help)
    };
    match (value.get("openapi"), value.get("swagger")) {
        (Some(Value::String(v)), _) => {
            let mut parts = v.split('.');
            match (parts.next(), parts.next()) {
                (Some("3"), Some("0")) => Ok(Standard::OpenApi30),
                (Some("3"), Some("1")) => Ok(Standard::OpenApi31),
                _ => Err(error(
                    "/openapi",
                    format!("OpenAPI version `{v}` is not supported"),
                    SUPPORTED,
                )),
            }
        }
        (Some(other), _) => Err(error(
            "/openapi",
            format!("the `openapi` version must be a string such as \"3.0.3\", not `{other}`"),
            "quote the version: `openapi: \"3.0.3\"` (a bare 3.0 is a number to YAML)",
        )),
        (None, Some(Value::String(v))) if v == "2.0" => Ok(Standard::Swagger2),
        (None, Some(Value::String(v))) => Err(error(
            "/swagger",
            format!("Swagger version `{v}` is not supported"),
            SUPPORTED,
        )),
        (None, Some(other)) => Err(error(
            "/swagger",
            format!("the `swagger` version must be the string \"2.0\", not `{other}`"),
            "quote the version: `swagger: \"2.0\"` (a bare 2.0 is a number to YAML)",
        )),
        (None, None) => Err(error(
            "",
            "this is not an OpenAPI document: it has no `openapi` version field".into(),
            "an OpenAPI document starts with `openapi: 3.0.x`, `info` and `paths`",
        )),
    }
}

/// A problem found by [`check`]: a pointer relative to the checked node, and
/// the message.
type Found = Option<(String, String)>;
type Check = fn(&Value) -> Found;

/// OpenAPI 3.1 lets a document have only `webhooks` and an operation have no
/// `responses`; the 3.0 types require both, so empty ones are filled in.
fn fill_required_fields(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), json!("3.0.3"));
    let paths = root.entry("paths").or_insert_with(|| json!({}));
    for item in paths
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
    {
        for (key, op) in item.as_object_mut().into_iter().flatten() {
            if METHODS.contains(&key.as_str())
                && let Some(op) = op.as_object_mut()
            {
                op.entry("responses").or_insert_with(|| json!({}));
            }
        }
    }
}

/// The extension Swagger 2.0 conversion marks a parameter's
/// `collectionFormat` with (`ssv`, `pipes` or `tsv`) where OpenAPI 3 has no
/// style for it: `tsv` anywhere, `ssv` and `pipes` in a path or header.
pub const COLLECTION_FORMAT: &str = "x-mcp-gen-collection-format";

/// The operation keys of a path item.
pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Checks that `value` deserializes as `T`; returns the error's pointer
/// (relative to `value`) and message.
fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Found {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|e| (json_pointer(e.path()), e.into_inner().to_string()))
}

/// serde loses track of the path inside `#[serde(flatten)]` and untagged
/// enums, which openapiv3 uses for every object with extensions and every
/// `$ref`-or-item. So when the whole document fails, this walks down the
/// known structure and deserializes piece by piece to find the smallest node
/// that is wrong.
fn narrow(doc: &Value) -> Option<(String, String)> {
    use openapiv3::{Header, Parameter, RequestBody, Response, Schema};
    let join = |base: String, (rel, msg): (String, String)| (format!("{base}{rel}"), msg);
    let entries = |v: &Value, base: &str| -> Vec<(String, Value)> {
        v.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (format!("{base}/{}", crate::pointer::escape(k)), v.clone()))
            .collect()
    };
    let not_ref = |v: &Value| v.get("$ref").is_none();

    for (pointer, item) in entries(doc.get("paths")?, "/paths") {
        if !not_ref(&item) {
            continue;
        }
        for (pointer, op) in entries(&item, &pointer) {
            if pointer.ends_with("/parameters") {
                for (i, p) in op.as_array().into_iter().flatten().enumerate() {
                    if not_ref(p)
                        && let Some(e) = check::<Parameter>(p)
                    {
                        return Some(join(format!("{pointer}/{i}"), e));
                    }
                }
                continue;
            }
            if !matches!(
                pointer.rsplit('/').next(),
                Some("get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
            ) {
                continue;
            }
            for (i, p) in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if not_ref(p)
                    && let Some(e) = check::<Parameter>(p)
                {
                    return Some(join(format!("{pointer}/parameters/{i}"), e));
                }
            }
            if let Some(body) = op.get("requestBody").filter(|b| not_ref(b))
                && let Some(e) = check::<RequestBody>(body)
            {
                return Some(join(format!("{pointer}/requestBody"), e));
            }
            if let Some(responses) = op.get("responses") {
                for (pointer, r) in entries(responses, &format!("{pointer}/responses")) {
                    if not_ref(&r)
                        && let Some(e) = check::<Response>(&r)
                    {
                        return Some(join(pointer, e));
                    }
                }
            }
            if let Some(e) = check::<openapiv3::Operation>(&op) {
                return Some(join(pointer, e));
            }
        }
    }
    let components = doc.get("components")?;
    let sections: [(&str, Check); 5] = [
        ("schemas", check::<Schema>),
        ("parameters", check::<Parameter>),
        ("requestBodies", check::<RequestBody>),
        ("responses", check::<Response>),
        ("headers", check::<Header>),
    ];
    for (section, check_one) in sections {
        let Some(entries_value) = components.get(section) else {
            continue;
        };
        for (pointer, v) in entries(entries_value, &format!("/components/{section}")) {
            if not_ref(&v)
                && let Some(e) = check_one(&v)
            {
                return Some(join(pointer, e));
            }
        }
    }
    None
}

/// What a node of the document is, for [`refine`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
}

impl Kind {
    /// The kind of the node `pointer` names, read from its last segments.
    fn of(pointer: &str) -> Option<Kind> {
        let mut segments = pointer.rsplit('/');
        let last = segments.next()?;
        let parent = segments.next().unwrap_or("");
        Some(match (parent, last) {
            (_, "schema" | "items" | "additionalProperties" | "not")
            | ("schemas" | "properties" | "allOf" | "anyOf" | "oneOf", _) => Kind::Schema,
            ("parameters", _) => Kind::Parameter,
            (_, "requestBody") | ("requestBodies", _) => Kind::RequestBody,
            ("responses", _) => Kind::Response,
            ("content", _) => Kind::MediaType,
            ("headers", _) => Kind::Header,
            _ => return None,
        })
    }

    fn fails(self, value: &Value) -> bool {
        use openapiv3::{Header, MediaType, Parameter, ReferenceOr, RequestBody, Response, Schema};
        match self {
            Kind::Schema => check::<ReferenceOr<Schema>>(value).is_some(),
            Kind::Parameter => check::<ReferenceOr<Parameter>>(value).is_some(),
            Kind::RequestBody => check::<ReferenceOr<RequestBody>>(value).is_some(),
            Kind::Response => check::<ReferenceOr<Response>>(value).is_some(),
            Kind::MediaType => check::<MediaType>(value).is_some(),
            Kind::Header => check::<ReferenceOr<Header>>(value).is_some(),
        }
    }

    /// The typed children of a node of this kind: relative pointer, node, kind.
    fn children(self, map: &serde_json::Map<String, Value>) -> Vec<(String, &Value, Kind)> {
        let mut out = Vec::new();
        let mut one = |key: &str, kind: Kind| {
            if let Some(child) = map.get(key) {
                out.push((format!("/{key}"), child, kind));
            }
        };
        match self {
            Kind::Schema => {
                one("items", Kind::Schema);
                one("not", Kind::Schema);
                if map
                    .get("additionalProperties")
                    .is_some_and(Value::is_object)
                {
                    one("additionalProperties", Kind::Schema);
                }
            }
            Kind::Parameter | Kind::Header | Kind::MediaType => one("schema", Kind::Schema),
            Kind::RequestBody | Kind::Response => {}
        }
        // Maps of named children, and (for `allOf` and friends) lists.
        let mut each = |key: &str, kind: Kind| match map.get(key) {
            Some(Value::Object(children)) if !key.ends_with("Of") => {
                out.extend(children.iter().map(|(name, child)| {
                    (
                        format!("/{key}/{}", crate::pointer::escape(name)),
                        child,
                        kind,
                    )
                }))
            }
            Some(Value::Array(children)) if key.ends_with("Of") => out.extend(
                children
                    .iter()
                    .enumerate()
                    .map(|(i, child)| (format!("/{key}/{i}"), child, kind)),
            ),
            _ => {}
        };
        match self {
            Kind::Schema => {
                each("properties", Kind::Schema);
                for key in ["allOf", "anyOf", "oneOf"] {
                    each(key, Kind::Schema);
                }
            }
            Kind::Parameter | Kind::Header | Kind::RequestBody => each("content", Kind::MediaType),
            Kind::Response => {
                each("content", Kind::MediaType);
                each("headers", Kind::Header);
            }
            Kind::MediaType => {}
        }
        out
    }
}

/// The most keys of one node [`refine`] tries to remove.
const MAX_KEYS_TRIED: usize = 64;

/// serde loses the path inside flattened and untagged types, so [`narrow`]
/// stops at the smallest piece it can deserialize alone (a schema, a
/// response). This goes further down: into the first typed child that fails
/// by itself, and then to the one keyword whose removal makes the node
/// parse, e.g. from `/components/schemas/Pet` to `.../Pet/properties/age/minimum`.
fn refine(doc: &Value, pointer: String) -> String {
    let (Some(kind), Some(node)) = (Kind::of(&pointer), doc.pointer(&pointer)) else {
        return pointer;
    };
    if !kind.fails(node) {
        return pointer;
    }
    let mut pointer = pointer;
    let mut node = node;
    let mut kind = kind;
    // Bounded by the document's depth, which the parsers limit.
    'down: loop {
        let Some(map) = node.as_object() else {
            return pointer;
        };
        for (relative, child, child_kind) in kind.children(map) {
            if child_kind.fails(child) {
                pointer.push_str(&relative);
                node = child;
                kind = child_kind;
                continue 'down;
            }
        }
        // Each try parses the whole node again: trying every key of a node
        // with thousands takes quadratic time (15 seconds for a 60 KB
        // schema). No OpenAPI object has this many keywords, and extensions
        // (`x-`) take any value, so removing one never helps.
        for key in map
            .keys()
            .filter(|k| !k.starts_with("x-"))
            .take(MAX_KEYS_TRIED)
        {
            let mut without = map.clone();
            without.remove(key);
            if !kind.fails(&Value::Object(without)) {
                return format!("{pointer}/{}", crate::pointer::escape(key));
            }
        }
        return pointer;
    }
}

/// Renders a serde path as an RFC 6901 JSON pointer.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&crate::pointer::escape(key)),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn normalize_text(text: &str) -> Result<OpenAPI> {
        normalize(crate::load::parse(Path::new("t.yaml"), text.as_bytes())?).map(|n| n.openapi)
    }

    #[test]
    fn structural_errors_carry_a_json_pointer() {
        let err = normalize_text(
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: 5\n      responses: {}\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("at /paths/~1a/get/parameters"),
            "{err}"
        );
    }

    #[test]
    fn other_versions_are_refused_with_a_pointer() {
        let err = normalize_text("swagger: '1.2'\n").unwrap_err();
        assert!(err.to_string().contains("at /swagger"), "{err}");
        let err = normalize_text("info: {}\n").unwrap_err();
        assert!(err.to_string().contains("no `openapi` version"), "{err}");
    }

    #[test]
    fn refs_into_paths_keep_their_kind_and_errors_name_the_users_node() {
        let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/paths/~1b/get/parameters/0'}]\n      responses:\n        '401': {$ref: '#/paths/~1b/get/responses/401'}\n  /b:\n    get:\n      parameters: [{name: page, in: query, schema: {type: integer}}]\n      responses:\n        '401': {description: no}\n";
        let openapi = normalize_text(spec).unwrap();
        let components = openapi.components.unwrap();
        assert_eq!(components.parameters.keys().collect::<Vec<_>>(), ["page"]);
        assert_eq!(components.responses.keys().collect::<Vec<_>>(), ["401"]);
        assert!(components.schemas.is_empty());

        let broken = spec.replace("in: query", "in: nowhere");
        let err = normalize_text(&broken).unwrap_err().to_string();
        assert!(
            err.contains("at /paths/~1b/get/parameters/0/in: not a valid OpenAPI 3.0 document"),
            "{err}"
        );
    }
}
