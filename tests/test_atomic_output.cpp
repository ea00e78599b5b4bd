#define BOOST_TEST_MODULE atomic_output
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>

#include <smooth/io/atomic_output.hpp>
#include <smooth/io/input_error.hpp>

#include "cli_runner.hpp"

BOOST_AUTO_TEST_CASE(appears_only_when_committed)
{
    scratch_dir dir;
    const auto target = dir.file("out.csv");
    {
        smooth::io::atomic_output out(target);
        std::fputs("half", out.file());
        BOOST_TEST(!std::filesystem::exists(target));
    } // abandoned
    BOOST_TEST(std::filesystem::is_empty(dir.path()));
    {
        smooth::io::atomic_output out(target);
        std::fputs("whole\n", out.file());
        out.commit();
    }
    BOOST_TEST(read_file(target) == "whole\n");
    // the usual permissions (0666 less the umask), not mkstemp's private 0600
    const mode_t mask = ::umask(0);
    ::umask(mask);
    const auto perms = std::filesystem::status(target).permissions();
    BOOST_TEST(static_cast<unsigned>(perms) == (0666U & ~static_cast<unsigned>(mask)));
    {
        smooth::io::atomic_output out(target);
        std::fputs("replacement", out.file());
    } // abandoned: the old file stays
    BOOST_TEST(read_file(target) == "whole\n");
}

BOOST_AUTO_TEST_CASE(unwritable_targets)
{
    scratch_dir dir;
    BOOST_CHECK_THROW(smooth::io::atomic_output(dir.file("missing/dir/out.csv")), smooth::io::input_error);
    BOOST_CHECK_THROW(smooth::io::atomic_output(dir.path()), smooth::io::input_error);
}
