#include "symmetric_rmsd.hpp"

#include <taps/error.hpp>

#include <GraphMol/RWMol.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace taps::docking {

namespace {

struct Element {
  int atomic_number;
  double covalent_radius;  // Å (Cordero et al. 2008)
};

Element element_of(const std::string& type) {
  static const std::map<std::string, Element> elements = {
      {"C", {6, 0.76}},   {"A", {6, 0.76}},   {"N", {7, 0.71}},   {"NA", {7, 0.71}},  {"NS", {7, 0.71}},
      {"O", {8, 0.66}},   {"OA", {8, 0.66}},  {"OS", {8, 0.66}},  {"F", {9, 0.57}},   {"P", {15, 1.07}},
      {"S", {16, 1.05}},  {"SA", {16, 1.05}}, {"Cl", {17, 1.02}}, {"CL", {17, 1.02}}, {"Br", {35, 1.20}},
      {"BR", {35, 1.20}}, {"I", {53, 1.39}}};
  const auto it = elements.find(type);
  if (it == elements.end()) throw Error("DataError", "no element known for the AutoDock atom type '" + type + "'");
  return it->second;
}

double distance(const Atom& a, const Atom& b) {
  double sum = 0;
  for (std::size_t k = 0; k < 3; ++k) sum += (a.position[k] - b.position[k]) * (a.position[k] - b.position[k]);
  return std::sqrt(sum);
}

}  // namespace

double symmetry_corrected_rmsd(const std::vector<Atom>& reference, const std::vector<Atom>& pose) {
  if (reference.size() != pose.size() || reference.empty()) {
    throw Error("DataError", "cannot compare poses of " + std::to_string(reference.size()) + " and " +
                                 std::to_string(pose.size()) + " heavy atoms");
  }
  // The molecule's graph, unsanitised: matching it onto itself needs only
  // elements and connectivity, which is all a pose's geometry gives.
  RDKit::RWMol graph;
  std::vector<Element> elements;
  for (const Atom& atom : reference) {
    elements.push_back(element_of(atom.type));
    graph.addAtom(new RDKit::Atom(elements.back().atomic_number), false, true);
  }
  for (unsigned i = 0; i < reference.size(); ++i) {
    for (unsigned j = i + 1; j < reference.size(); ++j) {
      if (distance(reference[i], reference[j]) < elements[i].covalent_radius + elements[j].covalent_radius + 0.4) {
        graph.addBond(i, j, RDKit::Bond::SINGLE);
      }
    }
  }
  graph.updatePropertyCache(false);  // valences, without sanitising
  std::vector<RDKit::MatchVectType> symmetries;
  RDKit::SubstructMatchParameters parameters;
  parameters.uniquify = false;
  parameters.maxMatches = 100000;
  symmetries = RDKit::SubstructMatch(graph, graph, parameters);
  double best = std::numeric_limits<double>::infinity();
  for (const auto& symmetry : symmetries) {
    double sum = 0;
    for (const auto& [from, to] : symmetry) {
      const double d = distance(reference[static_cast<std::size_t>(from)], pose[static_cast<std::size_t>(to)]);
      sum += d * d;
    }
    best = std::min(best, std::sqrt(sum / static_cast<double>(reference.size())));
  }
  return best;
}

}  // namespace taps::docking
