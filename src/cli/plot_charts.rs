//! The `lrlab plot` figures that carry their data: the page's charts whose numbers come from a
//! long experiment (a Tips comparison, a landscape grid, the Snapshots panel's Figure 1, a
//! confusion matrix) are exported with what they draw, so the CLI draws them again without
//! running anything: `{"figure": "<kind>", "chart": {...}}` with one of the kinds in [`KINDS`].

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::charts::{
    self, ConfusionChart, LandscapeChart, LandscapePair, TipBars, TipCurves, TipHeatmap,
};
use crate::{Error, Result};

/// The figure names this module reads.
pub const KINDS: [&str; 6] = [
    "tip-curves",
    "tip-bars",
    "tip-heatmap",
    "landscape",
    "landscape-pair",
    "confusion",
];

/// A chart with its data, as the page drew it.
#[derive(Debug)]
pub enum DataChart {
    /// Training curves of a tip's runs (or the Snapshots panel's learning rates).
    TipCurves(TipCurves),
    /// One number per run (a tip's search or comparison, the Snapshots panel's scores).
    TipBars(TipBars),
    /// The Tips panel's batch-size × lr heatmap.
    TipHeatmap(TipHeatmap),
    /// A loss landscape with the optimizer's path.
    Landscape(LandscapeChart),
    /// Two landscapes on one figure (the Snapshots panel's Figure 1).
    LandscapePair(LandscapePair),
    /// The Train panel's confusion matrix.
    Confusion(ConfusionChart),
}

/// Reads the `chart` of figure `kind` (one of [`KINDS`]; `None` for any other). The drawing is
/// in SVG user units, so the pixel ratio is always 1 whatever the page's screen had.
///
/// # Errors
/// A `chart` that is not the kind's object.
pub fn decode(kind: &str, chart: Value) -> Option<Result<DataChart>> {
    fn read<T: DeserializeOwned>(kind: &str, chart: Value) -> Result<T> {
        serde_json::from_value(chart)
            .map_err(|e| Error::Config(format!("the {kind:?} figure's chart: {e}")))
    }
    let decoded = match kind {
        "tip-curves" => read(kind, chart).map(|mut c: TipCurves| {
            c.view.pixel_ratio = 1.0;
            DataChart::TipCurves(c)
        }),
        "tip-bars" => read(kind, chart).map(|mut c: TipBars| {
            c.pixel_ratio = 1.0;
            DataChart::TipBars(c)
        }),
        "tip-heatmap" => read(kind, chart).map(|mut c: TipHeatmap| {
            c.pixel_ratio = 1.0;
            DataChart::TipHeatmap(c)
        }),
        "landscape" => read(kind, chart).map(|mut c: LandscapeChart| {
            c.pixel_ratio = 1.0;
            DataChart::Landscape(c)
        }),
        "landscape-pair" => read(kind, chart).map(|mut c: LandscapePair| {
            c.left.pixel_ratio = 1.0;
            c.right.pixel_ratio = 1.0;
            DataChart::LandscapePair(c)
        }),
        "confusion" => read(kind, chart).map(|mut c: ConfusionChart| {
            c.pixel_ratio = 1.0;
            DataChart::Confusion(c)
        }),
        _ => return None,
    };
    Some(decoded)
}

/// The size the figure is drawn at when the command line gives none, in CSS pixels.
pub fn default_size(chart: &DataChart) -> (u32, u32) {
    match chart {
        DataChart::Landscape(_) => (800, 640),
        DataChart::LandscapePair(_) => (1200, 560),
        DataChart::Confusion(_) => (600, 600),
        _ => (800, 500),
    }
}

/// Draws `chart` on `root`.
///
/// # Errors
/// Invalid chart settings or data (the chart's own checks), or a failing backend.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &DataChart) -> Result<()> {
    match chart {
        DataChart::TipCurves(c) => charts::draw_tip_curves(root, c).map(drop),
        DataChart::TipBars(c) => charts::draw_tip_bars(root, c).map(drop),
        DataChart::TipHeatmap(c) => charts::draw_tip_heatmap(root, c).map(drop),
        DataChart::Landscape(c) => charts::draw_landscape(root, c).map(drop),
        DataChart::LandscapePair(c) => charts::draw_landscape_pair(root, c).map(drop),
        DataChart::Confusion(c) => charts::draw_confusion_matrix(root, c).map(drop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_each_kind_and_draws_at_one_pixel_per_unit() {
        let charts = [
            (
                "tip-curves",
                json!({"kind": "lr", "runs": [{"name": "a", "loss": [1, 0.5], "lrs": [0.1, 0.05], "iterations_per_epoch": 1}], "pixel_ratio": 2}),
            ),
            (
                "tip-bars",
                json!({"bars": [{"label": "a", "value": 0.5}], "y_title": "loss", "pixel_ratio": 2}),
            ),
            (
                "tip-heatmap",
                json!({"rows": ["32", "64"], "cols": ["0.01", "0.1"], "values": [0.5, 0.4, 0.6, null], "diverged": [false, false, false, true], "best": [false, true, true, false]}),
            ),
            (
                "landscape",
                json!({"x": [0, 1], "y": [0, 1], "values": [1, 2, 3, 4], "pixel_ratio": 3}),
            ),
            ("confusion", json!({"counts": [5, 1, 0, 4], "classes": 2})),
        ];
        for (kind, chart) in charts {
            let decoded = decode(kind, chart).expect("a known kind");
            let chart = decoded.unwrap_or_else(|e| panic!("{kind}: {e}"));
            if let DataChart::Landscape(c) = &chart {
                assert_eq!(c.pixel_ratio, 1.0);
            }
            let mut svg = String::new();
            {
                use plotters::prelude::{IntoDrawingArea, SVGBackend};
                let root = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
                draw(&root, &chart).unwrap_or_else(|e| panic!("{kind}: {e}"));
            }
            assert!(svg.contains("<svg"), "{kind}");
        }
        assert!(decode("pie", json!({})).is_none());
    }

    #[test]
    fn a_malformed_chart_is_an_error() {
        assert!(matches!(
            decode("tip-bars", json!({"bars": "many"})),
            Some(Err(_))
        ));
        assert!(matches!(decode("landscape", json!([1, 2])), Some(Err(_))));
    }
}
