// mpi_runtime.hpp — starting MPI from inside a plugin, and MPI errors as
// exceptions.
//
// The plugin is loaded with dlopen, so its MPI library is loaded privately;
// Open MPI's own components (also dlopen'ed) need libmpi's symbols, so they
// are made global first. Every MPI call of a process is made by one thread,
// the one that called init_mpi() (MPI_THREAD_FUNNELED): the client's
// communication thread, or a worker's main thread.
#pragma once

#include <mpi.h>

#include <string>

namespace taps::mpi {

/// How this process was started: by a parallel launcher (mpirun, srun) or
/// as a plain program (then MPI starts as a singleton).
struct Launch {
  bool by_launcher = false;
  std::string variable;  // the launcher's variable that says so, e.g. OMPI_COMM_WORLD_SIZE
};

Launch detect_launch();

/// A singleton MPI process needs Open MPI's runtime daemon to spawn ranks;
/// without it MPI_Init aborts the whole process. Throws a taps::Error
/// saying what to install instead.
void check_singleton_runtime();

/// MPI_Init_thread with MPI_THREAD_FUNNELED on the calling thread; errors
/// on the predefined communicators are returned, not fatal.
void init_mpi();

/// MPI's own text for an error code.
std::string error_text(int code);

/// Throws taps::Error("MpiError", "<call> failed: <text>") unless MPI_SUCCESS.
void check(int code, const char* call);

/// This machine's host name.
std::string host_name();

}  // namespace taps::mpi
