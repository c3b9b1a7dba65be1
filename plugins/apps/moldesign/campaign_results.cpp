#include "campaign_results.hpp"

#include <taps/error.hpp>

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace taps::moldesign {

namespace {

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

File open_for_writing(const std::filesystem::path& path) {
  File file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  return file;
}

}  // namespace

void write_results_csv(const std::vector<Simulated>& results, const std::filesystem::path& path) {
  const File file = open_for_writing(path);
  std::fprintf(file.get(), "smiles,ie,batch,time\n");
  for (const auto& r : results) std::fprintf(file.get(), "%s,%.4f,%zu,%.6f\n", r.smiles.c_str(), r.ip, r.batch, r.time);
}

void write_summary_json(const CampaignSummary& s, const std::filesystem::path& path) {
  const File file = open_for_writing(path);
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  rapidjson::PrettyWriter<rapidjson::FileWriteStream> w(stream);
  w.StartObject();
  w.Key("search_space");
  w.Uint64(s.search_space);
  w.Key("simulated");
  w.Uint64(s.simulated);
  w.Key("failed");
  w.Uint64(s.failed);
  w.Key("batches");
  w.Uint64(s.batches);
  w.Key("best_smiles");
  w.String(s.best_smiles.c_str());
  w.Key("best_ip_ev");
  w.Double(s.best_ip);
  w.Key("held_out_folds");
  w.Uint64(s.held_out.folds);
  w.Key("model_rmse_ev");
  w.Double(s.held_out.model_rmse);
  w.Key("mean_rmse_ev");
  w.Double(s.held_out.mean_rmse);
  w.Key("seconds");
  w.Double(s.seconds);
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
}

}  // namespace taps::moldesign
