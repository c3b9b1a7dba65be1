// The worker side: runs inside `taps-host worker ... -- --fd N`, started and
// kept by the bridge's plugin on a Dask worker. It executes the encoded
// tasks that arrive on the socket one at a time and answers each with its
// encoded result, until the socket closes.
#include "dask_executor.hpp"
#include "wire.hpp"

#include <taps/buffer.hpp>

#include <string>
#include <vector>

namespace taps::dask {

void DaskExecutor::worker_main(Host host, const Config&, std::vector<std::string> args) {
  const auto* worker = host.interface<taps_worker_host>(TAPS_INTERFACE_WORKER);
  if (worker == nullptr) throw Error("HostError", "this host cannot execute encoded tasks");
  int fd = -1;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--fd") fd = std::stoi(args[i + 1]);
  }
  if (fd < 0) throw Error("UsageError", "the dask worker needs --fd N (its Dask worker plugin starts it)");

  FrameHeader header{};
  std::vector<std::uint8_t> task;
  while (read_frame(fd, header, task)) {
    if (header.kind != FrameKind::task) throw Error("WireError", "unexpected frame from the Dask worker");
    taps_buffer out{};
    detail::ErrorCapture error;
    auto sink = error.sink();
    if (worker->execute_encoded(host.get(), task.data(), task.size(), &out, &sink) != TAPS_OK) {
      throw Error(error.type.empty() ? "WireError" : error.type, error.message);
    }
    const Buffer result(out);
    write_frame(fd, FrameKind::result, header.seq, result.data(), result.size());
  }
}

}  // namespace taps::dask
