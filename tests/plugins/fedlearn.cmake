# The fedlearn app: its data readers and model unit-tested directly.
if(NOT TARGET fedlearn_parts)
  return()
endif()

add_executable(fedlearn_tests fedlearn_data_test.cpp fedlearn_model_test.cpp fedlearn_federation_test.cpp)
target_include_directories(fedlearn_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
target_link_libraries(fedlearn_tests PRIVATE fedlearn_parts GTest::gtest_main Threads::Threads ${CMAKE_DL_LIBS})
target_compile_options(fedlearn_tests PRIVATE -Wall -Wextra)
gtest_discover_tests(fedlearn_tests DISCOVERY_TIMEOUT 30)

# Whole runs through taps-host: thread-pool, process-pool, Work Queue (when
# built) and the failures app wrapping fedlearn.
if(NOT TARGET taps-host)
  return()
endif()
add_executable(fedlearn_end_to_end_tests fedlearn_end_to_end_test.cpp)
add_dependencies(fedlearn_end_to_end_tests taps-host fedlearn thread_pool process_pool jsonl)
if(TARGET failures)
  add_dependencies(fedlearn_end_to_end_tests failures)
endif()
if(TARGET workqueue)
  target_compile_definitions(fedlearn_end_to_end_tests PRIVATE TAPS_HAVE_WORKQUEUE=1)
  add_dependencies(fedlearn_end_to_end_tests workqueue)
endif()
target_include_directories(fedlearn_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(fedlearn_end_to_end_tests PRIVATE GTest::gtest_main)
target_compile_options(fedlearn_end_to_end_tests PRIVATE -Wall -Wextra)
target_compile_definitions(fedlearn_end_to_end_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
gtest_discover_tests(fedlearn_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
