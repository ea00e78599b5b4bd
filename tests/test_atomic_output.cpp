#define BOOST_TEST_MODULE atomic_output
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

// Output files that respect what is there (issue 14): a device is written, never replaced;
// a FIFO stays a FIFO; a symlink stays a link and its target is replaced; a private file stays
// private; a 255-byte name works.
BOOST_AUTO_TEST_CASE(a_device_is_written_not_replaced)
{
    {
        smooth::io::atomic_output out("/dev/null");
        std::fputs("nothing\n", out.file());
        out.commit();
    }
    struct stat st{};
    BOOST_TEST_REQUIRE(::stat("/dev/null", &st) == 0);
    BOOST_TEST(S_ISCHR(st.st_mode)); // still the device, as root too
}

BOOST_AUTO_TEST_CASE(a_fifo_stays_a_fifo)
{
    scratch_dir dir;
    const auto fifo = dir.file("pipe");
    BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK); // so the writer's open does not wait
    BOOST_TEST_REQUIRE(reader >= 0);
    {
        smooth::io::atomic_output out(fifo);
        std::fputs("through the pipe\n", out.file());
        out.commit();
    }
    char buf[64] = {};
    const auto n = ::read(reader, buf, sizeof buf - 1);
    ::close(reader);
    BOOST_TEST(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0U) == "through the pipe\n");
    struct stat st{};
    BOOST_TEST_REQUIRE(::lstat(fifo.c_str(), &st) == 0);
    BOOST_TEST(S_ISFIFO(st.st_mode));
    BOOST_TEST(std::filesystem::directory_iterator(dir.path())->path().filename() == "pipe"); // nothing left beside it
}

BOOST_AUTO_TEST_CASE(a_symlink_is_followed)
{
    scratch_dir dir;
    std::filesystem::create_directory(dir.file("real"));
    const auto target = dir.write("real/data.csv", "old\n");
    std::filesystem::create_symlink("real/data.csv", dir.file("link.csv"));
    {
        smooth::io::atomic_output out(dir.file("link.csv"));
        std::fputs("new\n", out.file());
        out.commit();
    }
    BOOST_TEST(std::filesystem::is_symlink(dir.file("link.csv")));
    BOOST_TEST(read_file(target) == "new\n");
    // a dangling link gets its target made
    std::filesystem::create_symlink("real/fresh.csv", dir.file("dangling.csv"));
    {
        smooth::io::atomic_output out(dir.file("dangling.csv"));
        std::fputs("made\n", out.file());
        out.commit();
    }
    BOOST_TEST(std::filesystem::is_symlink(dir.file("dangling.csv")));
    BOOST_TEST(read_file(dir.file("real/fresh.csv")) == "made\n");
}

BOOST_AUTO_TEST_CASE(a_private_file_stays_private)
{
    scratch_dir dir;
    const auto target = dir.write("secret.csv", "old\n");
    ::chmod(target.c_str(), 0600);
    {
        smooth::io::atomic_output out(target);
        std::fputs("new\n", out.file());
        out.commit();
    }
    BOOST_TEST(static_cast<unsigned>(std::filesystem::status(target).permissions()) == 0600U);
    BOOST_TEST(read_file(target) == "new\n");
}

BOOST_AUTO_TEST_CASE(long_names_and_empty_ones)
{
    scratch_dir dir;
    for (const std::size_t length : {248U, 255U}) {
        const auto target = dir.file(std::string(length - 4, 'n') + ".csv");
        smooth::io::atomic_output out(target);
        std::fputs("x\n", out.file());
        out.commit();
        BOOST_TEST(read_file(target) == "x\n");
    }
    BOOST_CHECK_THROW(smooth::io::atomic_output(""), smooth::io::input_error);
}
