#include "layout/line_breaker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace galley::layout {

namespace {

// Running totals so that the width, stretch and shrink of any stretch of items is a
// subtraction.
struct Sums {
    std::vector<double> width, stretch, shrink;
    std::vector<int> fil;
    std::vector<int> next_box;  // first box at or after i (or the last item)

    explicit Sums(const std::vector<Item>& items) {
        const std::size_t n = items.size();
        width.assign(n + 1, 0);
        stretch.assign(n + 1, 0);
        shrink.assign(n + 1, 0);
        fil.assign(n + 1, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const Item& item = items[i];
            width[i + 1] = width[i] + (item.kind == ItemKind::Penalty ? 0 : item.width);
            stretch[i + 1] = stretch[i] + (item.kind != ItemKind::Penalty ? item.stretch : 0);
            shrink[i + 1] = shrink[i] + (item.kind != ItemKind::Penalty ? item.shrink : 0);
            fil[i + 1] = fil[i] + (item.kind == ItemKind::Glue && item.fil ? 1 : 0);
        }
        next_box.assign(n + 1, int(n) - 1);
        for (int i = int(n) - 1; i >= 0; --i)
            next_box[std::size_t(i)] = items[std::size_t(i)].kind == ItemKind::Box ? i : next_box[std::size_t(i) + 1];
    }
};

double badness_of(double ratio) {
    if (ratio == std::numeric_limits<double>::infinity()) return infinite_badness;
    const double r = std::abs(ratio);
    const double value = 100 * (r * r * r);
    return std::min(value, infinite_badness);
}

int fitness_of(double ratio) {
    if (ratio < -0.5) return 3;
    if (ratio <= 0.5) return 2;
    if (ratio <= 1) return 1;
    return 0;
}

LineFit fit(const std::vector<Item>& items, const Sums& sums, int previous, int end, double measure,
            const BreakParameters& parameters, double extra_stretch) {
    LineFit line;
    line.start = previous < 0 ? 0 : sums.next_box[std::size_t(previous) + 1];
    if (line.start > end) line.start = end;
    line.end = end;
    const auto s = std::size_t(line.start), e = std::size_t(end);
    const Item& last = items[e];
    line.natural = sums.width[e] - sums.width[s] + (last.kind == ItemKind::Penalty ? last.width : 0);
    double stretch = sums.stretch[e] - sums.stretch[s] + parameters.line_end_stretch + extra_stretch;
    const double shrink = sums.shrink[e] - sums.shrink[s];
    const bool fil = sums.fil[e] - sums.fil[s] > 0;

    if (items[s].kind == ItemKind::Box && line.start < end) line.protrude_left = items[s].protrude_left;
    if (last.kind == ItemKind::Penalty && last.width > 0)
        line.protrude_right = last.protrude_right;
    else if (e > 0 && items[e - 1].kind == ItemKind::Box && !fil)
        line.protrude_right = items[e - 1].protrude_right;
    line.available = measure + line.protrude_left + line.protrude_right;

    const double difference = line.available - line.natural;
    if (difference > 0) {
        if (fil)
            line.ratio = 0;
        else if (stretch > 0)
            line.ratio = difference / stretch;
        else
            line.ratio = std::numeric_limits<double>::infinity();
    } else if (difference < 0) {
        line.ratio = shrink > 0 ? difference / shrink : -std::numeric_limits<double>::infinity();
    }
    line.overfull = line.ratio < -1 - 1e-9;
    line.badness = line.overfull ? infinite_badness + 1 : badness_of(line.ratio);
    line.fitness = fitness_of(line.ratio);
    return line;
}

}  // namespace

bool is_legal_break(const std::vector<Item>& items, int index, bool hyphenate) {
    const Item& item = items[std::size_t(index)];
    if (item.kind == ItemKind::Penalty)
        return item.penalty < infinite_penalty && (hyphenate || !item.discretionary);
    if (item.kind == ItemKind::Glue) return index > 0 && items[std::size_t(index) - 1].kind == ItemKind::Box;
    return false;
}

LineFit fit_line(const std::vector<Item>& items, int previous, int end, double measure,
                 const BreakParameters& parameters, double extra_stretch) {
    return fit(items, Sums(items), previous, end, measure, parameters, extra_stretch);
}

double line_demerits(const std::vector<Item>& items, const LineFit& line, bool previous_flagged,
                     int previous_fitness, const BreakParameters& parameters) {
    const Item& item = items[std::size_t(line.end)];
    const double penalty = item.kind == ItemKind::Penalty ? item.penalty : 0;
    const double base = std::min(parameters.line_penalty + std::min(line.badness, infinite_badness), infinite_badness);
    double demerits = base * base;
    if (penalty >= 0)
        demerits += penalty * penalty;
    else if (penalty > -infinite_penalty)
        demerits -= penalty * penalty;
    const bool flagged = item.kind == ItemKind::Penalty && item.flagged;
    if (flagged && previous_flagged) demerits += parameters.double_hyphen_demerits;
    if (line.end == int(items.size()) - 1) {
        if (previous_flagged) demerits += parameters.final_hyphen_demerits;
        if (line.natural < parameters.short_last_line) demerits += parameters.short_last_line_demerits;
    }
    if (std::abs(line.fitness - previous_fitness) > 1) demerits += parameters.fitness_demerits;
    return demerits;
}

namespace {

struct Node {
    int position;  // break item, -1 for the start
    int fitness;
    int lines;     // lines so far (counted only when a line count is asked for)
    double total;
    int parent;    // index into nodes
    LineFit line;  // the line ending here
};

// One pass of the algorithm: returns the best final node in `nodes`, or -1. `rescue` lets a
// line be overfull when it has no other break to take, so that the pass always succeeds.
// With `target_lines` > 0 the nodes are also told apart by their line count, and only a
// solution of exactly that many lines is returned (TeX's \looseness).
int run_pass(const std::vector<Item>& items, const Sums& sums, double measure, const BreakParameters& parameters,
             bool hyphenate, double threshold, double extra_stretch, bool rescue, int target_lines,
             std::vector<Node>& nodes) {
    const int n = int(items.size());
    const int slots = target_lines > 0 ? target_lines + 1 : 1;
    nodes.clear();
    nodes.push_back(Node{-1, 2, 0, 0, -1, {}});
    std::vector<int> active{0}, still_active;
    std::vector<int> best(std::size_t(4 * slots));
    std::vector<double> best_total(best.size());
    std::vector<LineFit> best_line(best.size());
    int previous_legal = -1;  // the last legal break seen, for the rescue rule
    for (int b = 0; b < n; ++b) {
        if (!is_legal_break(items, b, hyphenate)) continue;
        const bool forced =
            items[std::size_t(b)].kind == ItemKind::Penalty && items[std::size_t(b)].penalty <= -infinite_penalty;
        // Best new node per fitness class (and line count).
        std::fill(best.begin(), best.end(), -1);
        still_active.clear();
        // A line depends only on where it starts: the nodes of one position (up to one per
        // fitness class, and line count) are next to each other in `active` and share it.
        int fitted_from = -2;
        LineFit fitted;
        for (int a : active) {
            const Node& node = nodes[std::size_t(a)];
            if (node.position != fitted_from) {
                fitted = fit(items, sums, node.position, b, measure, parameters, extra_stretch);
                fitted_from = node.position;
            }
            LineFit line = fitted;
            bool keep = true;
            bool feasible = line.badness <= threshold;
            if (line.overfull) {
                keep = false;
                // The rescue: the first break after this node's start, and nothing fits.
                feasible = rescue && previous_legal <= node.position;
                if (feasible) line.badness = infinite_badness;
            }
            if (forced) keep = false;
            if (keep) still_active.push_back(a);
            const int lines = target_lines > 0 ? node.lines + 1 : 0;
            if (!feasible || lines >= slots) continue;
            const bool previous_flagged = node.position >= 0 &&
                                          items[std::size_t(node.position)].kind == ItemKind::Penalty &&
                                          items[std::size_t(node.position)].flagged;
            const double total = node.total + line_demerits(items, line, previous_flagged, node.fitness, parameters);
            const auto key = std::size_t(line.fitness * slots + lines);
            if (best[key] < 0 || total < best_total[key]) {
                best[key] = a;
                best_total[key] = total;
                best_line[key] = line;
            }
        }
        active.swap(still_active);
        for (std::size_t key = 0; key < best.size(); ++key) {
            if (best[key] < 0) continue;
            nodes.push_back(Node{b, int(key) / slots, int(key) % slots, best_total[key], best[key], best_line[key]});
            active.push_back(int(nodes.size()) - 1);
        }
        previous_legal = b;
        if (active.empty()) return -1;
    }
    int chosen = -1;
    for (int a : active) {
        const Node& node = nodes[std::size_t(a)];
        if (node.position != n - 1 || (target_lines > 0 && node.lines != target_lines)) continue;
        if (chosen < 0 || node.total < nodes[std::size_t(chosen)].total) chosen = a;
    }
    return chosen;
}

std::vector<LineFit> lines_of(const std::vector<Node>& nodes, int final_node) {
    std::vector<LineFit> lines;
    for (int a = final_node; nodes[std::size_t(a)].parent >= 0; a = nodes[std::size_t(a)].parent)
        lines.push_back(nodes[std::size_t(a)].line);
    std::reverse(lines.begin(), lines.end());
    return lines;
}

}  // namespace

BreakResult break_lines_to(const std::vector<Item>& items, double measure, const BreakParameters& parameters,
                           int lines) {
    const Sums sums(items);
    std::vector<Node> nodes;
    BreakResult result;
    result.pass = 2;
    const int final_node = run_pass(items, sums, measure, parameters, true, parameters.tolerance, 0, false, lines, nodes);
    if (final_node < 0) return result;
    result.total_demerits = nodes[std::size_t(final_node)].total;
    result.lines = lines_of(nodes, final_node);
    return result;
}

BreakResult break_lines(const std::vector<Item>& items, double measure, const BreakParameters& parameters) {
    const Sums sums(items);
    std::vector<Node> nodes;
    const auto run_pass = [&](bool hyphenate, double threshold, double extra_stretch, bool rescue) {
        return galley::layout::run_pass(items, sums, measure, parameters, hyphenate, threshold, extra_stretch, rescue, 0,
                                        nodes);
    };

    BreakResult result;
    int final_node = -1;
    if (parameters.pretolerance >= 0) {
        final_node = run_pass(false, parameters.pretolerance, 0, false);
        result.pass = 1;
    }
    if (final_node < 0) {
        final_node = run_pass(true, parameters.tolerance, 0, false);
        result.pass = 2;
    }
    if (final_node < 0 && parameters.emergency_stretch > 0) {
        final_node = run_pass(true, parameters.tolerance, parameters.emergency_stretch, false);
        result.pass = 3;
    }
    if (final_node < 0) {
        final_node = run_pass(true, std::numeric_limits<double>::infinity(), parameters.emergency_stretch, true);
        result.pass = 4;
    }
    if (final_node < 0) return result;  // cannot happen: the rescue pass always finds a way
    result.total_demerits = nodes[std::size_t(final_node)].total;
    for (int a = final_node; nodes[std::size_t(a)].parent >= 0; a = nodes[std::size_t(a)].parent) {
        LineFit line = nodes[std::size_t(a)].line;
        // The line is set with its real glue: emergency stretch only decided where to break.
        if (result.pass >= 3) {
            const int previous = nodes[std::size_t(nodes[std::size_t(a)].parent)].position;
            const bool overfull = line.overfull || line.badness > infinite_badness;
            line = fit(items, sums, previous, line.end, measure, parameters, 0);
            line.overfull = line.overfull || overfull;
        }
        result.lines.push_back(line);
    }
    std::reverse(result.lines.begin(), result.lines.end());
    return result;
}

}  // namespace galley::layout
