# `taps-host report` and `taps-host sweep`: reports of real runs checked
# against their records, sweeps and their resumption.
if(NOT TARGET taps-host)
  return()
endif()
add_executable(report_tests
  ${CMAKE_CURRENT_LIST_DIR}/report/run_report_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report/group_report_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report/sweep_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report/progress_test.cpp)
add_dependencies(report_tests taps-host synthetic failures thread_pool jsonl)
target_include_directories(report_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_include_directories(report_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(report_tests PRIVATE GTest::gtest_main)
target_compile_options(report_tests PRIVATE -Wall -Wextra)
target_compile_definitions(report_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
gtest_discover_tests(report_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
