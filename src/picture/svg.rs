//! SVG, laid out by Keel: states in columns by their distance from the initial state (one
//! barycentre pass orders each column to reduce crossings), forward edges as curves between
//! columns, edges that go back routed below, self-loops above. Deterministic; no external
//! programs. `O(V + E)` after the breadth-first layering.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write;

use super::*;

const CHAR_W: f64 = 6.8;
const LINE_H: f64 = 15.0;
const COL_GAP: f64 = 200.0;
const ROW_GAP: f64 = 56.0;
const MARGIN: f64 = 40.0;
const TOP: f64 = 70.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct Node {
    lines: Vec<String>,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
    layer: usize,
}

struct Edge {
    from: usize,
    to: usize,
    lines: Vec<String>,
    color: &'static str,
    dashed: bool,
    bold: bool,
}

fn text_width(lines: &[String]) -> f64 {
    lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * CHAR_W
}

pub fn render(a: &Artifact) -> String {
    let edges = edges(a);
    let (layer, columns) = layers(a, &edges);
    let (nodes, x, tallest) = place(a, &layer, &columns);
    let mut c = Canvas {
        width: x - COL_GAP + MARGIN,
        height: TOP + tallest + MARGIN,
        body: String::new(),
        labels: String::new(),
        below: 0,
        placed: Vec::new(),
        min_x: MARGIN,
    };
    // Edges first, so states are drawn over them.
    let mut pair_count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in &edges {
        let k = {
            let c = pair_count
                .entry((e.from.min(e.to), e.from.max(e.to)))
                .or_default();
            *c += 1;
            *c - 1
        };
        let (path, lx, ly) = edge_path(&nodes, e, k, &mut c);
        draw_edge(e, &path, lx, ly, &mut c);
    }
    let Canvas {
        mut width,
        height,
        mut body,
        labels,
        min_x,
        ..
    } = c;
    body.push_str(&labels);
    draw_states(a, &nodes, &mut body);
    let defs = defs(&edges);
    let title_text = title(a);
    // Shift right if labels reach past the left margin.
    let dx = (MARGIN - min_x).max(0.0);
    width += dx;
    width = width.max(MARGIN * 2.0 + title_text.chars().count() as f64 * 8.5);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica, Arial, sans-serif\">\n  <title>{}</title>\n{defs}  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n  <text x=\"{MARGIN:.0}\" y=\"30\" font-size=\"15\" font-weight=\"bold\" fill=\"{}\">{}</text>\n  <g transform=\"translate({dx:.1},0)\">\n{body}  </g>\n</svg>\n",
        esc(&title_text),
        tier_color(a.tier),
        esc(&title_text)
    )
}

/// The drawn transitions and overrides, between states the artifact has.
fn edges(a: &Artifact) -> Vec<Edge> {
    let index: HashMap<&str, usize> = a
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let mut edges: Vec<Edge> = Vec::new();
    for t in &a.transitions {
        if let (Some(&f), Some(&to)) = (index.get(t.from.as_str()), index.get(t.to.as_str())) {
            let risk = transition_risk(t);
            edges.push(Edge {
                from: f,
                to,
                lines: edge_lines(t),
                color: risk_color(risk),
                dashed: false,
                bold: risk
                    .is_some_and(|r| matches!(r, "money" | "trading" | "commission" | "records")),
            });
        }
    }
    for o in &a.overrides {
        for f in &o.from {
            if let (Some(&f), Some(&to)) = (index.get(f.as_str()), index.get(o.to.as_str())) {
                edges.push(Edge {
                    from: f,
                    to,
                    lines: vec![format!("override by {}", o.by)],
                    color: OVERRIDE_COLOR,
                    dashed: true,
                    bold: false,
                });
            }
        }
    }
    edges
}

/// Each state's layer (column), and the states of each column in drawing order.
fn layers(a: &Artifact, edges: &[Edge]) -> (Vec<usize>, Vec<Vec<usize>>) {
    // Layers: breadth-first distance from the initial state; the rest after them.
    let n = a.states.len();
    let mut layer: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::new();
    for (i, s) in a.states.iter().enumerate() {
        if s.initial && layer[i].is_none() {
            layer[i] = Some(0);
            queue.push_back(i);
        }
    }
    while let Some(s) = queue.pop_front() {
        for e in edges.iter().filter(|e| e.from == s) {
            if layer[e.to].is_none() {
                layer[e.to] = Some(layer[s].unwrap_or(0) + 1);
                queue.push_back(e.to);
            }
        }
    }
    let max_layer = layer.iter().flatten().copied().max().map_or(0, |m| m + 1);
    let layer: Vec<usize> = layer.into_iter().map(|l| l.unwrap_or(max_layer)).collect();
    let layers = layer.iter().copied().max().map_or(0, |m| m + 1);
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, l) in layer.iter().enumerate() {
        columns[*l].push(i);
    }
    // One barycentre pass: order each column by the mean row of its predecessors.
    let mut row: Vec<f64> = vec![0.0; n];
    for col in &columns {
        for (r, s) in col.iter().enumerate() {
            row[*s] = r as f64;
        }
    }
    #[allow(clippy::needless_range_loop)]
    for c in 1..layers {
        let mut keyed: Vec<(f64, usize, usize)> = columns[c]
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let preds: Vec<f64> = edges
                    .iter()
                    .filter(|e| e.to == s && layer[e.from] < c)
                    .map(|e| row[e.from])
                    .collect();
                let bc = if preds.is_empty() {
                    k as f64
                } else {
                    preds.iter().sum::<f64>() / preds.len() as f64
                };
                (bc, k, s)
            })
            .collect();
        keyed.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        columns[c] = keyed.iter().map(|k| k.2).collect();
        for (r, s) in columns[c].iter().enumerate() {
            row[*s] = r as f64;
        }
    }
    (layer, columns)
}

/// The states' sizes and positions; the x past the last column and the tallest column.
fn place(a: &Artifact, layer: &[usize], columns: &[Vec<usize>]) -> (Vec<Node>, f64, f64) {
    // Sizes and positions.
    let mut nodes: Vec<Node> = a
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let lines = state_lines(s);
            Node {
                w: text_width(&lines) + 28.0,
                h: lines.len() as f64 * LINE_H + 18.0,
                lines,
                x: 0.0,
                y: 0.0,
                layer: layer[i],
            }
        })
        .collect();
    let col_h: Vec<f64> = columns
        .iter()
        .map(|c| {
            c.iter().map(|s| nodes[*s].h).sum::<f64>() + ROW_GAP * c.len().saturating_sub(1) as f64
        })
        .collect();
    let tallest = col_h.iter().copied().fold(0.0, f64::max);
    let mut x = MARGIN + 30.0;
    for (c, col) in columns.iter().enumerate() {
        let w = col.iter().map(|s| nodes[*s].w).fold(0.0, f64::max);
        let mut y = TOP + (tallest - col_h[c]) / 2.0;
        for s in col {
            nodes[*s].x = x + (w - nodes[*s].w) / 2.0;
            nodes[*s].y = y;
            y += nodes[*s].h + ROW_GAP;
        }
        x += w + COL_GAP;
    }
    (nodes, x, tallest)
}

/// What the drawing has so far, and its extent.
struct Canvas {
    width: f64,
    height: f64,
    body: String,
    labels: String,
    /// Edges routed below so far.
    below: usize,
    /// The labels placed so far: (x, y, width, height).
    placed: Vec<(f64, f64, f64, f64)>,
    min_x: f64,
}

/// An edge's path and where its label goes; `k` is how many edges between the same two
/// states came before it.
fn edge_path(nodes: &[Node], e: &Edge, k: usize, c: &mut Canvas) -> (String, f64, f64) {
    let (f, t) = (&nodes[e.from], &nodes[e.to]);
    let off = k as f64 * 14.0;
    if e.from == e.to {
        let cx = f.x + f.w / 2.0 + off;
        let top = f.y;
        let h = 46.0 + off;
        (
            format!(
                "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                cx - 12.0,
                top,
                cx - 46.0,
                top - h,
                cx + 46.0,
                top - h,
                cx + 12.0,
                top
            ),
            cx,
            top - h - 4.0,
        )
    } else if t.layer > f.layer {
        let (x0, y0) = (f.x + f.w, f.y + f.h / 2.0 + off);
        let (x3, y3) = (t.x, t.y + t.h / 2.0 + off);
        let dx = (x3 - x0) / 2.0;
        let (x1, y1, x2, y2) = (x0 + dx, y0, x3 - dx, y3);
        let mx = (x0 + 3.0 * x1 + 3.0 * x2 + x3) / 8.0;
        let my = (y0 + 3.0 * y1 + 3.0 * y2 + y3) / 8.0;
        (
            format!("M{x0:.1},{y0:.1} C{x1:.1},{y1:.1} {x2:.1},{y2:.1} {x3:.1},{y3:.1}"),
            mx,
            my,
        )
    } else if t.layer == f.layer {
        // Within a column: an arc on the left side.
        let (x0, y0) = (f.x, f.y + f.h / 2.0);
        let (x3, y3) = (t.x, t.y + t.h / 2.0);
        let bulge = x0.min(x3) - 45.0 - off;
        let path =
            format!("M{x0:.1},{y0:.1} C{bulge:.1},{y0:.1} {bulge:.1},{y3:.1} {x3:.1},{y3:.1}");
        (path, bulge + 10.0, (y0 + y3) / 2.0)
    } else {
        // Backwards: route below both states.
        c.below += 1;
        let (x0, y0) = (f.x + f.w / 2.0 - 10.0, f.y + f.h);
        let (x3, y3) = (t.x + t.w / 2.0 + 10.0, t.y + t.h);
        let (lo, hi) = (t.layer.min(f.layer), t.layer.max(f.layer));
        let floor = nodes
            .iter()
            .filter(|m| m.layer >= lo && m.layer <= hi)
            .map(|m| m.y + m.h)
            .fold(y0.max(y3), f64::max);
        let dip = floor + 40.0 + 18.0 * (c.below % 4) as f64 + off;
        let path = format!("M{x0:.1},{y0:.1} C{x0:.1},{dip:.1} {x3:.1},{dip:.1} {x3:.1},{y3:.1}");
        c.height = c.height.max(dip + 30.0);
        (path, (x0 + x3) / 2.0, dip - 12.0)
    }
}

/// Draws an edge and its label (moved down past the labels it would cover).
fn draw_edge(e: &Edge, path: &str, lx: f64, ly: f64, c: &mut Canvas) {
    let dash = if e.dashed {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    let sw = if e.bold { 2.2 } else { 1.3 };
    let _ = writeln!(
        c.body,
        "  <path d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{sw}\"{dash} marker-end=\"url(#arrow-{})\"/>",
        e.color,
        &e.color[1..]
    );
    let lw = text_width(&e.lines) + 8.0;
    let lh = e.lines.len() as f64 * 12.0 + 4.0;
    let rx = lx - lw / 2.0;
    let mut ry = ly - lh / 2.0;
    // Move the label down past labels already placed that it would cover.
    for _ in 0..12 {
        match c
            .placed
            .iter()
            .find(|(px, py, pw, ph)| rx < px + pw && *px < rx + lw && ry < py + ph && *py < ry + lh)
        {
            Some((_, py, _, ph)) => ry = py + ph + 2.0,
            None => break,
        }
    }
    c.placed.push((rx, ry, lw, lh));
    c.min_x = c.min_x.min(rx);
    c.height = c.height.max(ry + lh + MARGIN);
    c.width = c.width.max(rx + lw + MARGIN);
    let _ = writeln!(c.labels, "  <rect x=\"{rx:.1}\" y=\"{ry:.1}\" width=\"{lw:.1}\" height=\"{lh:.1}\" fill=\"white\" fill-opacity=\"0.85\"/>");
    for (i, l) in e.lines.iter().enumerate() {
        let _ = writeln!(
            c.labels,
            "  <text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{}\">{}</text>",
            ry + 12.0 + i as f64 * 12.0,
            e.color,
            esc(l)
        );
    }
}

/// Draws the states (and the initial state's entry arrow).
fn draw_states(a: &Artifact, nodes: &[Node], body: &mut String) {
    for (i, (s, nd)) in a.states.iter().zip(nodes).enumerate() {
        let (fill, dash) = if s.manual {
            (MANUAL_FILL, " stroke-dasharray=\"5 3\"")
        } else {
            ("#ffffff", "")
        };
        let sw = if s.initial { 2.5 } else { 1.2 };
        let _ = writeln!(
            body,
            "  <g id=\"state-{i}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"{fill}\" stroke=\"#1f2937\" stroke-width=\"{sw}\"{dash}/>",
            nd.x, nd.y, nd.w, nd.h
        );
        if s.terminal {
            let _ = writeln!(
                body,
                "    <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"none\" stroke=\"#1f2937\" stroke-width=\"1\"/>",
                nd.x + 4.0,
                nd.y + 4.0,
                nd.w - 8.0,
                nd.h - 8.0
            );
        }
        for (k, l) in nd.lines.iter().enumerate() {
            let (size, weight) = if k == 0 {
                (12, " font-weight=\"bold\"")
            } else {
                (10, "")
            };
            let _ = writeln!(
                body,
                "    <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{size}\"{weight} fill=\"#111827\">{}</text>",
                nd.x + nd.w / 2.0,
                nd.y + 9.0 + LINE_H * (k as f64 + 1.0) - 3.0,
                esc(l)
            );
        }
        body.push_str("  </g>\n");
        if s.initial {
            let (x1, y) = (nd.x, nd.y + nd.h / 2.0);
            let _ = writeln!(
                body,
                "  <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#111827\"/>",
                x1 - 30.0
            );
            let _ = writeln!(
                body,
                "  <path d=\"M{:.1},{y:.1} L{x1:.1},{y:.1}\" stroke=\"#111827\" stroke-width=\"1.5\" marker-end=\"url(#arrow-111827)\"/>",
                x1 - 25.0
            );
        }
    }
}

/// The arrow-head markers, one per edge colour.
fn defs(edges: &[Edge]) -> String {
    let mut colors: Vec<&str> = edges.iter().map(|e| e.color).collect();
    colors.push("#111827");
    colors.sort_unstable();
    colors.dedup();
    let mut defs = String::from("  <defs>\n");
    for c in colors {
        let _ = writeln!(
            defs,
            "    <marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>",
            &c[1..]
        );
    }
    defs.push_str("  </defs>\n");
    defs
}
