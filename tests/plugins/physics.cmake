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
