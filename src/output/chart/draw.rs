//! A `Chart` drawn with plotters' SVG backend: the title and legend on top, then the bars
//! on a cartesian plot whose ticks are placed here (categories at their middles, values at
//! round steps), so no label is fractional and every category has its place, empty or not.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, GRID, INK, Layout, colour, ticks};

const WIDTH: u32 = 800;
const HEIGHT: u32 = 380;
/// The band above the plot: title, then legend (a chart of one series has none).
const HEAD: u32 = 70;
const HEAD_ALONE: u32 = 44;

fn head_height(chart: &Chart) -> u32 {
    if chart.series.len() < 2 {
        HEAD_ALONE
    } else {
        HEAD
    }
}
/// One horizontal bar's row.
const ROW: u32 = 28;
const FONT: &str = "sans-serif";
/// plotters writes a font size divided by 1.24 (its em estimate); these give 12 and 16.
const SMALL: f64 = 14.88;
const LARGE: f64 = 19.84;
/// The longest category name shown whole on a horizontal chart.
const LONGEST: usize = 32;
/// Plot coordinates are whole thousandths of a category or a value: plotters formats
/// integer axes through the labels given here (its `f64` axes cannot take custom ticks).
const UNIT: f64 = 1000.0;

fn at(v: f64) -> i32 {
    (v * UNIT).round() as i32
}

fn back(v: i32) -> f64 {
    f64::from(v) / UNIT
}

/// The SVG's width and height for `chart`.
pub fn size(chart: &Chart) -> (u32, u32) {
    match chart.layout {
        Layout::Horizontal => {
            let rows = chart.categories.len().max(1) as u32;
            (WIDTH, head_height(chart) + 60 + ROW * rows)
        }
        _ => (WIDTH, HEIGHT),
    }
}

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// The width of `text` at `SMALL`, estimated as plotters does for SVG (no font is read).
fn text_width(text: &str) -> i32 {
    (text.chars().count() as f64 * 7.2).ceil() as i32
}

fn failed<E: std::fmt::Display>(e: E) -> std::io::Error {
    std::io::Error::other(format!("drawing a chart: {e}"))
}

/// plotters' SVG for `chart`, whose first line is its `<svg>` tag.
pub fn plot(chart: &Chart, size: (u32, u32)) -> std::io::Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        head(chart, &root).map_err(failed)?;
        let (_, area) = root.split_vertically(head_height(chart));
        match chart.layout {
            Layout::Horizontal => horizontal(chart, &area).map_err(failed)?,
            _ => vertical(chart, &area).map_err(failed)?,
        }
        root.present().map_err(failed)?;
    }
    Ok(buf)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn small() -> TextStyle<'static> {
    (FONT, SMALL).into_font().color(&rgb(INK))
}

/// The title and, with more than one series, the legend: a swatch and a name each.
fn head(chart: &Chart, root: &Area) -> Drawn {
    let title = (FONT, LARGE)
        .into_font()
        .style(FontStyle::Bold)
        .color(&rgb(INK));
    root.draw(&Text::new(chart.title.clone(), (16, 14), title))?;
    if chart.series.len() < 2 {
        return Ok(());
    }
    let mut x = 16;
    for series in &chart.series {
        root.draw(&Rectangle::new(
            [(x, 44), (x + 12, 56)],
            rgb(colour(series.colour)).filled(),
        ))?;
        root.draw(&Text::new(series.name.clone(), (x + 18, 44), small()))?;
        x += 18 + text_width(&series.name) + 20;
    }
    Ok(())
}

/// Every `k`-th category's middle, so that labels do not overlap in `room` pixels.
fn category_points(chart: &Chart, room: i32) -> Vec<i32> {
    let n = chart.categories.len();
    let widest = chart
        .categories
        .iter()
        .map(|c| text_width(c))
        .max()
        .unwrap_or(0)
        + 12;
    let fit = (room / widest.max(1)).max(1) as usize;
    let every = n.div_ceil(fit).max(1);
    (0..n).step_by(every).map(|i| at(i as f64 + 0.5)).collect()
}

fn value_points(step: f64, top: f64) -> Vec<i32> {
    let n = (top / step).round() as usize;
    (0..=n).map(|i| at(i as f64 * step)).collect()
}

fn value_text(v: f64, whole: bool) -> String {
    if whole || v.fract() == 0.0 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The largest value of one column: the stack's sum, or the largest of the group.
fn column_max(chart: &Chart) -> f64 {
    (0..chart.categories.len())
        .map(|i| {
            let values = chart
                .series
                .iter()
                .filter_map(|s| s.values.get(i).copied().flatten());
            match chart.layout {
                Layout::Stacked => values.sum(),
                _ => values.fold(0.0, f64::max),
            }
        })
        .fold(0.0, f64::max)
}

fn label_of(chart: &Chart, v: f64) -> String {
    let i = v.floor();
    if i < 0.0 {
        return String::new();
    }
    chart
        .categories
        .get(i as usize)
        .cloned()
        .unwrap_or_default()
}

fn vertical(chart: &Chart, area: &Area) -> Drawn {
    let n = chart.categories.len().max(1) as f64;
    let (step, top) = ticks(column_max(chart), chart.whole, 5);
    let left = 64;
    let room = area.dim_in_pixel().0 as i32 - left - 24;
    let x = (0..at(n)).with_key_points(category_points(chart, room));
    let y = (0..at(top)).with_key_points(value_points(step, top));
    let mut plot = ChartBuilder::on(area)
        .margin_left(8)
        .margin_right(24)
        .margin_bottom(8)
        .x_label_area_size(48)
        .y_label_area_size(left - 8)
        .build_cartesian_2d(x, y)?;
    let by_category = |v: &i32| label_of(chart, back(*v));
    let by_value = |v: &i32| value_text(back(*v), chart.whole);
    plot.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(rgb(GRID))
        .axis_style(rgb(INK))
        .label_style(small())
        .axis_desc_style(small())
        .x_desc(chart.category_label.clone())
        .y_desc(chart.value_label.clone())
        .x_label_formatter(&by_category)
        .y_label_formatter(&by_value)
        .draw()?;
    let groups = chart.series.len().max(1) as f64;
    for (s, series) in chart.series.iter().enumerate() {
        let style = rgb(colour(series.colour)).filled();
        let bars = series.values.iter().enumerate().filter_map(|(i, v)| {
            let v = (*v).filter(|v| *v > 0.0)?;
            let i = i as f64;
            let (x0, x1, base) = match chart.layout {
                Layout::Stacked => {
                    let base: f64 = chart.series[..s]
                        .iter()
                        .filter_map(|below| below.values.get(i as usize).copied().flatten())
                        .sum();
                    (i + 0.15, i + 0.85, base)
                }
                _ => {
                    let w = 0.7 / groups;
                    let x0 = i + 0.15 + w * s as f64;
                    (x0, x0 + w, 0.0)
                }
            };
            Some(Rectangle::new(
                [(at(x0), at(base)), (at(x1), at(base + v))],
                style,
            ))
        });
        plot.draw_series(bars)?;
    }
    Ok(())
}

fn shortened(name: &str) -> String {
    if name.chars().count() <= LONGEST {
        return name.to_string();
    }
    let mut s: String = name.chars().take(LONGEST - 1).collect();
    s.push('…');
    s
}

fn horizontal(chart: &Chart, area: &Area) -> Drawn {
    let n = chart.categories.len();
    let rows = n.max(1) as f64;
    let values: Vec<f64> = chart
        .series
        .first()
        .map(|s| s.values.iter().map(|v| v.unwrap_or(0.0)).collect())
        .unwrap_or_default();
    let (step, top) = ticks(values.iter().copied().fold(0.0, f64::max), chart.whole, 5);
    let names: Vec<String> = chart.categories.iter().map(|c| shortened(c)).collect();
    let left = names.iter().map(|c| text_width(c)).max().unwrap_or(0) + 24;
    // Row 0 is at the top: category i's middle is at rows - i - 0.5.
    let middles = (0..n).map(|i| at(rows - i as f64 - 0.5)).collect();
    let x = (0..at(top)).with_key_points(value_points(step, top));
    let y = (0..at(rows)).with_key_points(middles);
    let mut plot = ChartBuilder::on(area)
        .margin_left(8)
        .margin_right(40)
        .margin_bottom(8)
        .x_label_area_size(48)
        .y_label_area_size(left.clamp(48, 280))
        .build_cartesian_2d(x, y)?;
    let by_row = |v: &i32| {
        let i = rows - back(*v).ceil();
        if i < 0.0 {
            return String::new();
        }
        names.get(i as usize).cloned().unwrap_or_default()
    };
    let by_value = |v: &i32| value_text(back(*v), chart.whole);
    plot.configure_mesh()
        .disable_y_mesh()
        .bold_line_style(rgb(GRID))
        .axis_style(rgb(INK))
        .label_style(small())
        .axis_desc_style(small())
        .x_desc(chart.value_label.clone())
        .y_desc(chart.category_label.clone())
        .x_label_formatter(&by_value)
        .y_label_formatter(&by_row)
        .draw()?;
    let style = rgb(colour(chart.series.first().map_or(0, |s| s.colour))).filled();
    let row = |i: usize| rows - i as f64;
    plot.draw_series(
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0.0)
            .map(|(i, v)| {
                Rectangle::new([(0, at(row(i) - 0.8)), (at(*v), at(row(i) - 0.2))], style)
            }),
    )?;
    let beside = small().pos(Pos::new(HPos::Left, VPos::Center));
    plot.draw_series(values.iter().enumerate().map(|(i, v)| {
        EmptyElement::at((at(*v), at(row(i) - 0.5)))
            + Text::new(value_text(*v, chart.whole), (6, 0), beside.clone())
    }))?;
    Ok(())
}
