// transformer_cost: what one transform + resolve costs with each data
// transformer at 10 B, 1 MB and 10 MB, on this machine (docs/data.md).
//
//   build/bin/transformer_cost PLUGIN_DIR [--repeat N] [--file-dir DIR] [--redis HOST:PORT]
//
// Each transformer is loaded from PLUGIN_DIR/taps_<name>.so as taps-host
// loads it, outside any run (it owns its objects and removes them at the
// end). Per size it reports the median of N repetitions of: transform (store
// the payload, get an identifier), resolve (get the payload back), read (touch
// every byte of what resolve returned: a mapping's page faults land here) and
// drop. Redis is measured only with --redis, against a server you started.
#include <taps/taps.h>

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// The reads must happen: their sum goes where the compiler cannot drop it.
volatile std::uint64_t read_sink = 0;

double now_seconds(const taps_host*) {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}
void log_line(const taps_host*, taps_log_level level, const char* logger, const char* message) {
  if (level >= TAPS_LOG_WARNING) std::fprintf(stderr, "%s: %s\n", logger, message);
}
const void* no_interface(const taps_host*, const char*) { return nullptr; }

const taps_host bench_host{sizeof(taps_host), TAPS_ABI_MAJOR, TAPS_ABI_MINOR, "bench", nullptr,
                           &log_line,         &now_seconds,   &no_interface};

struct Error {
  std::string message;
  void set(const char* m) { message = m != nullptr ? m : "(no message)"; }
};
void on_error(void* context, const char*, const char* message, const char*) {
  static_cast<Error*>(context)->set(message);
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "transformer_cost: %s\n", what.c_str());
  std::exit(1);
}

struct Transformer {
  const taps_plugin_descriptor* descriptor = nullptr;
  const taps_transformer_methods* methods = nullptr;
  void* self = nullptr;
};

Transformer load(const std::string& dir, const std::string& name, std::vector<taps_config_entry> config) {
  const std::string path = dir + "/taps_" + name + ".so";
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // kept loaded until exit
  if (library == nullptr) fail(std::string("cannot load ") + dlerror());
  const auto* entry = static_cast<const taps_plugin_entry*>(dlsym(library, TAPS_ENTRY_SYMBOL));
  if (entry == nullptr) fail(path + " has no " TAPS_ENTRY_SYMBOL);
  Transformer t;
  for (uint32_t i = 0; i < entry->plugin_count; ++i) {
    if (entry->plugins[i]->kind == TAPS_KIND_TRANSFORMER && name == entry->plugins[i]->name) t.descriptor = entry->plugins[i];
  }
  if (t.descriptor == nullptr) fail(path + " has no transformer named " + name);
  // Defaults first; the caller's entries override them.
  for (uint32_t i = 0; i < t.descriptor->option_count; ++i) {
    const taps_option_desc& option = t.descriptor->options[i];
    const bool given = std::any_of(config.begin(), config.end(),
                                   [&](const taps_config_entry& e) { return std::strcmp(e.key, option.key) == 0; });
    if (!given && option.default_value != nullptr) {
      config.push_back({sizeof(taps_config_entry), option.key, option.default_value});
    }
  }
  const taps_config c{sizeof(taps_config), static_cast<uint32_t>(config.size()), config.data()};
  Error error;
  const taps_error_sink sink{sizeof(taps_error_sink), &error, &on_error};
  if (t.descriptor->create(&bench_host, &c, &t.self, &sink) != TAPS_OK) fail(name + ": " + error.message);
  t.methods = static_cast<const taps_transformer_methods*>(t.descriptor->methods);
  return t;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void measure(const std::string& name, const Transformer& t, int repeat) {
  for (std::size_t size : {std::size_t{10}, std::size_t{1} << 20, std::size_t{10} << 20}) {
    std::vector<std::uint8_t> data(size);
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 131);
    const taps_payload_view object{sizeof(taps_payload_view), "bytes", data.data(), data.size()};
    std::vector<double> transform, resolve, read, drop;
    std::uint64_t checksum = 0;
    for (int r = 0; r < repeat; ++r) {
      Error error;
      const taps_error_sink sink{sizeof(taps_error_sink), &error, &on_error};
      taps_buffer id{};
      auto start = Clock::now();
      if (t.methods->transform(t.self, &object, &id, &sink) != TAPS_OK) fail(name + " transform: " + error.message);
      transform.push_back(ms_since(start));
      const taps_payload_view id_view{sizeof(taps_payload_view), id.type, id.data, id.size};
      taps_buffer back{};
      start = Clock::now();
      if (t.methods->resolve(t.self, &id_view, &back, &sink) != TAPS_OK) fail(name + " resolve: " + error.message);
      resolve.push_back(ms_since(start));
      start = Clock::now();
      for (std::uint64_t i = 0; i < back.size; i += 64) checksum += back.data[i];
      read.push_back(ms_since(start));
      if (back.size != size) fail(name + ": resolved " + std::to_string(back.size) + " bytes");
      if (back.release != nullptr) back.release(back.owner);
      start = Clock::now();
      if (t.methods->drop != nullptr) t.methods->drop(t.self, &id_view);
      drop.push_back(ms_since(start));
      if (id.release != nullptr) id.release(id.owner);
    }
    read_sink = checksum;
    std::printf("%-6s %10zu  transform %8.3f  resolve %8.3f  read %8.3f  drop %7.3f  total %8.3f ms\n",
                name.c_str(), size, median(transform), median(resolve), median(read), median(drop),
                median(transform) + median(resolve) + median(read));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: transformer_cost PLUGIN_DIR [--repeat N] [--file-dir DIR] [--redis HOST:PORT]\n");
    return 2;
  }
  const std::string dir = argv[1];
  int repeat = 21;
  std::string file_dir = "/tmp";
  std::string redis_host, redis_port;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else if (flag == "--file-dir") {
      file_dir = argv[i + 1];
    } else if (flag == "--redis") {
      const std::string address = argv[i + 1];
      const auto colon = address.rfind(':');
      if (colon == std::string::npos) fail("--redis wants HOST:PORT");
      redis_host = address.substr(0, colon);
      redis_port = address.substr(colon + 1);
    } else {
      fail("unknown option " + flag);
    }
  }
  if (repeat < 1) fail("--repeat wants a positive count");
  std::printf("median of %d repetitions per size\n", repeat);
  std::vector<std::pair<std::string, Transformer>> loaded;
  loaded.emplace_back("shm", load(dir, "shm", {}));
  loaded.emplace_back("file", load(dir, "file", {{sizeof(taps_config_entry), "file_dir", file_dir.c_str()}}));
  if (!redis_host.empty()) {
    loaded.emplace_back("redis", load(dir, "redis",
                                      {{sizeof(taps_config_entry), "host", redis_host.c_str()},
                                       {sizeof(taps_config_entry), "port", redis_port.c_str()}}));
  }
  for (const auto& [name, transformer] : loaded) measure(name, transformer, repeat);
  for (const auto& [name, transformer] : loaded) transformer.descriptor->destroy(transformer.self);
  return 0;
}
