#include "pdbqt.hpp"
#include "pdb_text.hpp"

#include <taps/error.hpp>

#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace taps::docking {

std::vector<Atom> parse_atoms(const std::string& text, const std::string& what) {
  std::vector<Atom> atoms;
  std::istringstream in(text);
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!starts_with(line, "ATOM  ") && !starts_with(line, "HETATM")) continue;
    Atom atom{};
    // PDB columns 31-38, 39-46, 47-54 hold x, y, z; PDBQT puts the
    // AutoDock type in columns 78-79.
    bool ok = line.size() >= 54;
    for (int axis = 0; ok && axis < 3; ++axis) {
      const std::string field = line.substr(30 + 8 * static_cast<std::size_t>(axis), 8);
      char* end = nullptr;
      atom.position[static_cast<std::size_t>(axis)] = std::strtod(field.c_str(), &end);
      ok = end != field.c_str() && trimmed(std::string(end)).empty();
    }
    if (!ok) {
      throw Error("DataError", what + ", line " + std::to_string(number) + ": an atom record without x, y, z in "
                                   "columns 31-54: '" + line + "'");
    }
    atom.type = line.size() > 77 ? trimmed(line.substr(77, 2)) : "";
    atoms.push_back(std::move(atom));
  }
  return atoms;
}

std::vector<Atom> heavy_atoms(const std::vector<Atom>& atoms) {
  std::vector<Atom> heavy;
  for (const auto& a : atoms) {
    if (!a.is_hydrogen()) heavy.push_back(a);
  }
  return heavy;
}

std::string first_model(const std::string& text) {
  const auto model = text.find("MODEL");
  if (model == std::string::npos) return text;
  const auto end = text.find("ENDMDL", model);
  if (end == std::string::npos) return text.substr(model);
  const auto line_end = text.find('\n', end);
  return text.substr(model, (line_end == std::string::npos ? text.size() : line_end + 1) - model);
}

double rmsd_in_order(const std::vector<Atom>& a, const std::vector<Atom>& b) {
  if (a.size() != b.size() || a.empty()) {
    throw Error("DataError", "cannot compare poses of " + std::to_string(a.size()) + " and " +
                                 std::to_string(b.size()) + " heavy atoms");
  }
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {
      const double d = a[i].position[k] - b[i].position[k];
      sum += d * d;
    }
  }
  return std::sqrt(sum / static_cast<double>(a.size()));
}

double min_distance(const std::vector<Atom>& a, const std::vector<Atom>& b) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& x : a) {
    for (const auto& y : b) {
      double sum = 0;
      for (std::size_t k = 0; k < 3; ++k) sum += (x.position[k] - y.position[k]) * (x.position[k] - y.position[k]);
      best = std::min(best, sum);
    }
  }
  return std::sqrt(best);
}

std::array<double, 3> centroid(const std::vector<Atom>& atoms) {
  std::array<double, 3> c{0, 0, 0};
  for (const auto& a : atoms) {
    for (std::size_t k = 0; k < 3; ++k) c[k] += a.position[k];
  }
  for (double& x : c) x /= static_cast<double>(atoms.empty() ? 1 : atoms.size());
  return c;
}

std::string read_structure_file(const std::filesystem::path& path) {
  // gzopen reads plain files as they are, so one path serves both.
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw Error("DataError", "cannot open '" + path.string() + "'");
  std::string text;
  char buffer[65536];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
  int code = 0;
  const char* message = gzerror(file, &code);
  const std::string error = n < 0 ? message : "";
  gzclose(file);
  if (n < 0) throw Error("DataError", "cannot read '" + path.string() + "': " + error);
  return text;
}

}  // namespace taps::docking
