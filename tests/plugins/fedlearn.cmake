# The fedlearn app: its data readers and model unit-tested directly.
if(NOT TARGET fedlearn_parts)
  return()
endif()

add_executable(fedlearn_tests fedlearn_data_test.cpp fedlearn_model_test.cpp fedlearn_federation_test.cpp)
target_include_directories(fedlearn_tests PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
target_link_libraries(fedlearn_tests PRIVATE fedlearn_parts GTest::gtest_main Threads::Threads ${CMAKE_DL_LIBS})
target_compile_options(fedlearn_tests PRIVATE -Wall -Wextra)
gtest_discover_tests(fedlearn_tests DISCOVERY_TIMEOUT 30)
