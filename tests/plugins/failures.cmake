# The failures app: its parts unit-tested directly (failure types, the
# verdict, the injection payload, base options, the in-process failures and
# the kills, in forked children), and whole runs through the real taps-host
# on thread-pool and process-pool with synthetic and cholesky as the base.
if(NOT TARGET failures)
  return()
endif()

add_executable(failures_tests
  ${CMAKE_CURRENT_LIST_DIR}/failures/failure_types_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/failures/verdict_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/failures/base_options_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/failures/failure_actions_test.cpp)
target_include_directories(failures_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
target_link_libraries(failures_tests PRIVATE failures_parts GTest::gtest_main Threads::Threads)
target_compile_options(failures_tests PRIVATE -Wall -Wextra)
gtest_discover_tests(failures_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 60)

if(TARGET taps-host)
  add_executable(failures_end_to_end_tests ${CMAKE_CURRENT_LIST_DIR}/failures/end_to_end_test.cpp)
  add_dependencies(failures_end_to_end_tests taps-host failures synthetic thread_pool process_pool jsonl)
  if(TARGET cholesky)
    target_compile_definitions(failures_end_to_end_tests PRIVATE TAPS_HAVE_CHOLESKY=1)
    add_dependencies(failures_end_to_end_tests cholesky)
  endif()
  # out_of_process.hpp: watching the workers a run starts.
  target_include_directories(failures_end_to_end_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_include_directories(failures_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
  target_link_libraries(failures_end_to_end_tests PRIVATE GTest::gtest_main)
  target_compile_options(failures_end_to_end_tests PRIVATE -Wall -Wextra)
  target_compile_definitions(failures_end_to_end_tests PRIVATE
    TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
    TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
    # out_of_process.hpp's run_args() names it; these tests do not use it.
    TAPS_CRASHY_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
  # Each test under a deadline, so a hang fails instead of blocking.
  gtest_discover_tests(failures_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
endif()
