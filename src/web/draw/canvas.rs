//! The backends the page draws with: plotters-canvas for a `<canvas>` and plotters' SVG backend
//! for exports, both with text measured by a canvas's own `measureText`. plotters' wasm font
//! code measures by inserting a `<span>` with an inline `style` attribute, which the lab's
//! Content-Security-Policy (`style-src 'self'`) refuses and which forces a page layout per label.

use plotters::backend::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsError};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A plotters backend `B` whose text sizes come from `CanvasRenderingContext2d.measureText`.
pub struct Measured<B> {
    inner: B,
    context: CanvasRenderingContext2d,
}

/// The page's canvas backend.
pub type MeasuredCanvas = Measured<CanvasBackend>;

/// The SVG export backend, writing into a `String`.
pub type MeasuredSvg<'a> = Measured<SVGBackend<'a>>;

fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("the canvas has no 2d drawing context"))
}

impl MeasuredCanvas {
    /// Wraps `canvas`; its pixel size is `canvas.width` x `canvas.height`.
    ///
    /// # Errors
    /// When the canvas cannot give a 2d context (e.g. it already has a WebGL one).
    pub fn new(canvas: HtmlCanvasElement) -> Result<Self, JsError> {
        let context = context_2d(&canvas)?;
        let inner = CanvasBackend::with_canvas_object(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2d drawing context"))?;
        Ok(Measured { inner, context })
    }
}

impl<'a> MeasuredSvg<'a> {
    /// An SVG of `size` (width, height) written into `out` when the drawing is presented; text
    /// is measured on a detached canvas, as the page's charts measure theirs.
    ///
    /// # Errors
    /// When the page cannot create a canvas (no `document`).
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Result<Self, JsError> {
        let canvas = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
            .ok_or_else(|| JsError::new("cannot create a canvas to measure text"))?;
        let context = context_2d(&canvas)?;
        Ok(Measured {
            inner: SVGBackend::with_string(out, size),
            context,
        })
    }
}

impl<B: DrawingBackend> DrawingBackend for Measured<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        // The same font string plotters-canvas draws with, so measured and drawn text agree.
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let width = match self.context.measure_text(text) {
            Ok(metrics) => metrics.width(),
            // measureText cannot fail for a string; keep a usable estimate if it ever does.
            Err(_) => 0.6 * style.size() * text.chars().count() as f64,
        };
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }

    /// One rectangle per run of equal pixels in a row: an SVG then holds a filled-contour picture
    /// as a few thousand `<rect>`s instead of one per pixel (plotters' fallback), and needs no
    /// image encoder.
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        crate::charts::blit_runs(&mut self.inner, pos, size, src)
    }
}
