//! The optimizer playground for the page: a handle that holds the surface, its sampled grid
//! (computed once per surface) and the computed paths, and draws the contour layer, the path
//! layer (every animation frame) and the lr strip.

use crate::charts::{self, ContourLayout, LrSeries, PathLayer, PathTrace, PlaygroundView};
use crate::optim::OptimizerConfig;
use crate::playground::{contour_grid, run_path, Grid, Path, PathSpec, PathStop, Preset, Surface};
use crate::schedule::SchedulerConfig;
use crate::web::convert::{from_js, to_js};
use crate::web::draw::backend::WebBackend;
use crate::web::draw::canvas::MeasuredCanvas;
use crate::web::draw::playground_canvas::BitmapCanvas;
use crate::web::draw::render::{draw_on, Target};
use crate::Error;
use js_sys::Float64Array;
use plotters::prelude::IntoDrawingArea;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Points per side of the grid the contours are interpolated from.
const GRID_SIDE: usize = 241;
/// Most paths drawn side by side.
pub const MAX_PATHS: usize = 8;
/// Most steps a playground path may take (the core allows more; the page animates these).
pub const MAX_STEPS: usize = 10_000;

/// What the page asks for: a surface, a start, and the paths.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Setup {
    surface: Surface,
    start: Option<(f64, f64)>,
    paths: Vec<PathSetup>,
}

/// One path: its legend name, palette colour, optimizer, scheduler and step count.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathSetup {
    name: String,
    color: usize,
    optimizer: OptimizerConfig,
    schedule: Option<SchedulerConfig>,
    steps: usize,
}

/// What became of one path.
#[derive(Serialize)]
struct Outcome {
    error: Option<String>,
    stop: Option<PathStop>,
    message: Option<String>,
    steps: usize,
}

/// The playground's state in WebAssembly memory.
#[wasm_bindgen]
pub struct Playground {
    surface: Surface,
    start: (f64, f64),
    paths: Vec<(PathSetup, Path)>,
    grid: Option<(Surface, Grid)>,
    layout: Option<ContourLayout>,
}

impl Default for Playground {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Playground {
    /// An empty playground on the ill-conditioned bowl.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        Playground {
            surface: Surface::Quadratic,
            start: Surface::Quadratic.start(),
            paths: Vec::new(),
            grid: None,
            layout: None,
        }
    }

    /// Runs every path of `setup` (`{surface, start: [x, y] | null, paths: [{name, color,
    /// optimizer, schedule, steps}]}`) and returns `[{error, stop, message, steps}]`, one per
    /// path. When any path has an error (PyTorch's message for a keyword it refuses) the
    /// playground keeps its previous paths.
    ///
    /// # Errors
    /// A `JsError` for a malformed setup (serde's message), more than 8 paths, or a start
    /// that is not finite.
    pub fn run(&mut self, setup: JsValue) -> Result<JsValue, JsError> {
        let setup: Setup = from_js(setup, "playground")?;
        if setup.paths.len() > MAX_PATHS {
            return Err(Error::Config(format!(
                "the playground draws at most {MAX_PATHS} paths, got {}",
                setup.paths.len()
            ))
            .into());
        }
        let start = setup.start.unwrap_or_else(|| setup.surface.start());
        if !(start.0.is_finite() && start.1.is_finite()) {
            return Err(Error::Config(format!("the start must be finite, got {start:?}")).into());
        }
        let mut outcomes = Vec::with_capacity(setup.paths.len());
        let mut runs = Vec::with_capacity(setup.paths.len());
        for p in setup.paths {
            let result = if p.steps == 0 || p.steps > MAX_STEPS {
                Err(Error::Config(format!(
                    "steps must be 1 to {MAX_STEPS}, got {}",
                    p.steps
                )))
            } else {
                run_path(&PathSpec {
                    surface: setup.surface,
                    start: Some(start),
                    optimizer: p.optimizer.clone(),
                    schedule: p.schedule.clone(),
                    steps: p.steps,
                })
            };
            match result {
                Ok(path) => {
                    outcomes.push(Outcome {
                        error: None,
                        stop: Some(path.stop),
                        message: Some(path.stop.message()),
                        steps: path.points.len() - 1,
                    });
                    runs.push((p, path));
                }
                Err(e) => outcomes.push(Outcome {
                    error: Some(e.to_string()),
                    stop: None,
                    message: None,
                    steps: 0,
                }),
            }
        }
        if outcomes.iter().all(|o| o.error.is_none()) {
            self.surface = setup.surface;
            self.start = start;
            self.paths = runs;
        }
        to_js(&outcomes)
    }

    /// The most steps any path takes (its last point's index).
    pub fn longest(&self) -> usize {
        self.paths
            .iter()
            .map(|(_, p)| p.points.len().saturating_sub(1))
            .max()
            .unwrap_or(0)
    }

    /// The step count the paths were asked for (the lr strip's x range).
    pub fn planned(&self) -> usize {
        self.paths.iter().map(|(s, _)| s.steps).max().unwrap_or(0)
    }

    /// Point `step` of path `index` (its last one past its end) as `{step, x, y, loss, lr}`,
    /// or `null` for a path that does not exist.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn point(&self, index: usize, step: usize) -> Result<JsValue, JsError> {
        let Some((_, path)) = self.paths.get(index) else {
            return Ok(JsValue::NULL);
        };
        let k = step.min(path.points.len().saturating_sub(1));
        #[derive(Serialize)]
        struct At {
            step: usize,
            x: f64,
            y: f64,
            loss: f64,
            lr: f64,
        }
        match path.points.get(k) {
            Some(p) => to_js(&At {
                step: k,
                x: p.x,
                y: p.y,
                loss: p.loss,
                lr: p.lr,
            }),
            None => Ok(JsValue::NULL),
        }
    }

    /// Path `index` as `[x, y, loss, lr]` per point, flattened (for the data table).
    pub fn points(&self, index: usize) -> Float64Array {
        let flat: Vec<f64> = self
            .paths
            .get(index)
            .map(|(_, p)| {
                p.points
                    .iter()
                    .flat_map(|q| [q.x, q.y, q.loss, q.lr])
                    .collect()
            })
            .unwrap_or_default();
        Float64Array::from(flat.as_slice())
    }

    /// Draws the surface as filled contours filling `canvas` (a [`PlaygroundView`] as a plain
    /// object) and returns its layout `{plot, x, y, pixel_ratio}`.
    ///
    /// # Errors
    /// A `JsError` for invalid view settings or a canvas without a 2d context.
    pub fn draw_surface(
        &mut self,
        canvas: HtmlCanvasElement,
        view: JsValue,
    ) -> Result<JsValue, JsError> {
        let view: PlaygroundView = from_js(view, "view")?;
        let surface = self.surface;
        let grid = self.grid()?;
        let root = WebBackend::from(BitmapCanvas::new(canvas)?).into_drawing_area();
        let layout = charts::draw_surface(&root, surface, grid, &view)?;
        self.layout = Some(layout);
        to_js(&layout)
    }

    /// The whole stage (contours, colour bar and the paths up to `step`) as an SVG document of
    /// `width` x `height` CSS pixels: `{plot, x, y, pixel_ratio, svg}`. The on-screen layers are
    /// untouched.
    ///
    /// # Errors
    /// A `JsError` for invalid view settings or a side of 0 or above 16384.
    pub fn draw_svg(
        &mut self,
        width: u32,
        height: u32,
        step: usize,
        view: JsValue,
    ) -> Result<JsValue, JsError> {
        let target = Target::svg(width, height)?;
        let view: PlaygroundView = from_js(view, "view")?;
        let surface = self.surface;
        let layer = self.path_layer(step, None);
        let grid = self.grid()?;
        draw_on!(target, BitmapCanvas, |root| charts::draw_playground(
            &root, surface, grid, &layer, &view
        )?)
    }

    /// Draws the paths up to `step` on `canvas` (the transparent layer over the contours; the
    /// page clears it first), with the keyboard cursor at `cursor` (`[x, y]` or null).
    ///
    /// # Errors
    /// A `JsError` for invalid view settings, a malformed cursor, or before `draw_surface`.
    pub fn draw_paths(
        &self,
        canvas: HtmlCanvasElement,
        step: usize,
        cursor: JsValue,
        view: JsValue,
    ) -> Result<(), JsError> {
        let view: PlaygroundView = from_js(view, "view")?;
        let cursor: Option<(f64, f64)> = from_js(cursor, "cursor")?;
        let layout = self
            .layout
            .ok_or_else(|| JsError::new("draw the surface before the paths"))?;
        let layer = self.path_layer(step, cursor);
        let root = WebBackend::from(MeasuredCanvas::new(canvas)?).into_drawing_area();
        charts::draw_paths(&root, &layout, &layer, &view)?;
        Ok(())
    }

    /// Draws the lr strip with the paths' learning rates up to `step`; returns its
    /// `ChartLayout` (for the page's hover readout).
    ///
    /// # Errors
    /// A `JsError` for invalid view settings or a canvas without a 2d context.
    pub fn draw_lr(
        &self,
        canvas: HtmlCanvasElement,
        step: usize,
        view: JsValue,
    ) -> Result<JsValue, JsError> {
        lr_strip_on(self, Target::Canvas(canvas), step, view)
    }

    /// [`Playground::draw_lr`] as an SVG document of `width` x `height` CSS pixels: the layout
    /// with the document in its `svg` field.
    ///
    /// # Errors
    /// As [`Playground::draw_lr`], or a side of 0 or above 16384.
    pub fn draw_lr_svg(
        &self,
        width: u32,
        height: u32,
        step: usize,
        view: JsValue,
    ) -> Result<JsValue, JsError> {
        lr_strip_on(self, Target::svg(width, height)?, step, view)
    }
}

#[derive(Serialize)]
struct SurfaceInfo {
    id: Surface,
    label: &'static str,
    formula: &'static str,
    view: crate::playground::ViewBox,
    start: (f64, f64),
    minima: Vec<crate::playground::Minimum>,
}

/// Every surface as `[{id, label, formula, view: {x_min, x_max, y_min, y_max}, start: [x, y],
/// minima: [{x, y, value}]}]`, in menu order.
///
/// # Errors
/// Never in practice (serialising plain values).
#[wasm_bindgen]
pub fn playground_surfaces() -> Result<JsValue, JsError> {
    let all: Vec<SurfaceInfo> = Surface::ALL
        .iter()
        .map(|&s| SurfaceInfo {
            id: s,
            label: s.label(),
            formula: s.formula(),
            view: s.view(),
            start: s.start(),
            minima: s.minima(),
        })
        .collect();
    to_js(&all)
}

#[derive(Serialize)]
struct PresetInfo {
    id: Preset,
    label: &'static str,
    explanation: &'static str,
    spec: PathSpec,
}

/// Every preset as `[{id, label, explanation, spec: {surface, start, optimizer, schedule,
/// steps}}]`.
///
/// # Errors
/// Never in practice (serialising plain values).
#[wasm_bindgen]
pub fn playground_presets() -> Result<JsValue, JsError> {
    let all: Vec<PresetInfo> = Preset::ALL
        .iter()
        .map(|&p| PresetInfo {
            id: p,
            label: p.label(),
            explanation: p.explanation(),
            spec: p.spec(),
        })
        .collect();
    to_js(&all)
}

fn lr_strip_on(
    pg: &Playground,
    target: Target,
    step: usize,
    view: JsValue,
) -> Result<JsValue, JsError> {
    let view: PlaygroundView = from_js(view, "view")?;
    let series: Vec<LrSeries> = pg
        .paths
        .iter()
        .map(|(s, p)| LrSeries {
            name: s.name.clone(),
            color: s.color,
            lrs: p.points.iter().map(|q| q.lr).collect(),
        })
        .collect();
    draw_on!(target, MeasuredCanvas, |root| charts::draw_playground_lr(
        &root,
        &series,
        step,
        pg.planned(),
        &view
    )?)
}

impl Playground {
    /// The surface's contour grid, sampled once per surface.
    fn grid(&mut self) -> Result<&Grid, Error> {
        let surface = self.surface;
        if !matches!(&self.grid, Some((s, _)) if *s == surface) {
            let g = contour_grid(surface, &surface.view(), (GRID_SIDE, GRID_SIDE), false)?;
            self.grid = Some((surface, g));
        }
        self.grid
            .as_ref()
            .map(|(_, g)| g)
            .ok_or_else(|| Error::Config("the surface has no contour grid".into()))
    }

    /// The paths up to `step` as the path layer draws them.
    fn path_layer(&self, step: usize, cursor: Option<(f64, f64)>) -> PathLayer {
        PathLayer {
            traces: self
                .paths
                .iter()
                .map(|(s, p)| PathTrace {
                    points: p.points.iter().map(|q| (q.x, q.y)).collect(),
                    color: s.color,
                    stopped: p.stop != PathStop::Completed,
                })
                .collect(),
            step,
            start: self.start,
            cursor,
        }
    }
}
