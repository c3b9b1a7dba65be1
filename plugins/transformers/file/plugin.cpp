// plugin.cpp — the library's entry symbol.
#include "file_transformer.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::transformer<taps::file::FileTransformer>)
