//! The type store: every Rust type the generated crate declares, under one id.
//!
//! Types are registered on demand, as operations reach them, so the output only
//! holds the schemas some operation uses. A referenced schema gets its id
//! before it is converted, which makes recursive schemas terminate; once all
//! operations are in, [`TypeSpace::finish`] boxes the fields that close a cycle.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::names::{Namer, camel_ident, snake_ident, variant_ident};

/// Index of a [`TypeDef`] in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// How a value is represented in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer(IntWidth),
    Number,
    Boolean,
    /// Anything JSON: free-form objects, and schemas mcp-gen does not model
    /// with a precise type yet (`oneOf`, `anyOf`, `not`).
    Json,
    Array(Box<TypeRef>),
    /// An object with arbitrary keys (`additionalProperties`).
    Map(Box<TypeRef>),
    Named(TypeId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    I32,
    I64,
}

/// A type the generated crate declares.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub description: Option<String>,
    pub kind: TypeKind,
    /// The schema allows `null` (OpenAPI 3.0 `nullable`), so every use of the
    /// type becomes optional.
    pub nullable: bool,
    /// A struct that is an alternative of a union keeps the fields it does
    /// not declare in this catch-all field, so a value that matched the
    /// "wrong" alternative is still sent on whole.
    pub extra_field: Option<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A string enum; each variant keeps its wire value.
    Enum(Vec<Variant>),
    /// A named schema that is just another type, e.g. `type: string`.
    Alias(TypeRef),
    /// `oneOf`/`anyOf`: the first alternative that accepts the value wins.
    Union(Vec<UnionVariant>),
    /// Registered but not converted yet; never visible after [`TypeSpace::finish`].
    Pending,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The alternative contains this union again without an indirection.
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// `null` is a valid value, so the Rust type is an `Option`.
    pub nullable: bool,
    /// The field closes a cycle of types and is stored in a `Box`.
    pub boxed: bool,
    pub description: Option<String>,
}

impl Field {
    /// Absent or `null` values are possible, so the Rust type is `Option<_>`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub rust_name: String,
    pub wire_name: String,
}

/// A schema could not be converted.
#[derive(Debug)]
pub struct SchemaError {
    /// The reference that failed to resolve; for the limits, the reference
    /// being converted (empty when none was).
    pub reference: String,
    pub message: String,
    pub kind: SchemaErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// A `$ref` that does not lead to a component schema.
    Unresolved,
    /// The conversion took more than [`MAX_STEPS`] steps.
    TooLarge,
    /// Schemas nest more than [`MAX_DEPTH`] levels deep.
    TooDeep,
}

/// Looks up component schemas by `$ref`.
pub type Components<'a> = &'a indexmap::IndexMap<String, ReferenceOr<Schema>>;

/// All types of the generated crate.
#[derive(Debug, Default)]
pub struct TypeSpace {
    defs: Vec<TypeDef>,
    by_ref: HashMap<String, TypeId>,
    names: Namer,
    /// Schemas and properties converted so far; see [`MAX_STEPS`].
    steps: usize,
    /// The reference being converted, for errors past the limits.
    converting: String,
    /// How many conversions are under way, one inside the other.
    depth: usize,
    /// The inline `allOf`s being converted, innermost last: the schema's
    /// address (its identity in the document), its hint, and its id once a
    /// copy of it turned up inside itself.
    merging: Vec<(usize, String, Option<TypeId>)>,
}

use crate::pointer::MAX_REF_CHAIN;

/// Most schemas and properties one model converts. A referenced schema is
/// converted once, but an `allOf` copies the properties of the schemas it
/// names, and each copy is converted into types of its own; copies that hold
/// `allOf`s of their own multiply, so a spec of a few lines can ask for
/// exponentially many types (a "billion laughs" through references). Real
/// specs stay far below the limit: msgraph, the largest known (11,422
/// operations, 25,647 types), takes 82,637 steps; stripe 16,191.
const MAX_STEPS: usize = 1_000_000;

/// Deepest nesting of conversions: a schema inside a property, an item or a
/// referenced schema of another. The converter recurses once per level, so
/// this bounds its stack, also for a long chain of schemas that each
/// reference the next. As deep as the parsers let a document nest; real
/// specs stay far below it (msgraph: 29).
const MAX_DEPTH: usize = 128;

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    pub fn defs(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs.iter().enumerate().map(|(i, d)| (TypeId(i), d))
    }

    /// Claims a type name; used for per-operation argument structs too, so they
    /// cannot collide with schema types.
    pub fn claim_name(&mut self, base: &str) -> String {
        self.names.claim(&camel_ident(base, "T"), "")
    }

    /// Adds a fully built definition and returns its id.
    pub fn push(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        TypeId(self.defs.len() - 1)
    }

    /// Converts a schema (or `$ref`) met at `hint`, e.g. `CreateBookBody`.
    /// Returns the Rust type and whether the value may be `null`.
    ///
    /// # Errors
    ///
    /// A [`SchemaError`] when a `$ref` does not lead to a component schema
    /// ([`SchemaErrorKind::Unresolved`]), or when the conversion exceeds
    /// [`MAX_STEPS`] steps or [`MAX_DEPTH`] levels of nesting.
    pub fn convert(
        &mut self,
        components: Components<'_>,
        schema: &ReferenceOr<Schema>,
        hint: &str,
    ) -> Result<(TypeRef, bool), SchemaError> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let id = self.reference(components, reference)?;
                Ok((TypeRef::Named(id), self.defs[id.0].nullable))
            }
            ReferenceOr::Item(schema) => {
                let ty = self.convert_schema(components, schema, hint)?;
                Ok((ty, allows_null(schema)))
            }
        }
    }

    fn convert_boxed(
        &mut self,
        components: Components<'_>,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
    ) -> Result<(TypeRef, bool), SchemaError> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let id = self.reference(components, reference)?;
                Ok((TypeRef::Named(id), self.defs[id.0].nullable))
            }
            ReferenceOr::Item(schema) => {
                let ty = self.convert_schema(components, schema, hint)?;
                Ok((ty, allows_null(schema)))
            }
        }
    }

    /// Registers the component schema `reference` points at, once.
    fn reference(
        &mut self,
        components: Components<'_>,
        reference: &str,
    ) -> Result<TypeId, SchemaError> {
        if let Some(&id) = self.by_ref.get(reference) {
            return Ok(id);
        }
        let (key, schema) = resolve(components, reference)?;
        let id = self.define(key, schema, TypeKind::Pending);
        self.by_ref.insert(reference.to_string(), id);
        let name = self.defs[id.0].name.clone();
        let outer = std::mem::replace(&mut self.converting, reference.to_string());
        let kind = self
            .convert_schema_kind(components, schema, &name)?
            .into_kind();
        self.converting = outer;
        self.defs[id.0].kind = kind;
        Ok(id)
    }

    /// Counts one step of conversion; fails past [`MAX_STEPS`].
    fn step(&mut self) -> Result<(), SchemaError> {
        self.steps += 1;
        if self.steps <= MAX_STEPS {
            return Ok(());
        }
        Err(self.limit(
            format!(
                "the schemas expand to more than {MAX_STEPS} schemas and properties: `allOf`s copy the properties of the schemas they name, and these copies nest"
            ),
            SchemaErrorKind::TooLarge,
        ))
    }

    fn limit(&self, message: String, kind: SchemaErrorKind) -> SchemaError {
        SchemaError {
            reference: self.converting.clone(),
            message,
            kind,
        }
    }

    fn convert_schema(
        &mut self,
        components: Components<'_>,
        schema: &Schema,
        hint: &str,
    ) -> Result<TypeRef, SchemaError> {
        // An inline `allOf` copies the properties of the schemas it names.
        // When that brings in this very `allOf` again (a schema whose
        // property is `{$ref: itself, nullable: true}`, say), the copies
        // would never end: the inner copy is this type, and it is recursive.
        let merge = matches!(schema.schema_kind, SchemaKind::AllOf { .. });
        let address = std::ptr::from_ref(schema) as usize;
        if merge {
            if let Some(i) = self.merging.iter().position(|(a, _, _)| *a == address) {
                let id = match self.merging[i].2 {
                    Some(id) => id,
                    None => {
                        let hint = self.merging[i].1.clone();
                        let id = self.define(&hint, schema, TypeKind::Pending);
                        self.merging[i].2 = Some(id);
                        id
                    }
                };
                return Ok(TypeRef::Named(id));
            }
            self.merging.push((address, hint.to_string(), None));
        }
        let converted = self.convert_schema_kind(components, schema, hint);
        let recursive = match merge {
            true => self.merging.pop().and_then(|(_, _, id)| id),
            false => None,
        };
        if let Some(id) = recursive {
            self.defs[id.0].kind = converted?.into_kind();
            return Ok(TypeRef::Named(id));
        }
        Ok(match converted? {
            Converted::Ref(ty) => ty,
            Converted::Kind(kind) => TypeRef::Named(self.define(hint, schema, kind)),
        })
    }

    /// A new type named after `hint`, with `schema`'s description and
    /// nullability.
    fn define(&mut self, hint: &str, schema: &Schema, kind: TypeKind) -> TypeId {
        let name = self.names.claim(&camel_ident(hint, "T"), "");
        self.push(TypeDef {
            name,
            description: schema.schema_data.description.clone(),
            kind,
            nullable: allows_null(schema),
            extra_field: None,
        })
    }

    /// The heart of the mapping. Named kinds (structs, enums) are returned for
    /// the caller to name; everything else maps straight onto a [`TypeRef`].
    fn convert_schema_kind(
        &mut self,
        components: Components<'_>,
        schema: &Schema,
        hint: &str,
    ) -> Result<Converted, SchemaError> {
        self.step()?;
        if self.depth >= MAX_DEPTH {
            return Err(self.limit(
                format!(
                    "schemas nest more than {MAX_DEPTH} levels deep, through properties, items and references"
                ),
                SchemaErrorKind::TooDeep,
            ));
        }
        self.depth += 1;
        let converted = self.convert_schema_kind_inner(components, schema, hint);
        self.depth -= 1;
        converted
    }

    fn convert_schema_kind_inner<'s>(
        &mut self,
        components: Components<'s>,
        schema: &'s Schema,
        hint: &str,
    ) -> Result<Converted, SchemaError> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if values.is_empty() {
                    Converted::Ref(TypeRef::String)
                } else {
                    Converted::Kind(TypeKind::Enum(variants(&values)))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                Converted::Ref(TypeRef::Integer(match i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntWidth::I32,
                    _ => IntWidth::I64,
                }))
            }
            SchemaKind::Type(Type::Number(_)) => Converted::Ref(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Converted::Ref(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => {
                        self.convert_boxed(components, items, &format!("{hint}Item"))?
                            .0
                    }
                    None => TypeRef::Json,
                };
                Converted::Ref(TypeRef::Array(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(o)) => self.object(
                components,
                &borrowed(&o.properties),
                &o.required.iter().map(String::as_str).collect::<Vec<_>>(),
                o.additional_properties.as_ref(),
                hint,
            )?,
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.additional_properties.is_some() =>
            {
                self.object(
                    components,
                    &borrowed(&any.properties),
                    &any.required.iter().map(String::as_str).collect::<Vec<_>>(),
                    any.additional_properties.as_ref(),
                    hint,
                )?
            }
            SchemaKind::Any(any) if any.items.is_some() || any.typ.as_deref() == Some("array") => {
                let item = match &any.items {
                    Some(items) => {
                        self.convert_boxed(components, items, &format!("{hint}Item"))?
                            .0
                    }
                    None => TypeRef::Json,
                };
                Converted::Ref(TypeRef::Array(Box::new(item)))
            }
            SchemaKind::AllOf { all_of } => {
                // Borrowed, not copied: each property keeps its identity
                // in the document, which `convert_schema` tells cycles by.
                let mut properties = indexmap::IndexMap::new();
                let mut required = Vec::new();
                let mut merged = HashMap::new();
                if collect_all_of(
                    components,
                    all_of,
                    &mut properties,
                    &mut required,
                    &mut merged,
                    0,
                )? {
                    let properties: Vec<_> = properties.into_iter().collect();
                    self.object(components, &properties, &required, None, hint)?
                } else {
                    Converted::Ref(TypeRef::Json)
                }
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                self.union(components, parts, hint)?
            }
            _ => Converted::Ref(TypeRef::Json),
        })
    }

    /// `oneOf`/`anyOf` as an untagged enum. A `null` alternative makes the
    /// whole nullable instead; duplicates collapse; a catch-all JSON
    /// alternative goes last, since it accepts anything.
    fn union(
        &mut self,
        components: Components<'_>,
        parts: &[ReferenceOr<Schema>],
        hint: &str,
    ) -> Result<Converted, SchemaError> {
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut names = Namer::default();
        let mut catch_all = false;
        for (i, part) in parts.iter().enumerate() {
            if matches!(part, ReferenceOr::Item(s) if is_null_only(s)) {
                continue;
            }
            let (ty, _) = self.convert(components, part, &format!("{hint} variant {}", i + 1))?;
            if ty == TypeRef::Json {
                catch_all = true;
                continue;
            }
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let base = match &ty {
                TypeRef::Named(id) => self.defs[id.0].name.clone(),
                TypeRef::String => "String".into(),
                TypeRef::Integer(_) => "Integer".into(),
                TypeRef::Number => "Number".into(),
                TypeRef::Boolean => "Boolean".into(),
                TypeRef::Array(_) => "List".into(),
                TypeRef::Map(_) => "Map".into(),
                TypeRef::Json => "Other".into(),
            };
            variants.push(UnionVariant {
                rust_name: names.claim(&base, ""),
                ty,
                boxed: false,
            });
        }
        if variants.is_empty() {
            return Ok(Converted::Ref(TypeRef::Json));
        }
        if variants.len() == 1 && !catch_all {
            return Ok(Converted::Ref(variants.remove(0).ty));
        }
        if catch_all {
            variants.push(UnionVariant {
                rust_name: names.claim("Other", ""),
                ty: TypeRef::Json,
                boxed: false,
            });
        }
        Ok(Converted::Kind(TypeKind::Union(variants)))
    }

    fn object(
        &mut self,
        components: Components<'_>,
        properties: &[(&str, &ReferenceOr<Box<Schema>>)],
        required: &[&str],
        additional: Option<&AdditionalProperties>,
        hint: &str,
    ) -> Result<Converted, SchemaError> {
        if properties.is_empty() {
            return Ok(Converted::Ref(match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let (ty, _) = self.convert(components, value, &format!("{hint}Value"))?;
                    TypeRef::Map(Box::new(ty))
                }
                _ => TypeRef::Json,
            }));
        }
        let mut names = Namer::default();
        let mut fields = Vec::with_capacity(properties.len());
        for &(wire_name, schema) in properties {
            self.step()?;
            let rust_name = names.claim(&snake_ident(wire_name, "field"), "_");
            let field_hint = format!("{hint} {wire_name}");
            let (ty, nullable) = self.convert_boxed(components, schema, &field_hint)?;
            let read_only = match schema {
                ReferenceOr::Item(s) => s.schema_data.read_only,
                ReferenceOr::Reference { .. } => false,
            };
            fields.push(Field {
                rust_name,
                wire_name: wire_name.to_string(),
                ty,
                // A read-only property is never sent, so it is never required
                // in a request, whatever `required` says.
                required: required.contains(&wire_name) && !read_only,
                nullable,
                boxed: false,
                description: match schema {
                    ReferenceOr::Item(s) => s.schema_data.description.clone(),
                    ReferenceOr::Reference { .. } => None,
                },
            });
        }
        Ok(Converted::Kind(TypeKind::Struct(fields)))
    }

    /// Boxes every field through which a type can reach itself without an
    /// indirection (`Vec` and maps already are one), so recursive types have a
    /// finite size.
    pub fn finish(&mut self) {
        let edges: Vec<Vec<TypeId>> = self.defs.iter().map(direct_edges).collect();
        let mut alternatives = Vec::new();
        for i in 0..self.defs.len() {
            match &mut self.defs[i].kind {
                TypeKind::Struct(fields) => {
                    for field in fields.iter_mut() {
                        if let TypeRef::Named(target) = field.ty {
                            field.boxed = reaches(&edges, target, TypeId(i));
                        }
                    }
                }
                TypeKind::Union(variants) => {
                    for variant in variants.iter_mut() {
                        if let TypeRef::Named(target) = variant.ty {
                            variant.boxed = reaches(&edges, target, TypeId(i));
                            alternatives.push(target);
                        }
                    }
                }
                _ => {}
            }
        }
        for id in alternatives {
            let def = &mut self.defs[id.0];
            if let (TypeKind::Struct(fields), None) = (&def.kind, &def.extra_field) {
                let mut name = "additional_properties".to_string();
                while fields.iter().any(|f| f.rust_name == name) {
                    name.push('_');
                }
                def.extra_field = Some(name);
            }
        }
    }
}

enum Converted {
    Kind(TypeKind),
    Ref(TypeRef),
}

impl Converted {
    /// What a named type holds: its kind, or an alias of a plain type.
    fn into_kind(self) -> TypeKind {
        match self {
            Converted::Kind(kind) => kind,
            Converted::Ref(ty) => TypeKind::Alias(ty),
        }
    }
}

fn variants(values: &[&str]) -> Vec<Variant> {
    let mut names = Namer::default();
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|v| seen.insert(**v))
        .map(|v| Variant {
            rust_name: names.claim(&variant_ident(v), ""),
            wire_name: v.to_string(),
        })
        .collect()
}

/// The schema allows `null`: `nullable`, or a `null` alternative in a
/// `oneOf`/`anyOf`.
fn allows_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => parts
                .iter()
                .any(|p| matches!(p, ReferenceOr::Item(s) if is_null_only(s))),
            _ => false,
        }
}

/// `{"nullable": true}` and nothing else: what `{"type": "null"}` becomes.
fn is_null_only(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        && schema.schema_data.nullable
}

/// Follows `$ref` chains to a component schema.
fn resolve<'a>(
    components: Components<'a>,
    reference: &str,
) -> Result<(&'a str, &'a Schema), SchemaError> {
    let mut current = reference;
    for _ in 0..MAX_REF_CHAIN {
        let key = current
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| SchemaError {
                reference: current.to_string(),
                message: "only references to `#/components/schemas/...` are supported here".into(),
                kind: SchemaErrorKind::Unresolved,
            })?;
        let key = crate::pointer::unescape(key);
        match components.get_full(&key) {
            Some((_, key, ReferenceOr::Item(schema))) => return Ok((key, schema)),
            Some((_, _, ReferenceOr::Reference { reference })) => current = reference,
            None => {
                return Err(SchemaError {
                    reference: current.to_string(),
                    message: "no such schema in `components.schemas`".into(),
                    kind: SchemaErrorKind::Unresolved,
                });
            }
        }
    }
    Err(SchemaError {
        reference: reference.to_string(),
        message: "the reference chain does not end in a schema".into(),
        kind: SchemaErrorKind::Unresolved,
    })
}

/// Gathers the properties of every object in an `allOf`. Returns false when a
/// part is not an object, in which case the merge is not attempted.
///
/// `merged` records each component schema a reference led to: true once it
/// is merged, false while it is being merged. A schema met again adds
/// nothing new, so it is skipped; without that, `allOf`s that name the same
/// schema twice at each level would take time exponential in the depth. A
/// schema met inside itself is a cycle, which fails the merge (as the depth
/// limit did before).
fn collect_all_of<'s>(
    components: Components<'s>,
    parts: &'s [ReferenceOr<Schema>],
    properties: &mut indexmap::IndexMap<&'s str, &'s ReferenceOr<Box<Schema>>>,
    required: &mut Vec<&'s str>,
    merged: &mut HashMap<&'s str, bool>,
    depth: usize,
) -> Result<bool, SchemaError> {
    if depth > MAX_REF_CHAIN {
        return Ok(false);
    }
    for part in parts {
        let schema = match part {
            ReferenceOr::Reference { reference } => {
                let (key, schema) = resolve(components, reference)?;
                match merged.get(key) {
                    Some(true) => continue,
                    Some(false) => return Ok(false),
                    None => {}
                }
                merged.insert(key, false);
                if !collect_one(components, schema, properties, required, merged, depth)? {
                    return Ok(false);
                }
                merged.insert(key, true);
                continue;
            }
            ReferenceOr::Item(schema) => schema,
        };
        if !collect_one(components, schema, properties, required, merged, depth)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Merges one part of an `allOf` into `properties` and `required`.
fn collect_one<'s>(
    components: Components<'s>,
    schema: &'s Schema,
    properties: &mut indexmap::IndexMap<&'s str, &'s ReferenceOr<Box<Schema>>>,
    required: &mut Vec<&'s str>,
    merged: &mut HashMap<&'s str, bool>,
    depth: usize,
) -> Result<bool, SchemaError> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            properties.extend(borrowed(&o.properties));
            required.extend(o.required.iter().map(String::as_str));
        }
        SchemaKind::Any(any) if any.typ.is_none() || any.typ.as_deref() == Some("object") => {
            properties.extend(borrowed(&any.properties));
            required.extend(any.required.iter().map(String::as_str));
        }
        SchemaKind::AllOf { all_of } => {
            if !collect_all_of(components, all_of, properties, required, merged, depth + 1)? {
                return Ok(false);
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// A schema's properties as (name, schema) pairs that borrow from it.
fn borrowed(
    properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
) -> Vec<(&str, &ReferenceOr<Box<Schema>>)> {
    properties.iter().map(|(k, v)| (k.as_str(), v)).collect()
}

fn direct_edges(def: &TypeDef) -> Vec<TypeId> {
    match &def.kind {
        TypeKind::Union(variants) => variants
            .iter()
            .filter_map(|v| match v.ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Struct(fields) => fields
            .iter()
            .filter_map(|f| match f.ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Alias(TypeRef::Named(id)) => vec![*id],
        _ => Vec::new(),
    }
}

fn reaches(edges: &[Vec<TypeId>], from: TypeId, to: TypeId) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !std::mem::replace(&mut seen[id.0], true) {
            stack.extend(edges[id.0].iter().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(yaml: &str) -> indexmap::IndexMap<String, ReferenceOr<Schema>> {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn convert(space: &mut TypeSpace, yaml: &str) -> Result<TypeRef, SchemaError> {
        let components = components(yaml);
        let schema = ReferenceOr::ref_("#/components/schemas/S0");
        space
            .convert(&components, &schema, "Body")
            .map(|(ty, _)| ty)
    }

    #[test]
    fn a_self_reference_through_an_inline_all_of_is_a_recursive_type() {
        // `{$ref: S0, nullable: true}` after normalization.
        let mut space = TypeSpace::default();
        let ty = convert(
            &mut space,
            "S0: {type: object, properties: {parent: {allOf: [{$ref: '#/components/schemas/S0'}], nullable: true}}}",
        )
        .unwrap();
        space.finish();
        let TypeRef::Named(id) = ty else {
            panic!("{ty:?}")
        };
        let TypeKind::Struct(fields) = &space.get(id).kind else {
            panic!()
        };
        let TypeRef::Named(parent) = fields[0].ty else {
            panic!()
        };
        let TypeKind::Struct(inner) = &space.get(parent).kind else {
            panic!()
        };
        assert_eq!(inner[0].ty, TypeRef::Named(parent));
        assert!(inner[0].boxed && inner[0].nullable);
    }

    #[test]
    fn all_of_the_same_schema_twice_per_level_is_merged_once() {
        // 2^30 merges before; 30 levels stay within the `allOf` depth limit.
        let mut yaml = String::new();
        for i in 0..30 {
            let next = format!("'#/components/schemas/S{}'", i + 1);
            yaml.push_str(&format!(
                "S{i}: {{allOf: [{{$ref: {next}}}, {{$ref: {next}}}]}}\n"
            ));
        }
        yaml.push_str("S30: {type: object, properties: {a: {type: string}}}\n");
        let mut space = TypeSpace::default();
        let TypeRef::Named(id) = convert(&mut space, &yaml).unwrap() else {
            panic!()
        };
        assert!(matches!(&space.get(id).kind, TypeKind::Struct(f) if f.len() == 1));
    }

    #[test]
    fn long_reference_chains_are_refused() {
        let mut yaml = String::new();
        for i in 0..=MAX_DEPTH {
            let next = format!("'#/components/schemas/S{}'", i + 1);
            yaml.push_str(&format!(
                "S{i}: {{type: object, properties: {{n: {{$ref: {next}}}}}}}\n"
            ));
        }
        yaml.push_str(&format!("S{}: {{type: string}}\n", MAX_DEPTH + 1));
        let err = convert(&mut TypeSpace::default(), &yaml).unwrap_err();
        assert_eq!(err.kind, SchemaErrorKind::TooDeep);
    }
}
