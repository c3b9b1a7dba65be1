# Builds the project in ./project against an *installed* taps SDK and runs
# its plugins with the already-built taps-host, which is not rebuilt.
#
#   cmake -DMAIN_BUILD_DIR=... -DTAPS_HOST=... -DMAIN_PLUGIN_DIR=... -DWORK_DIR=... -P run_out_of_tree.cmake
foreach(var MAIN_BUILD_DIR TAPS_HOST MAIN_PLUGIN_DIR WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "run_out_of_tree.cmake needs -D${var}=...")
  endif()
endforeach()

set(project_dir ${CMAKE_CURRENT_LIST_DIR}/project)
set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
set(runs ${WORK_DIR}/runs)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${out}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

step("installing the SDK" ${CMAKE_COMMAND} --install ${MAIN_BUILD_DIR} --prefix ${prefix})
step("configuring the out-of-tree project"
  ${CMAKE_COMMAND} -S ${project_dir} -B ${build} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
step("building the out-of-tree project" ${CMAKE_COMMAND} --build ${build})
step("running its app on its executor"
  ${TAPS_HOST} --plugin-path ${build} --plugin-path ${MAIN_PLUGIN_DIR}
  run --app points --app.count 7 --engine.executor serial --run.dir-format ${runs}/{timestamp})

# The run wrote one record per task: 7 `scale` tasks and one `sum` that
# depends on all of them.
file(GLOB run_dirs LIST_DIRECTORIES true ${runs}/*)
list(LENGTH run_dirs run_count)
if(NOT run_count EQUAL 1)
  message(FATAL_ERROR "expected one run directory under ${runs}, found: ${run_dirs}")
endif()
file(STRINGS ${run_dirs}/tasks.jsonl records)
list(LENGTH records record_count)
if(NOT record_count EQUAL 8)
  message(FATAL_ERROR "expected 8 task records, found ${record_count}")
endif()
set(scale_count 0)
foreach(record IN LISTS records)
  string(JSON name GET "${record}" function_name)
  string(JSON success GET "${record}" success)
  string(JSON parents LENGTH "${record}" parent_task_ids)
  if(NOT success)
    message(FATAL_ERROR "a task failed: ${record}")
  endif()
  if(name STREQUAL "scale" AND parents EQUAL 0)
    math(EXPR scale_count "${scale_count} + 1")
  elseif(NOT (name STREQUAL "sum" AND parents EQUAL 7))
    message(FATAL_ERROR "unexpected record: ${record}")
  endif()
endforeach()
if(NOT scale_count EQUAL 7)
  message(FATAL_ERROR "expected 7 scale records, found ${scale_count}")
endif()
message(STATUS "out-of-tree plugins ran: ${record_count} records")
