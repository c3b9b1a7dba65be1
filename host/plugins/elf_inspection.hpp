#pragma once

// Inspection of a plugin file before dlopen sees it. The dynamic loader maps
// a library's segments as its program headers describe them; when the file
// is shorter than they say (a half-copied .so), touching the missing pages
// raises SIGBUS and the host dies without a word. Reading the file here with
// read() and checking every size and offset against the file's real length
// turns such a file into a problem with a reason instead.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace taps::host {

struct ElfInspection {
  // Empty when the file may be handed to dlopen; otherwise why not.
  std::string problem;
  // Names of the dynamic symbols the file defines that start with the
  // prefix asked for (empty for a file without a dynamic symbol table).
  std::vector<std::string> symbols;
};

// Inspects bytes already read: the whole file. Never reads outside `bytes`.
ElfInspection inspect_elf(std::string_view bytes, std::string_view symbol_prefix);

// Reads the file (never maps it) and inspects it.
ElfInspection inspect_elf_file(const std::filesystem::path& file, std::string_view symbol_prefix);

}  // namespace taps::host
