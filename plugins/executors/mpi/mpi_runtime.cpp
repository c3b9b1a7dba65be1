#include "mpi_runtime.hpp"

#include <taps/error.hpp>

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace taps::mpi {

Launch detect_launch() {
  // Open MPI's mpirun, PMIx launchers (srun --mpi=pmix, prterun) and PMI
  // launchers (hydra, srun --mpi=pmi2). A singleton has none of them.
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return {true, variable};
  }
  return {};
}

void check_singleton_runtime() {
  // Where Open MPI looks for its daemon: under OPAL_PREFIX when set, else in
  // the directory it was installed to (found at build time).
  const char* prefix = std::getenv("OPAL_PREFIX");
  const std::string daemon = prefix != nullptr ? std::string(prefix) + "/bin/orted" : std::string(TAPS_MPI_BINDIR "/orted");
  if (access(daemon.c_str(), X_OK) != 0) {
    throw Error("MpiError",
                "Open MPI's runtime is not installed: " + daemon +
                    " is missing, so MPI cannot start worker ranks from this process. Install Open MPI's programs "
                    "(Debian: openmpi-bin) on this machine, or start taps-host under mpirun");
  }
}

void init_mpi() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) throw Error("MpiError", "MPI is already initialized in this process: one mpi executor per process");
  // Open MPI's components resolve libmpi's symbols globally; a library that
  // came in with this dlopen'ed plugin is private until made global.
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&MPI_Init_thread), &info) != 0 && info.dli_fname != nullptr) {
    dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
  }
  int provided = MPI_THREAD_SINGLE;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_FUNNELED) {
    throw Error("MpiError", "this MPI library does not support MPI_THREAD_FUNNELED (it provides level " +
                                std::to_string(provided) + ")");
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
}

std::string error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error " + std::to_string(code);
  return std::string(text, static_cast<std::size_t>(length));
}

void check(int code, const char* call) {
  if (code != MPI_SUCCESS) throw Error("MpiError", std::string(call) + " failed: " + error_text(code));
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown-host";
  return name;
}

}  // namespace taps::mpi
