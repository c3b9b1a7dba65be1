# The workqueue executor through the real taps-host, on loopback with
# work_queue_worker processes: apps on two local workers, task failures
# (crashes, timeouts, lost workers), reaching workers (no workers, a taken
# port, passwords) and a worker in another network namespace.
if(NOT TARGET workqueue)
  return()
endif()

add_executable(workqueue_tests
  workqueue/apps_test.cpp
  workqueue/task_failures_test.cpp
  workqueue/workers_test.cpp
  workqueue/network_namespace_test.cpp)
add_dependencies(workqueue_tests taps-host workqueue synthetic jsonl crashy_test_plugin)
if(TARGET cholesky)
  add_dependencies(workqueue_tests cholesky)
endif()
target_include_directories(workqueue_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(workqueue_tests PRIVATE GTest::gtest_main)
target_compile_options(workqueue_tests PRIVATE -Wall -Wextra)
target_compile_definitions(workqueue_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_CRASHY_PLUGIN_DIR="$<TARGET_FILE_DIR:crashy_test_plugin>")
# Each test runs under a deadline, so a hang fails instead of blocking CI.
# Under LeakSanitizer, cctools' own leaks are suppressed (see the file); the
# slow unwinder sees through cctools' frames (built without frame pointers)
# to the functions the suppressions name.
gtest_discover_tests(workqueue_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120
  ENVIRONMENT
    "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/workqueue/lsan_suppressions.txt:fast_unwind_on_malloc=0")
