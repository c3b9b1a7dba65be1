# Out-of-process execution through the real taps-host: the process-pool
# executor (crash isolation, timeouts, workers that cannot start, no orphan
# processes), the tbb executor, and the generic worker (`taps-host worker`).
# The test-only crashy plugin lives in its own directory under
# build/test-plugins/crashy/.
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/crashy ${CMAKE_CURRENT_BINARY_DIR}/crashy)

add_executable(out_of_process_tests process_pool_test.cpp worker_test.cpp)
add_dependencies(out_of_process_tests taps-host process_pool thread_pool jsonl synthetic crashy_test_plugin)
if(TARGET tbb_executor)
  target_sources(out_of_process_tests PRIVATE tbb_test.cpp)
  add_dependencies(out_of_process_tests tbb_executor)
endif()
target_include_directories(out_of_process_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
# frame.hpp: the worker tests speak the process-pool's socket protocol.
target_include_directories(out_of_process_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
# taps_engine: the worker tests decode the results the worker writes.
target_link_libraries(out_of_process_tests PRIVATE taps_engine GTest::gtest_main)
target_compile_options(out_of_process_tests PRIVATE -Wall -Wextra)
target_compile_definitions(out_of_process_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_CRASHY_PLUGIN_DIR="$<TARGET_FILE_DIR:crashy_test_plugin>")
# Each test runs under a deadline, so a hang fails instead of blocking CI.
gtest_discover_tests(out_of_process_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
