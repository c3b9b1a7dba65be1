# The montage app: its parts unit-tested with the real Montage programs and
# CFITSIO. Built where the app is.
if(NOT TARGET montage_parts)
  return()
endif()

set(dir ${CMAKE_CURRENT_LIST_DIR}/montage)
add_executable(montage_tests ${dir}/tool_test.cpp ${dir}/sky_tiles_test.cpp ${dir}/tasks_test.cpp
  ${dir}/verification_test.cpp)
target_include_directories(montage_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
target_link_libraries(montage_tests PRIVATE montage_parts GTest::gtest_main)
target_compile_options(montage_tests PRIVATE -Wall -Wextra)
gtest_discover_tests(montage_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)

# Whole runs through taps-host on the thread pool, the process pool and Work
# Queue, with the shm and file transformers.
if(NOT TARGET taps-host)
  return()
endif()
add_executable(montage_end_to_end_tests ${dir}/end_to_end_test.cpp)
add_dependencies(montage_end_to_end_tests taps-host montage thread_pool process_pool jsonl shm_transformer
  file_transformer)
target_include_directories(montage_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(montage_end_to_end_tests PRIVATE GTest::gtest_main)
target_compile_options(montage_end_to_end_tests PRIVATE -Wall -Wextra)
target_compile_definitions(montage_end_to_end_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
if(TARGET workqueue)
  add_dependencies(montage_end_to_end_tests workqueue)
  target_compile_definitions(montage_end_to_end_tests PRIVATE TAPS_HAVE_WORKQUEUE)
endif()
gtest_discover_tests(montage_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 180)
