#include "montage_tables.hpp"

#include <taps/error.hpp>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace taps::montage {

namespace {

[[noreturn]] void bad_table(const std::string& what, const std::string& line) {
  throw Error("MontageError", what + ": cannot read the line '" + line + "'");
}

long to_index(const std::string& text, std::size_t count, const std::string& what, const std::string& line) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || value < 0 || static_cast<std::size_t>(value) >= count) bad_table(what, line);
  return value;
}

double to_number(const std::string& text, const std::string& what, const std::string& line) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') bad_table(what, line);
  return value;
}

}  // namespace

std::string image_list_table(const std::vector<std::string>& file_names) {
  std::size_t width = 5;
  for (const auto& name : file_names) width = std::max(width, name.size());
  auto cell = [&](const std::string& text) { return text + std::string(width - text.size(), ' '); };
  std::string table = "| " + cell("fname") + " |\n| " + cell("char") + " |\n";
  for (const auto& name : file_names) table += "  " + cell(name) + "  \n";
  return table;
}

std::vector<std::vector<std::string>> table_rows(const std::string& table) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '|' || line[first] == '\\') continue;
    std::istringstream words(line);
    std::vector<std::string>& row = rows.emplace_back();
    for (std::string word; words >> word;) row.push_back(word);
  }
  return rows;
}

std::vector<Overlap> overlap_pairs(const std::string& diffs_table, std::size_t image_count) {
  std::vector<Overlap> pairs;
  for (const auto& row : table_rows(diffs_table)) {
    if (row.size() < 2) bad_table("mOverlaps' diffs.tbl", row.empty() ? "" : row[0]);
    const std::string line = row[0] + " " + row[1];
    pairs.push_back({static_cast<std::uint32_t>(to_index(row[0], image_count, "mOverlaps' diffs.tbl", line)),
                     static_cast<std::uint32_t>(to_index(row[1], image_count, "mOverlaps' diffs.tbl", line))});
  }
  return pairs;
}

std::string plane_fit_table(const std::vector<PlaneFit>& fits) {
  constexpr int width = 16;
  char cell[64];
  std::string table = "|";
  auto head = [&](const char* name) {
    std::snprintf(cell, sizeof cell, "%*s|", width, name);
    table += cell;
  };
  head("plus");
  head("minus");
  for (const char* name : plane_fit_columns) head(name);
  table += "\n";
  for (const PlaneFit& fit : fits) {
    std::snprintf(cell, sizeof cell, " %*u %*u", width, fit.plus, width, fit.minus);
    table += cell;
    for (const double v : fit.values) {
      std::snprintf(cell, sizeof cell, " %*.9g", width, v);
      table += cell;
    }
    table += " \n";
  }
  return table;
}

Corrections read_corrections(const std::string& corrections_table, std::size_t image_count) {
  Corrections c{std::vector<double>(3 * image_count, 0.0)};
  for (const auto& row : table_rows(corrections_table)) {
    const std::string line = row.empty() ? "" : row[0];
    if (row.size() != 4) bad_table("mBgModel's corrections.tbl", line);
    const auto i = static_cast<std::size_t>(to_index(row[0], image_count, "mBgModel's corrections.tbl", line));
    for (std::size_t k = 0; k < 3; ++k) c.abc[3 * i + k] = to_number(row[k + 1], "mBgModel's corrections.tbl", line);
  }
  return c;
}

}  // namespace taps::montage
