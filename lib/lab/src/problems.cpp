#include <smooth/lab/problems.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <stdexcept>

#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>


namespace smooth::lab {

problem make_problem(std::string const& p, std::size_t samples, std::uint64_t seed)
{
    try {
        if (p.rfind("quadratic:", 0) == 0) {
            return problems::diagonal_quadratic(io::parse_list(p.substr(10), "eigenvalue"));
        }
    } catch (io::input_error const& e) {
        throw choice_error("--problem " + p + ": " + e.what());
    } catch (std::invalid_argument const& e) {
        throw choice_error("--problem " + p + ": " + e.what());
    }
    if (p == "ravine") {
        return problems::ravine{};
    }
    if (p == "rosenbrock") {
        return problems::rosenbrock{};
    }
    if (p == "banana") {
        return problems::banana{};
    }
    if (p == "linreg") {
        return problems::linear_regression(samples, {1.5, -2.0}, 0.5, seed);
    }
    throw choice_error("unknown problem '" + p + "': use quadratic:L1,L2,..., ravine, rosenbrock, banana or linreg");
}

method method_from(std::string const& text, std::string const& option)
{
    if (const auto m = method_named(text)) {
        return *m;
    }
    throw choice_error(option + (option == "--method" ? " takes gd, momentum or nesterov, got '" : " takes gd, momentum and nesterov, got '") +
                       text + "'");
}

momentum_form form_from(std::string const& text)
{
    if (const auto f = form_named(text)) {
        return *f;
    }
    throw choice_error("--form takes ema, classic or pytorch, got '" + text + "'");
}

std::vector<method> methods_from(std::string const& list, std::string const& option)
{
    std::vector<method> methods;
    std::size_t at = 0;
    while (true) {
        const std::size_t comma = list.find(',', at);
        methods.push_back(method_from(list.substr(at, comma == std::string::npos ? std::string::npos : comma - at), option));
        if (comma == std::string::npos || comma + 1 == list.size()) { // "a,b," is a and b, as getline splits it
            return methods;
        }
        at = comma + 1;
    }
}

std::vector<double> start_for(problem const& p, std::vector<double> const& given)
{
    std::vector<double> start = start_of(p);
    if (!given.empty() && given.size() != start.size()) {
        throw choice_error(fmt::format("--start has {} values, the problem has {} parameters", given.size(), start.size()));
    }
    return given.empty() ? start : given;
}

double default_alpha(problem const& p)
{
    return std::visit([](auto const& prob) { return prob.default_alpha(); }, p);
}

std::optional<std::vector<double>> spectrum(problem const& p)
{
    if (auto const* q = std::get_if<problems::diagonal_quadratic>(&p)) {
        return q->eigenvalues();
    }
    if (auto const* r = std::get_if<problems::ravine>(&p)) {
        return r->eigenvalues();
    }
    return std::nullopt;
}

std::vector<double> minimizer_of(problem const& p)
{
    return std::visit([](auto const& prob) { return std::vector<double>(prob.minimizer()); }, p);
}

std::vector<double> start_of(problem const& p)
{
    return std::visit([](auto const& prob) { return std::vector<double>(prob.start()); }, p);
}

std::optional<tuned_parameters> tuned(problem const& p, method m, std::string* refused)
{
    if (const auto lambdas = spectrum(p)) {
        try {
            return tuned_for_quadratic(m, *std::min_element(lambdas->begin(), lambdas->end()),
                                       *std::max_element(lambdas->begin(), lambdas->end()));
        } catch (std::invalid_argument const& e) {
            if (refused != nullptr) {
                *refused = e.what();
            }
            return std::nullopt; // a spectrum the theory cannot handle: the problem's default step
        }
    }
    if (std::holds_alternative<problems::rosenbrock>(p)) {
        return tuned_for_rosenbrock(m);
    }
    if (std::holds_alternative<problems::banana>(p)) {
        return tuned_for_banana(m);
    }
    return std::nullopt;
}

optimizer make_optimizer(optimizer_choice const& c)
{
    try {
        const bool nesterov = c.m == method::nesterov;
        if (c.form == momentum_form::pytorch) {
            return pytorch_sgd(c.alpha, {.momentum = c.m == method::gd ? 0.0 : c.beta,
                                         .dampening = c.dampening,
                                         .weight_decay = c.weight_decay,
                                         .nesterov = nesterov,
                                         .maximize = c.maximize});
        }
        if (c.m == method::gd) {
            return gradient_descent(c.alpha);
        }
        if (c.form == momentum_form::classic) {
            return classic_momentum(c.alpha, c.beta, nesterov);
        }
        return momentum(c.alpha, c.beta, {.nesterov = nesterov, .bias_correction = c.bias_correction});
    } catch (std::invalid_argument const& e) {
        throw choice_error(e.what());
    }
}

plot::contours contours_for(problem const& p, std::vector<trajectory const*> const& paths)
{
    const auto target = minimizer_of(p);
    double x0 = target[0], x1 = target[0], y0 = target[1], y1 = target[1];
    for (auto const* path : paths) {
        for (auto const& row : path->rows) {
            if (std::isfinite(row.w[0]) && std::isfinite(row.w[1])) {
                x0 = std::min(x0, row.w[0]);
                x1 = std::max(x1, row.w[0]);
                y0 = std::min(y0, row.w[1]);
                y1 = std::max(y1, row.w[1]);
            }
        }
    }
    const double mx = 0.1 * std::max(x1 - x0, 1e-3);
    const double my = 0.1 * std::max(y1 - y0, 1e-3);
    x0 -= mx, x1 += mx, y0 -= my, y1 += my;
    std::vector<double> g(2);
    return plot::sample_contours(
        [&](double x, double y) {
            const std::vector<double> w{x, y};
            return std::visit([&](auto const& prob) { return prob(w, g); }, p);
        },
        {x0, x1, y0, y1}, 80);
}

std::vector<plot::figure> path_figures(std::string const& title, problem const& p, std::vector<named_path> const& paths)
{
    std::vector<plot::figure> panels;
    const bool two_d = !std::holds_alternative<problems::linear_regression>(p) && !paths.empty() &&
                       !paths.front().rows->rows.empty() && paths.front().rows->rows.front().w.size() == 2;
    if (two_d) {
        plot::figure path{title + ": paths over the loss contours", "w1", "w2", false, {}, {}};
        std::vector<trajectory const*> rows;
        for (auto const& r : paths) {
            rows.push_back(r.rows);
        }
        path.surface = contours_for(p, rows);
        for (auto const& r : paths) {
            std::vector<double> xs, ys;
            for (auto const& row : r.rows->rows) {
                xs.push_back(row.w[0]);
                ys.push_back(row.w[1]);
            }
            path.lines.push_back({r.name, xs, ys, plot::style::lines});
        }
        const auto target = minimizer_of(p);
        path.minimum = std::pair{target[0], target[1]};
        path.equal_axes = true; // the ravine's 30 degrees stay 30 degrees
        panels.push_back(path);
    }
    plot::figure loss{title + ": loss against step", "step", "loss", true, {}, {}};
    for (auto const& r : paths) {
        std::vector<double> ks, ls;
        for (auto const& row : r.rows->rows) {
            if (row.loss > 0) { // a log axis shows positive losses only
                ks.push_back(static_cast<double>(row.step));
                ls.push_back(row.loss);
            }
        }
        loss.lines.push_back({r.name, ks, ls, plot::style::lines});
    }
    panels.push_back(loss);
    return panels;
}

plot::animation path_animation(std::string const& title, problem const& p, std::vector<named_path> const& paths,
                               std::size_t frames)
{
    auto whole = path_figures(title, p, paths);
    std::size_t last = 0;
    for (auto const& r : paths) {
        if (!r.rows->rows.empty()) {
            last = std::max(last, r.rows->rows.back().step);
        }
    }
    // the loss panel keeps the whole run's axes, so the frames do not jump
    auto& loss = whole.back();
    double lo = INFINITY;
    double hi = -INFINITY;
    for (auto const& s : loss.lines) {
        for (const double y : s.y) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
    }
    if (lo <= hi) {
        // a log axis: a decade of room at each end, so no curve lies on the frame
        loss.y_range = std::pair{lo / 10.0, hi * 10.0};
    }
    loss.x_range = std::pair{0.0, static_cast<double>(std::max<std::size_t>(last, 1))};
    plot::animation out;
    for (std::size_t f = 1; f <= frames; ++f) {
        const auto upto = static_cast<double>((last * f + frames - 1) / frames);
        auto frame = whole;
        for (auto& panel : frame) {
            panel.title += fmt::format(" (step {:g})", upto);
            for (std::size_t i = 0; i < panel.lines.size(); ++i) {
                auto& s = panel.lines[i];
                // the path panel's x and y are weights; its steps are the rows' order
                std::size_t keep = 0;
                auto const& rows = paths[i].rows->rows;
                if (&panel == &frame.back()) {
                    while (keep < s.x.size() && s.x[keep] <= upto) {
                        ++keep;
                    }
                } else {
                    while (keep < rows.size() && static_cast<double>(rows[keep].step) <= upto) {
                        ++keep;
                    }
                }
                s.x.resize(std::min(keep, s.x.size()));
                s.y.resize(std::min(keep, s.y.size()));
            }
        }
        out.push_back(std::move(frame));
    }
    return out;
}

} // namespace smooth::lab
