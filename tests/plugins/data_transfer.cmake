# The data path: the transformers (shm, file, redis) and filters (never,
# object-size, object-type) loaded from their .so, whole taps-host runs with
# each transformer on each executor, the shm crash sweep, and corrupted
# identifiers in a real worker. Redis tests start their own redis-server.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(TEST_HIREDIS QUIET IMPORTED_TARGET hiredis)
endif()
if(NOT TEST_HIREDIS_FOUND OR NOT TARGET redis_transformer)
  message(STATUS "hiredis not found: the data transfer tests are not built")
  return()
endif()

set(dir ${CMAKE_CURRENT_LIST_DIR}/data_transfer)
add_executable(data_transfer_tests
  ${dir}/shm_transformer_test.cpp
  ${dir}/file_transformer_test.cpp
  ${dir}/redis_transformer_test.cpp
  ${dir}/filters_test.cpp
  ${dir}/end_to_end_test.cpp
  ${dir}/crash_sweep_test.cpp
  ${dir}/corrupt_identifier_test.cpp
  ${dir}/interrupt_test.cpp
  ${dir}/clean_test.cpp
  # The shm transformer's marker format, to fake a crashed run's marker.
  ${PROJECT_SOURCE_DIR}/plugins/transformers/shm/owner_marker.cpp)
target_include_directories(data_transfer_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/plugins ${PROJECT_SOURCE_DIR}/plugins/transformers)
target_include_directories(data_transfer_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
# taps_engine: the corrupted-identifier tests decode the worker's results.
target_link_libraries(data_transfer_tests PRIVATE taps_engine PkgConfig::TEST_HIREDIS GTest::gtest_main
  ${CMAKE_DL_LIBS})
target_compile_options(data_transfer_tests PRIVATE -Wall -Wextra)
set(data_plugins taps-host synthetic thread_pool process_pool jsonl crashy_test_plugin
  shm_transformer file_transformer redis_transformer never_filter object_size_filter object_type_filter)
target_compile_definitions(data_transfer_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
  TAPS_CRASHY_PLUGIN_DIR="$<TARGET_FILE_DIR:crashy_test_plugin>"
  TAPS_SHM_PLUGIN="$<TARGET_FILE:shm_transformer>"
  TAPS_FILE_PLUGIN="$<TARGET_FILE:file_transformer>"
  TAPS_REDIS_PLUGIN="$<TARGET_FILE:redis_transformer>"
  TAPS_NEVER_PLUGIN="$<TARGET_FILE:never_filter>"
  TAPS_OBJECT_SIZE_PLUGIN="$<TARGET_FILE:object_size_filter>"
  TAPS_OBJECT_TYPE_PLUGIN="$<TARGET_FILE:object_type_filter>")
if(TARGET tbb_executor)
  list(APPEND data_plugins tbb_executor)
  target_compile_definitions(data_transfer_tests PRIVATE TAPS_HAVE_TBB)
endif()
add_dependencies(data_transfer_tests ${data_plugins})
gtest_discover_tests(data_transfer_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
