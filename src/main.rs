//! The `mcp-gen` command line: parse arguments, run the library, report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use mcp_gen::{Error, GetAs, MapOptions, Options};

/// Generate a Rust MCP server crate from an OpenAPI document (Swagger 2.0,
/// OpenAPI 3.0 or 3.1).
///
/// The crate builds into a server that speaks MCP over stdio or Streamable
/// HTTP and calls the real API: POST, PUT, PATCH and DELETE operations become
/// tools, GETs become resources (or resource templates when they take
/// parameters).
#[derive(Debug, Parser)]
#[command(
    name = "mcp-gen",
    version,
    after_help = "Exit status: 0 on success; 1 for a problem in the spec or its mcp-gen.toml, or, with --check, an out-of-date output; 2 for a usage error; 3 for an I/O failure or an internal error. With --json, an error is also printed on stdout as one JSON object.\n\nExample:\n  mcp-gen specs/bookshelf.yaml -o bookshelf-server\n  cargo build --release --manifest-path bookshelf-server/Cargo.toml"
)]
struct Cli {
    /// The OpenAPI document, in YAML or JSON (detected from the content);
    /// `-` reads it from standard input.
    #[arg(required_unless_present = "regenerate")]
    spec: Option<PathBuf>,

    /// Directory to write the crate into; created if missing.
    #[arg(
        short,
        long,
        value_name = "DIR",
        required_unless_present = "regenerate"
    )]
    output: Option<PathBuf>,

    /// Regenerate the crate in DIR with the spec and options recorded in its
    /// `.mcp-gen` (with --check: verify it is up to date).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["spec", "output", "spec_root", "name", "get_as", "config", "force"])]
    regenerate: Option<PathBuf>,

    /// Directory that files referenced by the spec must lie in [default: the
    /// spec's own directory]. Nothing outside it is read.
    #[arg(long, value_name = "DIR")]
    spec_root: Option<PathBuf>,

    /// Crate and binary name [default: derived from `info.title`].
    #[arg(long)]
    name: Option<String>,

    /// How GET operations are exposed. Claude Desktop never reads resource
    /// templates and Cursor reads no resources; use `tools` or `both` for them.
    #[arg(long, value_enum, default_value_t = GetAsArg::Resources)]
    get_as: GetAsArg,

    /// The customization file [default: mcp-gen.toml beside the spec, if
    /// there is one]: include and exclude operations, rename them, set
    /// their kind, descriptions and annotations, and add prompts.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Write into a non-empty directory that mcp-gen did not generate.
    #[arg(long)]
    force: bool,

    /// Write nothing: exit 0 if DIR is up to date, or 1 and list what a
    /// regeneration would change. For CI.
    #[arg(long, conflicts_with = "force")]
    check: bool,

    /// Make every warning and skipped operation an error, and write
    /// nothing if there is one: a linter for spec authors. Without it,
    /// mcp-gen repairs what leaves each request well defined and warns.
    #[arg(long)]
    strict: bool,

    /// Print the summary (or the error) as one JSON object on stdout.
    #[arg(long)]
    json: bool,

    /// Print nothing on success.
    #[arg(short, long, conflicts_with = "json")]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GetAsArg {
    /// Resources, and resource templates for GETs with parameters.
    Resources,
    /// Tools only.
    Tools,
    /// Both a resource (or template) and a tool.
    Both,
}

fn get_as(arg: GetAsArg) -> GetAs {
    match arg {
        GetAsArg::Resources => GetAs::Resources,
        GetAsArg::Tools => GetAs::Tools,
        GetAsArg::Both => GetAs::Both,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = match &cli.regenerate {
        Some(dir) => match mcp_gen::recorded_options(dir, cli.check) {
            Ok(options) => Options {
                strict: cli.strict,
                ..options
            },
            Err(error) => return report(&error),
        },
        None => Options {
            // clap requires both unless --regenerate is given.
            spec: cli.spec.clone().unwrap_or_default(),
            spec_root: cli.spec_root.clone(),
            config: cli.config.clone(),
            output: cli.output.clone().unwrap_or_default(),
            map: MapOptions {
                name: cli.name.clone(),
                get_as: get_as(cli.get_as),
            },
            force: cli.force,
            check: cli.check,
            strict: cli.strict,
        },
    };
    match mcp_gen::generate(&options) {
        Ok(summary) => {
            for skipped in &summary.skipped {
                eprintln!("warning: skipped {}: {}", skipped.operation, skipped.reason);
            }
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            if cli.check {
                return report_check(&summary, cli.json, cli.quiet);
            }
            if cli.json {
                println!(
                    "{}",
                    serde_json::to_string(&summary).expect("the summary is plain data")
                );
            } else if !cli.quiet {
                println!(
                    "Generated `{}` in {}: {}, {}, {} ({}, {} skipped).",
                    summary.crate_name,
                    summary.output.display(),
                    count(summary.tools, "tool"),
                    count(summary.resources, "resource"),
                    count(summary.resource_templates, "resource template"),
                    count(summary.operations, "operation"),
                    summary.skipped.len(),
                );
                eprintln!("{}", mcp_gen::map::budget_summary(&summary.budget));
                if summary.switchable_gets > 0 {
                    println!(
                        "{} can be resources or tools: the server's --get-as chooses (default: {}). Claude Desktop reads no resource templates and Cursor no resources; the crate's README has their settings.",
                        count(summary.switchable_gets, "GET"),
                        options.map.get_as.as_str()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            if cli.json {
                println!("{}", error.to_json());
            }
            report(&error)
        }
    }
}

/// `--check`: the changes on stdout (or in the JSON summary), then the
/// verdict as the exit status.
fn report_check(summary: &mcp_gen::Summary, json: bool, quiet: bool) -> ExitCode {
    if json {
        println!(
            "{}",
            serde_json::to_string(summary).expect("the summary is plain data")
        );
    } else if !quiet {
        for change in &summary.changes {
            println!("would {change}");
        }
    }
    if summary.changes.is_empty() {
        if !json && !quiet {
            println!("{} is up to date.", summary.output.display());
        }
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: {} is out of date: {} to change\n  help: run the same command without --check to regenerate",
            summary.output.display(),
            count(summary.changes.len(), "file")
        );
        ExitCode::from(1)
    }
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn report(error: &Error) -> ExitCode {
    if let Error::Strict { findings } = error {
        for finding in findings {
            eprintln!("error: {finding}");
        }
    }
    eprintln!("error: {error}");
    if let Some(help) = error.help() {
        eprintln!("  help: {help}");
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
}

/// Generation allocates and frees millions of small strings, maps and syn
/// tokens; with glibc's allocator that was about a third of msgraph's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
