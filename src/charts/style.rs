//! Sizes and fonts shared by every chart, scaled by the pixel ratio so a chart drawn for a
//! 2x screen or a PNG export looks like the 1x one, only sharper.

use super::theme::{Theme, ThemeColors};
use crate::Error;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontStyle};

/// Resolved colours and a scale factor.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The theme being drawn.
    pub theme: Theme,
    /// Its colours.
    pub colors: ThemeColors,
    /// Backend pixels per CSS pixel.
    pub scale: f64,
    /// Text size relative to the defaults.
    pub text_scale: f64,
}

impl Style {
    /// The style for `theme` at `scale` backend pixels per CSS pixel, with text `text_scale`
    /// times its default size.
    pub fn new(theme: Theme, scale: f64, text_scale: f64) -> Self {
        Style {
            theme,
            colors: theme.colors(),
            scale,
            text_scale,
        }
    }

    /// `css` CSS pixels in backend pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    /// `css` CSS pixels of text size in backend pixels.
    pub fn text_px(&self, css: f64) -> i32 {
        (css * self.scale * self.text_scale).round() as i32
    }

    /// A sans-serif font of `css` CSS pixels (before `text_scale`) in `color`, anchored at its
    /// top-left corner.
    pub fn font(&self, css: f64, color: RGBColor) -> TextStyle<'static> {
        FontDesc::new(
            FontFamily::SansSerif,
            css * self.scale * self.text_scale,
            FontStyle::Normal,
        )
        .color(&color)
        .pos(Pos::new(HPos::Left, VPos::Top))
    }

    /// Tick labels.
    pub fn tick_font(&self) -> TextStyle<'static> {
        self.font(13.0, self.colors.foreground)
    }

    /// Axis titles and legend text.
    pub fn label_font(&self) -> TextStyle<'static> {
        self.font(14.0, self.colors.foreground)
    }

    /// Small annotations (marker and span labels).
    pub fn note_font(&self) -> TextStyle<'static> {
        self.font(12.0, self.colors.muted)
    }

    /// A line of `css` CSS pixels in `color`.
    pub fn line(&self, color: RGBColor, css: f64) -> ShapeStyle {
        color.stroke_width(((css * self.scale).round() as u32).max(1))
    }
}

/// A plotters failure as the crate's error. Drawing to a canvas or a string can only fail in the
/// backend, which is output, hence `Io`.
pub fn draw_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Io(format!("drawing the chart failed: {e}"))
}
