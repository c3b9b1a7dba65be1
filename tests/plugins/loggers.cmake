# The chrome-trace and wfformat record loggers, beside jsonl in real runs.
if(NOT TARGET taps-host)
  return()
endif()
add_executable(logger_tests ${CMAKE_CURRENT_LIST_DIR}/loggers/trace_and_wfformat_test.cpp)
add_dependencies(logger_tests taps-host synthetic failures thread_pool jsonl chrome_trace wfformat)
target_include_directories(logger_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_include_directories(logger_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(logger_tests PRIVATE GTest::gtest_main)
target_compile_options(logger_tests PRIVATE -Wall -Wextra)
target_compile_definitions(logger_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_LOGGER_TEST_DIR="${CMAKE_CURRENT_LIST_DIR}/loggers")
gtest_discover_tests(logger_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
