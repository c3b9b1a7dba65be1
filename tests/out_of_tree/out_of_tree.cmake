# Registers the out-of-tree SDK test; included from tests/sdk once taps-host
# exists (the test runs it).
add_test(NAME Sdk.BuildsAndRunsAPluginOutOfTreeAgainstTheInstalledSdk
  COMMAND ${CMAKE_COMMAND}
    -DMAIN_BUILD_DIR=${PROJECT_BINARY_DIR}
    -DTAPS_HOST=$<TARGET_FILE:taps-host>
    -DMAIN_PLUGIN_DIR=${TAPS_PLUGIN_OUTPUT_DIR}
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/out_of_tree
    -P ${CMAKE_CURRENT_LIST_DIR}/run_out_of_tree.cmake)
set_tests_properties(Sdk.BuildsAndRunsAPluginOutOfTreeAgainstTheInstalledSdk PROPERTIES TIMEOUT 600)
