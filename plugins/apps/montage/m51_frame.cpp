#include "m51_frame.hpp"

#include <taps/error.hpp>

#include <cstdint>

namespace taps::montage {

namespace {
constexpr long frame_side = 512;
constexpr std::size_t header_bytes = 2048;
}  // namespace

Image read_m51_frame(const std::filesystem::path& path) {
  Bytes bytes;
  try {
    bytes = read_file(path);
  } catch (const Error&) {
    throw Error("DataError", "cannot read the M51 frame '" + path.string() + "' (install Debian's 'iraf' package)");
  }
  const std::size_t needed = header_bytes + 2 * frame_side * frame_side;
  if (bytes.size() < needed) {
    throw Error("DataError", "'" + path.string() + "' has " + std::to_string(bytes.size()) + " bytes, not the " +
                                 std::to_string(needed) + " of a 512 x 512 int16 frame");
  }
  Image frame;
  frame.width = frame.height = frame_side;
  frame.pixels.resize(frame_side * frame_side);
  for (std::size_t i = 0; i < frame.pixels.size(); ++i) {
    const std::uint8_t* p = bytes.data() + header_bytes + 2 * i;
    frame.pixels[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(p[0] << 8 | p[1]));
  }
  frame.wcs.crval1 = (13 + 29 / 60.0 + 24 / 3600.0) * 15;
  frame.wcs.crval2 = 47 + 15 / 60.0 + 34 / 3600.0;
  frame.wcs.crpix1 = frame.wcs.crpix2 = (frame_side + 1) / 2.0;
  frame.wcs.cdelt1 = -1 / 3600.0;
  frame.wcs.cdelt2 = 1 / 3600.0;
  return frame;
}

}  // namespace taps::montage
