// The shm transformer, loaded from its .so: payloads through POSIX shared
// memory, mapped on resolve, and every segment of a run removed by its
// client: at drop, at shutdown, and by a later client after a crash.
#include "loaded_transformer.hpp"
#include "shm_naming.hpp"

#include "common/object_id.hpp"
#include "transformers/shm/owner_marker.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

extern char** environ;

namespace taps::data_testing {
namespace {

const std::string plugin = TAPS_SHM_PLUGIN;

/// A made-up run directory: nothing is written there, it only names the run.
std::string fake_run_dir(const std::string& what) {
  return "/nonexistent/taps-shm-test/" + std::to_string(getpid()) + "/" + what + "/" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

/// Whether `address` lies in a mapping of a /dev/shm file whose name has `name_part`.
bool mapped_from_shm(const void* address, const std::string& name_part) {
  std::ifstream maps("/proc/self/maps");
  const auto where = reinterpret_cast<std::uintptr_t>(address);
  for (std::string line; std::getline(maps, line);) {
    std::uintptr_t begin = 0, end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx", &begin, &end) != 2) continue;
    if (where >= begin && where < end) {
      return line.find("/dev/shm/") != std::string::npos && line.find(name_part) != std::string::npos;
    }
  }
  return false;
}

/// A pid that belonged to a process that has ended.
long dead_pid() {
  pid_t pid = 0;
  char arg0[] = "true";
  char* argv[] = {arg0, nullptr};
  posix_spawnp(&pid, "true", nullptr, nullptr, argv, environ);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

/// Writes an owner marker for `run_dir` as a client that crashed would have left it.
void write_marker(const std::string& run_dir, const shm::OwnerMarker& marker) {
  const std::string name = shm::owner_segment(transformers::run_id_of(run_dir));
  const int fd = shm_open(name.c_str(), O_CREAT | O_TRUNC | O_RDWR, 0600);
  ASSERT_GE(fd, 0);
  const std::string text = shm::marker_text(marker);
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
}

TEST(ShmTransformer, AWorkerResolvesWhatTheClientStoredWithItsTypeTag) {
  const std::string run = fake_run_dir("roundtrip");
  LoadedTransformer client(plugin, "shm", Role::client, run);
  LoadedTransformer worker(plugin, "shm", Role::worker, run);
  ASSERT_EQ(client.status(), TAPS_OK) << client.error().message;
  ASSERT_EQ(worker.status(), TAPS_OK) << worker.error().message;
  for (std::size_t size : {0, 1, 4099, 1 << 20}) {
    const Bytes data = pattern(size, static_cast<std::uint8_t>(size));
    Buffer id = client.transform(data, "f64[]");
    EXPECT_STREQ(id.type(), "taps.shm-id");
    EXPECT_LT(id.size(), 128u) << "an identifier is small, whatever the payload";
    Buffer back = worker.resolve(id);
    EXPECT_STREQ(back.type(), "f64[]");
    EXPECT_EQ(bytes_of(back), data) << size << " bytes";
  }
  // And the other way: a worker's result, resolved by the client.
  Buffer id = worker.transform(pattern(5000), "bytes");
  EXPECT_EQ(bytes_of(client.resolve(id)), pattern(5000));
}

TEST(ShmTransformer, ResolveMapsTheSegmentInsteadOfCopyingIt) {
  const std::string run = fake_run_dir("mapping");
  LoadedTransformer client(plugin, "shm", Role::client, run);
  Buffer id = client.transform(pattern(1 << 20));
  Buffer mapped = client.resolve(id);
  EXPECT_TRUE(mapped_from_shm(mapped.data(), shm::run_prefix(transformers::run_id_of(run))))
      << "the payload should point into a mapping of the run's segment";
  // A receiver that writes into its payload changes only its own copy.
  const_cast<std::uint8_t*>(mapped.data())[10] ^= 0xff;
  EXPECT_EQ(bytes_of(client.resolve(id)), pattern(1 << 20));
}

TEST(ShmTransformer, ADroppedObjectIsGoneButBuffersHandedOutStayValid) {
  const std::string run = fake_run_dir("drop");
  LoadedTransformer client(plugin, "shm", Role::client, run);
  Buffer id = client.transform(pattern(10000));
  Buffer held = client.resolve(id);
  const auto before = shm_segments_of(run).size();
  client.drop(id);
  EXPECT_TRUE(eventually([&] { return shm_segments_of(run).size() == before - 1; }));
  EXPECT_EQ(bytes_of(held), pattern(10000));
  try {
    client.resolve(id);
    FAIL() << "resolved a dropped object";
  } catch (const PluginError& e) {
    EXPECT_EQ(e.type, "MissingObjectError");
    EXPECT_NE(std::string(e.what()).find("does not exist (already dropped, or created by another run?)"),
              std::string::npos)
        << e.what();
  }
}

TEST(ShmTransformer, CorruptOrForeignIdentifiersAreClearErrors) {
  const std::string run = fake_run_dir("corrupt");
  LoadedTransformer client(plugin, "shm", Role::client, run);
  LoadedTransformer other_run(plugin, "shm", Role::client, fake_run_dir("another-run"));
  Buffer id = client.transform(pattern(3000));
  const Bytes good = bytes_of(id);

  Bytes truncated(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2));
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.shm-id", truncated.data(), truncated.size()})
                .find("IdentifierError: corrupt shm identifier"),
            std::string::npos);
  Bytes bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.shm-id", bad_magic.data(), bad_magic.size()})
                .find("does not start with TPID"),
            std::string::npos);
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "bytes", good.data(), good.size()})
                .find("not a shm identifier"),
            std::string::npos);

  // A well-formed identifier that lies about the size.
  const auto decoded = transformers::decode_object_id("shm", "taps.shm-id", id.view());
  Bytes lying = transformers::encode_object_id("shm", {decoded.location, decoded.size + 1, decoded.type});
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.shm-id", lying.data(), lying.size()})
                .find("CorruptObjectError: shm segment " + decoded.location + " holds 3000 bytes, but its "
                      "identifier says 3001"),
            std::string::npos);

  // One made by another run.
  Buffer foreign = other_run.transform(pattern(10));
  EXPECT_NE(resolve_error(client, foreign.view()).find("which is not one of this run's"), std::string::npos);

  // The good identifier still works after all that.
  EXPECT_EQ(bytes_of(client.resolve(id)), pattern(3000));
}

TEST(ShmTransformer, TheClientRemovesEverySegmentOfTheRunAtShutdownTheWorkersToo) {
  const std::string run = fake_run_dir("shutdown");
  LoadedTransformer client(plugin, "shm", Role::client, run);
  {
    LoadedTransformer worker(plugin, "shm", Role::worker, run);
    worker.transform(pattern(100));  // a result the client never heard of
    worker.transform(pattern(200));
    client.transform(pattern(300));
    worker.destroy();
    EXPECT_EQ(shm_segments_of(run).size(), 4u) << "3 objects and the owner marker; a worker removes nothing";
  }
  client.destroy();
  EXPECT_TRUE(shm_segments_of(run).empty());
}

TEST(ShmTransformer, AClientRemovesTheSegmentsOfRunsWhoseClientIsGone) {
  const std::string crashed = fake_run_dir("crashed");
  const std::string live = fake_run_dir("live");
  const std::string elsewhere = fake_run_dir("other-pid-namespace");
  const ShmCleanup cleanup_crashed(crashed), cleanup_elsewhere(elsewhere);
  // Started first: a client sweeps when it starts.
  LoadedTransformer live_client(plugin, "shm", Role::client, live);
  live_client.transform(pattern(100));
  {
    LoadedTransformer crashed_worker(plugin, "shm", Role::worker, crashed);
    crashed_worker.transform(pattern(100));
    crashed_worker.transform(pattern(100));
    LoadedTransformer elsewhere_worker(plugin, "shm", Role::worker, elsewhere);
    elsewhere_worker.transform(pattern(100));
  }
  shm::OwnerMarker gone = shm::this_process_as_owner(crashed);
  gone.pid = dead_pid();
  write_marker(crashed, gone);
  shm::OwnerMarker foreign = shm::this_process_as_owner(elsewhere);
  foreign.pid_namespace = "pid:[1]";  // a container's: its pids mean nothing here
  write_marker(elsewhere, foreign);

  LoadedTransformer next(plugin, "shm", Role::client, fake_run_dir("next"));
  ASSERT_EQ(next.status(), TAPS_OK) << next.error().message;
  EXPECT_TRUE(shm_segments_of(crashed).empty()) << "the crashed run's segments and marker are removed";
  EXPECT_EQ(shm_segments_of(live).size(), 2u) << "a live run is left alone";
  EXPECT_EQ(shm_segments_of(elsewhere).size(), 2u) << "an owner we cannot check is left alone";
  const auto log = next.host().log_lines();
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const std::string& line) {
    return line.find("removed 3 shared-memory segments of run " + transformers::run_id_of(crashed)) !=
               std::string::npos &&
           line.find("owner pid " + std::to_string(gone.pid) + " is gone") != std::string::npos;
  })) << "the sweep is logged";
}

TEST(ShmTransformer, ConcurrentTransformsAndResolvesDoNotInterfere) {
  const std::string run = fake_run_dir("threads");
  LoadedTransformer client(plugin, "shm", Role::client, run);
  LoadedTransformer worker(plugin, "shm", Role::worker, run);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const Bytes data = pattern(1000 + static_cast<std::size_t>(i), static_cast<std::uint8_t>(t));
        Buffer id = (i % 2 == 0 ? client : worker).transform(data);
        if (bytes_of((i % 2 == 0 ? worker : client).resolve(id)) != data) ++wrong;
        client.drop(id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_TRUE(eventually([&] { return shm_segments_of(run).size() == 1; })) << "only the owner marker is left";
}

}  // namespace
}  // namespace taps::data_testing
