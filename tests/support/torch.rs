//! Runs an exported PyTorch script under real torch (from the repository root, where the
//! bundled digits are) and reads the JSON object it prints on each line. `None` (after a note
//! on stderr) on a machine without torch, such as CI.
#![allow(dead_code)]

use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// Whether `python3 -c "import torch"` works.
pub fn torch_available() -> bool {
    Command::new("python3")
        .args(["-c", "import torch"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Writes `script` as `name` in a temporary folder, runs it with `args` and returns its lines
/// parsed as JSON; panics with stderr when it fails. `None` without torch.
pub fn run_script(name: &str, script: &str, args: &[&str]) -> Option<Vec<Value>> {
    run_script_lines(name, script, args).map(|lines| {
        lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    })
}

/// As [`run_script`], the lines as printed.
pub fn run_script_lines(name: &str, script: &str, args: &[&str]) -> Option<Vec<String>> {
    if !torch_available() {
        eprintln!("note: torch is not installed; {name} was not run");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("lrlab-pyscript-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, script).expect("script written");
    let started = Instant::now();
    let out = Command::new("python3")
        .arg(&path)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    // Timings are reported, never asserted.
    eprintln!(
        "{name}: {:.1} s under torch",
        started.elapsed().as_secs_f64()
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name} failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(stdout.lines().map(str::to_string).collect())
}

/// The number after `"key": ` in a printed line, parsed by Rust's correctly rounded `parse`
/// (serde_json's default float parsing may be one ulp off, too coarse for exact checks).
pub fn exact(line: &str, key: &str) -> f64 {
    let start = line
        .find(&format!("\"{key}\": "))
        .unwrap_or_else(|| panic!("no {key} in {line}"))
        + key.len()
        + 4;
    let end = line[start..]
        .find([',', '}'])
        .map_or(line.len(), |e| start + e);
    line[start..end]
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("{key} in {line}: {e}"))
}

/// A number field.
pub fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}
