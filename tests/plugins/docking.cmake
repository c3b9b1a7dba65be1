# The docking app: its parsers, surrogate and tool handling unit-tested
# directly (with the real obabel and vina where a tool is involved), and
# tiny campaigns through the real taps-host on thread-pool, process-pool and
# Work Queue, wrapped by the failures app.
if(NOT TARGET docking)
  return()
endif()

add_executable(docking_tests
  ${CMAKE_CURRENT_LIST_DIR}/docking/vina_output_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/docking/pdbqt_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/docking/surrogate_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/docking/tools_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/docking/batch_selection_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/docking/crystal_complex_test.cpp)
target_include_directories(docking_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins/apps)
target_link_libraries(docking_tests PRIVATE docking_parts GTest::gtest_main)
target_compile_options(docking_tests PRIVATE -Wall -Wextra)
target_compile_definitions(docking_tests PRIVATE TAPS_DOCKING_TEST_DATA="${CMAKE_CURRENT_LIST_DIR}/docking")
gtest_discover_tests(docking_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 60)

if(TARGET taps-host)
  add_executable(docking_end_to_end_tests ${CMAKE_CURRENT_LIST_DIR}/docking/end_to_end_test.cpp)
  add_dependencies(docking_end_to_end_tests taps-host docking thread_pool process_pool jsonl)
  if(TARGET failures)
    add_dependencies(docking_end_to_end_tests failures)
  endif()
  if(TARGET workqueue)
    add_dependencies(docking_end_to_end_tests workqueue)
    target_compile_definitions(docking_end_to_end_tests PRIVATE TAPS_HAVE_WORKQUEUE=1)
  endif()
  target_include_directories(docking_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
  target_link_libraries(docking_end_to_end_tests PRIVATE GTest::gtest_main)
  target_compile_options(docking_end_to_end_tests PRIVATE -Wall -Wextra)
  target_compile_definitions(docking_end_to_end_tests PRIVATE
    TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
    TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}"
    TAPS_DOCKING_TEST_DATA="${CMAKE_CURRENT_LIST_DIR}/docking")
  # Each run under a deadline, so a hang fails instead of blocking CI. A
  # campaign of 4-6 rigid ligands needs about 10 s of CPU; the default
  # re-docking adds 21 s of Vina. Under a load of 8 on 2 cores the slowest
  # run (the re-docking one) took 80 s.
  gtest_discover_tests(docking_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 300)
endif()
