// libFuzzer harness: the CSV record reader (smooth/io/csv.hpp) against the independent model of
// tests/csv_model.hpp (tests/fuzz/README.md). The first byte picks the delimiter (its value mod
// 5: ',', ';', tab, detected, whitespace) and the seed of the random piece sizes; the rest is
// the file. The reader reads it three ways: from a std::istringstream, through a stream buffer
// that hands out one byte per read, and through one that hands out pieces of random sizes.
// With ',', ';' or tab each way must agree with the model: success or error, the error's line,
// every record's line, every field's text, line, column and quoted flag. With a detected or
// whitespace delimiter (not in the model) the three ways must agree with each other, error
// messages included. A disagreement prints the file and the difference, then aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <sstream>
#include <string>

#include "csv_differential.hpp"
#include "csv_model.hpp"

namespace {

void check(csv_model::result const& a, csv_model::result const& b, char const* a_name, char const* b_name,
           std::string const& text, char delimiter)
{
    std::string difference = csv_differential::difference(a, b, a_name, b_name);
    if (difference.empty() && std::string(a_name) != "model" && a.error != b.error) {
        difference = "errors " + a.error + " and " + b.error;
    }
    if (difference.empty()) {
        return;
    }
    std::fprintf(stderr, "disagreement (delimiter %s): %s\n  file %s\n",
                 delimiter == 0 ? "detected" : csv_differential::escaped(std::string(1, delimiter)).c_str(),
                 difference.c_str(), csv_differential::escaped(text, 2000).c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size < 1) {
        return 0;
    }
    const std::uint8_t mode = data[0];
    constexpr char delimiters[] = {',', ';', '\t', '\0', ' '};
    const char delimiter = delimiters[mode % 5];
    const std::uint64_t seed = 1 + mode / 5;
    const std::string text(reinterpret_cast<char const*>(data + 1), size - 1);

    std::istringstream whole(text);
    const auto from_whole = csv_differential::read(whole, delimiter);
    csv_differential::piecewise_buf one(text);
    std::istream one_byte(&one);
    const auto from_one_byte = csv_differential::read(one_byte, delimiter);
    csv_differential::piecewise_buf random(text, seed);
    std::istream in_pieces(&random);
    const auto from_pieces = csv_differential::read(in_pieces, delimiter);

    if (delimiter == ',' || delimiter == ';' || delimiter == '\t') {
        const auto model = csv_model::parse(text, delimiter, smooth::io::record_reader::max_record);
        check(model, from_whole, "model", "istringstream", text, delimiter);
        check(model, from_one_byte, "model", "one byte a read", text, delimiter);
        check(model, from_pieces, "model", "random pieces", text, delimiter);
    } else { // detected, or whitespace: the model does not read these; the three ways agree
        check(from_whole, from_one_byte, "istringstream", "one byte a read", text, delimiter);
        check(from_whole, from_pieces, "istringstream", "random pieces", text, delimiter);
    }
    return 0;
}
