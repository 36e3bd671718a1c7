//! Multi-file specs: follow relative external `$ref`s and bundle every file
//! into one document.
//!
//! A referenced schema is copied into the document's schema section under a
//! name of its own (schemas may be recursive, and keep their names as Rust
//! types); anything else (a path item, an operation, a parameter, a response,
//! even a description) is inlined where it is referenced. References inside a
//! copied piece are rewritten against the file it came from first, so nested
//! relative paths keep working.
//!
//! Files are read only below the spec's root directory, and never over the
//! network.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result};

/// Keys under which a `$ref` points at a schema.
const SCHEMA_KEYS: &[&str] = &[
    "schema",
    "schemas",
    "definitions",
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "patternProperties",
    "$defs",
];

/// Keys whose value is a map of schemas rather than a schema: a `$ref` there
/// brings in the whole map, which is inlined.
const MAPS_OF_SCHEMAS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
];

/// How deep inlined pieces may nest inside each other.
const MAX_INLINE_DEPTH: usize = 64;

/// Most JSON nodes that inlining may copy into one document. A piece is
/// copied for every reference to it, and pieces that reference other pieces
/// several times multiply: `a: [{$ref: '#/b'}, {$ref: '#/b'}]`, `b: [...]`
/// doubles at each level, like a YAML alias bomb. DigitalOcean's spec (2,848
/// files) inlines 156,859 nodes.
const MAX_INLINED_NODES: usize = 5_000_000;

/// Where a hoisted schema came from, so that an error a later stage finds
/// inside it names the file and pointer the user wrote, not the bundle's.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The schema's pointer in the bundled document.
    pub pointer: String,
    /// The file the schema was read from.
    pub file: PathBuf,
    /// The schema's JSON pointer in that file (the `$ref`'s fragment).
    pub fragment: String,
}

/// Bundles the external references of `doc`, read from `path`; returns
/// where each hoisted schema came from.
///
/// # Errors
///
/// [`Error::Spec`] at the reference when it is remote, leads outside
/// `root`, names a file that cannot be read or parsed, or points at
/// nothing in it; also when inlining would copy too many nodes.
pub fn bundle(path: &Path, doc: &mut Value, root: &Path) -> Result<Vec<Origin>> {
    if !has_external_refs(doc) {
        return Ok(Vec::new());
    }
    let root = canonical(path, root)?;
    // Standard input has no file; its references resolve from the root.
    let main = std::fs::canonicalize(path).unwrap_or_else(|_| root.join("<stdin>"));
    let schema_home = if doc.get("swagger").is_some() {
        ("definitions", "#/definitions/")
    } else {
        ("components", "#/components/schemas/")
    };
    let mut bundler = Bundler {
        spec: path.to_path_buf(),
        root,
        main: main.clone(),
        files: HashMap::new(),
        names: BTreeMap::new(),
        hoisted: Vec::new(),
        schema_prefix: schema_home.1,
        inlined: 0,
        taken: Vec::new(),
    };
    bundler.index_entries(doc)?;
    bundler.walk(doc, &main, false, "", "", 0)?;
    // Hoisted schemas may reference further files; walk them as they come.
    let mut done = 0;
    let mut schemas = Map::new();
    let mut origins = Vec::new();
    while done < bundler.hoisted.len() {
        let (name, mut value, file, fragment) = bundler.hoisted[done].clone();
        bundler.walk(&mut value, &file, true, "", &fragment, 0)?;
        let escaped = crate::pointer::escape(&name);
        let shown = bundler.shown(&file);
        // A 2.0 document's definitions become components.schemas in
        // normalize; errors may name either.
        for home in ["/components/schemas", "/definitions"] {
            origins.push(Origin {
                pointer: format!("{home}/{escaped}"),
                file: shown.clone(),
                fragment: fragment.clone(),
            });
        }
        schemas.insert(name, value);
        done += 1;
    }
    let home = match schema_home.0 {
        "definitions" => doc.as_object_mut().map(|r| {
            r.entry("definitions")
                .or_insert_with(|| Value::Object(Map::new()))
        }),
        _ => doc.as_object_mut().and_then(|r| {
            r.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .map(|c| {
                    c.entry("schemas")
                        .or_insert_with(|| Value::Object(Map::new()))
                })
        }),
    };
    if let Some(Value::Object(home)) = home {
        // Hoisted names avoid the document's own, except an index entry's,
        // whose reference to itself the hoisted schema replaces.
        for (name, value) in schemas {
            home.insert(name, value);
        }
    }
    Ok(origins)
}

/// Points an error inside a hoisted schema back at the file and node it
/// came from; any other error is returned as it is.
pub fn relocate(error: crate::Error, origins: &[Origin]) -> crate::Error {
    let crate::Error::Spec {
        file,
        location: Location::Pointer(pointer),
        message,
        help,
    } = error
    else {
        return error;
    };
    let found = origins.iter().find_map(|o| {
        let rest = pointer.strip_prefix(&o.pointer)?;
        (rest.is_empty() || rest.starts_with('/')).then_some((o, rest))
    });
    match found {
        Some((origin, rest)) => Error::spec(
            &origin.file,
            Location::Pointer(format!("{}{rest}", origin.fragment)),
            message,
            help,
        ),
        None => Error::spec(&file, Location::Pointer(pointer), message, help),
    }
}

fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            matches!(map.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || map.values().any(has_external_refs)
        }
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

fn canonical(spec: &Path, path: &Path) -> Result<PathBuf> {
    std::fs::canonicalize(path).map_err(|e| {
        Error::spec(
            spec,
            Location::File,
            format!("cannot resolve {}: {e}", path.display()),
            "check that the directory exists; --spec-root names the directory referenced files must lie in",
        )
    })
}

struct Bundler {
    spec: PathBuf,
    root: PathBuf,
    main: PathBuf,
    files: HashMap<PathBuf, Value>,
    /// (file, pointer) of each hoisted schema, and its name.
    names: BTreeMap<(PathBuf, String), String>,
    /// Hoisted schemas: name, value, and the file and pointer it came from.
    hoisted: Vec<(String, Value, PathBuf, String)>,
    schema_prefix: &'static str,
    /// Nodes copied by inlining so far; see [`MAX_INLINED_NODES`].
    inlined: usize,
    /// Schema names the main document defines itself.
    taken: Vec<String>,
}

impl Bundler {
    /// Rewrites the references in `value`, which was read from `file`.
    fn walk(
        &mut self,
        value: &mut Value,
        file: &Path,
        in_schema: bool,
        parent: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_INLINE_DEPTH {
            return Err(self.error(
                file,
                pointer,
                "external references nest too deep (a cycle of inlined files?)",
                "break the cycle: make one of the files refer to a schema instead of inlining the next file",
            ));
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref").cloned() {
                    let target = self.target(file, &reference, pointer)?;
                    if let Some((target_file, target_pointer)) = target {
                        if target_file == self.main {
                            // The main document, named by its file: a local reference.
                            map.insert("$ref".into(), Value::String(format!("#{target_pointer}")));
                        } else if in_schema && !MAPS_OF_SCHEMAS.contains(&parent) {
                            let name = self.hoist(&target_file, &target_pointer, file, pointer)?;
                            map.insert(
                                "$ref".into(),
                                Value::String(format!("{}{name}", self.schema_prefix)),
                            );
                        } else {
                            // Inline, keeping sibling keys (e.g. a description) that override.
                            let mut piece =
                                self.read(&target_file, &target_pointer, file, pointer)?;
                            self.inlined += nodes(&piece);
                            if self.inlined > MAX_INLINED_NODES {
                                return Err(self.error(
                                    file,
                                    pointer,
                                    format!(
                                        "`$ref: {reference}`: external references expand to more than {MAX_INLINED_NODES} nodes, as each one is copied where it is used"
                                    ),
                                    "a reference outside a schema is copied wherever it is used: reference large or nested pieces fewer times",
                                ));
                            }
                            self.walk(
                                &mut piece,
                                &target_file,
                                in_schema,
                                parent,
                                &target_pointer,
                                depth + 1,
                            )?;
                            map.remove("$ref");
                            match piece {
                                Value::Object(mut inlined) => {
                                    for (k, v) in std::mem::take(map) {
                                        inlined.insert(k, v);
                                    }
                                    *map = inlined;
                                }
                                // A scalar piece (a description kept in
                                // another file) replaces the reference.
                                other => *value = other,
                            }
                            return Ok(());
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    // Examples and extensions are not read by later stages.
                    if key == "example" || key == "examples" || key.starts_with("x-") {
                        continue;
                    }
                    let child_pointer = format!("{pointer}/{}", crate::pointer::escape(key));
                    let schema = in_schema || SCHEMA_KEYS.contains(&key.as_str());
                    self.walk(child, file, schema, key, &child_pointer, depth)?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, in_schema, "", &format!("{pointer}/{i}"), depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Where a reference in `file` points: `None` for a reference into the
    /// main document, which stays as it is.
    fn target(
        &self,
        file: &Path,
        reference: &str,
        pointer: &str,
    ) -> Result<Option<(PathBuf, String)>> {
        let (path_part, fragment) = match reference.split_once('#') {
            Some((p, f)) => (p, crate::pointer::percent_decode(f)),
            None => (reference, String::new()),
        };
        if path_part.is_empty() {
            // A local reference inside a file other than the main one points
            // into that file.
            return Ok((file != self.main).then(|| (file.to_path_buf(), fragment)));
        }
        // `//host/path` is a network-path reference: remote, like `https:`.
        if path_part.contains("://") || path_part.starts_with("//") {
            return Err(self.error(
                file,
                pointer,
                format!("`$ref: {reference}` is a remote reference, which mcp-gen does not fetch"),
                "download the file next to the spec and reference it by a relative path",
            ));
        }
        let base = file.parent().unwrap_or(Path::new("."));
        let resolved = base.join(path_part);
        // Checked before the file system is asked anything, so a reference
        // cannot probe which files exist outside the root.
        if !lexical(&resolved).starts_with(&self.root) {
            return Err(self.outside(file, reference, pointer));
        }
        let canonical = std::fs::canonicalize(&resolved).map_err(|e| {
            self.error(
                file,
                pointer,
                format!("`$ref: {reference}` cannot be read: {e}"),
                "check that the referenced file exists, relative to the file that references it",
            )
        })?;
        // Again after symbolic links are resolved.
        if !canonical.starts_with(&self.root) {
            return Err(self.outside(file, reference, pointer));
        }
        Ok(Some((canonical, fragment)))
    }

    fn outside(&self, file: &Path, reference: &str, pointer: &str) -> Error {
        self.error(
            file,
            pointer,
            format!(
                "`$ref: {reference}` points outside the spec's root directory {}",
                self.root.display()
            ),
            "keep referenced files below the spec's directory, or widen it with --spec-root",
        )
    }

    /// Reserves the main document's schema names, and takes its index
    /// entries: the common layout `components.schemas.Pet: {$ref:
    /// models.yaml#/Pet}` names an external schema. Hoisting that schema
    /// under the entry's own name puts it in the entry's place, and every
    /// reference to it, local or external, lands on the same schema.
    fn index_entries(&mut self, doc: &Value) -> Result<()> {
        // `#/components/schemas/` as a pointer: `/components/schemas`.
        let at = self.schema_prefix[1..].trim_end_matches('/');
        let Some(entries) = doc.pointer(at).and_then(Value::as_object) else {
            return Ok(());
        };
        self.taken = entries.keys().cloned().collect();
        let main = self.main.clone();
        for (name, entry) in entries {
            let reference = match entry.as_object() {
                Some(o) if o.len() == 1 => o.get("$ref").and_then(Value::as_str),
                _ => None,
            };
            let pointer = format!("{at}/{}/$ref", crate::pointer::escape(name));
            let Some(reference) = reference.filter(|r| !r.starts_with('#')) else {
                continue;
            };
            if let Some((file, fragment)) = self.target(&main, reference, &pointer)?
                && file != main
                && !self.names.contains_key(&(file.clone(), fragment.clone()))
            {
                let value = self.read(&file, &fragment, &main, &pointer)?;
                self.adopt(name.clone(), value, &file, &fragment);
            }
        }
        Ok(())
    }

    /// Copies a schema into the schema section once; returns its name.
    /// `from` and `pointer` say where the reference is written.
    fn hoist(&mut self, file: &Path, fragment: &str, from: &Path, pointer: &str) -> Result<String> {
        let key = (file.to_path_buf(), fragment.to_string());
        if let Some(name) = self.names.get(&key) {
            return Ok(name.clone());
        }
        let value = self.read(file, fragment, from, pointer)?;
        let base = schema_name(file, fragment);
        let mut name = base.clone();
        let mut n = 2;
        while self.names.values().any(|v| *v == name) || self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.adopt(name.clone(), value, file, fragment);
        Ok(name)
    }

    /// Records `value`, read from `fragment` of `file`, as the schema `name`.
    fn adopt(&mut self, name: String, value: Value, file: &Path, fragment: &str) {
        self.names
            .insert((file.to_path_buf(), fragment.to_string()), name.clone());
        self.hoisted
            .push((name, value, file.to_path_buf(), fragment.to_string()));
    }

    /// The value at `fragment` (a JSON pointer) in `file`; `from` and
    /// `pointer` say where the reference is written.
    fn read(&mut self, file: &Path, fragment: &str, from: &Path, pointer: &str) -> Result<Value> {
        if !self.files.contains_key(file) {
            let doc = super::load_file(file)?;
            self.files.insert(file.to_path_buf(), doc);
        }
        let doc = &self.files[file];
        let target = if fragment.is_empty() {
            Some(doc)
        } else {
            doc.pointer(fragment)
        };
        target.cloned().ok_or_else(|| {
            self.error(
                from,
                pointer,
                format!("`{}#{fragment}` does not exist", file.display()),
                "fix the JSON pointer after `#`",
            )
        })
    }

    /// An error at `pointer` in `file`.
    fn error(&self, file: &Path, pointer: &str, message: impl Into<String>, help: &str) -> Error {
        Error::spec(
            &self.shown(file),
            Location::Pointer(pointer.to_string()),
            message,
            help,
        )
    }

    /// How errors name `file`: the main spec as the user named it, and a
    /// referenced file by its path from the spec's directory.
    fn shown(&self, file: &Path) -> PathBuf {
        if file == self.main {
            return self.spec.clone();
        }
        let spec_dir = self.spec.parent().unwrap_or(Path::new(""));
        match self
            .main
            .parent()
            .and_then(|dir| file.strip_prefix(dir).ok())
        {
            Some(relative) => spec_dir.join(relative),
            None => file.to_path_buf(),
        }
    }
}

/// How many JSON nodes `value` has.
fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(nodes).sum(),
        Value::Array(items) => items.iter().map(nodes).sum(),
        _ => 0,
    }
}

/// `path` with `.` and `..` resolved by name alone, without the file system.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The schema's name: its key when the pointer ends in one, else the file's
/// stem (`models/droplet.yml` → `droplet`).
fn schema_name(file: &Path, fragment: &str) -> String {
    let last = fragment.rsplit('/').next().unwrap_or("");
    if !last.is_empty() {
        return crate::pointer::unescape(last);
    }
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Schema".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("mcp-gen-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn errors_name_the_file_and_node_where_they_are() {
        let dir = tree(
            "where",
            &[
                (
                    "api.yaml",
                    "openapi: 3.0.0\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: 'models/pet.yaml'}\n",
                ),
                (
                    "models/pet.yaml",
                    "type: object\nproperties:\n  owner: {$ref: owner.yaml}\n",
                ),
            ],
        );
        let err = crate::load::load(&dir.join("api.yaml"), None).unwrap_err();
        let shown = dir.join("models/pet.yaml");
        assert!(
            err.to_string()
                .starts_with(&format!("{}: at /properties/owner: ", shown.display())),
            "{err}"
        );
        // A later stage's error inside the hoisted schema moves there too.
        let origins = [Origin {
            pointer: "/components/schemas/pet".into(),
            file: shown.clone(),
            fragment: String::new(),
        }];
        let later = Error::spec(
            &dir.join("api.yaml"),
            Location::Pointer("/components/schemas/pet/properties/name".into()),
            "bad",
            "",
        );
        let moved = relocate(later, &origins);
        assert_eq!(
            moved.to_string(),
            format!("{}: at /properties/name: bad", shown.display())
        );
        let unrelated = Error::spec(
            &dir.join("api.yaml"),
            Location::Pointer("/components/schemas/pets".into()),
            "bad",
            "",
        );
        assert!(
            relocate(unrelated, &origins)
                .to_string()
                .contains("api.yaml: at /components/schemas/pets")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn index_entries_become_the_schemas_they_name() {
        let dir = tree(
            "index",
            &[
                (
                    "api.yaml",
                    "openapi: 3.0.0\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: 'models.yaml#/Owner'}\ncomponents:\n  schemas:\n    Pet: {$ref: 'models.yaml#/Pet'}\n    Owner: {$ref: 'models.yaml#/Owner'}\n    Tag: {type: string}\n",
                ),
                (
                    "models.yaml",
                    "Pet: {type: object, properties: {owner: {$ref: '#/Owner'}, tag: {$ref: '#/Tag'}}}\nOwner: {type: object, properties: {pets: {type: array, items: {$ref: '#/Pet'}}}}\nTag: {type: integer}\n",
                ),
            ],
        );
        let doc = crate::load::load(&dir.join("api.yaml"), None)
            .unwrap()
            .value;
        let schemas = &doc["components"]["schemas"];
        // Each entry holds its schema, not a reference to itself.
        assert_eq!(
            schemas["Pet"]["properties"]["owner"]["$ref"],
            "#/components/schemas/Owner"
        );
        assert_eq!(
            schemas["Owner"]["properties"]["pets"]["items"]["$ref"],
            "#/components/schemas/Pet"
        );
        let body =
            &doc["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(body["$ref"], "#/components/schemas/Owner");
        // The document's own `Tag` keeps its name; the file's gets another.
        assert_eq!(schemas["Tag"], json!({"type": "string"}));
        assert_eq!(
            schemas["Pet"]["properties"]["tag"]["$ref"],
            "#/components/schemas/Tag2"
        );
        assert_eq!(schemas["Tag2"], json!({"type": "integer"}));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn schemas_are_hoisted_and_other_pieces_inlined() {
        let dir = tree(
            "ok",
            &[
                (
                    "api.yaml",
                    "openapi: 3.0.0\npaths:\n  /a:\n    $ref: paths/a.yaml\n",
                ),
                (
                    "paths/a.yaml",
                    "get:\n  description:\n    $ref: ../text.yaml#/about\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: ../models/pet.yaml\n",
                ),
                ("text.yaml", "about: Read a pet.\n"),
                (
                    "models/pet.yaml",
                    "type: object\nproperties:\n  owner:\n    $ref: person.yaml#/Person\n",
                ),
                (
                    "models/person.yaml",
                    "Person:\n  type: object\n  properties:\n    pet:\n      $ref: pet.yaml\n",
                ),
            ],
        );
        let doc = crate::load::load(&dir.join("api.yaml"), None)
            .unwrap()
            .value;
        let get = &doc["paths"]["/a"]["get"];
        assert_eq!(get["description"], "Read a pet.");
        let schema = &get["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema, &json!({"$ref": "#/components/schemas/pet"}));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["pet"]["properties"]["owner"]["$ref"],
            "#/components/schemas/Person"
        );
        assert_eq!(
            schemas["Person"]["properties"]["pet"]["$ref"],
            "#/components/schemas/pet"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn references_cannot_leave_the_root_or_the_machine() {
        let dir = tree(
            "escape",
            &[
                (
                    "spec/api.yaml",
                    "openapi: 3.0.0\npaths:\n  /a:\n    $ref: ../outside.yaml\n",
                ),
                ("outside.yaml", "get: {}\n"),
                (
                    "spec/remote.yaml",
                    "openapi: 3.0.0\npaths:\n  /a:\n    $ref: https://example.com/a.yaml\n",
                ),
            ],
        );
        let err = crate::load::load(&dir.join("spec/api.yaml"), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("outside the spec's root directory"),
            "{err}"
        );
        assert!(err.to_string().contains("at /paths/~1a"), "{err}");
        assert!(crate::load::load(&dir.join("spec/api.yaml"), Some(&dir)).is_ok());
        let err = crate::load::load(&dir.join("spec/remote.yaml"), None).unwrap_err();
        assert!(err.to_string().contains("remote reference"), "{err}");
        // A file outside the root that does not exist reads the same as one that does.
        std::fs::write(
            dir.join("spec/probe.yaml"),
            "openapi: 3.0.0\npaths:\n  /a:\n    $ref: ../nothing-here.yaml\n",
        )
        .unwrap();
        let err = crate::load::load(&dir.join("spec/probe.yaml"), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("outside the spec's root directory"),
            "{err}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
