//! SVG to PNG for `lrlab plot --png`: resvg (the linebender SVG renderer) rasterises the same
//! SVG the `--svg` output holds. Text is shaped with the bundled DejaVu Sans (Bitstream Vera
//! licence, assets/fonts/), never with system fonts, so a PNG looks alike on every machine.

use resvg::{tiny_skia, usvg};

use crate::{Error, Result};

/// DejaVu Sans 2.37 (assets/fonts/DejaVuSans-LICENSE.txt).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// `svg` rendered at `scale` device pixels per SVG pixel, as PNG bytes.
///
/// # Errors
/// An SVG resvg cannot parse, a size of zero or above 16384 x 16384 pixels, or a PNG encoding
/// failure.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    let mut options = usvg::Options::default();
    {
        let fonts = options.fontdb_mut();
        fonts.load_font_data(FONT.to_vec());
        // plotters writes generic families; every one of them means the bundled face.
        for set in [
            usvg::fontdb::Database::set_sans_serif_family,
            usvg::fontdb::Database::set_serif_family,
            usvg::fontdb::Database::set_monospace_family,
        ] {
            set(fonts, "DejaVu Sans");
        }
    }
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Config(format!("cannot read the SVG: {e}")))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round(),
        (size.height() * scale).round(),
    );
    if !(1.0..=16_384.0).contains(&w) || !(1.0..=16_384.0).contains(&h) {
        return Err(Error::InvalidArgument(format!(
            "a PNG of {w}x{h} pixels is out of range (1 to 16384 each way)"
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| Error::InvalidArgument(format!("cannot allocate {w}x{h} pixels")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Io(format!("cannot encode the PNG: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_text_and_shapes_at_scale() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#ffffff"/><text x="2" y="15" font-family="sans-serif" font-size="14" fill="#000000">Ag</text></svg>"##;
        let png = svg_to_png(svg, 2.0).expect("renders");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoded = tiny_skia::Pixmap::decode_png(&png).expect("decodes");
        assert_eq!((decoded.width(), decoded.height()), (80, 40));
        // The bundled font drew the text: some pixels are dark.
        let dark = decoded.pixels().iter().filter(|p| p.red() < 100).count();
        assert!(dark > 20, "{dark} dark pixels");
    }

    #[test]
    fn refuses_bad_svg_and_sizes() {
        assert!(svg_to_png("<svg", 1.0).is_err());
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10000" height="10"/>"#;
        assert!(svg_to_png(svg, 4.0).is_err());
    }
}
