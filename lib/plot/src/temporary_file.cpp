#include "temporary_file.hpp"

#include <fstream>
#include <sstream>

namespace smooth::plot {

std::string temporary_file::contents() const
{
    std::ifstream in(path_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace smooth::plot
