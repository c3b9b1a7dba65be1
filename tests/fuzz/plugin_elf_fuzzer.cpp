// Plugin file inspection on arbitrary bytes: whatever a file on the plugin
// path holds, inspect_elf reads only inside it and, when it lets the file
// through to dlopen, every segment is backed by the file.
#include "plugins/elf_inspection.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A copy of exactly `size` bytes, so ASan sees any read past the end.
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)taps::host::inspect_elf(bytes, "taps_plugin_entry_v");
  return 0;
}
