# The dask executor through the real taps-host, on a real Dask cluster on
# loopback (`dask scheduler` and `dask worker` from Debian's
# python3-distributed, started and stopped by the tests): apps on a running
# cluster and on a local one, and the failures it reports (a dead task
# process, a timeout, a dead Dask worker, a lost scheduler).
#
# One test program, run as one test: its tests share one cluster, whose
# start takes seconds.
if(NOT TARGET dask OR NOT TARGET failures)
  return()
endif()
execute_process(COMMAND /usr/bin/python3 -c "import distributed" RESULT_VARIABLE no_distributed
                OUTPUT_QUIET ERROR_QUIET)
if(no_distributed)
  message(STATUS "python3-distributed not found: the dask executor's tests are not built")
  return()
endif()

add_executable(dask_tests
  dask/shared_cluster.cpp
  dask/apps_test.cpp
  dask/failures_test.cpp)
add_dependencies(dask_tests taps-host dask synthetic failures jsonl crashy_test_plugin)
if(TARGET cholesky)
  add_dependencies(dask_tests cholesky)
endif()
target_include_directories(dask_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(dask_tests PRIVATE GTest::gtest_main)
target_compile_options(dask_tests PRIVATE -Wall -Wextra)
target_compile_definitions(dask_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_CRASHY_PLUGIN_DIR="$<TARGET_FILE_DIR:crashy_test_plugin>")
add_test(NAME dask_tests COMMAND dask_tests)
# 87 s at load ~11 and 212 s at load 15 (parallel builds on 2 cores); a deadline that holds there.
set_tests_properties(dask_tests PROPERTIES TIMEOUT 600)
