# The mpi executor through the real taps-host: spawned ranks and ranks of an
# mpirun launch, every synthetic structure and cholesky on each, a killed
# rank, and launches that cannot work. Built where MPI and mpirun exist.
if(NOT TARGET mpi_executor)
  return()
endif()
find_package(MPI COMPONENTS C QUIET)
if(NOT MPIEXEC_EXECUTABLE)
  message(STATUS "mpi tests: no mpirun found; not built")
  return()
endif()

add_executable(mpi_tests mpi/spawn_test.cpp mpi/launch_test.cpp)
add_dependencies(mpi_tests taps-host mpi_executor thread_pool jsonl synthetic crashy_test_plugin)
if(TARGET cholesky)
  add_dependencies(mpi_tests cholesky)
endif()
target_include_directories(mpi_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(mpi_tests PRIVATE GTest::gtest_main)
target_compile_options(mpi_tests PRIVATE -Wall -Wextra)
target_compile_definitions(mpi_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_CRASHY_PLUGIN_DIR="$<TARGET_FILE_DIR:crashy_test_plugin>"
  TAPS_MPIEXEC="${MPIEXEC_EXECUTABLE}")
# Each test runs under a deadline, so a hang fails instead of blocking CI.
# Under AddressSanitizer, leak checking is off for these tests: Open MPI 4.1
# (with hwloc, PMIx and libevent) keeps allocations from MPI_Init to the end
# of the process, and its libraries have no frame pointers, so the fast
# unwinder cannot tell its leaks from ours and the slow one makes
# MPI_Comm_spawn slow enough to time out. Memory errors are still caught.
# mpirun and the spawning daemon pass the variable on to every rank.
gtest_discover_tests(mpi_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120 ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
