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
//! 5. `render`: print the view through the embedded Tera templates.
//! 6. `write`: put the files on disk atomically.

#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod load;
pub mod map;
pub mod model;
pub mod normalize;
mod pointer;
mod recorded;
mod render;
mod write;

use std::path::PathBuf;

pub use error::{Error, Result};
pub use map::{GetAs, MapOptions};
pub use recorded::recorded_options;

/// What to generate, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The OpenAPI document, in YAML or JSON (detected from the content);
    /// `-` reads it from standard input.
    pub spec: PathBuf,
    /// The directory referenced files must lie in (default: the spec's).
    pub spec_root: Option<PathBuf>,
    /// `mcp-gen.toml` (default: the one beside the spec, if any).
    pub config: Option<PathBuf>,
    /// The directory to write the crate into; created if missing. Its
    /// marker file, if any, supplies the names an earlier generation gave.
    pub output: PathBuf,
    /// Choices that change the mapping: the crate name, and how GETs are
    /// exposed.
    pub map: MapOptions,
    /// Write into a non-empty directory that mcp-gen did not create.
    pub force: bool,
    /// Write nothing; report what writing would change.
    pub check: bool,
    /// Treat every warning (and every skipped operation) as an error, for
    /// spec authors who want a linter: nothing is written if there is one.
    pub strict: bool,
}

/// What a generation produced, for the CLI's report.
#[derive(Debug, serde::Serialize)]
pub struct Summary {
    /// The crate's name, which is also the binary's.
    pub crate_name: String,
    /// The output directory, as given in [`Options::output`].
    pub output: PathBuf,
    /// Operations the generated client can call: those the config selects,
    /// less the skipped ones.
    pub operations: usize,
    /// MCP tools the server offers.
    pub tools: usize,
    /// MCP resources, each read at a fixed URI.
    pub resources: usize,
    /// MCP resource templates, each read at the URIs an RFC 6570 template
    /// matches.
    pub resource_templates: usize,
    /// GETs that are both tools and resources (or templates) in the crate,
    /// of which the server's `--get-as` chooses what clients see; the
    /// three counts above are for the default.
    pub switchable_gets: usize,
    /// MCP prompts: the tag prompts and those of `mcp-gen.toml`.
    pub prompts: usize,
    /// Rust types the crate declares, the argument structs included.
    pub types: usize,
    /// Every generated file, as a path relative to the output directory.
    pub files: Vec<String>,
    /// Operations left out because they cannot be mapped faithfully.
    pub skipped: Vec<map::SkippedView>,
    /// Findings that did not stop generation, one line each: the spec's
    /// first, then the mapping's.
    pub warnings: Vec<String>,
    /// The tokens (o200k_base) of the lists the server sends, and the tool
    /// mode the budget chose.
    pub budget: map::BudgetView,
    /// The toolsets, each with its listed tools and their tokens.
    pub toolsets: Vec<map::ToolsetView>,
    /// With `check`: what writing would change, one line per file; empty
    /// when the output is up to date.
    pub changes: Vec<String>,
}

/// Runs the pipeline up to rendering, touching no files: returns the view
/// the templates print and the rendered files.
///
/// # Errors
///
/// [`Error::Usage`] when `spec_root` is not a directory; [`Error::Spec`]
/// when the spec, a file it references or the config cannot be read,
/// parsed or mapped; [`Error::Bug`] when a template renders Rust that does
/// not parse.
pub fn plan(options: &Options) -> Result<(map::CrateView, Vec<render::File>)> {
    planned(options).map(|(view, files, _)| (view, files))
}

/// [`plan`], with the options as `.mcp-gen` records them, which
/// [`generate`] writes and the README's command was made from.
fn planned(options: &Options) -> Result<(map::CrateView, Vec<render::File>, recorded::Recorded)> {
    let spec = options.spec.as_path();
    if let Some(root) = &options.spec_root
        && !root.is_dir()
    {
        return Err(Error::Usage {
            message: format!("--spec-root {} is not a directory", root.display()),
            help: "name the directory that the spec's referenced files lie in".into(),
        });
    }
    let config_file = config::locate(spec, options.config.as_deref());
    let mut recorded = recorded::Recorded::of(options, config_file.as_deref());
    let map_options = MapOptions {
        name: (options.map.name.clone()).or_else(|| recorded::previous_name(&options.output)),
        ..options.map.clone()
    };
    let (config, config_text) = match &config_file {
        Some(path) => config::load(path)?,
        None => (config::Config::default(), String::new()),
    };
    // Building the tokenizer that map counts tokens with takes about 60 ms
    // and needs nothing from the spec: a helper thread does it meanwhile.
    std::thread::spawn(map::prepare_tokenizer);
    let document = load::load(spec, options.spec_root.as_deref())?;
    let sha256 = document.sha256.clone();
    // Errors inside schemas bundled in from other files name those files.
    let mut origins = document.origins.clone();
    let normalized =
        normalize::normalize(document).map_err(|e| load::bundle::relocate(e, &origins))?;
    let openapi = normalized.openapi;
    // Nodes normalize copied into `components` name their place too.
    origins.extend(normalized.hoisted);
    let relocate = |e| load::bundle::relocate(e, &origins);
    let warnings: Vec<Error> = normalized.warnings.into_iter().map(relocate).collect();
    let config_name = config_file.unwrap_or_else(|| PathBuf::from(config::FILE_NAME));
    let previous = write::previous_names(&options.output);
    let api = model::build(spec, &openapi, &config, &config_name, &previous).map_err(relocate)?;
    // The model holds all mapping needs: mapping reuses the document's
    // memory.
    drop(openapi);
    let mut view = map::map(&api, &map_options, &config.prompts, &config.tools);
    recorded.set_name(&view.crate_name);
    view.regenerate_command = recorded.command();
    // The view holds all rendering needs; free the model before
    // formatting, which is the memory peak.
    drop(api);
    view.warnings
        .splice(0..0, warnings.iter().map(ToString::to_string));
    let mut provenance = format!("a spec with SHA-256 {sha256}");
    if !config_text.is_empty() {
        provenance.push_str(&format!(
            " and an mcp-gen.toml with SHA-256 {}",
            load::sha256_hex(config_text.as_bytes())
        ));
    }
    let files = render::render(&view, &provenance)?;
    Ok((view, files, recorded))
}

/// Runs the whole pipeline and writes the crate, or with `check`, reports
/// what writing it would change.
///
/// # Errors
///
/// Whatever [`plan`] fails with; [`Error::Strict`] with `strict` when there
/// are warnings or skipped operations. When writing: [`Error::Usage`] when the
/// output directory is not empty and was not generated by mcp-gen (unless
/// `force`), and [`Error::Io`] when reading or writing the directory fails.
/// With `check`, an out-of-date output is not an error; see
/// [`Summary::changes`].
pub fn generate(options: &Options) -> Result<Summary> {
    let (view, files, recorded) = planned(options)?;
    if options.strict && !(view.warnings.is_empty() && view.skipped.is_empty()) {
        let skipped = view
            .skipped
            .iter()
            .map(|s| format!("skipped {}: {}", s.operation, s.reason));
        return Err(Error::Strict {
            findings: skipped.chain(view.warnings.iter().cloned()).collect(),
        });
    }
    let recorded = recorded.marker_lines();
    let names: Vec<(String, String)> = view
        .operations
        .iter()
        .map(|op| (format!("{} {}", op.method, op.path), op.name.clone()))
        .collect();
    let changes = if options.check {
        write::check(&options.output, &files, &names, &recorded)
    } else {
        write::write(&options.output, &files, &names, &recorded, options.force)?;
        Vec::new()
    };
    Ok(Summary {
        operations: view.operations.len(),
        tools: view.listed.tools,
        resources: view.listed.resources,
        resource_templates: view.listed.resource_templates,
        switchable_gets: view.listed.switchable_gets,
        prompts: view.prompts.len(),
        types: view.types.len(),
        files: files.into_iter().map(|f| f.path).collect(),
        skipped: view.skipped,
        warnings: view.warnings,
        budget: view.budget,
        toolsets: view.toolsets,
        changes,
        crate_name: view.crate_name,
        output: options.output.clone(),
    })
}
