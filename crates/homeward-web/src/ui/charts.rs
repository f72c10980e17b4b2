//! Charts drawn on the server as inline SVG: bars only, placed by numbers computed here, so templates hold no
//! arithmetic and pages need no script. Every chart carries a table of the same numbers, shown right after it, for
//! people who read rather than look and for screen readers (the drawing itself is one labelled image).

/// The drawing's width in SVG units; it scales to the column it sits in.
const WIDTH: f64 = 960.0;
const GRID: &str = "#b1b4b6";
const AXIS: &str = "#0b0c0c";

/// The GOV.UK blue and green: both at least 3:1 against white, as WCAG asks of graphics.
pub const BLUE: &str = "#1d70b8";
pub const GREEN: &str = "#00703c";

/// A chart: its title (the image's accessible name), what to draw, and its numbers as a table.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The chart's element id (`chart-ID`), for linking to it.
    pub id: &'static str,
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub rects: Vec<Rect>,
    pub lines: Vec<Line>,
    pub labels: Vec<Label>,
    pub table: Table,
}

#[derive(Debug, Clone)]
pub struct Rect {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub fill: &'static str,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
    pub stroke: &'static str,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub x: String,
    pub y: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    pub text: String,
}

/// A table of numbers: a heading per column (the first names the rows), and rows of a heading and values.
#[derive(Debug, Clone)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// One set of bars in a column chart, with its legend's words and colour. `None` draws nothing (no rate without
/// anything due).
#[derive(Debug, Clone)]
pub struct Series {
    pub label: &'static str,
    pub fill: &'static str,
    pub values: Vec<Option<f64>>,
}

/// What a column chart's vertical axis measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Count,
    /// Fractions from 0 to 1, shown as 0% to 100%.
    Share,
}

fn n(value: f64) -> String {
    format!("{value:.1}")
}

/// A whole number as GOV.UK writes it: `12,345`.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A fraction as a percentage to `decimals` places: `0.4567` is `45.7%`.
pub fn percent(share: f64, decimals: usize) -> String {
    format!("{:.decimals$}%", share * 100.0)
}

/// The top of a count axis and the step between its lines: a round number (1, 2 or 5 times a power of ten) so that
/// four or five lines cover the largest value.
fn count_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (4.0, 1.0);
    }
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10.0 * power).max(1.0);
    ((max / step).ceil() * step, step)
}

/// Columns for each category, one per series side by side, with a legend above and grid lines across.
pub fn columns(
    id: &'static str,
    title: String,
    categories: &[String],
    series: &[Series],
    scale: Scale,
    table: Table,
) -> Chart {
    const HEIGHT: f64 = 340.0;
    const LEFT: f64 = 72.0;
    const TOP: f64 = 48.0;
    const BOTTOM: f64 = 40.0;
    let (plot_w, plot_h) = (WIDTH - LEFT - 8.0, HEIGHT - TOP - BOTTOM);
    let baseline = TOP + plot_h;
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0, |a: f64, b| a.max(*b));
    let (top, step) = match scale {
        Scale::Count => count_axis(max),
        Scale::Share => (1.0, 0.25),
    };
    let y_of = |value: f64| baseline - value / top * plot_h;
    let mut lines = Vec::new();
    let mut labels = Vec::new();
    let mut tick = 0.0;
    while tick <= top + step / 2.0 {
        let y = y_of(tick);
        let stroke = if tick == 0.0 { AXIS } else { GRID };
        lines.push(Line { x1: n(LEFT), y1: n(y), x2: n(WIDTH - 8.0), y2: n(y), stroke });
        let text = match scale {
            Scale::Count => count(tick as u64),
            Scale::Share => percent(tick, 0),
        };
        labels.push(Label { x: n(LEFT - 8.0), y: n(y + 5.0), anchor: "end", text });
        tick += step;
    }
    let group = plot_w / categories.len().max(1) as f64;
    let bar = group * 0.8 / series.len().max(1) as f64;
    let mut rects = Vec::new();
    for (s, one) in series.iter().enumerate() {
        for (i, value) in one.values.iter().enumerate() {
            let Some(value) = value else { continue };
            let x = LEFT + i as f64 * group + group * 0.1 + s as f64 * bar;
            let y = y_of(*value);
            rects.push(Rect { x: n(x), y: n(y), width: n(bar), height: n(baseline - y), fill: one.fill });
        }
        let legend_x = LEFT + s as f64 * 260.0;
        rects.push(Rect { x: n(legend_x), y: n(8.0), width: n(18.0), height: n(18.0), fill: one.fill });
        labels.push(Label { x: n(legend_x + 26.0), y: n(23.0), anchor: "start", text: one.label.to_owned() });
    }
    // At most about twelve month names fit under the columns.
    let every = categories.len().div_ceil(12).max(1);
    for (i, category) in categories.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let x = LEFT + (i as f64 + 0.5) * group;
        labels.push(Label { x: n(x), y: n(baseline + 24.0), anchor: "middle", text: category.clone() });
    }
    Chart { id, title, width: WIDTH as u32, height: HEIGHT as u32, rects, lines, labels, table }
}

/// One horizontal bar per category, its count and share of the total written after it.
pub fn bars(id: &'static str, title: String, rows: &[(String, u64)], table: Table) -> Chart {
    const ROW: f64 = 40.0;
    const LABEL: f64 = 300.0;
    const LONGEST: f64 = 480.0;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or_default().max(1) as f64;
    let total: u64 = rows.iter().map(|(_, v)| v).sum();
    let mut rects = Vec::new();
    let mut labels = Vec::new();
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 8.0 + i as f64 * ROW;
        let width = if *value == 0 { 0.0 } else { (*value as f64 / max * LONGEST).max(2.0) };
        rects.push(Rect { x: n(LABEL), y: n(y + 6.0), width: n(width), height: n(26.0), fill: BLUE });
        labels.push(Label { x: n(LABEL - 12.0), y: n(y + 25.0), anchor: "end", text: label.clone() });
        let share = if total == 0 { String::new() } else { format!(" ({})", percent(*value as f64 / total as f64, 0)) };
        labels.push(Label {
            x: n(LABEL + width + 10.0),
            y: n(y + 25.0),
            anchor: "start",
            text: format!("{}{share}", count(*value)),
        });
    }
    let lines =
        vec![Line { x1: n(LABEL), y1: n(4.0), x2: n(LABEL), y2: n(12.0 + rows.len() as f64 * ROW), stroke: AXIS }];
    Chart {
        id,
        title,
        width: WIDTH as u32,
        height: (16.0 + rows.len() as f64 * ROW) as u32,
        rects,
        lines,
        labels,
        table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_percentages_read_as_people_write_them() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(350_000), "350,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(percent(0.4567, 1), "45.7%");
        assert_eq!(percent(1.0, 0), "100%");
    }

    #[test]
    fn the_count_axis_is_round_and_covers_the_largest_value() {
        assert_eq!(count_axis(0.0), (4.0, 1.0));
        assert_eq!(count_axis(3.0), (3.0, 1.0));
        assert_eq!(count_axis(87.0), (100.0, 50.0));
        assert_eq!(count_axis(350.0), (400.0, 100.0));
        assert_eq!(count_axis(30_000.0), (30_000.0, 10_000.0));
    }
}
