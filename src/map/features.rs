//! Cargo features per tag, for APIs too large to build whole.
//!
//! msgraph has 11,422 operations; its whole crate needs more than 24 GiB for
//! rustc. Above [`THRESHOLD`] operations, every operation is gated behind a
//! feature named after its first tag, and every type behind the features
//! whose operations use it, so users build just the slice they need. The
//! default features hold whole tags, in spec order, up to
//! [`DEFAULT_BUDGET`] operations: a default build stays within this
//! machine's reach, and `full` enables everything.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::names::Namer;
use crate::model::types::{TypeId, TypeKind, TypeRef, TypeSpace};
use crate::model::{Api, Operation};

/// APIs with more operations than this get per-tag features.
const THRESHOLD: usize = 2000;

/// How many operations the default features may enable.
const DEFAULT_BUDGET: usize = 1000;

/// The feature plan of a crate.
pub struct Features {
    /// Feature name of each operation, by index into `Api::operations`.
    pub of_operation: Vec<String>,
    /// The `cfg` predicate of each type that not every feature uses.
    pub of_type: BTreeMap<TypeId, String>,
    /// Every feature with its operation count, in spec order.
    pub all: Vec<(String, usize)>,
    pub default: Vec<String>,
}

/// Plans features, or `None` when the API is small enough to build whole.
pub fn plan(api: &Api) -> Option<Features> {
    if api.operations.len() <= THRESHOLD {
        return None;
    }
    let mut namer = Namer::default();
    namer.reserve("default");
    namer.reserve("full");
    let mut by_tag: BTreeMap<String, String> = BTreeMap::new();
    let mut all: Vec<(String, usize)> = Vec::new();
    let mut of_operation = Vec::with_capacity(api.operations.len());
    for op in &api.operations {
        let tag = op.tags.first().cloned().unwrap_or_default();
        let feature = by_tag
            .entry(tag.clone())
            .or_insert_with(|| namer.claim(&feature_name(&tag), "-"))
            .clone();
        match all.iter_mut().find(|(f, _)| *f == feature) {
            Some((_, n)) => *n += 1,
            None => all.push((feature.clone(), 1)),
        }
        of_operation.push(feature);
    }

    let mut default = Vec::new();
    let mut budget = 0;
    for (feature, n) in &all {
        if default.is_empty() || budget + n <= DEFAULT_BUDGET {
            default.push(feature.clone());
            budget += n;
        }
    }

    let users = type_users(&api.types, &api.operations, &of_operation);
    let of_type = users
        .into_iter()
        .filter(|(_, features)| features.len() < all.len())
        .map(|(id, features)| (id, any(&features)))
        .collect();
    Some(Features {
        of_operation,
        of_type,
        all,
        default,
    })
}

/// A cargo feature name: lowercase words joined by `-`.
fn feature_name(tag: &str) -> String {
    let name = heck::AsKebabCase(
        tag.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>(),
    )
    .to_string();
    if name.is_empty() {
        "untagged".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("tag-{name}")
    } else {
        name
    }
}

/// `feature = "x"`, or `any(...)` of several.
fn any(features: &BTreeSet<String>) -> String {
    let list: Vec<String> = features
        .iter()
        .map(|f| format!("feature = \"{f}\""))
        .collect();
    match list.as_slice() {
        [one] => one.clone(),
        _ => format!("any({})", list.join(", ")),
    }
}

/// For every type, the features whose operations reach it.
fn type_users(
    types: &TypeSpace,
    operations: &[Operation],
    of_operation: &[String],
) -> BTreeMap<TypeId, BTreeSet<String>> {
    let edges: BTreeMap<TypeId, Vec<TypeId>> = types
        .defs()
        .map(|(id, def)| (id, named(&def.kind)))
        .collect();
    let mut roots: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (op, feature) in operations.iter().zip(of_operation) {
        roots
            .entry(feature.as_str())
            .or_default()
            .push(op.args_type);
    }
    let mut users: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    for (feature, starts) in roots {
        let mut seen = BTreeSet::new();
        let mut stack = starts;
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                users.entry(id).or_default().insert(feature.to_string());
                stack.extend(edges.get(&id).into_iter().flatten().copied());
            }
        }
    }
    users
}

/// The types a definition refers to.
fn named(kind: &TypeKind) -> Vec<TypeId> {
    fn walk(ty: &TypeRef, out: &mut Vec<TypeId>) {
        match ty {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) => walk(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| walk(&f.ty, &mut out)),
        TypeKind::Alias(ty) => walk(ty, &mut out),
        TypeKind::Union(variants) => variants.iter().for_each(|v| walk(&v.ty, &mut out)),
        TypeKind::Enum(_) | TypeKind::Pending => {}
    }
    out
}
