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
    /// Unknown fields are refused. True for tool arguments, where an unknown
    /// name is a model's mistake worth reporting; schema types stay lenient.
    pub closed: bool,
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

/// A schema could not be resolved.
#[derive(Debug)]
pub struct SchemaError {
    pub reference: String,
    pub message: String,
}

/// Looks up component schemas by `$ref`.
pub type Components<'a> = &'a indexmap::IndexMap<String, ReferenceOr<Schema>>;

/// All types of the generated crate.
#[derive(Debug, Default)]
pub struct TypeSpace {
    defs: Vec<TypeDef>,
    by_ref: HashMap<String, TypeId>,
    names: Namer,
}

/// Longest chain of `$ref`s to `$ref`s that is followed before giving up.
const MAX_REF_CHAIN: usize = 32;

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
                self.convert(components, &ReferenceOr::ref_(reference), hint)
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
        let name = self.names.claim(&camel_ident(key, "T"), "");
        let id = self.push(TypeDef {
            name,
            description: schema.schema_data.description.clone(),
            kind: TypeKind::Pending,
            nullable: allows_null(schema),
            closed: false,
            extra_field: None,
        });
        self.by_ref.insert(reference.to_string(), id);
        let name = self.defs[id.0].name.clone();
        let kind = match self.convert_schema_kind(components, schema, &name)? {
            Converted::Kind(kind) => kind,
            Converted::Ref(ty) => TypeKind::Alias(ty),
        };
        self.defs[id.0].kind = kind;
        Ok(id)
    }

    fn convert_schema(
        &mut self,
        components: Components<'_>,
        schema: &Schema,
        hint: &str,
    ) -> Result<TypeRef, SchemaError> {
        Ok(match self.convert_schema_kind(components, schema, hint)? {
            Converted::Ref(ty) => ty,
            Converted::Kind(kind) => {
                let name = self.names.claim(&camel_ident(hint, "T"), "");
                TypeRef::Named(self.push(TypeDef {
                    name,
                    description: schema.schema_data.description.clone(),
                    kind,
                    nullable: allows_null(schema),
                    closed: false,
                    extra_field: None,
                }))
            }
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
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                hint,
            )?,
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.additional_properties.is_some() =>
            {
                self.object(
                    components,
                    &any.properties,
                    &any.required,
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
                let mut properties = indexmap::IndexMap::new();
                let mut required = Vec::new();
                if collect_all_of(components, all_of, &mut properties, &mut required, 0)? {
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
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
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
        for (wire_name, schema) in properties {
            let rust_name = names.claim(&snake_ident(wire_name, "field"), "_");
            let field_hint = format!("{hint} {wire_name}");
            let (ty, nullable) = self.convert_boxed(components, schema, &field_hint)?;
            let read_only = match schema {
                ReferenceOr::Item(s) => s.schema_data.read_only,
                ReferenceOr::Reference { .. } => false,
            };
            fields.push(Field {
                rust_name,
                wire_name: wire_name.clone(),
                ty,
                // A read-only property is never sent, so it is never required
                // in a request, whatever `required` says.
                required: required.contains(wire_name) && !read_only,
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
            })?;
        let key = crate::pointer::unescape(key);
        match components.get_full(&key) {
            Some((_, key, ReferenceOr::Item(schema))) => return Ok((key, schema)),
            Some((_, _, ReferenceOr::Reference { reference })) => current = reference,
            None => {
                return Err(SchemaError {
                    reference: current.to_string(),
                    message: "no such schema in `components.schemas`".into(),
                });
            }
        }
    }
    Err(SchemaError {
        reference: reference.to_string(),
        message: "the reference chain does not end in a schema".into(),
    })
}

/// Gathers the properties of every object in an `allOf`. Returns false when a
/// part is not an object, in which case the merge is not attempted.
fn collect_all_of(
    components: Components<'_>,
    parts: &[ReferenceOr<Schema>],
    properties: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &mut Vec<String>,
    depth: usize,
) -> Result<bool, SchemaError> {
    if depth > MAX_REF_CHAIN {
        return Ok(false);
    }
    for part in parts {
        let schema = match part {
            ReferenceOr::Reference { reference } => resolve(components, reference)?.1,
            ReferenceOr::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                properties.extend(o.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
                required.extend(o.required.iter().cloned());
            }
            SchemaKind::Any(any) if any.typ.is_none() || any.typ.as_deref() == Some("object") => {
                properties.extend(any.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
                required.extend(any.required.iter().cloned());
            }
            SchemaKind::AllOf { all_of } => {
                if !collect_all_of(components, all_of, properties, required, depth + 1)? {
                    return Ok(false);
                }
            }
            _ => return Ok(false),
        }
    }
    Ok(true)
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
