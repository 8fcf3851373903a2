# Compiler launcher (ccache), linker (mold) and warning flags for Weir's own code.
find_program(WEIR_CCACHE ccache)
if(WEIR_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER ${WEIR_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${WEIR_CCACHE})
endif()

find_program(WEIR_MOLD mold)
if(WEIR_MOLD)
  add_link_options(-fuse-ld=mold)
endif()

# Keep debug info small: it dominates link time on 2 cores.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g1")
set(CMAKE_CXX_FLAGS_RELEASE "-O3 -DNDEBUG")

if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(WEIR_DCHECK ON)
endif()

# Flags applied to targets built from our sources (not to dependencies).
set(WEIR_WARNING_FLAGS -Wall -Wextra -Werror -Wno-unused-parameter
    -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
  # GCC 12 reports false -Wrestrict overlaps inside std::string concatenation at -O3
  # (GCC bug 105329); the warning would fail Release builds of correct code.
  list(APPEND WEIR_WARNING_FLAGS -Wno-restrict)
endif()
set(WEIR_COMMON_DEFINITIONS)
if(WEIR_DCHECK)
  list(APPEND WEIR_COMMON_DEFINITIONS WEIR_DCHECK_ENABLED=1)
endif()

set(WEIR_SANITIZE_FLAGS)
if(WEIR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "WEIR_FUZZ needs clang (configure with CXX=clang++-14)")
  endif()
  set(WEIR_SANITIZE_FLAGS -fsanitize=fuzzer-no-link,address,undefined
      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${WEIR_SANITIZE_FLAGS})
  add_link_options(-fsanitize=address,undefined)
endif()
