// Tutorial 8: real data. Mauna Loa's weekly CO2 record (1958-2001, public domain, shipped in
// data/): a 52-week SMA removes the seasonal cycle and leaves the trend; an EMA with the same
// mean age lags the trend as much but lets part of the cycle through; the zero-started EMA
// starts at a tenth of the level, and its two cures. Each figure comes with the smooth
// command that draws it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include <smooth/io/table_reader.hpp>
#include <smooth/smooth.hpp>

#include "tutorial.hpp"

namespace {

using smooth::plot::series;
using smooth::plot::style;

struct record {
    std::vector<double> when; ///< seconds since 1970 (a time axis)
    std::vector<std::string> dates;
    std::vector<double> co2;  ///< NaN for a missing week
};

record load(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path + " (give its place with --data)");
    }
    smooth::io::table_options options;
    options.columns = "co2";
    options.index = "date";
    smooth::io::table_reader reader(in, path, options);
    record r;
    smooth::io::table_reader::row row;
    while (reader.next(row)) {
        r.dates.emplace_back(row.index);
        r.when.push_back(smooth::io::parse_timestamp(row.index).value());
        r.co2.push_back(row.values[0]);
    }
    return r;
}

/// Runs one library smoother over the record.
std::vector<double> smoothed(smooth::smoother_spec const& spec, std::vector<double> const& xs)
{
    smooth::smoother sm(spec);
    std::vector<double> out;
    out.reserve(xs.size());
    for (const double x : xs) {
        sm.push(x);
        out.push_back(sm.value().value_or(std::numeric_limits<double>::quiet_NaN())); // a gap in the figure
    }
    return out;
}

/// The share of weeks (with a value this week and last) in which the series went down.
double share_falling(std::vector<double> const& xs)
{
    std::size_t falls = 0;
    std::size_t pairs = 0;
    for (std::size_t i = 1; i < xs.size(); ++i) {
        if (std::isfinite(xs[i]) && std::isfinite(xs[i - 1])) {
            ++pairs;
            falls += xs[i] < xs[i - 1] ? 1 : 0;
        }
    }
    return static_cast<double>(falls) / static_cast<double>(pairs);
}

void lesson(smooth::tutorial::session& s, std::string const& data)
{
    const record r = load(data);
    const std::size_t missing =
        static_cast<std::size_t>(std::count_if(r.co2.begin(), r.co2.end(), [](double x) { return std::isnan(x); }));
    s.say("Mauna Loa's weekly CO2 record, {} to {}: {} weeks, {} of them missing ({}).", r.dates.front(),
          r.dates.back(), r.co2.size(), missing, data);
    s.say("CO2 rises every year, and every year it also swings: plants draw it down in the northern summer.\n");
    s.check("the record reads whole: 2284 weeks, 59 missing", r.co2.size() == 2284 && missing == 59);

    // 1. The 52-week SMA removes the yearly cycle; the EMA of the same mean age does not quite.
    const std::size_t window = 52;
    const smooth::smoother_spec sma{smooth::average::sma, window, 0.5, smooth::missing_policy::decay, 40};
    const smooth::smoother_spec ema{smooth::average::ema_corrected, 0, smooth::decay::from_span(52),
                                    smooth::missing_policy::decay, 0};
    const auto sma52 = smoothed(sma, r.co2);
    const auto ema52 = smoothed(ema, r.co2);
    const double raw_falls = share_falling(r.co2);
    const double sma_falls = share_falling(sma52);
    const double ema_falls = share_falling(ema52);
    s.say("A 52-week window holds exactly one year, so each season is in it once: the SMA keeps the trend");
    s.say("and drops the cycle. (Missing weeks are left out of their windows; a value needs 40 present.)");
    s.say("An EMA with span 52 gives its data the same mean age, (52 - 1) / 2 = 25.5 weeks, but weighs");
    s.say("the latest weeks most, so part of the cycle gets through:\n");
    s.say("  weeks in which the record falls:          {:5.1f} %", 100 * raw_falls);
    s.say("  weeks in which its 52-week SMA falls:     {:5.1f} %", 100 * sma_falls);
    s.say("  weeks in which the EMA (span 52) falls:   {:5.1f} %\n", 100 * ema_falls);
    s.check("the record falls in about 41 % of its weeks (the cycle)", raw_falls > 0.39 && raw_falls < 0.43);
    s.say("The SMA still falls now and then: a week's noise (about half a ppm) can outweigh a week of trend");
    s.say("when a high week leaves the window or a low one enters it. The EMA falls almost as often as the record.\n");
    s.check("the 52-week SMA falls in fewer than 5 % of them (the trend, and a little noise)", sma_falls < 0.05);
    s.check("the EMA of the same mean age falls in about 36 % (the cycle leaks through)", ema_falls > 0.34 && ema_falls < 0.38);

    // the lag on the trend: both sit about 25.5 weeks behind
    double sum_gap = 0.0;
    std::size_t count_gap = 0;
    for (std::size_t i = 520; i < r.co2.size(); ++i) {
        if (std::isfinite(sma52[i]) && std::isfinite(ema52[i])) {
            sum_gap += ema52[i] - sma52[i];
            ++count_gap;
        }
    }
    const double mean_gap = sum_gap / static_cast<double>(count_gap);
    s.say("On the trend (about 1.5 ppm a year) both lag the same: equal mean ages mean equal lags on a ramp.");
    s.say("From the tenth year on, EMA minus SMA averages {:+.3f} ppm, while one week of trend is 0.03 ppm.\n",
          mean_gap);
    s.check("the EMA and the SMA of equal mean age lag the trend equally (mean gap under 0.01 ppm)",
            std::abs(mean_gap) < 0.01);

    smooth::plot::figure trend{"44 years: both follow the trend", "date", "CO2 (ppm)", false,
                               {{"weekly CO2", r.when, r.co2, style::points},
                                {"SMA 52 weeks", r.when, sma52, style::lines},
                                {"EMA span 52", r.when, ema52, style::lines}},
                               {}};
    trend.time_x = true;
    // a closer look: four years from 1990
    std::size_t from = 0;
    while (from < r.dates.size() && r.dates[from] < "1990-01-01") {
        ++from;
    }
    const std::size_t to = std::min(r.dates.size(), from + 4 * 52);
    const auto part = [&](std::vector<double> const& xs) {
        return std::vector<double>(xs.begin() + static_cast<std::ptrdiff_t>(from), xs.begin() + static_cast<std::ptrdiff_t>(to));
    };
    smooth::plot::figure close{"1990-1993: the EMA keeps part of the yearly cycle", "date", "CO2 (ppm)", false,
                               {{"weekly CO2", part(r.when), part(r.co2), style::points},
                                {"SMA 52 weeks", part(r.when), part(sma52), style::lines},
                                {"EMA span 52", part(r.when), part(ema52), style::lines}},
                               {}};
    close.time_x = true;
    s.figure("tutorial_08_trend", std::vector<smooth::plot::figure>{trend, close}, true);
    s.say("The same with smooth:");
    s.say("  $ smooth --column co2 --sma 52 --min-periods 40 --ema-corrected span=52 --missing decay --plot co2_trend.png {}\n",
          data);

    // 2. The low start: V_0 = 0 at beta 0.9 starts at a tenth of 316 ppm.
    const std::size_t shown = 60;
    std::vector<double> head(r.co2.begin(), r.co2.begin() + shown);
    std::vector<double> when(r.when.begin(), r.when.begin() + shown);
    // missing weeks skipped (pandas ignore_na=True): the early record has many, and under decay
    // each would age the start without adding weight
    const smooth::smoother_spec zero{smooth::average::ema, 0, 0.9, smooth::missing_policy::skip, 0};
    const smooth::smoother_spec corrected{smooth::average::ema_corrected, 0, 0.9, smooth::missing_policy::skip, 0};
    const smooth::smoother_spec first{smooth::average::ema_first, 0, 0.9, smooth::missing_policy::skip, 0};
    const auto v = smoothed(zero, head);
    const auto vc = smoothed(corrected, head);
    const auto vf = smoothed(first, head);
    s.say("The article's EMA starts from V_0 = 0. With beta 0.9 the first week gets weight 0.1, so the EMA");
    s.say("starts at a tenth of the level: {:.2f} ppm against {:.1f} measured. It climbs within 10 % once", v[0], head[0]);
    s.say("0.9^t < 0.1, at the 22nd value (0.9^22 = {:.3f}; missing weeks are skipped here). Two cures start", std::pow(0.9, 22));
    s.say("at the level at once: divide by the weight the values hold, 1 - 0.9^t");
    s.say("(bias correction, pandas adjust=True) or start from the first value (pandas adjust=False).");
    s.check_near("the zero-started EMA starts at a tenth of the first week", v[0] / head[0], 0.1, 1e-12);
    s.check("both cures start at the first week's value", vc[0] == head[0] && vf[0] == head[0]);
    std::size_t within = 0;
    while (within < v.size() && !(std::abs(v[within] - vc[within]) < 0.1 * vc[within])) {
        ++within;
    }
    std::size_t present = 0;
    std::size_t week_of_22nd = 0;
    for (std::size_t i = 0; i < head.size() && present < 22; ++i) {
        present += std::isnan(head[i]) ? 0 : 1;
        week_of_22nd = i + 1;
    }
    s.say("That is week {} of the record: {} of the weeks before it are missing.", within + 1,
          week_of_22nd - 22);
    s.check("the zero-started EMA gets within 10 % of the corrected one at the 22nd value, week 37",
            within + 1 == week_of_22nd && week_of_22nd == 37);
    s.check("after 60 weeks the two cures agree within 1 ppm", std::abs(vc.back() - vf.back()) < 1.0);
    // Two panels: the whole climb from 31.6 ppm (on which the weeks and both cures are one line
    // at 316), then the weeks and the cures alone, at a scale that tells them apart. The flat
    // stretches are missing weeks (skipped: each EMA holds its value), shaded and named.
    std::vector<smooth::plot::x_band> gaps;
    constexpr double half_week = 3.5 * 86400.0;
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (std::isnan(head[i])) {
            if (!gaps.empty() && i > 0 && std::isnan(head[i - 1])) {
                gaps.back().to = when[i] + half_week;
            } else {
                gaps.push_back({when[i] - half_week, when[i] + half_week});
            }
        }
    }
    const std::string gap_label = "missing weeks: each EMA holds its value";
    smooth::plot::figure low{fmt::format("V_0 = 0 starts the EMA at a tenth of the level, {:.1f} ppm; it takes a year "
                                         "to climb",
                                         v[0]),
                             "date", "CO2 (ppm)", false,
                             {{"weekly CO2", when, head, style::points},
                              {"EMA 0.9, V_0 = 0", when, v, style::lines},
                              {"bias-corrected", when, vc, style::lines},
                              {"first-seeded", when, vf, style::dashed}},
                             {}};
    low.time_x = true;
    low.y_range = std::pair{0.0, 340.0}; // from 0: a tenth of the level is seen as a tenth
    low.bands = gaps;
    low.bands_label = gap_label;
    smooth::plot::figure cures{"Closer: both cures start at the first week's level and follow the weeks", "date",
                               "CO2 (ppm)", false,
                               {{"weekly CO2", when, head, style::points},
                                {"bias-corrected", when, vc, style::lines, smooth::plot::palette[1]},
                                {"first-seeded", when, vf, style::dashed, smooth::plot::palette[2]}},
                               {}};
    cures.time_x = true;
    cures.bands = gaps;
    cures.bands_label = gap_label;
    s.figure("tutorial_08_low_start", std::vector<smooth::plot::figure>{low, cures});
    s.say("\nThe same with smooth (the first 60 weeks):");
    s.say("  $ head -61 {} | smooth --column co2 --ema 0.9 --ema-corrected 0.9 --ema-first 0.9 --missing skip --plot co2_start.png",
          data);
}

} // namespace

int main(int argc, char** argv)
{
    // --data FILE: where the record is (default: the source tree's data/ folder)
    std::string data = SMOOTH_DATA_DIR "/co2_mauna_loa_weekly.csv";
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::string(argv[i]) == "--data" && i + 1 < argc) {
            data = argv[++i];
            continue;
        }
        args.push_back(argv[i]);
    }
    static std::string data_path;
    data_path = data;
    return smooth::tutorial::run("tutorial_08_real_data", "smoothing a real record: Mauna Loa's CO2",
                                 static_cast<int>(args.size()), args.data(),
                                 [](smooth::tutorial::session& s) { lesson(s, data_path); });
}
