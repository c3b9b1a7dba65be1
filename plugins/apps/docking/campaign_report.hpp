// campaign_report.hpp — what a docking campaign did, written to
// docking.json for analysis and benchmark scripts.
#pragma once

#include "ligand_library.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace taps::docking {

/// One docked molecule.
struct Simulation {
  std::string name;
  std::string smiles;
  double score = 0;               // Vina's best affinity, kcal/mol
  std::size_t iteration = 0;      // 0: the initial random set
  std::string selection;          // initial, chosen (by the surrogate) or random (the control batch)
  std::optional<double> predicted;  // the surrogate's score, for chosen and random molecules
};

/// One train-infer-dock round.
struct IterationSummary {
  std::size_t iteration = 0;
  std::size_t training_size = 0;
  double chosen_mean = 0;                // mean docked score of the surrogate's batch
  double random_mean = 0;                // ... of a seeded random batch of the same size
  std::optional<double> spearman;        // surrogate vs Vina on the chosen batch
  std::optional<double> spearman_with_random;  // ... on the chosen and random batches together
  double best_score = 0;                 // best score docked so far
};

struct Redocking {
  std::string complex;         // the crystal structure's file
  std::string crystal_ligand;  // the ligand's residue name in it
  std::int64_t exhaustiveness = 0;
  double score = 0;
  double rmsd = 0;
};

struct CampaignReport {
  std::string receptor;
  std::string ligand_file;
  const LigandLibrary* library = nullptr;
  std::vector<Simulation> simulations;
  std::vector<IterationSummary> iterations;
  std::optional<Redocking> redocking;
  double seconds = 0;
};

/// The mean of `values` (NaN when empty).
double mean(const std::vector<double>& values);

void write_report(const CampaignReport& report, const std::filesystem::path& path);

}  // namespace taps::docking
