# taps_add_plugin(NAME <name> SOURCES <files...> [LIBRARIES <targets...>])
#
# Builds <name> as a taps plugin: an independent MODULE library that exports
# only its entry symbol (taps_plugin_entry_v*), has no undefined symbols
# (-z defs: plugins never link against the host), and lands where taps-host
# finds it. Used in-tree and, through find_package(taps), out of tree.
include_guard(GLOBAL)

set(TAPS_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/taps-plugin.map)

function(taps_add_plugin)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "taps_add_plugin needs NAME and SOURCES")
  endif()
  add_library(${ARG_NAME} MODULE ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE taps::sdk ${ARG_LIBRARIES})
  set_target_properties(${ARG_NAME} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "taps_${ARG_NAME}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${ARG_NAME} PRIVATE
    "-Wl,--version-script=${TAPS_PLUGIN_VERSION_SCRIPT}" "-Wl,-z,defs")
  if(DEFINED TAPS_PLUGIN_OUTPUT_DIR)
    set_target_properties(${ARG_NAME} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${TAPS_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED TAPS_INSTALL_PLUGINDIR)
    install(TARGETS ${ARG_NAME} LIBRARY DESTINATION ${TAPS_INSTALL_PLUGINDIR})
  endif()
endfunction()
