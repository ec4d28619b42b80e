//! The charts of `pm stats --chart` and `pm index`, through the binary on the stats fixture
//! (tests/fixtures/stats/, today 2026-11-24). Each SVG is rendered with resvg, and the
//! image is checked (size, background, each series' colour, empty months empty); the SVG's
//! structure is compared (title, desc, bars per colour, no script or external reference).
//!
//! In 2026-01-01..2026-06-30 six postmortems count (the gameday, the maintenance and the
//! broken April document are left out): January SEV1 + SEV2, February SEV2, March SEV1 +
//! SEV3, April and May none, June SEV2.

use resvg::{tiny_skia, usvg};

use crate::env::{TestEnv, fixture_path, output};

const PERIOD: &[&str] = &["--since", "2026-01-01", "--until", "2026-06-30"];
const FILES: [&str; 4] = [
    "incidents-per-month.svg",
    "time-to-resolve.svg",
    "remediation.svg",
    "incidents-per-service.svg",
];

const SEV1: (u8, u8, u8) = (0xD5, 0x5E, 0x00);
const SEV2: (u8, u8, u8) = (0xE6, 0x9F, 0x00);
const SEV3: (u8, u8, u8) = (0x00, 0x72, 0xB2);
const SEV4: (u8, u8, u8) = (0x00, 0x9E, 0x73);
const BLUE: (u8, u8, u8) = SEV3;
const ORANGE: (u8, u8, u8) = SEV2;
const VERMILION: (u8, u8, u8) = SEV1;
const SKY: (u8, u8, u8) = (0x56, 0xB4, 0xE9);
const INK: (u8, u8, u8) = (0x1F, 0x23, 0x28);
const PAPER: (u8, u8, u8) = (0xFF, 0xFF, 0xFF);
const PAPER_DARK: (u8, u8, u8) = (0x0D, 0x11, 0x17);

fn fixture_repo() -> TestEnv {
    let env = TestEnv::new();
    let dir = fixture_path("stats/postmortems");
    for entry in std::fs::read_dir(&dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy();
        env.write(
            &format!("postmortems/{name}"),
            std::fs::read(&path).expect("read fixture"),
        );
    }
    env
}

fn pm(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = output(env.pm().args(args));
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code, stdout, stderr)
}

/// `pm stats` over the period with `--chart out`; the four files' text, in `FILES` order.
fn stats_charts(env: &TestEnv) -> Vec<String> {
    let mut args = vec!["stats", "--chart", "out"];
    args.extend(PERIOD);
    let (code, _, stderr) = pm(env, &args);
    assert_eq!(code, 0, "{stderr}");
    FILES
        .iter()
        .map(|f| env.read(&format!("out/{f}")))
        .collect()
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The bars of colour `c`: its rectangles, less the legend's 12-pixel swatches.
fn bars(svg: &str, c: (u8, u8, u8)) -> usize {
    let fill = format!("fill=\"{}\"", hex(c));
    svg.lines()
        .filter(|l| l.starts_with("<rect") && l.contains(&fill))
        .filter(|l| !(l.contains("width=\"12\"") && l.contains("height=\"12\"")))
        .count()
}

/// The x of each tick under the category axis: plotters' short vertical ink polylines,
/// `points="123,324 123,329 "`.
fn category_ticks(svg: &str) -> Vec<i32> {
    let stroke = format!("stroke=\"{}\"", hex(INK));
    let mut xs: Vec<i32> = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains(&stroke))
        .filter_map(|l| {
            let points = l.split("points=\"").nth(1)?.split('"').next()?;
            let pairs: Vec<(i32, i32)> = points
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            match pairs.as_slice() {
                [(x1, y1), (x2, y2)] if x1 == x2 && (y2 - y1).abs() <= 6 && *y1 > 300 => Some(*x1),
                _ => None,
            }
        })
        .collect();
    xs.sort_unstable();
    xs.dedup();
    xs
}

/// The SVG drawn by resvg (no fonts loaded: shapes only, text is not drawn).
fn render(svg: &str) -> tiny_skia::Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("a valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).expect("pixmap");
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

fn pixel(p: &tiny_skia::Pixmap, x: u32, y: u32) -> (u8, u8, u8) {
    let c = p.pixel(x, y).expect("inside");
    (c.red(), c.green(), c.blue())
}

/// Pixels of exactly colour `c` in columns `xs` (all columns when `None`).
fn count(p: &tiny_skia::Pixmap, c: (u8, u8, u8), xs: Option<std::ops::Range<u32>>) -> usize {
    let xs = xs.unwrap_or(0..p.width());
    let mut n = 0;
    for y in 0..p.height() {
        for x in xs.clone() {
            n += usize::from(pixel(p, x, y) == c);
        }
    }
    n
}

/// Pixels of grey ink (axes and grid, drawn anti-aliased, so never of one exact colour):
/// greys between the paper and mid-grey, darker on light paper, lighter on dark paper.
fn ink(p: &tiny_skia::Pixmap, on_dark: bool) -> usize {
    let mut n = 0;
    for y in 0..p.height() {
        for x in 0..p.width() {
            let (r, g, b) = pixel(p, x, y);
            let grey = r.abs_diff(g) < 16 && g.abs_diff(b) < 16;
            let stands_out = if on_dark {
                r > 90 && r < 250
            } else {
                r > 40 && r < 160
            };
            n += usize::from(grey && stands_out);
        }
    }
    n
}

/// The chart as dark mode shows it: the `@media (prefers-color-scheme: dark)` rules made
/// unconditional (resvg applies no media queries).
fn dark(svg: &str) -> String {
    let start = svg
        .find("@media (prefers-color-scheme: dark){")
        .expect("a dark style");
    let open = start + "@media (prefers-color-scheme: dark){".len();
    let close = open + svg[open..].find("}\n</style>").expect("its end");
    format!(
        "{}{}{}",
        &svg[..start],
        &svg[open..close],
        &svg[close + 1..]
    )
}

#[test]
fn each_chart_is_a_self_contained_accessible_svg() {
    let env = fixture_repo();
    for (file, svg) in FILES.iter().zip(stats_charts(&env)) {
        assert!(svg.starts_with("<!-- generated by pm -->\n<svg "), "{file}");
        assert_eq!(svg.matches("<title id=\"title\">").count(), 1, "{file}");
        assert_eq!(svg.matches("<desc id=\"desc\">").count(), 1, "{file}");
        assert!(svg.contains("aria-labelledby=\"title desc\""), "{file}");
        assert!(!svg.contains("<script"), "{file}");
        assert!(!svg.contains("href"), "{file}");
        assert!(!svg.contains("url("), "{file}");
        assert!(
            !svg.contains("@import") && !svg.contains("@font-face"),
            "{file}"
        );
        // The one URL is the namespace, which is a name, never fetched.
        assert_eq!(svg.matches("http").count(), 1, "{file}");
        assert!(
            svg.contains("xmlns=\"http://www.w3.org/2000/svg\""),
            "{file}"
        );
        let families: Vec<&str> = svg
            .split("font-family=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert!(!families.is_empty(), "{file}");
        assert!(
            families.iter().all(|f| *f == "sans-serif"),
            "{file}: {families:?}"
        );
        assert!(svg.ends_with("</svg>\n"), "{file}");
    }
}

#[test]
fn incidents_per_month_stack_by_severity_and_leave_april_and_may_empty() {
    let env = fixture_repo();
    let svg = &stats_charts(&env)[0];
    assert!(svg.contains("<title id=\"title\">Incidents per month, by severity</title>"));
    // 6 incidents: SEV1 in January and March, SEV2 in January, February and June, SEV3 in
    // March; SEV4 is only in the legend.
    assert!(
        svg.contains("by severity: 6 in all (SEV1 2, SEV2 3, SEV3 1, SEV4 0)."),
        "{svg}"
    );
    assert!(svg.contains("Months without incidents: 2026-04, 2026-05."));
    assert_eq!(
        (
            bars(svg, SEV1),
            bars(svg, SEV2),
            bars(svg, SEV3),
            bars(svg, SEV4)
        ),
        (2, 3, 1, 0)
    );
    for axis in ["month (start of the incident)", "incidents"] {
        assert!(svg.contains(&format!(">\n{axis}\n</text>")), "{axis}");
    }

    let image = render(svg);
    assert_eq!((image.width(), image.height()), (800, 380));
    assert_eq!(pixel(&image, 10, 10), PAPER);
    assert!(ink(&image, false) > 500, "axes drawn");
    // The legend's swatches hold 144 pixels each: each severity has more than that but
    // SEV4, which has only its swatch.
    for sev in [SEV1, SEV2, SEV3] {
        assert!(count(&image, sev, None) > 1000, "{sev:?}");
    }
    assert_eq!(count(&image, SEV4, None), 144);
    // One tick per month; below the legend, a month's column holds a bar or nothing.
    let ticks = category_ticks(svg);
    assert_eq!(ticks.len(), 6, "{ticks:?}");
    let coloured: Vec<usize> = ticks
        .iter()
        .map(|x| {
            let x = *x as u32;
            [SEV1, SEV2, SEV3, SEV4]
                .iter()
                .map(|c| count(&image, *c, Some(x - 3..x + 3)))
                .sum::<usize>()
        })
        .collect();
    let empty: Vec<bool> = coloured.iter().map(|n| *n == 0).collect();
    assert_eq!(
        empty,
        [false, false, false, true, true, false],
        "{coloured:?}"
    );
}

#[test]
fn time_to_resolve_shows_median_and_p90_per_quarter_in_hours() {
    let env = fixture_repo();
    let svg = &stats_charts(&env)[1];
    // Q1: 1h, 1h, 1h 30m, 2h, 50h: median 1h 30m, p90 (rank 5) 50h; Q2: 3h alone.
    assert!(
        svg.contains(
            "2026Q1: median 1h 30m, p90 2d 2h (n 5); 2026Q2: median 3h 00m, p90 3h 00m (n 1)"
        ),
        "{svg}"
    );
    assert!(svg.contains(">\ntime to resolve (hours)\n</text>"));
    assert_eq!((bars(svg, BLUE), bars(svg, ORANGE)), (2, 2));
    let image = render(svg);
    assert!(count(&image, BLUE, None) > 144 && count(&image, ORANGE, None) > 144);
}

#[test]
fn remediation_counts_open_and_overdue_items_at_each_months_end() {
    let env = fixture_repo();
    let svg = &stats_charts(&env)[2];
    // Jan 31: A's two and B's first are open. Feb 28: A's alert (due 03-01) and C's panel
    // (done 03-01). From March A's alert is overdue, beside D's page (due 12-31); June adds
    // F's rebuild (due 07-01). B's wontfix has no close date and is left out.
    assert!(
        svg.contains(
            "Open (overdue): 2026-01 3 (0), 2026-02 2 (0), 2026-03 2 (1), 2026-04 2 (1), 2026-05 2 (1), 2026-06 3 (1)."
        ),
        "{svg}"
    );
    assert!(svg.contains("1 item without a done_on date"));
    // Overdue bars in March to June; the rest as not yet due in every month.
    assert_eq!((bars(svg, VERMILION), bars(svg, SKY)), (4, 6));
    let image = render(svg);
    assert!(count(&image, VERMILION, None) > 144 && count(&image, SKY, None) > 144);
}

#[test]
fn incidents_per_service_ranks_the_services() {
    let env = fixture_repo();
    let svg = &stats_charts(&env)[3];
    // checkout-api: A, B, C, E; search: D, F; payments: A.
    assert!(svg.contains("most first: checkout-api 4, search 2, payments 1."));
    assert_eq!(bars(svg, BLUE), 3);
    let image = render(svg);
    assert_eq!(image.width(), 800);
    assert!(image.height() > 150);
    assert!(count(&image, BLUE, None) > 1000);
}

#[test]
fn dark_mode_recolours_the_paper_and_the_ink_and_keeps_the_series() {
    let env = fixture_repo();
    let svg = &stats_charts(&env)[0];
    let light = render(svg);
    let night = render(&dark(svg));
    assert_eq!(pixel(&night, 10, 10), PAPER_DARK);
    let axes = ink(&light, false);
    assert!(axes > 500, "{axes}");
    assert_eq!(count(&night, PAPER, None), 0, "no light paper left");
    let light_ink = ink(&night, true);
    assert!(light_ink > 500, "the axes in light ink: {light_ink}");
    for sev in [SEV1, SEV2, SEV3] {
        assert_eq!(count(&night, sev, None), count(&light, sev, None));
    }
}

#[test]
fn the_same_documents_give_the_same_bytes() {
    let env = fixture_repo();
    let first = stats_charts(&env);
    let second = stats_charts(&env);
    assert_eq!(first, second);
    let (code, _, stderr) = pm(&env, &["index"]);
    assert_eq!(code, 0, "{stderr}");
    let index: Vec<String> = FILES
        .iter()
        .map(|f| env.read(&format!("postmortems/charts/{f}")))
        .collect();
    let (code, stdout, _) = pm(&env, &["index"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("charts/"), "nothing rewritten: {stdout}");
    let again: Vec<String> = FILES
        .iter()
        .map(|f| env.read(&format!("postmortems/charts/{f}")))
        .collect();
    assert_eq!(index, again);
}

#[test]
fn pm_index_embeds_the_charts_and_check_finds_them_stale_or_missing() {
    let env = fixture_repo();
    let (code, stdout, stderr) = pm(&env, &["index"]);
    assert_eq!(code, 0, "{stderr}");
    for f in FILES {
        assert!(
            stdout.contains(&format!("wrote postmortems/charts/{f}")),
            "{stdout}"
        );
    }
    let readme = env.read("postmortems/README.md");
    assert!(readme.contains("\n## Charts\n"));
    for f in FILES {
        assert_eq!(readme.matches(&format!("](charts/{f})")).count(), 1, "{f}");
    }
    // Alt text: the title, then the description.
    assert!(readme.contains("![Incidents per month, by severity. Stacked bars of "));
    // The index's charts run from the oldest postmortem (2025-12) to the newest day the
    // documents record (2026-11-10), not to today, so they stay current as time passes.
    let month = env.read("postmortems/charts/incidents-per-month.svg");
    assert!(
        month.contains("per month, 2025-12-20 to 2026-11-10,"),
        "{month}"
    );
    assert_eq!(pm(&env, &["index", "--check"]).0, 0);

    // A document changed: the index and the charts are stale.
    let doc = "postmortems/2026-06-10-search-index-stale.md";
    let text = env.read(doc).replace("severity: SEV2", "severity: SEV1");
    env.write(doc, text);
    let (code, _, stderr) = pm(&env, &["index", "--check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("postmortems/charts/incidents-per-month.svg is stale"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("time-to-resolve.svg"),
        "unchanged: {stderr}"
    );
    assert_eq!(pm(&env, &["index"]).0, 0);
    assert_eq!(pm(&env, &["index", "--check"]).0, 0);

    // A chart removed, or edited by hand.
    std::fs::remove_file(env.path("postmortems/charts/remediation.svg")).expect("rm");
    let (code, _, stderr) = pm(&env, &["index", "--check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("postmortems/charts/remediation.svg is missing: run `pm index`"));
    assert_eq!(pm(&env, &["index"]).0, 0);
    let edited = env
        .read("postmortems/charts/time-to-resolve.svg")
        .replace("p90", "p95");
    env.write("postmortems/charts/time-to-resolve.svg", edited);
    let (code, _, stderr) = pm(&env, &["index", "--check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("postmortems/charts/time-to-resolve.svg is stale"),
        "{stderr}"
    );
    assert_eq!(pm(&env, &["index"]).0, 0);
    assert_eq!(pm(&env, &["index", "--check"]).0, 0);
}

#[test]
fn an_svg_pm_did_not_write_is_never_replaced() {
    let env = fixture_repo();
    let theirs = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n";
    env.write("out/remediation.svg", theirs);
    let mut args = vec!["stats", "--chart", "out"];
    args.extend(PERIOD);
    let (code, stdout, stderr) = pm(&env, &args);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "", "refused before the figures are printed");
    assert!(
        stderr.contains("out/remediation.svg exists and was not written by pm"),
        "{stderr}"
    );
    assert_eq!(env.read("out/remediation.svg"), theirs);
    assert!(
        !env.path("out/incidents-per-month.svg").exists(),
        "nothing written"
    );
}

#[test]
fn bad_input_writes_no_chart() {
    let env = fixture_repo();
    let (code, _, stderr) = pm(
        &env,
        &[
            "stats",
            "--since",
            "2026-06-01",
            "--until",
            "2026-01-01",
            "--chart",
            "out",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = pm(&env, &["stats", "-C", "missing", "--chart", "out"]);
    assert_eq!(code, 2);
    assert!(!env.path("out").exists());
}

#[test]
fn stdout_keeps_the_figures_and_stderr_names_the_files() {
    let env = fixture_repo();
    let mut args = vec!["stats", "--format", "json", "--chart", "out"];
    args.extend(PERIOD);
    let (code, stdout, stderr) = pm(&env, &args);
    assert_eq!(code, 0, "{stderr}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(parsed["total"]["incidents"], 6);
    for f in FILES {
        assert!(
            stderr.contains(&format!("pm stats: wrote out/{f}")),
            "{stderr}"
        );
    }
}

#[test]
fn a_chart_folder_that_is_a_file_is_refused_before_any_output() {
    let env = fixture_repo();
    env.write("afile", "notes\n");
    let mut args = vec!["stats", "--chart", "afile"];
    args.extend(PERIOD);
    let (code, stdout, stderr) = pm(&env, &args);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("--chart afile: not a folder"), "{stderr}");
    assert!(stderr.contains("hint: give a folder"), "{stderr}");
    assert_eq!(env.read("afile"), "notes\n");
}
