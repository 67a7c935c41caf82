//! Light and dark chart colours, matching the page's `prefers-color-scheme` styles so that a
//! chart never looks pasted onto the page.

use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// Which colour scheme to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark ink on a white background (also the one to print).
    #[default]
    Light,
    /// Light ink on a near-black background.
    Dark,
}

/// The non-data colours of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeColors {
    /// Canvas background.
    pub background: RGBColor,
    /// Text, axes and tick labels.
    pub foreground: RGBColor,
    /// Secondary text (marker labels, captions).
    pub muted: RGBColor,
    /// Grid lines at labelled ticks.
    pub grid: RGBColor,
    /// Grid lines between labelled ticks (log decades' 2..9).
    pub grid_minor: RGBColor,
    /// The validation-loss curve, kept neutral so it never reads as one of the schedules.
    pub metric: RGBColor,
    /// Cooldown shading.
    pub cooldown: RGBColor,
}

impl Theme {
    /// This theme's colours. The light values equal the page's CSS custom properties.
    pub fn colors(self) -> ThemeColors {
        match self {
            Theme::Light => ThemeColors {
                background: RGBColor(0xFF, 0xFF, 0xFF),
                foreground: RGBColor(0x1B, 0x1F, 0x24),
                muted: RGBColor(0x59, 0x63, 0x6E),
                grid: RGBColor(0xD0, 0xD5, 0xDB),
                grid_minor: RGBColor(0xEE, 0xF0, 0xF2),
                metric: RGBColor(0x44, 0x44, 0x44),
                cooldown: RGBColor(0x8C, 0x95, 0x9F),
            },
            Theme::Dark => ThemeColors {
                background: RGBColor(0x16, 0x1B, 0x22),
                foreground: RGBColor(0xE6, 0xED, 0xF3),
                muted: RGBColor(0xA0, 0xAB, 0xB7),
                grid: RGBColor(0x3A, 0x43, 0x4E),
                grid_minor: RGBColor(0x24, 0x2B, 0x33),
                metric: RGBColor(0xC9, 0xD1, 0xD9),
                cooldown: RGBColor(0x8B, 0x94, 0x9E),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(c: RGBColor) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn text_meets_wcag_aa_on_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let c = theme.colors();
            assert!(
                contrast(c.foreground, c.background) >= 7.0,
                "{theme:?} foreground"
            );
            assert!(contrast(c.muted, c.background) >= 4.5, "{theme:?} muted");
            assert!(contrast(c.metric, c.background) >= 4.5, "{theme:?} metric");
        }
    }

    #[test]
    fn serde_names_are_lowercase() {
        assert_eq!(
            serde_json::to_string(&Theme::Dark).unwrap_or_default(),
            "\"dark\""
        );
        let t: Theme = serde_json::from_str("\"light\"").unwrap_or(Theme::Dark);
        assert_eq!(t, Theme::Light);
    }
}
