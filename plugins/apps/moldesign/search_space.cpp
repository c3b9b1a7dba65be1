#include "search_space.hpp"

#include "molecule.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_set>

namespace taps::moldesign {

namespace {

std::vector<std::string> fields_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  return fields;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The column holding SMILES: a header's `smiles` column, else the first.
std::size_t smiles_column(const std::vector<std::string>& first_fields, bool& first_is_header) {
  for (std::size_t i = 0; i < first_fields.size(); ++i) {
    if (lowercase(first_fields[i]) == "smiles") {
      first_is_header = true;
      return i;
    }
  }
  first_is_header = false;
  return 0;
}

}  // namespace

SearchSpace load_search_space(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    std::string hint;
    if (file == default_dataset) hint = " (the default search space: apt-get install rdkit-data)";
    throw Error("ConfigError", "dataset '" + file.string() + "' cannot be read" + hint, TAPS_INVALID_ARGUMENT);
  }
  SearchSpace space;
  std::unordered_set<std::string> seen;
  bool first = true;
  std::size_t column = 0;
  for (std::string line; std::getline(in, line);) {
    const std::vector<std::string> fields = fields_of(line);
    if (fields.empty() || fields[0][0] == '#') continue;
    if (first) {
      first = false;
      bool header = false;
      column = smiles_column(fields, header);
      if (header) continue;
    }
    ++space.lines;
    if (column >= fields.size()) {
      ++space.rejected;
      continue;
    }
    const auto canonical = qm9_like(fields[column]);
    if (!canonical) {
      ++space.rejected;
    } else if (!seen.insert(*canonical).second) {
      ++space.duplicates;
    } else {
      space.smiles.push_back(*canonical);
    }
  }
  if (space.smiles.empty()) {
    throw Error("DataError", "dataset '" + file.string() + "' holds no QM9-like molecule (neutral, one fragment, " +
                                 "at most 9 heavy atoms of C, N, O, F) among its " + std::to_string(space.lines) +
                                 " lines");
  }
  return space;
}

}  // namespace taps::moldesign
