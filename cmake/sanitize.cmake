# The clang sanitizer tree (./run test-asan, ./run fuzz): AddressSanitizer and
# UndefinedBehaviorSanitizer on every target, and with CORDGATE_FUZZ the coverage libFuzzer reads
# (fuzzer-no-link) on every library, so tests/fuzz can link libFuzzer's main into its targets.
# The gcc build sets neither option and is built as before.
option(CORDGATE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer (clang)" OFF)
option(CORDGATE_FUZZ "Build the libFuzzer targets of tests/fuzz (clang)" OFF)

if(CORDGATE_SANITIZE OR CORDGATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CORDGATE_SANITIZE and CORDGATE_FUZZ need clang++ (CMAKE_CXX_COMPILER)")
  endif()
endif()

if(CORDGATE_SANITIZE)
  # -O1 keeps stacks readable and the tests fast enough; an undefined behaviour stops the
  # process as an ASan error does, so no test passes over one.
  set(cordgate_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined)
  add_compile_options(-O1 -g -fno-omit-frame-pointer ${cordgate_sanitizers})
  add_link_options(${cordgate_sanitizers})
endif()

if(CORDGATE_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
