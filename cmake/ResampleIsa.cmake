# One kernel source, compiled once per x86-64 micro-architecture level.
#
# The kernel sources (RESAMPLE_ISA_SOURCES: one per operator family, plus
# instantiate.cpp, which assembles the level's table) are built as one object
# library per level with -DRESAMPLE_ISA=<level> and that level's -march.
# Everything they define lives in namespace resample::isa_<level>; each level
# exports one kernel table, and dispatch.cpp picks the table at run time. The baseline object is listed first so that, if
# the linker ever has to choose between two copies of an inline function, the
# one it keeps runs on every CPU (the pitfall ATen documents).
include(CheckCXXCompilerFlag)

set(RESAMPLE_ISA_SOURCES
  ${PROJECT_SOURCE_DIR}/csrc/dispatch/instantiate.cpp
  ${PROJECT_SOURCE_DIR}/csrc/dispatch/pool_kernels.cpp
  ${PROJECT_SOURCE_DIR}/csrc/dispatch/interp_kernels.cpp
  ${PROJECT_SOURCE_DIR}/csrc/dispatch/deconv_kernels.cpp
  ${PROJECT_SOURCE_DIR}/csrc/dispatch/unpool_kernels.cpp)

# Transposed convolution is a long sum of products: there fused multiply-add
# (twice the arithmetic rate) is worth more than results bit-identical to the
# baseline's, so its kernels let GCC contract a*b + c into FMA, overriding the
# project-wide -ffp-contract=off (source options come after target options).
# Its tests use a tolerance instead.
set_source_files_properties(${PROJECT_SOURCE_DIR}/csrc/dispatch/deconv_kernels.cpp
  PROPERTIES COMPILE_OPTIONS "$<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-ffp-contract=fast>")

function(resample_isa_levels out_var)
  set(levels baseline)
  if(RESAMPLE_DISPATCH AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    check_cxx_compiler_flag("-march=x86-64-v3" RESAMPLE_HAS_V3)
    check_cxx_compiler_flag("-march=x86-64-v4" RESAMPLE_HAS_V4)
    if(RESAMPLE_HAS_V3)
      list(APPEND levels avx2)
    endif()
    if(RESAMPLE_HAS_V4)
      list(APPEND levels avx512)
    endif()
  endif()
  set(${out_var} ${levels} PARENT_SCOPE)
endfunction()

function(resample_add_isa target isa)
  set(obj resample_isa_${isa})
  add_library(${obj} OBJECT ${RESAMPLE_ISA_SOURCES})
  target_link_libraries(${obj} PRIVATE resample_flags)
  target_compile_definitions(${obj} PRIVATE RESAMPLE_ISA=${isa})
  if(isa STREQUAL "baseline")
    target_compile_definitions(${obj} PRIVATE RESAMPLE_IS_BASELINE=1)
  endif()
  if(isa STREQUAL "avx2")
    target_compile_options(${obj} PRIVATE -march=x86-64-v3)
  elseif(isa STREQUAL "avx512")
    # GCC's generic tuning keeps 256-bit vectors even on x86-64-v4; ask for 512.
    # Masked epilogues (partial vectors) replace the scalar loop tails.
    target_compile_options(${obj} PRIVATE -march=x86-64-v4 -mprefer-vector-width=512
      $<$<CXX_COMPILER_ID:GNU>:--param=vect-partial-vector-usage=2>)
  endif()
  target_sources(${target} PRIVATE $<TARGET_OBJECTS:${obj}>)
  string(TOUPPER ${isa} upper)
  target_compile_definitions(${target} PUBLIC RESAMPLE_HAVE_ISA_${upper}=1)
endfunction()
