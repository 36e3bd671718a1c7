//! mcp-gen turns an OpenAPI document into a Rust crate that builds into an MCP
//! server for that API.
//!
//! The pipeline runs in six stages, one module each, and every stage only
//! consumes the output of the one before it:
//!
//! 1. [`load`]: read the file, detect JSON or YAML from its content.
//! 2. [`normalize`]: check the OpenAPI version, parse into typed structures.
//! 3. [`model`]: build the intermediate representation (operations, names, types).
//! 4. [`map`]: decide tools, resources and templates; compute the view model.
//! 5. [`render`]: print the view through the embedded Tera templates.
//! 6. [`write`]: put the files on disk atomically.

pub mod error;
pub mod load;
pub mod map;
pub mod model;
pub mod normalize;
pub mod pointer;
pub mod render;
pub mod write;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use map::{GetAs, MapOptions};

/// What to generate, and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub spec: PathBuf,
    /// The directory referenced files must lie in (default: the spec's).
    pub spec_root: Option<PathBuf>,
    pub output: PathBuf,
    pub map: MapOptions,
    /// Write into a non-empty directory that mcp-gen did not create.
    pub force: bool,
}

/// What a generation produced, for the CLI's report.
#[derive(Debug, serde::Serialize)]
pub struct Summary {
    pub crate_name: String,
    pub output: PathBuf,
    pub operations: usize,
    pub tools: usize,
    pub resources: usize,
    pub resource_templates: usize,
    pub types: usize,
    pub files: Vec<String>,
    pub skipped: Vec<map::SkippedView>,
}

/// Runs the pipeline up to rendering, touching no files.
pub fn plan(
    spec: &Path,
    spec_root: Option<&Path>,
    options: &MapOptions,
) -> Result<(map::CrateView, Vec<render::File>)> {
    let document = load::load(spec, spec_root)?;
    let openapi = normalize::normalize(document)?;
    let api = model::build(spec, &openapi)?;
    let view = map::map(&api, options);
    let files = render::render(&view)?;
    Ok((view, files))
}

/// Runs the whole pipeline and writes the crate.
pub fn generate(options: &Options) -> Result<Summary> {
    let (view, files) = plan(&options.spec, options.spec_root.as_deref(), &options.map)?;
    write::write(&options.output, &files, options.force)?;
    Ok(Summary {
        operations: view.operations.len(),
        tools: view.tools.len(),
        resources: view.resources.len(),
        resource_templates: view.templates.len(),
        types: view.types.len(),
        files: files.into_iter().map(|f| f.path).collect(),
        skipped: view.skipped,
        crate_name: view.crate_name,
        output: options.output.clone(),
    })
}
