#include "campaign_report.hpp"

#include <taps/error.hpp>

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>

namespace taps::docking {

double mean(const std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

void write_report(const CampaignReport& r, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  rapidjson::PrettyWriter<rapidjson::FileWriteStream> w(stream);
  const auto optional = [&w](const std::optional<double>& x) {
    if (x && std::isfinite(*x)) {
      w.Double(*x);
    } else {
      w.Null();
    }
  };
  w.StartObject();
  w.Key("receptor");
  w.String(r.receptor.c_str());
  w.Key("ligand_file");
  w.String(r.ligand_file.c_str());
  w.Key("library");
  w.StartObject();
  w.Key("read");
  w.Uint64(r.library->read);
  w.Key("dockable");
  w.Uint64(r.library->ligands.size());
  w.Key("unparsable");
  w.Uint64(r.library->unparsable);
  w.Key("unsuitable");
  w.Uint64(r.library->unsuitable);
  w.Key("duplicates");
  w.Uint64(r.library->duplicates);
  w.EndObject();
  w.Key("seconds");
  w.Double(r.seconds);
  w.Key("simulations");
  w.StartArray();
  for (const auto& s : r.simulations) {
    w.StartObject();
    w.Key("name");
    w.String(s.name.c_str());
    w.Key("smiles");
    w.String(s.smiles.c_str());
    w.Key("score");
    w.Double(s.score);
    w.Key("iteration");
    w.Uint64(s.iteration);
    w.Key("selection");
    w.String(s.selection.c_str());
    w.Key("predicted");
    optional(s.predicted);
    w.EndObject();
  }
  w.EndArray();
  w.Key("iterations");
  w.StartArray();
  for (const auto& it : r.iterations) {
    w.StartObject();
    w.Key("iteration");
    w.Uint64(it.iteration);
    w.Key("training_size");
    w.Uint64(it.training_size);
    w.Key("chosen_mean");
    optional(it.chosen_mean);
    w.Key("random_mean");
    optional(it.random_mean);
    w.Key("spearman");
    optional(it.spearman);
    w.Key("spearman_with_random");
    optional(it.spearman_with_random);
    w.Key("best_score");
    w.Double(it.best_score);
    w.EndObject();
  }
  w.EndArray();
  w.Key("redocking");
  if (r.redocking) {
    w.StartObject();
    w.Key("complex");
    w.String(r.redocking->complex.c_str());
    w.Key("crystal_ligand");
    w.String(r.redocking->crystal_ligand.c_str());
    w.Key("exhaustiveness");
    w.Int64(r.redocking->exhaustiveness);
    w.Key("score");
    w.Double(r.redocking->score);
    w.Key("rmsd");
    w.Double(r.redocking->rmsd);
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
}

}  // namespace taps::docking
