# End-to-end tests: the built plugins run through the real taps-host binary.
add_executable(plugin_end_to_end_tests end_to_end_test.cpp)
target_include_directories(plugin_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(plugin_end_to_end_tests PRIVATE GTest::gtest_main)
target_compile_options(plugin_end_to_end_tests PRIVATE -Wall -Wextra)
target_compile_definitions(plugin_end_to_end_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
add_dependencies(plugin_end_to_end_tests taps-host thread_pool jsonl synthetic)
gtest_discover_tests(plugin_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 300)
