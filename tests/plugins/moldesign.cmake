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
