//! Where things go in the pictures drawn on the server: a map from grid references (no map tiles) and a network
//! drawn as rings around the person. Positions only; the pages draw them as SVG, each followed by a table of its
//! numbers.

use std::f64::consts::TAU;

/// Grid references (metres east and north) placed in a `width` by `height` box inside `margin`, north up, keeping
/// the map's proportions; a single point, or points all in one place, sit in the middle.
pub fn project(grid: &[(i32, i32)], width: f64, height: f64, margin: f64) -> Vec<(f64, f64)> {
    let (Some(min_e), Some(max_e)) = (grid.iter().map(|g| g.0).min(), grid.iter().map(|g| g.0).max()) else {
        return Vec::new();
    };
    let min_n = grid.iter().map(|g| g.1).min().unwrap_or_default();
    let max_n = grid.iter().map(|g| g.1).max().unwrap_or_default();
    let span = f64::from((max_e - min_e).max(max_n - min_n).max(1));
    let scale = ((width - 2.0 * margin) / span).min((height - 2.0 * margin) / span);
    // Centred: the spread actually used, in the middle of the box.
    let used_w = f64::from(max_e - min_e) * scale;
    let used_h = f64::from(max_n - min_n) * scale;
    let (left, top) = ((width - used_w) / 2.0, (height - used_h) / 2.0);
    grid.iter()
        .map(|&(e, n)| (left + f64::from(e - min_e) * scale, top + used_h - f64::from(n - min_n) * scale))
        .collect()
}

/// `count` positions evenly around a circle of `radius` about `centre`, the first at the top, going clockwise.
pub fn ring(count: usize, centre: (f64, f64), radius: f64) -> Vec<(f64, f64)> {
    (0..count)
        .map(|i| {
            let angle = TAU * i as f64 / count as f64 - TAU / 4.0;
            (centre.0 + radius * angle.cos(), centre.1 + radius * angle.sin())
        })
        .collect()
}

/// The side of a square marking a count, its area growing with the count: from `smallest` for the least to
/// `largest` for the most.
pub fn marker(count: u64, most: u64, smallest: f64, largest: f64) -> f64 {
    if most == 0 {
        return smallest;
    }
    let share = (count as f64 / most as f64).sqrt();
    smallest + (largest - smallest) * share
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_keeps_north_up_and_its_proportions() {
        let points = project(&[(400_000, 500_000), (410_000, 500_000), (400_000, 505_000)], 100.0, 100.0, 10.0);
        assert_eq!(points[0], (10.0, 70.0));
        assert_eq!(points[1], (90.0, 70.0), "10 km east spans the width");
        assert_eq!(points[2], (10.0, 30.0), "north is up, at the same scale");
        assert_eq!(project(&[(1, 1)], 100.0, 80.0, 10.0), [(50.0, 40.0)]);
        assert!(project(&[], 100.0, 100.0, 10.0).is_empty());
    }

    #[test]
    fn rings_start_at_the_top() {
        let points = ring(4, (50.0, 50.0), 10.0);
        assert!((points[0].0 - 50.0).abs() < 1e-9 && (points[0].1 - 40.0).abs() < 1e-9);
        assert!((points[1].0 - 60.0).abs() < 1e-9 && (points[1].1 - 50.0).abs() < 1e-9);
        assert!((marker(4, 16, 4.0, 20.0) - 12.0).abs() < 1e-9);
    }
}
