# The montage app: its parts unit-tested with the real Montage programs and
# CFITSIO. Built where the app is.
if(NOT TARGET montage_parts)
  return()
endif()

set(dir ${CMAKE_CURRENT_LIST_DIR}/montage)
add_executable(montage_tests ${dir}/tool_test.cpp ${dir}/sky_tiles_test.cpp ${dir}/tasks_test.cpp)
target_include_directories(montage_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
target_link_libraries(montage_tests PRIVATE montage_parts GTest::gtest_main)
target_compile_options(montage_tests PRIVATE -Wall -Wextra)
gtest_discover_tests(montage_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
