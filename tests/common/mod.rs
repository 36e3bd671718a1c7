//! What the malformed-spec and fuzz-regression suites share: a scratch
//! directory, and one run of the built mcp-gen with a time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mcp-gen");

/// A run that takes longer than this is a failure (a hang, or a blow-up).
const TIMEOUT: Duration = Duration::from_secs(120);

/// A temporary directory, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("mcp-gen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one run of mcp-gen did.
pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
    pub output_left: bool,
}

/// Runs `mcp-gen spec -o out`, killing it after [`TIMEOUT`].
pub fn run(spec: &Path, out: &Path) -> Result<Run, String> {
    let mut child = Command::new(BIN)
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {BIN}: {e}"))?;
    // Read stderr on a thread, so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIMEOUT:?}; killed"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Ok(Run {
        code: status.code(),
        stderr: reader.join().unwrap_or_default(),
        output_left: out.exists(),
    })
}
