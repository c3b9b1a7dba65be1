#include "round_record.hpp"

#include <taps/error.hpp>

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace taps::fedlearn {

namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::FileWriteStream>;

void optional_double(JsonWriter& w, const char* key, const std::optional<double>& value) {
  w.Key(key);
  if (value) {
    w.Double(*value);
  } else {
    w.Null();
  }
}

}  // namespace

void write_summary(const RunSummary& s, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  JsonWriter w(stream);
  w.StartObject();
  w.Key("dataset");
  w.String(s.dataset.c_str());
  w.Key("clients");
  w.Uint64(s.clients);
  w.Key("epochs");
  w.Uint64(s.epochs);
  w.Key("batch_size");
  w.Uint64(s.batch_size);
  w.Key("lr");
  w.Double(s.lr);
  w.Key("alpha");
  w.Double(s.alpha);
  w.Key("participation");
  w.Double(s.participation);
  w.Key("seed");
  w.Uint64(s.seed);
  w.Key("train_samples");
  w.Uint64(s.train_samples);
  w.Key("test_samples");
  w.Uint64(s.test_samples);
  w.Key("rounds");
  w.StartArray();
  for (const RoundRecord& r : s.rounds) {
    w.StartObject();
    w.Key("round");
    w.Uint64(r.round);
    w.Key("clients");
    w.StartArray();
    for (std::size_t c : r.clients) w.Uint64(c);
    w.EndArray();
    w.Key("samples");
    w.Uint64(r.samples);
    w.Key("steps");
    w.Uint64(r.steps);
    w.Key("train_loss");
    w.Double(r.train_loss);
    optional_double(w, "test_loss", r.test_loss);
    optional_double(w, "test_accuracy", r.test_accuracy);
    w.Key("seconds");
    w.Double(r.seconds);
    w.EndObject();
  }
  w.EndArray();
  w.Key("centralised");
  if (s.centralised) {
    const Baseline& b = *s.centralised;
    w.StartObject();
    w.Key("epochs");
    w.Uint64(b.epochs);
    w.Key("steps");
    w.Uint64(b.steps);
    w.Key("seconds");
    w.Double(b.seconds);
    w.Key("test_loss");
    w.Double(b.test_loss);
    w.Key("test_accuracy");
    w.Double(b.test_accuracy);
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
}

}  // namespace taps::fedlearn
