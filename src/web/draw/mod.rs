//! Drawing the core's charts onto the page's canvases, or into SVG documents for the downloads:
//! the modules with charts have it (Schedules and the pages), the workers' do not.

pub(crate) mod backend;
pub(crate) mod canvas;
pub(crate) mod playground_canvas;
pub(crate) mod render;

pub use backend::{WebBackend, WebDrawError};
pub use canvas::{Measured, MeasuredCanvas, MeasuredSvg};
pub use playground_canvas::BitmapCanvas;
pub use render::{Target, MAX_SVG_SIDE};
