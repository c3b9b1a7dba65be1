#include "mapreduce_app.hpp"

#include "generated_data.hpp"
#include "input_files.hpp"
#include "input_split.hpp"
#include "printable_word.hpp"
#include "top_words.hpp"
#include "verification.hpp"

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace taps::mapreduce {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* name_of(MapInput input) { return input == MapInput::path ? "path" : "text"; }

struct Summary {
  std::size_t files;
  std::uint64_t bytes;
  std::uint64_t words;
  std::size_t distinct_words;
  std::size_t map_tasks;
  MapInput map_input;
  double seconds;
};

// mapreduce.json: the numbers benchmark scripts read. MB are 10^6 bytes.
void write_summary(const Summary& s, const fs::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  rapidjson::PrettyWriter<rapidjson::FileWriteStream> w(stream);
  w.StartObject();
  w.Key("files");
  w.Uint64(s.files);
  w.Key("bytes");
  w.Uint64(s.bytes);
  w.Key("words");
  w.Uint64(s.words);
  w.Key("distinct_words");
  w.Uint64(s.distinct_words);
  w.Key("map_tasks");
  w.Uint64(s.map_tasks);
  w.Key("map_input");
  w.String(name_of(s.map_input));
  w.Key("seconds");
  w.Double(s.seconds);
  w.Key("words_per_s");
  w.Double(static_cast<double>(s.words) / s.seconds);
  w.Key("mb_per_s");
  w.Double(static_cast<double>(s.bytes) / 1e6 / s.seconds);
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
  // fwrite only buffers: a full disk shows in the flush, and must fail the run.
  if (std::fflush(file.get()) != 0 || std::ferror(file.get()) != 0) {
    throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  }
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

}  // namespace

MapreduceApp::MapreduceApp(Host host, const Config& config)
    : host_(host), data_dir_(config.get_string("data_dir")),
      map_tasks_(static_cast<std::size_t>(config.get_int("map_tasks"))), generate_(config.get_bool("generate")),
      generated_files_(static_cast<std::uint64_t>(config.get_int("generated_files"))),
      generated_words_(static_cast<std::uint64_t>(config.get_int("generated_words"))),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))), glob_(config.get_string("glob")),
      top_n_(static_cast<std::size_t>(config.get_int("top_n"))),
      map_input_(config.get_string("map_input") == "text" ? MapInput::text : MapInput::path),
      lowercase_(config.get_bool("lowercase")) {
  if (generate_) {
    GeneratedData::check_target(data_dir_);
  } else if (!fs::is_directory(data_dir_)) {
    throw Error("ConfigError",
                "data_dir '" + data_dir_.string() +
                    "' is not a directory (scripts/fetch-spamassassin.sh fetches a real corpus; "
                    "generate = true writes random text)",
                TAPS_INVALID_ARGUMENT);
  }
}

void MapreduceApp::run(Engine& engine, const fs::path& run_dir) {
  std::optional<GeneratedData> generated;
  if (generate_) {
    generated.emplace(data_dir_, seed_, generated_files_, generated_words_);
    host_.info("Generated " + std::to_string(generated_files_) + " files of " + std::to_string(generated_words_) +
               " words in " + data_dir_.string());
  }
  const std::vector<InputFile> files = find_input_files(data_dir_, glob_);
  const std::uint64_t bytes = total_bytes(files);
  if (bytes == 0) {
    throw Error("DataError", "no input: no file under '" + data_dir_.string() + "' matching '" + glob_ +
                                 "' has any bytes");
  }
  host_.info("Found " + std::to_string(files.size()) + " files (" + std::to_string(bytes) + " bytes) matching '" +
             glob_ + "' in " + data_dir_.string());

  const std::vector<Split> splits = split_input(files, map_tasks_);
  if (splits.size() < map_tasks_) {
    host_.warning("The input has room for only " + std::to_string(splits.size()) +
                  " parts that do not cut a word: " + std::to_string(splits.size()) + " map tasks instead of " +
                  std::to_string(map_tasks_));
  }

  engine.expect_tasks(splits.size() + 1);  // the maps and the reduce
  const auto start = Clock::now();
  std::vector<TaskFuture<SortedCounts>> maps;
  maps.reserve(splits.size());
  for (const Split& split : splits) {
    if (map_input_ == MapInput::path) {
      std::vector<FileRange> ranges;
      for (const Range& r : split) ranges.push_back({files[r.file].path.string(), r.offset, r.length});
      maps.push_back(engine.submit(map_task, lowercase_, std::move(ranges)));
    } else {
      std::vector<Bytes> texts;
      for (const Range& r : split) {
        Bytes& text = texts.emplace_back(r.length);
        read_range(files[r.file].path, r.offset, r.length, reinterpret_cast<char*>(text.data()));
      }
      maps.push_back(engine.submit(map_text_task, lowercase_, std::move(texts)));
    }
  }
  host_.info("Submitted " + std::to_string(maps.size()) + " map tasks over " + std::to_string(files.size()) +
             " input files (input as " + name_of(map_input_) + ")");
  auto reduced = engine.submit(reduce_task, maps);
  host_.info("Submitted reduce task");
  const SortedCounts result = reduced.result();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const SortedCountsView counts = result.view();
  const std::uint64_t words = counts.total_count();
  host_.info("Reduce task finished: " + std::to_string(words) + " words (" + std::to_string(counts.entries()) +
             " distinct) in " + format("%.3f", seconds) + " s, " +
             format("%.3g", static_cast<double>(words) / seconds) + " words/s, " +
             format("%.2f", static_cast<double>(bytes) / 1e6 / seconds) + " MB/s");

  const std::vector<WordCount> top = top_words(counts, top_n_);
  host_.info(std::to_string(top.size()) + " most frequent words:");
  for (const auto& [word, count] : top) host_.info(printable_word(word) + " (" + std::to_string(count) + ")");
  host_.info("Total number of words: " + std::to_string(words));

  std::vector<std::string> top_list;
  for (const auto& entry : top) top_list.push_back(entry.first);
  verify_counts(words, top, count_independently(files, lowercase_, top_list));
  host_.info("Verified: the total and the counts of the " + std::to_string(top.size()) +
             " most frequent words match the client's own count of every file");

  write_top_words_csv(top, run_dir / "top_words.csv");
  write_summary({files.size(), bytes, words, counts.entries(), maps.size(), map_input_, seconds},
                run_dir / "mapreduce.json");
}

}  // namespace taps::mapreduce
