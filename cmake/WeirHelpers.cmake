# weir_add_library / weir_add_test / weir_add_benchmark / weir_add_fuzzer.
#
# Each layer under src/weir/<layer> is one static library named weir_<layer>.
# Its sources are every *.cc under the folder except *_test.cc,
# *_benchmark.cc and *_fuzz.cc; those become the layer's test binary,
# benchmark binary and fuzz targets. New files need no CMake edits.

function(weir_apply_flags target)
  target_compile_options(${target} PRIVATE ${WEIR_WARNING_FLAGS})
  target_compile_definitions(${target} PRIVATE ${WEIR_COMMON_DEFINITIONS})
endfunction()

function(weir_layer_sources layer out_lib out_test out_bench)
  set(dir ${PROJECT_SOURCE_DIR}/src/weir/${layer})
  file(GLOB_RECURSE all CONFIGURE_DEPENDS ${dir}/*.cc)
  set(lib)
  set(tst)
  set(bench)
  foreach(f IN LISTS all)
    if(f MATCHES "_test\\.cc$")
      list(APPEND tst ${f})
    elseif(f MATCHES "_benchmark\\.cc$")
      list(APPEND bench ${f})
    elseif(f MATCHES "_fuzz\\.cc$" OR f MATCHES "/main\\.cc$")
      # fuzz targets are built by test/fuzz; main.cc by the binary's target
    else()
      list(APPEND lib ${f})
    endif()
  endforeach()
  set(${out_lib} ${lib} PARENT_SCOPE)
  set(${out_test} ${tst} PARENT_SCOPE)
  set(${out_bench} ${bench} PARENT_SCOPE)
endfunction()

# weir_add_library(<layer> [LAYERS lower layers...] [LIBS third-party...])
function(weir_add_library layer)
  cmake_parse_arguments(ARG "" "" "LAYERS;LIBS" ${ARGN})
  weir_layer_sources(${layer} lib tst bench)
  set(target weir_${layer})
  if(lib)
    add_library(${target} STATIC ${lib})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src
                                                ${PROJECT_BINARY_DIR}/src)
    weir_apply_flags(${target})
    foreach(l IN LISTS ARG_LAYERS)
      target_link_libraries(${target} PUBLIC weir_${l})
    endforeach()
    target_link_libraries(${target} PUBLIC ${ARG_LIBS})
  else()
    # A layer without code yet: an interface target keeps the graph intact.
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    foreach(l IN LISTS ARG_LAYERS)
      target_link_libraries(${target} INTERFACE weir_${l})
    endforeach()
  endif()
  set_property(GLOBAL APPEND PROPERTY WEIR_LAYERS ${layer})
  set_property(GLOBAL PROPERTY WEIR_LAYER_TESTS_${layer} "${tst}")
  set_property(GLOBAL PROPERTY WEIR_LAYER_BENCH_${layer} "${bench}")
  set_property(GLOBAL PROPERTY WEIR_LAYER_LIBS_${layer} "${ARG_LIBS}")
endfunction()

# weir_add_test(<name> SOURCES ... DEPS ...): a GoogleTest binary registered with CTest.
function(weir_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_SOURCES)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  weir_apply_flags(${name})
  target_compile_definitions(${name} PRIVATE
      WEIR_SOURCE_DIR="${PROJECT_SOURCE_DIR}" WEIR_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "WEIR_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# weir_add_benchmark(<name> SOURCES ... DEPS ...): a Google Benchmark program run by `make bench`.
function(weir_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_SOURCES)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  weir_apply_flags(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
  set_property(GLOBAL APPEND PROPERTY WEIR_BENCHMARKS ${name})
endfunction()

# weir_add_fuzzer(<name> SOURCES ... DEPS ...): a libFuzzer target (WEIR_FUZZ builds only).
function(weir_add_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  weir_apply_flags(${name})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()
