//! Bitmaps for vector backends: a filled-contour picture reaches a backend as one RGB bitmap,
//! which plotters' SVG backend would otherwise write as one `<rect>` per pixel (hundreds of
//! thousands for a landscape). [`blit_runs`] writes one rectangle per run of equal pixels in a
//! row instead, a few thousand for a contour picture, and needs no image encoder; the page's
//! SVG export and `lrlab plot` ([`RectBitmaps`]) both draw bitmaps this way.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// Draws the `width` x `height` RGB bitmap `src` at `pos` on `backend` as one filled rectangle
/// per run of equal pixels in each row. Only the complete rows a short buffer holds are drawn
/// (plotters' own `blit_bitmap` would index past its end).
///
/// # Errors
/// The backend's.
pub fn blit_runs<B: DrawingBackend>(
    backend: &mut B,
    pos: BackendCoord,
    (width, height): (u32, u32),
    src: &[u8],
) -> Result<(), DrawingErrorKind<B::ErrorType>> {
    let w = width as usize;
    let h = (height as usize).min(src.len() / (w * 3).max(1));
    for y in 0..h {
        let row = &src[y * w * 3..(y + 1) * w * 3];
        let mut x = 0;
        while x < w {
            let rgb = &row[x * 3..x * 3 + 3];
            let mut end = x + 1;
            while end < w && &row[end * 3..end * 3 + 3] == rgb {
                end += 1;
            }
            let color = BackendColor {
                alpha: 1.0,
                rgb: (rgb[0], rgb[1], rgb[2]),
            };
            let top = pos.1 + y as i32;
            backend.draw_rect(
                (pos.0 + x as i32, top),
                (pos.0 + end as i32, top + 1),
                &color,
                true,
            )?;
            x = end;
        }
    }
    Ok(())
}

/// Backend `B` with bitmaps drawn by [`blit_runs`]; everything else is `B`'s.
pub struct RectBitmaps<B>(pub B);

impl<B: DrawingBackend> DrawingBackend for RectBitmaps<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        blit_runs(&mut self.0, pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::SVGBackend;

    #[test]
    fn one_rect_per_run_of_equal_pixels() {
        // Two rows of four pixels: red red blue blue / green green green green.
        let src = [
            255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0,
        ];
        let mut svg = String::new();
        {
            let mut b = RectBitmaps(SVGBackend::with_string(&mut svg, (10, 10)));
            b.blit_bitmap((1, 1), (4, 2), &src).expect("draws");
            b.present().expect("presents");
        }
        assert_eq!(svg.matches("<rect").count(), 3, "{svg}");
        let mut short = String::new();
        {
            let mut b = RectBitmaps(SVGBackend::with_string(&mut short, (10, 10)));
            b.blit_bitmap((0, 0), (4, 2), &src[..15])
                .expect("draws the complete row");
            b.present().expect("presents");
        }
        assert_eq!(short.matches("<rect").count(), 2, "{short}");
    }
}
