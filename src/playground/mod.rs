//! The 2D optimizer playground: analytic surfaces, descent paths run through the lab's real
//! optimizers and schedulers, teaching presets, and contour grids to draw them on.

mod contour;
mod path;
mod presets;
mod surface;

pub use contour::{contour_grid, Grid, MAX_GRID_SIDE};
pub use path::{run_path, Path, PathPoint, PathSpec, PathStop, ESCAPE_FACTOR, MAX_PATH_STEPS};
pub use presets::Preset;
pub use surface::{Minimum, Surface, ViewBox};
