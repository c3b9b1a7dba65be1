// campaign_results.hpp — what a search leaves in its run directory:
// results.csv (the reference's columns: smiles, ie, batch, time) and
// moldesign.json (the numbers benchmark scripts read).
#pragma once

#include "verification.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::moldesign {

/// One simulated molecule.
struct Simulated {
  std::string smiles;
  double ip;          // eV, as xtb prints it (4 decimals)
  std::size_t batch;  // 0: the initial random set
  double time;        // seconds from the start of the search to its result
};

struct CampaignSummary {
  std::size_t search_space = 0;
  std::size_t simulated = 0;
  std::size_t failed = 0;
  std::size_t batches = 0;
  std::string best_smiles;
  double best_ip = 0;
  HeldOutError held_out;
  double seconds = 0;
};

void write_results_csv(const std::vector<Simulated>& results, const std::filesystem::path& path);
void write_summary_json(const CampaignSummary& summary, const std::filesystem::path& path);

}  // namespace taps::moldesign
