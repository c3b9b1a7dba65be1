// messages.hpp — what the client (rank 0) and the worker ranks say to each
// other over MPI. Each message is one MPI message of bytes whose tag names
// its kind. Encoded tasks and results are the engine's byte strings; this
// layer only frames them, several per message so that one MPI message
// carries a batch.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace taps::mpi {

enum Tag : int {
  hello = 1,    // client -> worker: the run and where the client's lifeline listens
  ready = 2,    // worker -> client: joined the run, with its pid and host
  tasks = 3,    // client -> worker: a batch of (sequence number, encoded task)
  results = 4,  // worker -> client: a batch of (sequence number, encoded result)
  stop = 5,     // client -> worker: leave (abandon = 1: without MPI_Finalize)
  bye = 6,      // worker -> client: stopped; about to finalize
  failed = 7,   // worker -> client: a reason, just before the worker gives up
};

/// A malformed message: a bug or a mismatched build, never the user's data.
class WireError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends fixed-width integers and length-prefixed byte strings.
class MessageWriter {
 public:
  void clear() { bytes_.clear(); }
  void put(std::uint64_t value) { append(&value, sizeof value); }
  void put(std::string_view text) { put(text.data(), text.size()); }
  void put(const void* data, std::size_t size) {
    put(static_cast<std::uint64_t>(size));
    append(data, size);
  }
  /// Overwrites a value written earlier at `offset` (a batch's count).
  void patch(std::size_t offset, std::uint64_t value) { std::memcpy(bytes_.data() + offset, &value, sizeof value); }

  std::vector<std::uint8_t>& bytes() { return bytes_; }
  std::size_t size() const { return bytes_.size(); }

 private:
  void append(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }
  std::vector<std::uint8_t> bytes_;
};

/// Reads what a MessageWriter wrote; throws WireError past the end.
class MessageReader {
 public:
  MessageReader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  std::uint64_t u64() {
    std::uint64_t value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }
  /// A byte string, pointing into the message.
  std::string_view bytes() {
    const std::uint64_t size = u64();
    if (size > static_cast<std::uint64_t>(end_ - p_)) throw WireError("a truncated MPI message");
    return {reinterpret_cast<const char*>(take(static_cast<std::size_t>(size))), static_cast<std::size_t>(size)};
  }
  std::string text() { return std::string(bytes()); }
  bool done() const { return p_ == end_; }

 private:
  const std::uint8_t* take(std::size_t size) {
    if (static_cast<std::size_t>(end_ - p_) < size) throw WireError("a truncated MPI message");
    const std::uint8_t* at = p_;
    p_ += size;
    return at;
  }
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

/// The run, as the client tells every worker.
struct Hello {
  std::string config_file;  // the run's config.toml, as the client names it
  std::string config_text;  // its contents, for a worker that cannot read it
  std::string client_host;
  std::uint64_t lifeline_port = 0;
  std::vector<std::string> lifeline_addresses;  // the client's IPv4 addresses
};

struct Ready {
  std::uint64_t pid = 0;
  std::string host;
  std::string lifeline_error;  // empty when the lifeline is connected
};

inline void write(MessageWriter& out, const Hello& hello) {
  out.put(hello.config_file);
  out.put(hello.config_text);
  out.put(hello.client_host);
  out.put(hello.lifeline_port);
  out.put(static_cast<std::uint64_t>(hello.lifeline_addresses.size()));
  for (const auto& address : hello.lifeline_addresses) out.put(address);
}

inline Hello read_hello(MessageReader in) {
  Hello hello;
  hello.config_file = in.text();
  hello.config_text = in.text();
  hello.client_host = in.text();
  hello.lifeline_port = in.u64();
  for (std::uint64_t n = in.u64(); n > 0; --n) hello.lifeline_addresses.push_back(in.text());
  return hello;
}

inline void write(MessageWriter& out, const Ready& ready) {
  out.put(ready.pid);
  out.put(ready.host);
  out.put(ready.lifeline_error);
}

inline Ready read_ready(MessageReader in) {
  Ready ready;
  ready.pid = in.u64();
  ready.host = in.text();
  ready.lifeline_error = in.text();
  return ready;
}

/// A batch of tasks or results: a count, then (sequence number, bytes) each.
class BatchWriter {
 public:
  void start() {
    out_.clear();
    out_.put(std::uint64_t{0});
    count_ = 0;
  }
  void add(std::uint64_t seq, const void* data, std::size_t size) {
    out_.put(seq);
    out_.put(data, size);
    out_.patch(0, ++count_);
  }
  std::size_t count() const { return count_; }
  std::size_t size() const { return out_.size(); }
  /// The message; start() begins the next one.
  std::vector<std::uint8_t> take() { return std::move(out_.bytes()); }

 private:
  MessageWriter out_;
  std::uint64_t count_ = 0;
};

struct BatchItem {
  std::uint64_t seq;
  const std::uint8_t* data;
  std::size_t size;
};

/// Calls `each(BatchItem)` for every item of a batch message.
template <class Each>
void read_batch(const std::uint8_t* data, std::size_t size, Each&& each) {
  MessageReader in(data, size);
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const std::uint64_t seq = in.u64();
    const std::string_view bytes = in.bytes();
    each(BatchItem{seq, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
  }
  if (!in.done()) throw WireError("trailing bytes after a batch");
}

}  // namespace taps::mpi
