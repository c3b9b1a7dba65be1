# The moldesign app: its parts unit-tested directly with the real RDKit and
# xtb (a few small molecules each).
if(NOT TARGET moldesign)
  return()
endif()

add_executable(moldesign_tests
  ${CMAKE_CURRENT_LIST_DIR}/moldesign/search_space_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moldesign/molecule_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moldesign/xtb_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moldesign/kernel_ridge_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moldesign/verification_test.cpp)
target_include_directories(moldesign_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins/apps)
target_link_libraries(moldesign_tests PRIVATE moldesign_parts GTest::gtest_main)
target_compile_options(moldesign_tests PRIVATE -Wall -Wextra)
gtest_discover_tests(moldesign_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 60)

# Whole runs through the real taps-host: thread-pool, process-pool,
# workqueue (when built) and the failures app wrapping moldesign.
if(NOT TARGET taps-host)
  return()
endif()
add_executable(moldesign_end_to_end_tests ${CMAKE_CURRENT_LIST_DIR}/moldesign/end_to_end_test.cpp)
add_dependencies(moldesign_end_to_end_tests taps-host moldesign thread_pool process_pool jsonl)
target_include_directories(moldesign_end_to_end_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR} ${PROJECT_SOURCE_DIR}/plugins/apps)
target_include_directories(moldesign_end_to_end_tests SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(moldesign_end_to_end_tests PRIVATE moldesign_parts GTest::gtest_main)
target_compile_options(moldesign_end_to_end_tests PRIVATE -Wall -Wextra)
target_compile_definitions(moldesign_end_to_end_tests PRIVATE
  TAPS_HOST_BINARY="$<TARGET_FILE:taps-host>"
  TAPS_PLUGIN_DIR="${TAPS_PLUGIN_OUTPUT_DIR}")
foreach(optional workqueue failures)
  if(TARGET ${optional})
    add_dependencies(moldesign_end_to_end_tests ${optional})
  endif()
endforeach()
if(TARGET workqueue)
  target_compile_definitions(moldesign_end_to_end_tests PRIVATE TAPS_HAVE_WORKQUEUE=1)
endif()
gtest_discover_tests(moldesign_end_to_end_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
