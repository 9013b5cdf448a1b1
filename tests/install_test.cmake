# The installed-package test: `cmake --install` the build tree into a scratch prefix, build
# tests/install_consumer against that prefix through find_package(Spool), run it on a fresh store directory.
# Any failed step fails the test with the step's output.
#
#   cmake -DSPOOL_BUILD_DIR=/tmp/build -DSPOOL_SOURCE_DIR=/work/main -DSCRATCH_DIR=/tmp/build/tests/install_test \
#         [-DGENERATOR="Unix Makefiles"] [-DCXX_COMPILER=/usr/bin/c++] [-DBUILD_TYPE=RelWithDebInfo] \
#         [-DSANITIZE=ON] -P tests/install_test.cmake
#
# The build tree must already be built (`cmake --install` does not build). SCRATCH_DIR is wiped first and kept
# afterwards for inspection; it holds prefix/, consumer-build/ and store/.
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS SPOOL_BUILD_DIR SPOOL_SOURCE_DIR SCRATCH_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "install_test.cmake: pass -D${var}=...")
  endif()
endforeach()
if(NOT EXISTS "${SPOOL_BUILD_DIR}/CMakeCache.txt")
  message(FATAL_ERROR "install_test.cmake: ${SPOOL_BUILD_DIR} is not a configured build tree")
endif()
if(NOT DEFINED BUILD_TYPE OR BUILD_TYPE STREQUAL "")
  set(BUILD_TYPE RelWithDebInfo)
endif()

set(prefix "${SCRATCH_DIR}/prefix")
set(consumer_build "${SCRATCH_DIR}/consumer-build")
set(store_dir "${SCRATCH_DIR}/store")
file(REMOVE_RECURSE "${SCRATCH_DIR}")
file(MAKE_DIRECTORY "${SCRATCH_DIR}")

# A DESTDIR in the caller's environment would move the installed tree away from the prefix we point the
# consumer at.
unset(ENV{DESTDIR})

# Runs one step; on failure prints what it ran and everything it said.
function(run_step name)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    list(JOIN ARGN " " command_line)
    message(FATAL_ERROR "install test: ${name} failed (${rc})\ncommand: ${command_line}\n"
      "--- stdout ---\n${out}\n--- stderr ---\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

# Every target with an install rule must have been built: a missing file here usually means a partial build.
run_step("install (cmake --install needs the whole tree built)"
  "${CMAKE_COMMAND}" --install "${SPOOL_BUILD_DIR}" --prefix "${prefix}")

# What a consumer needs is in place: the library, the public headers, the package config.
file(GLOB_RECURSE config_files "${prefix}/*/SpoolConfig.cmake")
file(GLOB_RECURSE libraries "${prefix}/*/libspool_store.so*")
foreach(required IN ITEMS config_files libraries)
  if(NOT ${required})
    message(FATAL_ERROR "install test: nothing matching ${required} was installed under ${prefix}")
  endif()
endforeach()
if(NOT EXISTS "${prefix}/include/spool/store/message_store.h")
  message(FATAL_ERROR "install test: ${prefix}/include/spool/store/message_store.h was not installed")
endif()

# The consumer sees only the prefix (plus the system's own packages for Spool's dependencies): no path into the
# Spool source or build tree is passed.
set(configure_args
  -S "${SPOOL_SOURCE_DIR}/tests/install_consumer"
  -B "${consumer_build}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
if(DEFINED GENERATOR AND NOT GENERATOR STREQUAL "")
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(DEFINED CXX_COMPILER AND NOT CXX_COMPILER STREQUAL "")
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(SANITIZE)
  # A sanitized libspool_store.so needs the sanitizer runtimes in the program that loads it.
  list(APPEND configure_args
    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer"
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
endif()
run_step("configure the consumer" "${CMAKE_COMMAND}" ${configure_args})
run_step("build the consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" --config "${BUILD_TYPE}")

find_program(consumer spool_install_consumer
  PATHS "${consumer_build}" "${consumer_build}/${BUILD_TYPE}" NO_DEFAULT_PATH NO_CACHE)
if(NOT consumer)
  message(FATAL_ERROR "install test: the consumer build produced no spool_install_consumer under ${consumer_build}")
endif()

# No LD_LIBRARY_PATH: the consumer must find the installed libspool_store.so through its RPATH, as a
# downstream build would.
unset(ENV{LD_LIBRARY_PATH})
run_step("run the consumer" "${consumer}" "${store_dir}")
# The library's info log shares stdout (the default spdlog sink); the consumer's verdict is the last line.
string(STRIP "${step_output}" consumer_said)
if(NOT consumer_said MATCHES "(^|\n)OK$")
  message(FATAL_ERROR "install test: the consumer did not end with OK; it printed:\n${consumer_said}")
endif()
message(STATUS "install test: installed to ${prefix}; consumer built with find_package(Spool) and ran: OK")
