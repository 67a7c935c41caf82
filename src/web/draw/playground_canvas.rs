//! A [`MeasuredCanvas`] that hands bitmaps to the canvas in one `putImageData`: plotters-canvas
//! has no `blit_bitmap` of its own, and plotters' fallback paints a bitmap one `fillRect` per
//! pixel (a filled-contour picture is millions of them).

use super::canvas::MeasuredCanvas;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use wasm_bindgen::{Clamped, JsCast, JsError};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A canvas backend with a fast `blit_bitmap`.
pub struct BitmapCanvas {
    inner: MeasuredCanvas,
    context: CanvasRenderingContext2d,
}

impl BitmapCanvas {
    /// Wraps `canvas`.
    ///
    /// # Errors
    /// When the canvas has no 2d context.
    pub fn new(canvas: HtmlCanvasElement) -> Result<Self, JsError> {
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or_else(|| JsError::new("the canvas has no 2d drawing context"))?;
        Ok(BitmapCanvas {
            inner: MeasuredCanvas::new(canvas)?,
            context,
        })
    }
}

type CanvasError = <MeasuredCanvas as DrawingBackend>::ErrorType;
type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

impl DrawingBackend for BitmapCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Drawn {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Drawn {
        self.inner.draw_line(from, to, s)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.inner.estimate_text_size(text, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), src: &[u8]) -> Drawn {
        if w == 0 || h == 0 || src.len() < (w * h * 3) as usize {
            return Ok(());
        }
        let rgba: Vec<u8> = src
            .chunks_exact(3)
            .take((w * h) as usize)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        match ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h) {
            Ok(image) => {
                // A failed put leaves the area blank; there is no error type to report it in.
                let _ = self
                    .context
                    .put_image_data(&image, f64::from(pos.0), f64::from(pos.1));
                Ok(())
            }
            // ImageData refuses only sizes the canvas could not show either.
            Err(_) => Ok(()),
        }
    }
}
