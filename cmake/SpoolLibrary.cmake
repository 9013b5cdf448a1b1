# spool_add_library(<name> [PUBLIC libs...] [PRIVATE libs...] [TEST_LIBS libs...] [TEST_DEFINITIONS defs...])
#
# The shape every library under libremoting/ shares: sources are globbed from src/ (*_test.cc files are unit tests,
# everything else is the library), public headers live in include/, the library is shared and installed as
# spool::<name>, and its unit tests become <name>_unit_tests, registered with CTest as "<name>.*" under the label
# unit. Tests include the library's private headers: a shared library exports every symbol, so internals are
# tested directly.
function(spool_add_library name)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE;TEST_LIBS;TEST_DEFINITIONS" ${ARGN})
  set(_target spool_${name})

  file(GLOB_RECURSE _all CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cc)
  set(_srcs)
  set(_tests)
  foreach(f IN LISTS _all)
    if(f MATCHES "_test\\.cc$")
      list(APPEND _tests ${f})
    else()
      list(APPEND _srcs ${f})
    endif()
  endforeach()

  add_library(${_target} SHARED ${_srcs})
  add_library(spool::${name} ALIAS ${_target})
  set_target_properties(${_target} PROPERTIES OUTPUT_NAME ${_target} EXPORT_NAME ${name}
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  target_include_directories(${_target}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${_target} PUBLIC ${ARG_PUBLIC} PRIVATE spool_status_macros ${ARG_PRIVATE})

  install(TARGETS ${_target} EXPORT SpoolTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY include/spool DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

  if(SPOOL_BUILD_TESTS AND _tests)
    add_executable(${name}_unit_tests ${_tests} ${CMAKE_SOURCE_DIR}/tests/support/catch_main.cc)
    target_include_directories(${name}_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src
      ${CMAKE_SOURCE_DIR}/tests/support)
    target_link_libraries(${name}_unit_tests PRIVATE ${_target} spool_status_macros ${ARG_TEST_LIBS} Catch2::Catch2)
    target_compile_definitions(${name}_unit_tests PRIVATE ${ARG_TEST_DEFINITIONS})
    catch_discover_tests(${name}_unit_tests TEST_PREFIX "${name}." PROPERTIES LABELS unit)
  endif()
endfunction()
