# Hardening (issue 17) checks that need the project's plugins and the
# test-only crashy plugin (added by out_of_process.cmake).
add_executable(hardening_tests hardening/crash_log_test.cpp)
add_dependencies(hardening_tests taps-host thread_pool jsonl crashy_test_plugin)
target_include_directories(hardening_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_include_directories(hardening_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(hardening_tests PRIVATE GTest::gtest_main)
target_compile_options(hardening_tests PRIVATE -Wall -Wextra)
target_compile_definitions(hardening_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_CRASHY_PLUGIN_DIR="$<TARGET_FILE_DIR:crashy_test_plugin>")
gtest_discover_tests(hardening_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
