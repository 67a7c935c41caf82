//! The Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008): eight colours that stay
//! distinguishable under the common forms of colour blindness. Series take colours by index.

use super::theme::Theme;
use plotters::style::RGBColor;

/// One palette entry: a name a person can read (shown in the colour picker) and its sRGB value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaletteColor {
    /// Okabe and Ito's own name for the colour.
    pub name: &'static str,
    /// sRGB, 8 bits per channel.
    pub rgb: (u8, u8, u8),
}

/// The palette in the order series receive it: the strongest contrasts against both themes
/// first, yellow (weak on white) and black (invisible on dark, see [`color`]) last.
pub const OKABE_ITO: [PaletteColor; 8] = [
    PaletteColor {
        name: "blue",
        rgb: (0x00, 0x72, 0xB2),
    },
    PaletteColor {
        name: "vermillion",
        rgb: (0xD5, 0x5E, 0x00),
    },
    PaletteColor {
        name: "bluish green",
        rgb: (0x00, 0x9E, 0x73),
    },
    PaletteColor {
        name: "reddish purple",
        rgb: (0xCC, 0x79, 0xA7),
    },
    PaletteColor {
        name: "orange",
        rgb: (0xE6, 0x9F, 0x00),
    },
    PaletteColor {
        name: "sky blue",
        rgb: (0x56, 0xB4, 0xE9),
    },
    PaletteColor {
        name: "yellow",
        rgb: (0xF0, 0xE4, 0x42),
    },
    PaletteColor {
        name: "black",
        rgb: (0x00, 0x00, 0x00),
    },
];

/// The colour of palette entry `index` on `theme`. Indices past the end wrap around, so any
/// number of series gets a colour; on the dark theme "black" is drawn near-white.
pub fn color(index: usize, theme: Theme) -> RGBColor {
    let entry = OKABE_ITO[index % OKABE_ITO.len()];
    match (entry.name, theme) {
        ("black", Theme::Dark) => RGBColor(0xEE, 0xEE, 0xEE),
        _ => RGBColor(entry.rgb.0, entry.rgb.1, entry.rgb.2),
    }
}

/// CSS hex notation (`#0072b2`) of palette entry `index` on `theme`, for swatches in the page.
pub fn css_hex(index: usize, theme: Theme) -> String {
    let RGBColor(r, g, b) = color(index, theme);
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_wrap_and_names_are_distinct() {
        assert_eq!(color(0, Theme::Light), color(8, Theme::Light));
        assert_ne!(color(0, Theme::Light), color(1, Theme::Light));
        let mut names: Vec<_> = OKABE_ITO.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OKABE_ITO.len());
    }

    #[test]
    fn black_turns_light_on_the_dark_theme() {
        assert_eq!(css_hex(7, Theme::Light), "#000000");
        assert_eq!(css_hex(7, Theme::Dark), "#eeeeee");
        assert_eq!(css_hex(0, Theme::Dark), "#0072b2");
    }
}
