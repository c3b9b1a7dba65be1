#include "plugins/elf_inspection.hpp"

#include <elf.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <system_error>

namespace taps::host {

namespace {

// Plugin files are shared libraries of a few MB; anything far larger is not
// one, and reading it whole would only waste memory.
constexpr std::size_t max_plugin_file_size = std::size_t{1} << 30;

// True when [offset, offset + count * entry_size) lies inside a file of
// `size` bytes, computed without overflow.
bool inside(std::uint64_t size, std::uint64_t offset, std::uint64_t count, std::uint64_t entry_size) {
  if (offset > size) return false;
  if (entry_size != 0 && count > (size - offset) / entry_size) return false;
  return true;
}

// A copy of the T at `offset`: the file's bytes carry no alignment promise.
template <class T>
T read_at(std::string_view bytes, std::uint64_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

std::string truncated(std::string_view what, std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return fmt::format("damaged or truncated shared library: bytes {}..{} of its {} lie beyond the end of the "
                     "{}-byte file",
                     offset, offset + length, what, size);
}

// The defined dynamic symbols starting with `prefix`, or a problem.
std::optional<std::string> collect_symbols(std::string_view bytes, const Elf64_Ehdr& header,
                                           std::string_view prefix, std::vector<std::string>& symbols) {
  const std::uint64_t size = bytes.size();
  if (header.e_shnum == 0) return std::nullopt;  // no section table: nothing to read beforehand
  if (header.e_shentsize != sizeof(Elf64_Shdr)) {
    return fmt::format("not a valid ELF file: section header size {} (expected {})", header.e_shentsize,
                       sizeof(Elf64_Shdr));
  }
  if (!inside(size, header.e_shoff, header.e_shnum, sizeof(Elf64_Shdr))) {
    return truncated("section headers", header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr), size);
  }
  auto section = [&](std::uint64_t index) {
    return read_at<Elf64_Shdr>(bytes, header.e_shoff + index * sizeof(Elf64_Shdr));
  };
  for (std::uint64_t i = 0; i < header.e_shnum; ++i) {
    const auto symtab = section(i);
    if (symtab.sh_type != SHT_DYNSYM) continue;
    if (symtab.sh_entsize != sizeof(Elf64_Sym)) {
      return fmt::format("not a valid ELF file: dynamic symbol size {} (expected {})", symtab.sh_entsize,
                         sizeof(Elf64_Sym));
    }
    if (!inside(size, symtab.sh_offset, 1, symtab.sh_size)) {
      return truncated("dynamic symbol table", symtab.sh_offset, symtab.sh_size, size);
    }
    if (symtab.sh_link >= header.e_shnum) {
      return fmt::format("not a valid ELF file: dynamic symbol table links to section {} of {}", symtab.sh_link,
                         header.e_shnum);
    }
    const auto strtab = section(symtab.sh_link);
    if (!inside(size, strtab.sh_offset, 1, strtab.sh_size)) {
      return truncated("dynamic string table", strtab.sh_offset, strtab.sh_size, size);
    }
    const std::string_view names = bytes.substr(strtab.sh_offset, strtab.sh_size);
    const std::uint64_t count = symtab.sh_size / sizeof(Elf64_Sym);
    for (std::uint64_t s = 0; s < count; ++s) {
      const auto symbol = read_at<Elf64_Sym>(bytes, symtab.sh_offset + s * sizeof(Elf64_Sym));
      if (symbol.st_shndx == SHN_UNDEF || symbol.st_name >= names.size()) continue;
      const auto rest = names.substr(symbol.st_name);
      const auto end = rest.find('\0');
      if (end == std::string_view::npos) continue;  // unterminated name: not one of ours
      const auto name = rest.substr(0, end);
      if (name.substr(0, prefix.size()) == prefix) symbols.emplace_back(name);
    }
  }
  return std::nullopt;
}

}  // namespace

ElfInspection inspect_elf(std::string_view bytes, std::string_view symbol_prefix) {
  ElfInspection result;
  const std::uint64_t size = bytes.size();
  if (size < EI_NIDENT || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) {
    result.problem = fmt::format("not an ELF shared library ({} bytes, no ELF header)", size);
    return result;
  }
  if (bytes[EI_CLASS] != ELFCLASS64 || bytes[EI_DATA] != ELFDATA2LSB) {
    result.problem = "not a 64-bit little-endian ELF file: built for another machine";
    return result;
  }
  if (size < sizeof(Elf64_Ehdr)) {
    result.problem = truncated("ELF header", 0, sizeof(Elf64_Ehdr), size);
    return result;
  }
  const auto header = read_at<Elf64_Ehdr>(bytes, 0);
  if (header.e_type != ET_DYN) {
    result.problem = fmt::format("not a shared library (ELF type {})", header.e_type);
    return result;
  }
  if (header.e_phentsize != sizeof(Elf64_Phdr)) {
    result.problem = fmt::format("not a valid ELF file: program header size {} (expected {})", header.e_phentsize,
                                 sizeof(Elf64_Phdr));
    return result;
  }
  if (!inside(size, header.e_phoff, header.e_phnum, sizeof(Elf64_Phdr))) {
    result.problem =
        truncated("program headers", header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(Elf64_Phdr), size);
    return result;
  }
  // Every segment the loader maps must be backed by the file: this is the
  // check that keeps dlopen from touching pages past the end of the file.
  for (std::uint64_t i = 0; i < header.e_phnum; ++i) {
    const auto segment = read_at<Elf64_Phdr>(bytes, header.e_phoff + i * sizeof(Elf64_Phdr));
    if (!inside(size, segment.p_offset, 1, segment.p_filesz)) {
      result.problem = truncated(fmt::format("segment {}", i), segment.p_offset, segment.p_filesz, size);
      return result;
    }
  }
  if (auto problem = collect_symbols(bytes, header, symbol_prefix, result.symbols)) {
    result.problem = std::move(*problem);
    result.symbols.clear();
  }
  return result;
}

ElfInspection inspect_elf_file(const std::filesystem::path& file, std::string_view symbol_prefix) {
  ElfInspection result;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.problem = "cannot open: " + std::system_category().message(errno);
    return result;
  }
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      result.problem = "cannot read: " + std::system_category().message(errno);
      ::close(fd);
      return result;
    }
    if (got == 0) break;
    if (bytes.size() + static_cast<std::size_t>(got) > max_plugin_file_size) {
      result.problem = fmt::format("larger than {} bytes: not a plugin library", max_plugin_file_size);
      ::close(fd);
      return result;
    }
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return inspect_elf(bytes, symbol_prefix);
}

}  // namespace taps::host
