//! `lrlab plot FILE|- --svg OUT` (or `--png OUT`): draws the lab's charts natively, for slides
//! and printed notes, with the same plotters code the page draws with.
//!
//! The input is one of
//! - a chart's JSON download from the page (`{"lrlab": "chart", ..., "figure": {...}}`), or its
//!   `figure` alone: `{"figure": "schedule", "chart": ScheduleChart}` (the exact chart the page
//!   drew) or `{"figure": "training", "chart": "loss"|"lr"|"epochs"|"update-ratio", "view":
//!   TrainingView, "runs": [{"name", "color", "config": TrainConfig}]}` (trained again
//!   natively, seeded, so the curves are the page's; the update-to-weight ratio is one run's,
//!   the first);
//! - a chart that carries its data (`{"figure": "tip-curves" | "tip-bars" | "tip-heatmap" |
//!   "landscape" | "landscape-pair" | "confusion", "chart": {...}}`, see [`super::plot_charts`]):
//!   the Tips, Landscape and Snapshots charts and the Train panel's confusion matrix, drawn from
//!   the numbers the page exported, without running the experiment again;
//! - a schedule spec as `lrlab schedule` reads it, or a list of them (a comparison);
//! - a training config as `lrlab train` reads it (the Train panel's "Export config"): trained,
//!   then drawn as four charts (loss, validation, learning rate, update-to-weight ratio).
//!
//! `--width` and `--height` set the size in CSS pixels (default 800 x 500, 1200 x 900 for the
//! four training charts); a PNG has twice as many pixels each way (`--scale` to change).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};
use serde::Deserialize;
use serde_json::Value;

use super::data::load_data;
use super::plot_charts::{self, DataChart};
use super::raster::svg_to_png;
use super::read_input;
use crate::charts::{self, ScheduleChart, ScheduleSeries, TrainingRun, TrainingView};
use crate::schedule::{simulate, ScheduleSpec};
use crate::train::TrainConfig;
use crate::{Error, Result};

const USAGE: &str =
    "usage: lrlab plot FILE|- (--svg OUT | --png OUT) [--width W] [--height H] [--scale S]";

/// The Train panel's charts a training figure can name, as its downloads name them.
pub const TRAINING_CHARTS: [&str; 4] = ["loss", "lr", "epochs", "update-ratio"];

/// What to draw, decoded from the input.
#[derive(Debug)]
pub enum Figure {
    /// A schedule chart exactly as given.
    Schedule(Box<ScheduleChart>),
    /// One training chart ([`TRAINING_CHARTS`]) of the runs, trained natively.
    Training {
        /// Which chart.
        chart: String,
        /// Axis and smoothing settings.
        view: TrainingView,
        /// The runs to train and draw.
        runs: Vec<PlotRun>,
    },
    /// The four training charts of one run.
    Dashboard(Box<PlotRun>),
    /// A chart drawn from the data it carries.
    Data(Box<DataChart>),
}

/// One run to train for a training figure.
#[derive(Debug, Clone, Deserialize)]
pub struct PlotRun {
    /// Legend text.
    #[serde(default = "default_name")]
    pub name: String,
    /// Palette index.
    #[serde(default)]
    pub color: usize,
    /// The configuration, as `lrlab train` reads it.
    pub config: TrainConfig,
}

fn default_name() -> String {
    "run 1".into()
}

/// Command-line options after the input path.
#[derive(Debug, Clone, PartialEq)]
struct Options {
    out: String,
    png: bool,
    size: Option<(u32, u32)>,
    scale: f32,
}

/// Runs the subcommand (`args` are the words after `plot`); returns the summary line to print.
///
/// # Errors
/// Bad arguments, an unreadable or unrecognised input, a config PyTorch would reject, a diverged
/// run, or an output that cannot be written.
pub fn run(args: &[String]) -> Result<String> {
    let (path, options) = parse_args(args)?;
    let figure = decode(&read_input(path)?)?;
    let (width, height) = options.size.unwrap_or_else(|| default_size(&figure));
    let svg = render_svg(&figure, width, height)?;
    let (bytes, what) = if options.png {
        let png = svg_to_png(&svg, options.scale)?;
        let (w, h) = scaled(width, height, options.scale);
        (png, format!("PNG {w}x{h}"))
    } else {
        (svg.into_bytes(), format!("SVG {width}x{height}"))
    };
    std::fs::write(&options.out, &bytes)
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", options.out)))?;
    Ok(format!(
        "wrote {} ({what}, {} bytes)",
        options.out,
        bytes.len()
    ))
}

/// The pixel size of a PNG drawn at `scale`.
pub fn scaled(width: u32, height: u32, scale: f32) -> (u32, u32) {
    let s = |v: u32| (v as f32 * scale).round().max(1.0) as u32;
    (s(width), s(height))
}

fn parse_args(args: &[String]) -> Result<(&str, Options)> {
    let usage = || Error::Config(USAGE.into());
    let (path, rest) = args.split_first().ok_or_else(usage)?;
    let mut options = Options {
        out: String::new(),
        png: false,
        size: None,
        scale: 2.0,
    };
    let (mut width, mut height) = (None, None);
    let mut words = rest.iter();
    while let Some(flag) = words.next() {
        let value = words.next().ok_or_else(usage)?;
        let number = |name: &str, max: f64| -> Result<f64> {
            match value.parse::<f64>() {
                Ok(v) if v > 0.0 && v <= max && v.is_finite() => Ok(v),
                _ => Err(Error::InvalidArgument(format!(
                    "{name} must be a number in (0, {max}], got {value:?}"
                ))),
            }
        };
        match flag.as_str() {
            "--svg" | "--png" if options.out.is_empty() => {
                options.out = value.clone();
                options.png = flag == "--png";
            }
            "--width" => width = Some(number("--width", 16_384.0)?.round() as u32),
            "--height" => height = Some(number("--height", 16_384.0)?.round() as u32),
            "--scale" => options.scale = number("--scale", 8.0)? as f32,
            _ => return Err(usage()),
        }
    }
    if options.out.is_empty() {
        return Err(usage());
    }
    options.size = match (width, height) {
        (None, None) => None,
        (w, h) => Some((w.unwrap_or(800), h.unwrap_or(500))),
    };
    Ok((path, options))
}

/// Recognises the input (see the module docs).
///
/// # Errors
/// Malformed JSON or an input that is none of the accepted shapes.
pub fn decode(input: &str) -> Result<Figure> {
    let mut value: Value = serde_json::from_str(input)?;
    if value.get("lrlab").and_then(Value::as_str) == Some("chart") {
        value = value
            .get("figure")
            .cloned()
            .filter(|f| !f.is_null())
            .ok_or_else(|| Error::Config("this chart download has no figure to plot".into()))?;
    }
    match value.get("figure").and_then(Value::as_str) {
        Some("schedule") => {
            let chart = value.get("chart").cloned().unwrap_or(Value::Null);
            Ok(Figure::Schedule(Box::new(serde_json::from_value(chart)?)))
        }
        Some("training") => {
            #[derive(Deserialize)]
            struct Training {
                chart: String,
                #[serde(default)]
                view: TrainingView,
                runs: Vec<PlotRun>,
            }
            let t: Training = serde_json::from_value(value)?;
            if !TRAINING_CHARTS.contains(&t.chart.as_str()) {
                return Err(Error::Config(format!(
                    "unknown training chart {:?}: expected one of {}",
                    t.chart,
                    TRAINING_CHARTS.join(", ")
                )));
            }
            if t.runs.is_empty() {
                return Err(Error::Config(
                    "a training figure needs at least one run".into(),
                ));
            }
            Ok(Figure::Training {
                chart: t.chart,
                view: t.view,
                runs: t.runs,
            })
        }
        Some(kind) => {
            let chart = value.get("chart").cloned().unwrap_or(Value::Null);
            match plot_charts::decode(kind, chart) {
                Some(decoded) => Ok(Figure::Data(Box::new(decoded?))),
                None => Err(Error::Config(format!(
                    "unknown figure {kind:?}: expected \"schedule\", \"training\" or one of {}",
                    plot_charts::KINDS.join(", ")
                ))),
            }
        }
        None if value.is_array() || value.get("scheduler").is_some() => {
            let specs: Vec<ScheduleSpec> = match value {
                Value::Array(_) => serde_json::from_value(value)?,
                one => vec![serde_json::from_value(one)?],
            };
            Ok(Figure::Schedule(Box::new(comparison(&specs)?)))
        }
        None => Ok(Figure::Dashboard(Box::new(PlotRun {
            name: default_name(),
            color: 0,
            config: serde_json::from_value(value)?,
        }))),
    }
}

/// The schedule chart of `specs` side by side, one palette colour each.
///
/// # Errors
/// No spec, or a spec PyTorch would reject (its message).
pub fn comparison(specs: &[ScheduleSpec]) -> Result<ScheduleChart> {
    if specs.is_empty() {
        return Err(Error::Config("no schedule to plot".into()));
    }
    let series = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let curve = simulate(spec)?;
            Ok(ScheduleSeries {
                name: spec.scheduler.name().to_string(),
                color: i,
                lr: curve.lr,
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ScheduleChart {
        series,
        ..Default::default()
    })
}

fn default_size(figure: &Figure) -> (u32, u32) {
    match figure {
        Figure::Dashboard(_) => (1200, 900),
        Figure::Data(chart) => plot_charts::default_size(chart),
        _ => (800, 500),
    }
}

/// `figure` as an SVG document of `width` x `height`.
///
/// # Errors
/// Invalid chart settings, a config PyTorch would reject, or a diverged run.
pub fn render_svg(figure: &Figure, width: u32, height: u32) -> Result<String> {
    // Trained before drawing: the backend borrows the output string while it lives.
    let runs: Vec<TrainingRun> = match figure {
        Figure::Schedule(_) | Figure::Data(_) => Vec::new(),
        Figure::Training { runs, .. } => runs.iter().map(train_run).collect::<Result<_>>()?,
        Figure::Dashboard(run) => vec![train_run(run)?],
    };
    if let Figure::Dashboard(_) = figure {
        return dashboard(&runs, width, height);
    }
    one_svg(width, height, |root| draw(root, figure, &runs))
}

/// One chart as an SVG document; `paint` draws on the whole area.
fn one_svg(
    width: u32,
    height: u32,
    paint: impl FnOnce(&DrawingArea<charts::RectBitmaps<SVGBackend>, Shift>) -> Result<()>,
) -> Result<String> {
    let mut svg = String::new();
    {
        // Bitmaps (a landscape's contours) as runs of rectangles, as the page's SVG export has them.
        let root = charts::RectBitmaps(SVGBackend::with_string(&mut svg, (width, height)))
            .into_drawing_area();
        paint(&root)?;
        root.present()
            .map_err(|e| Error::Io(format!("cannot finish the SVG: {e}")))?;
    }
    Ok(svg)
}

/// The four training charts of `runs[0]` in a 2 x 2 grid. Each chart presents (closes) its own
/// drawing, so each is its own document, nested in the grid at its place.
fn dashboard(runs: &[TrainingRun], width: u32, height: u32) -> Result<String> {
    let refs: Vec<&TrainingRun> = runs.iter().collect();
    let view = TrainingView::default();
    // A gutter, so one chart's right-axis title does not touch the next one's y title.
    const GUTTER: u32 = 32;
    let (w, h) = (
        (width.saturating_sub(GUTTER) / 2).max(1),
        (height.saturating_sub(GUTTER) / 2).max(1),
    );
    let cells = [
        one_svg(w, h, |a| charts::draw_loss_chart(a, &refs, &view).map(drop))?,
        one_svg(w, h, |a| {
            charts::draw_epoch_chart(a, &refs, &view).map(drop)
        })?,
        one_svg(w, h, |a| charts::draw_lr_chart(a, &refs, &view).map(drop))?,
        one_svg(w, h, |a| {
            charts::draw_update_ratio_chart(a, refs.first().copied(), &view).map(drop)
        })?,
    ];
    let mut out = format!(
        r#"<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">"#
    );
    out.push('\n');
    for (i, cell) in cells.iter().enumerate() {
        let (x, y) = ((i as u32 % 2) * (w + GUTTER), (i as u32 / 2) * (h + GUTTER));
        out.push_str(&cell.replacen("<svg ", &format!(r#"<svg x="{x}" y="{y}" "#), 1));
    }
    out.push_str("</svg>\n");
    Ok(out)
}

fn draw<DB: plotters::prelude::DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    figure: &Figure,
    runs: &[TrainingRun],
) -> Result<()> {
    let refs: Vec<&TrainingRun> = runs.iter().collect();
    match figure {
        Figure::Schedule(chart) => {
            charts::draw_schedule_chart(root, chart)?;
        }
        Figure::Training { chart, view, .. } => {
            match chart.as_str() {
                "lr" => charts::draw_lr_chart(root, &refs, view)?,
                "epochs" => charts::draw_epoch_chart(root, &refs, view)?,
                // One run's layers (the page draws the run whose details are shown).
                "update-ratio" => {
                    charts::draw_update_ratio_chart(root, refs.first().copied(), view)?
                }
                _ => charts::draw_loss_chart(root, &refs, view)?,
            };
        }
        Figure::Data(chart) => plot_charts::draw(root, chart)?,
        // Drawn cell by cell by `dashboard`.
        Figure::Dashboard(_) => {}
    }
    Ok(())
}

/// Trains `run` natively to the end (a diverged run keeps what it recorded, marked).
fn train_run(run: &PlotRun) -> Result<TrainingRun> {
    let config = &run.config;
    config.validate()?;
    let (pool, test) = load_data(&config.data)?;
    let mut trainer = config.build(&pool, test.as_ref())?;
    let mut diverged_at = None;
    while !trainer.is_done() {
        match trainer.run(trainer.iterations_per_epoch()) {
            Ok(_) => {}
            Err(Error::Diverged { iteration, .. }) => {
                diverged_at = Some(iteration);
                break;
            }
            Err(e) => return Err(e),
        }
    }
    let layers = trainer
        .model()
        .sizes()
        .windows(2)
        .enumerate()
        .map(|(l, w)| format!("layer {}: {}→{}", l + 1, w[0], w[1]))
        .collect();
    Ok(TrainingRun {
        name: run.name.clone(),
        color: run.color,
        history: trainer.history().clone(),
        iterations_per_epoch: trainer.iterations_per_epoch(),
        layers,
        diverged_at,
        stride: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn parses_outputs_sizes_and_scale() {
        let a = args(&["-", "--png", "o.png", "--width", "640", "--scale", "3"]);
        let (path, o) = parse_args(&a).expect("parses");
        assert_eq!(path, "-");
        assert!(o.png);
        assert_eq!(o.size, Some((640, 500)));
        assert_eq!(o.scale, 3.0);
        for bad in [
            &["-"][..],
            &["-", "--svg"],
            &["-", "--svg", "a", "--png", "b"],
            &["-", "--svg", "a", "--width", "0"],
            &["-", "--svg", "a", "--width", "wide"],
            &["-", "--svg", "a", "--frob", "1"],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn recognises_every_input_shape() {
        let spec = r#"{"scheduler":"StepLR","lr":0.1,"step_size":30,"steps":100}"#;
        assert!(matches!(decode(spec), Ok(Figure::Schedule(_))));
        let two = format!(
            "[{spec}, {}]",
            spec.replace("StepLR", "ExponentialLR")
                .replace("\"step_size\":30", "\"gamma\":0.95")
        );
        match decode(&two) {
            Ok(Figure::Schedule(c)) => {
                assert_eq!(c.series.len(), 2);
                assert_eq!(c.series[1].name, "ExponentialLR");
                assert_eq!(c.series[1].color, 1);
            }
            other => panic!("{other:?}"),
        }
        let wrapped = r#"{"lrlab":"chart","figure":{"figure":"schedule","chart":{"series":[{"name":"a","lr":[1,0.5]}]}}}"#;
        assert!(matches!(decode(wrapped), Ok(Figure::Schedule(_))));
        let training = r#"{"figure":"training","chart":"lr","runs":[{"config":{"epochs":1}}]}"#;
        assert!(matches!(decode(training), Ok(Figure::Training { .. })));
        assert!(matches!(
            decode(r#"{"epochs":1}"#),
            Ok(Figure::Dashboard(_))
        ));
    }

    #[test]
    fn refuses_what_it_cannot_draw() {
        for bad in [
            r#"{"lrlab":"chart","figure":null}"#,
            r#"{"figure":"pie"}"#,
            r#"{"figure":"training","chart":"pie","runs":[{"config":{}}]}"#,
            r#"{"figure":"training","chart":"lr","runs":[]}"#,
            r#"[]"#,
            r#"{"scheduler":"StepLR","lr":0.1,"step_size":0,"steps":10}"#,
            "not json",
        ] {
            let err = decode(bad).and_then(|f| render_svg(&f, 400, 300).map(|_| ()));
            assert!(err.is_err(), "{bad}");
        }
    }

    #[test]
    fn draws_one_runs_update_ratio_per_layer() {
        let f = decode(
            r#"{"figure":"training","chart":"update-ratio","runs":[{"name":"sgd","config":{"epochs":1,"model":{"hidden":[32]},"data":{"train_size":256,"val_size":64}}}]}"#,
        )
        .expect("decodes");
        let svg = render_svg(&f, 640, 400).expect("draws");
        assert!(svg.contains("ratio"), "the axis names the ratio");
        // One line per weight matrix: the hidden layer and the output layer.
        assert!(svg.contains("layer 1") && svg.contains("layer 2"), "{svg}");
    }

    #[test]
    fn draws_a_schedule_comparison_as_svg() {
        let f = decode(r#"[{"scheduler":"StepLR","lr":0.1,"step_size":3,"steps":10}]"#)
            .expect("decodes");
        let svg = render_svg(&f, 640, 400).expect("draws");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"width="640""#) && svg.contains(r#"height="400""#));
        assert!(svg.contains("StepLR"));
        assert!(svg.contains("<polyline") || svg.contains("<path"));
    }
}
