//! The generator options a crate was made with, recorded in its `.mcp-gen`
//! marker so that `mcp-gen --regenerate DIR` (and its `--check`) runs with
//! the same ones, and the crate's README can print the exact command.
//!
//! Paths are stored relative to the crate's directory, so the record stays
//! true wherever the crate and its spec move together, and the marker is
//! the same bytes from whatever directory mcp-gen ran in.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::bundle::lexical;
use crate::{GetAs, MapOptions, Options};

/// Starts a marker line that records an option: `option\t<key>\t<value>`.
pub(crate) const OPTION_PREFIX: &str = "option\t";

/// The options of one generation, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    /// The spec, relative to the crate; `None` when it came from stdin.
    spec: Option<String>,
    spec_root: Option<String>,
    config: Option<String>,
    name: Option<String>,
    get_as: GetAs,
}

impl Recorded {
    /// What `options` asked for; `config` is the config file actually used
    /// (given, or found beside the spec).
    pub(crate) fn of(options: &Options, config: Option<&Path>) -> Recorded {
        let dir = options.output.as_path();
        let from_stdin = options.spec.as_os_str() == "-";
        Recorded {
            spec: (!from_stdin).then(|| relative(dir, &options.spec)),
            spec_root: options.spec_root.as_deref().map(|p| relative(dir, p)),
            config: config.map(|p| relative(dir, p)),
            name: options.map.name.clone(),
            get_as: options.map.get_as,
        }
    }

    /// Records the crate name the generation decided, derived or given, so
    /// later generations keep it (see [`previous_name`]).
    pub(crate) fn set_name(&mut self, name: &str) {
        self.name = Some(name.to_string());
    }

    /// The marker lines, in a fixed order.
    pub(crate) fn marker_lines(&self) -> String {
        let mut lines = String::new();
        let mut line = |key: &str, value: &str| {
            lines.push_str(&format!("{OPTION_PREFIX}{key}\t{value}\n"));
        };
        if let Some(spec) = &self.spec {
            line("spec", spec);
        }
        if let Some(root) = &self.spec_root {
            line("spec-root", root);
        }
        if let Some(config) = &self.config {
            line("config", config);
        }
        if let Some(name) = &self.name {
            line("name", name);
        }
        line("get-as", self.get_as.as_str());
        lines
    }

    /// The command that regenerates the crate, run from its directory.
    pub(crate) fn command(&self) -> String {
        let mut words = vec![
            "mcp-gen".to_string(),
            self.spec.clone().unwrap_or_else(|| "SPEC".into()),
            "-o".into(),
            ".".into(),
        ];
        let mut flag = |name: &str, value: &str| {
            words.push(format!("--{name}"));
            words.push(value.to_string());
        };
        if let Some(root) = &self.spec_root {
            flag("spec-root", root);
        }
        if let Some(config) = &self.config {
            flag("config", config);
        }
        if let Some(name) = &self.name {
            flag("name", name);
        }
        if self.get_as != GetAs::Resources {
            flag("get-as", self.get_as.as_str());
        }
        words
            .iter()
            .map(|w| shell_word(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The crate name an earlier generation into `dir` recorded, if any: a
/// crate keeps its name, binary and environment variables when mcp-gen
/// derives names differently, as it keeps its tool names.
pub(crate) fn previous_name(dir: &Path) -> Option<String> {
    let marker = std::fs::read_to_string(dir.join(crate::write::MARKER)).ok()?;
    marker.lines().find_map(|line| {
        let value = line.strip_prefix(OPTION_PREFIX)?.strip_prefix("name\t")?;
        Some(value.to_string())
    })
}

/// The options recorded in `dir/.mcp-gen`, with paths resolved against
/// `dir`, for `--regenerate DIR` (`check` for its `--check`).
///
/// # Errors
///
/// [`Error::Usage`] when `dir` has no marker, when the marker records no
/// spec (it was read from standard input), or when a recorded value is not
/// one mcp-gen writes.
pub fn recorded_options(dir: &Path, check: bool) -> Result<Options> {
    let usage = |message: String, help: &str| Error::Usage {
        message,
        help: help.into(),
    };
    let marker = std::fs::read_to_string(dir.join(crate::write::MARKER)).map_err(|_| {
        usage(
            format!(
                "{} holds no crate that mcp-gen generated (no .mcp-gen)",
                dir.display()
            ),
            "name the directory of a generated crate, or generate one with `mcp-gen SPEC -o DIR`",
        )
    })?;
    let mut options = Options {
        spec: PathBuf::new(),
        spec_root: None,
        config: None,
        output: dir.to_path_buf(),
        map: MapOptions::default(),
        force: false,
        strict: false,
        check,
    };
    let mut has_spec = false;
    for line in marker.lines() {
        let Some((key, value)) = line
            .strip_prefix(OPTION_PREFIX)
            .and_then(|rest| rest.split_once('\t'))
        else {
            continue;
        };
        match key {
            "spec" => {
                options.spec = dir.join(value);
                has_spec = true;
            }
            "spec-root" => options.spec_root = Some(dir.join(value)),
            "config" => options.config = Some(dir.join(value)),
            "name" => options.map.name = Some(value.to_string()),
            "get-as" => {
                options.map.get_as = GetAs::ALL
                    .into_iter()
                    .find(|g| g.as_str() == value)
                    .ok_or_else(|| {
                        usage(
                            format!(
                                "{}/.mcp-gen records `get-as {value}`, which mcp-gen does not know",
                                dir.display()
                            ),
                            "regenerate with the spec and options spelled out once",
                        )
                    })?;
            }
            _ => {}
        }
    }
    if !has_spec {
        return Err(usage(
            format!(
                "{}/.mcp-gen records no spec: it was read from standard input, or by an older mcp-gen",
                dir.display()
            ),
            "regenerate with the spec spelled out once (`mcp-gen SPEC -o DIR ...`); later runs can use --regenerate",
        ));
    }
    Ok(options)
}

/// `path` relative to the directory `dir`, both taken from the current
/// directory; `/` separated, for the marker and the README.
fn relative(dir: &Path, path: &Path) -> String {
    let absolute = |p: &Path| lexical(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let (from, to) = (absolute(dir), absolute(path));
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".into(); from.components().count() - common];
    parts.extend(
        to.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// A word as a POSIX shell reads it: quoted when it holds anything but
/// plain path characters.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(spec: &str, output: &str) -> Options {
        Options {
            spec: PathBuf::from(spec),
            spec_root: None,
            config: None,
            output: PathBuf::from(output),
            map: MapOptions::default(),
            force: false,
            strict: false,
            check: false,
        }
    }

    #[test]
    fn paths_are_relative_to_the_crate() {
        assert_eq!(
            relative(Path::new("out/server"), Path::new("specs/api.yaml")),
            "../../specs/api.yaml"
        );
        assert_eq!(
            relative(Path::new("."), Path::new("./specs/../api.yaml")),
            "api.yaml"
        );
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), ".");
    }

    #[test]
    fn the_record_round_trips_through_the_marker_and_spells_the_command() {
        let mut given = options("specs/api.yaml", "out/srv");
        given.map.name = Some("my server".into());
        given.map.get_as = GetAs::Tools;
        let recorded = Recorded::of(&given, Some(Path::new("specs/mcp-gen.toml")));
        assert_eq!(
            recorded.command(),
            "mcp-gen ../../specs/api.yaml -o . --config ../../specs/mcp-gen.toml --name 'my server' --get-as tools"
        );
        let dir = std::env::temp_dir().join(format!("mcp-gen-recorded-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(crate::write::MARKER),
            format!("# marker\nsrc/a.rs\n{}", recorded.marker_lines()),
        )
        .unwrap();
        let back = recorded_options(&dir, true).unwrap();
        assert_eq!(back.spec, dir.join("../../specs/api.yaml"));
        assert_eq!(back.config, Some(dir.join("../../specs/mcp-gen.toml")));
        assert_eq!(
            (back.map.name.as_deref(), back.map.get_as, back.check),
            (Some("my server"), GetAs::Tools, true)
        );
        std::fs::write(
            dir.join(crate::write::MARKER),
            "# marker\noption\tget-as\tresources\n",
        )
        .unwrap();
        let Err(Error::Usage { message, .. }) = recorded_options(&dir, false) else {
            panic!("a marker without a spec was accepted");
        };
        assert!(message.contains("records no spec"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_spec_from_stdin_is_not_recorded() {
        let recorded = Recorded::of(&options("-", "out"), None);
        assert!(!recorded.marker_lines().contains("spec"));
        assert_eq!(recorded.command(), "mcp-gen SPEC -o .");
    }
}
