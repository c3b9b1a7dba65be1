#include "moldesign_app.hpp"

#include "campaign_results.hpp"
#include "molecule.hpp"
#include "verification.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>
#include <unordered_set>
#include <vector>

namespace taps::moldesign {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string ev(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f eV", value);
  return text;
}

// numpy.array_split: `parts` chunks whose sizes differ by at most one.
std::vector<std::vector<std::string>> split_evenly(const std::vector<std::string>& items, std::size_t parts) {
  parts = std::max<std::size_t>(1, std::min(parts, items.size()));
  std::vector<std::vector<std::string>> chunks(parts);
  std::size_t next = 0;
  for (std::size_t c = 0; c < parts; ++c) {
    const std::size_t size = items.size() / parts + (c < items.size() % parts ? 1 : 0);
    chunks[c].assign(items.begin() + static_cast<std::ptrdiff_t>(next),
                     items.begin() + static_cast<std::ptrdiff_t>(next + size));
    next += size;
  }
  return chunks;
}

// The state of one search: what was simulated, what was tried, and the
// simulations in flight.
class Search {
 public:
  Search(Host host, Engine& engine, const SearchSpace& space, double xtb_timeout, Clock::time_point start)
      : host_(host), engine_(engine), space_(space), xtb_timeout_(xtb_timeout), start_(start),
        tried_(space.smiles.size(), false) {}

  bool tried(std::size_t molecule) const { return tried_[molecule]; }

  /// Submits the simulations of a batch, the largest molecules first: they
  /// take longest, so starting them first evens out the workers' share of
  /// the batch (and the batch ends sooner). Which molecules are simulated
  /// does not change.
  void submit(std::vector<std::size_t> molecules, std::size_t batch) {
    std::vector<std::pair<unsigned, std::size_t>> by_size;
    for (const std::size_t m : molecules) by_size.emplace_back(atom_count(space_.smiles[m]), m);
    std::stable_sort(by_size.begin(), by_size.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [atoms, molecule] : by_size) submit_one(molecule, batch);
  }

  /// Waits for every simulation in flight; a failed one is logged with its
  /// error and, when `replace` gives another molecule, replaced by it.
  template <class Replace>
  void collect(Replace replace) {
    CompletionSet set(engine_.handle(), engine_.api());
    for (std::size_t i = 0; i < in_flight_.size(); ++i) set.add(in_flight_[i].future, i);
    while (const auto tag = set.next()) {
      const InFlight done = in_flight_[*tag];
      if (const auto error = done.future.exception()) {
        ++failed_;
        host_.warning("Simulation of " + space_.smiles[done.molecule] + " failed: " + error->type() + ": " +
                      error->what());
        if (const auto other = replace()) {
          submit_one(*other, done.batch);
          set.add(in_flight_.back().future, in_flight_.size() - 1);
        }
        continue;
      }
      const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
      results_.push_back({space_.smiles[done.molecule], done.future.result(), done.batch, seconds});
      host_.debug("IP of " + results_.back().smiles + ": " + ev(results_.back().ip));
    }
    in_flight_.clear();
  }

  const std::vector<Simulated>& results() const { return results_; }
  std::size_t failed() const { return failed_; }

 private:
  void submit_one(std::size_t molecule, std::size_t batch) {
    tried_[molecule] = true;
    in_flight_.push_back({engine_.submit(compute_vertical, space_.smiles[molecule], xtb_timeout_), molecule, batch});
  }

  struct InFlight {
    TaskFuture<double> future;
    std::size_t molecule;
    std::size_t batch;
  };

  Host host_;
  Engine& engine_;
  const SearchSpace& space_;
  double xtb_timeout_;
  Clock::time_point start_;
  std::vector<bool> tried_;
  std::vector<InFlight> in_flight_;
  std::vector<Simulated> results_;
  std::size_t failed_ = 0;
};

// The molecules and IPs of `results`, as two columns.
std::pair<std::vector<std::string>, std::vector<double>> columns(const std::vector<Simulated>& results) {
  std::pair<std::vector<std::string>, std::vector<double>> out;
  for (const auto& r : results) {
    out.first.push_back(r.smiles);
    out.second.push_back(r.ip);
  }
  return out;
}

// The surrogate's predicted IP of every molecule of the search space, given
// as chunks: one training task, one inference task per chunk, one task that
// puts the chunks together (the reference's task graph).
std::vector<double> predicted_ips(Engine& engine, const std::vector<Simulated>& results,
                                  const std::vector<std::vector<std::string>>& chunks, std::size_t space_size) {
  auto [smiles, ips] = columns(results);
  auto model = engine.submit(train_model, std::move(smiles), std::move(ips));
  std::vector<TaskFuture<std::vector<double>>> inferences;
  for (const auto& chunk : chunks) inferences.push_back(engine.submit(run_model, model, chunk));
  std::vector<double> predictions = engine.submit(combine_inferences, inferences).result();
  if (predictions.size() != space_size) {
    throw Error("AppError", "inference returned " + std::to_string(predictions.size()) + " predictions for " +
                                std::to_string(space_size) + " molecules");
  }
  return predictions;
}

double best_of(const std::vector<Simulated>& results) {
  double best = results.front().ip;
  for (const auto& r : results) best = std::max(best, r.ip);
  return best;
}

}  // namespace

MoldesignApp::MoldesignApp(Host host, const Config& config)
    : host_(host), dataset_(config.get_string("dataset")),
      initial_count_(static_cast<std::size_t>(config.get_int("initial_count"))),
      search_count_(static_cast<std::size_t>(config.get_int("search_count"))),
      batch_size_(static_cast<std::size_t>(config.get_int("batch_size"))),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))), xtb_timeout_(config.get_double("xtb_timeout")),
      space_(load_search_space(dataset_)) {}

void MoldesignApp::run(Engine& engine, const fs::path& run_dir) {
  const auto start = Clock::now();
  const std::size_t space_size = space_.smiles.size();
  host_.info("Loaded search space (size=" + std::to_string(space_size) + ") from " + dataset_.string() + ": " +
             std::to_string(space_.lines) + " molecules, " + std::to_string(space_.rejected) +
             " not QM9-like, " + std::to_string(space_.duplicates) + " repeated");

  // The initial set: the first molecules of a seeded shuffle; a failed
  // simulation is replaced by the next one, as the reference does.
  std::vector<std::size_t> random_order(space_size);
  std::iota(random_order.begin(), random_order.end(), 0);
  std::shuffle(random_order.begin(), random_order.end(), std::mt19937_64(seed_));
  std::size_t next_random = 0;
  const auto next_untried = [&]() -> std::optional<std::size_t> {
    if (next_random < space_size) return random_order[next_random++];
    return std::nullopt;
  };
  Search search(host_, engine, space_, xtb_timeout_, start);
  const std::size_t initial = std::min(initial_count_, space_size);
  std::vector<std::size_t> initial_set;
  for (std::size_t i = 0; i < initial; ++i) initial_set.push_back(*next_untried());
  search.submit(initial_set, 0);
  host_.info("Submitted initial computations (" + std::to_string(initial) + " molecules)");
  search.collect(next_untried);
  if (search.results().size() < 2) {
    throw Error("AppError", "only " + std::to_string(search.results().size()) +
                                " simulations of the initial set succeeded: too few to train on");
  }
  std::vector<double> best_per_batch{best_of(search.results())};
  host_.info("Done computing initial set (size=" + std::to_string(search.results().size()) + ", best " +
             ev(best_per_batch.back()) + ")");

  const auto chunks = split_evenly(space_.smiles, inference_chunks);
  std::size_t batch = 1;
  while (search.results().size() < search_count_) {
    const std::vector<double> predictions = predicted_ips(engine, search.results(), chunks, space_size);

    // The molecules the model ranks highest among those not yet tried.
    std::vector<std::size_t> ranked(space_size);
    std::iota(ranked.begin(), ranked.end(), 0);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [&](std::size_t a, std::size_t b) { return predictions[a] > predictions[b]; });
    const std::size_t wanted = std::min(batch_size_, search_count_ - search.results().size());
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < space_size && chosen.size() < wanted; ++i) {
      if (!search.tried(ranked[i])) chosen.push_back(ranked[i]);
    }
    const std::size_t submitted = chosen.size();
    if (submitted == 0) {
      host_.warning("Every molecule of the search space was tried: stopping at " +
                    std::to_string(search.results().size()) + " of " + std::to_string(search_count_));
      break;
    }
    search.submit(chosen, batch);
    search.collect([] { return std::optional<std::size_t>(); });
    best_per_batch.push_back(best_of(search.results()));
    host_.info("Batch " + std::to_string(batch) + ": " + std::to_string(submitted) + " simulated, " +
               std::to_string(search.results().size()) + " in total, best " + ev(best_per_batch.back()));
    ++batch;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  const std::vector<Simulated>& results = search.results();
  const auto [smiles, ips] = columns(results);
  CampaignSummary summary;
  summary.search_space = space_size;
  summary.simulated = results.size();
  summary.failed = search.failed();
  summary.batches = best_per_batch.size();
  const auto best = std::max_element(results.begin(), results.end(),
                                     [](const Simulated& a, const Simulated& b) { return a.ip < b.ip; });
  summary.best_smiles = best->smiles;
  summary.best_ip = best->ip;
  summary.held_out = held_out_error(smiles, ips, seed_);
  summary.seconds = seconds;
  write_results_csv(results, run_dir / "results.csv");
  write_summary_json(summary, run_dir / "moldesign.json");
  host_.info("Saved results to " + (run_dir / "results.csv").string() + "; best " + summary.best_smiles + " at " +
             ev(summary.best_ip) + " after " + std::to_string(results.size()) + " simulations in " +
             std::to_string(seconds) + " s");

  verify_physical_ips(smiles, ips);
  host_.info("Verified: every IP lies in [" + ev(lowest_physical_ip) + ", " + ev(highest_physical_ip) + "]");
  verify_best_never_decreases(best_per_batch, ips);
  host_.info("Verified: the best IP never decreased over " + std::to_string(best_per_batch.size()) + " batches");
  verify_model_beats_mean(summary.held_out);
  host_.info("Verified: the surrogate's held-out RMSE " + ev(summary.held_out.model_rmse) +
             " beats the mean's " + ev(summary.held_out.mean_rmse) + " (" +
             std::to_string(summary.held_out.folds) + "-fold)");
}

}  // namespace taps::moldesign
