# The physics app: its parts unit-tested directly (smoothing against scipy's
# numbers, terrain, surface geometry, Bullet simulations and the checks) and
# the built plugin run on the inline engine.
if(NOT TARGET physics)
  return()
endif()

add_executable(physics_tests
  ${CMAKE_CURRENT_LIST_DIR}/physics/terrain_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/physics/simulation_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/physics/app_test.cpp)
target_include_directories(physics_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins ${CMAKE_CURRENT_LIST_DIR})
target_include_directories(physics_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(physics_tests PRIVATE physics_parts GTest::gtest_main Threads::Threads ${CMAKE_DL_LIBS})
target_compile_options(physics_tests PRIVATE -Wall -Wextra)
target_compile_definitions(physics_tests PRIVATE TAPS_PHYSICS_PLUGIN="$<TARGET_FILE:physics>")
add_dependencies(physics_tests physics)
gtest_discover_tests(physics_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 60)

# Whole runs through the real taps-host: thread-pool, process-pool and
# workqueue agree bit for bit; real time; under the failures app.
if(TARGET taps-host)
  add_executable(physics_end_to_end_tests ${CMAKE_CURRENT_LIST_DIR}/physics/end_to_end_test.cpp)
  add_dependencies(physics_end_to_end_tests taps-host physics thread_pool process_pool jsonl)
  if(TARGET failures)
    target_compile_definitions(physics_end_to_end_tests PRIVATE TAPS_HAVE_FAILURES=1)
    add_dependencies(physics_end_to_end_tests failures)
  endif()
  if(TARGET workqueue)
    target_compile_definitions(physics_end_to_end_tests PRIVATE TAPS_HAVE_WORKQUEUE=1)
    add_dependencies(physics_end_to_end_tests workqueue)
  endif()
  target_include_directories(physics_end_to_end_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_include_directories(physics_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
  target_link_libraries(physics_end_to_end_tests PRIVATE GTest::gtest_main)
  target_compile_options(physics_end_to_end_tests PRIVATE -Wall -Wextra)
  target_compile_definitions(physics_end_to_end_tests PRIVATE
    TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
    TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
  gtest_discover_tests(physics_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
endif()
