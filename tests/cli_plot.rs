//! `lrlab plot` as a user runs it: a schedule comparison to SVG and PNG, sizes honoured, bad
//! input refused with a message and a non-zero status.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const SPECS: &str = r#"[{"scheduler":"StepLR","lr":0.1,"step_size":30,"steps":100},
  {"scheduler":"CosineAnnealingLR","lr":0.1,"T_max":100,"steps":100}]"#;

fn plot(dir: &std::path::Path, input: &str, args: &[&str]) -> std::process::Output {
    let spec = dir.join("spec.json");
    std::fs::write(&spec, input).expect("writes the spec");
    Command::new(env!("CARGO_BIN_EXE_lrlab"))
        .arg("plot")
        .arg(&spec)
        .args(args)
        .output()
        .expect("runs lrlab")
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lrlab-cli-plot-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn svg_of_a_schedule_comparison() {
    let dir = temp("svg");
    let out = dir.join("cmp.svg");
    let run = plot(
        &dir,
        SPECS,
        &[
            "--svg",
            out.to_str().unwrap(),
            "--width",
            "640",
            "--height",
            "360",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let svg = std::fs::read_to_string(&out).expect("SVG written");
    // Parses as XML: resvg's parser reads it and reports the document size.
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("parses");
    assert_eq!((tree.size().width(), tree.size().height()), (640.0, 360.0));
    assert!(
        svg.contains("StepLR") && svg.contains("CosineAnnealingLR"),
        "legend text"
    );
}

#[test]
fn png_at_twice_the_size_by_default() {
    let dir = temp("png");
    let out = dir.join("cmp.png");
    let run = plot(
        &dir,
        SPECS,
        &[
            "--png",
            out.to_str().unwrap(),
            "--width",
            "400",
            "--height",
            "250",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("PNG 800x500"));
    let png = resvg::tiny_skia::Pixmap::load_png(&out).expect("decodes");
    assert_eq!((png.width(), png.height()), (800, 500));
    let colours: std::collections::HashSet<_> = png
        .pixels()
        .iter()
        .map(|p| (p.red(), p.green(), p.blue()))
        .collect();
    assert!(
        colours.len() > 20,
        "a drawn chart, not a blank: {} colours",
        colours.len()
    );
}

#[test]
fn refuses_bad_input_and_arguments() {
    let dir = temp("bad");
    let out = dir.join("x.svg");
    let bad = plot(
        &dir,
        r#"{"scheduler":"StepLR","lr":0.1,"step_size":0,"steps":10}"#,
        &["--svg", out.to_str().unwrap()],
    );
    assert!(!bad.status.success());
    assert!(!String::from_utf8_lossy(&bad.stderr).is_empty());
    let no_output = plot(&dir, SPECS, &[]);
    assert!(!no_output.status.success());
    assert!(String::from_utf8_lossy(&no_output.stderr).contains("usage: lrlab"));
}
