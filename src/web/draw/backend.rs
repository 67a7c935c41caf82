//! One backend type for every chart the page draws. The charts are generic over plotters'
//! `DrawingBackend`, so each backend they are drawn with is a whole extra copy of every chart
//! (layout, ticks, legends, float formatting) in the wasm module. [`WebBackend`] puts the page's
//! three targets behind one type that forwards each call to the backend it holds: each chart is
//! compiled once, and only the small forwarding methods exist per target. The drawing itself is
//! the wrapped backend's, call for call, so canvas pixels and SVG documents are unchanged.

use std::error::Error;
use std::fmt;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::canvas::{MeasuredCanvas, MeasuredSvg};
use super::playground_canvas::BitmapCanvas;

/// The backend every chart in the page is drawn with.
pub enum WebBackend<'a> {
    /// A `<canvas>` (plotters-canvas with measured text).
    Canvas(MeasuredCanvas),
    /// A `<canvas>` whose bitmaps go in one `putImageData` (contour and landscape pictures).
    Bitmap(BitmapCanvas),
    /// An SVG document written into a `String` (the export buttons).
    Svg(MeasuredSvg<'a>),
}

impl From<MeasuredCanvas> for WebBackend<'_> {
    fn from(backend: MeasuredCanvas) -> Self {
        WebBackend::Canvas(backend)
    }
}

impl From<BitmapCanvas> for WebBackend<'_> {
    fn from(backend: BitmapCanvas) -> Self {
        WebBackend::Bitmap(backend)
    }
}

impl<'a> From<MeasuredSvg<'a>> for WebBackend<'a> {
    fn from(backend: MeasuredSvg<'a>) -> Self {
        WebBackend::Svg(backend)
    }
}

/// A wrapped backend's error, by its message (the canvas's and the SVG writer's error types
/// differ; both are only ever shown to the user).
#[derive(Debug)]
pub struct WebDrawError(String);

impl fmt::Display for WebDrawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for WebDrawError {}

type Drawn<T = ()> = Result<T, DrawingErrorKind<WebDrawError>>;

/// The wrapped backend's result with its error re-typed, message and kind kept.
fn lift<T, E: Error + Send + Sync>(result: Result<T, DrawingErrorKind<E>>) -> Drawn<T> {
    result.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(WebDrawError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    })
}

/// `each!(self, b => call)`: `call` on whichever backend `self` holds, its error lifted.
macro_rules! each {
    ($self:expr, $b:ident => $call:expr) => {
        match $self {
            WebBackend::Canvas($b) => lift($call),
            WebBackend::Bitmap($b) => lift($call),
            WebBackend::Svg($b) => lift($call),
        }
    };
}

impl DrawingBackend for WebBackend<'_> {
    type ErrorType = WebDrawError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            WebBackend::Canvas(b) => b.get_size(),
            WebBackend::Bitmap(b) => b.get_size(),
            WebBackend::Svg(b) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Drawn {
        each!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Drawn {
        each!(self, b => b.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        each!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Drawn {
        each!(self, b => b.draw_line(from, to, s))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        each!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        each!(self, b => b.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        each!(self, b => b.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        each!(self, b => b.fill_polygon(vert, style))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        each!(self, b => b.draw_text(text, style, pos))
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Drawn<(u32, u32)> {
        each!(self, b => b.estimate_text_size(text, style))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn {
        each!(self, b => b.blit_bitmap(pos, size, src))
    }
}
