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
  # process as an ASan error does, so no test passes over one. pointer-overflow alone is
  # recoverable: RapidJSON 1.1.0 adds to its null stack pointer on a document's first push
  # (internal/stack.h), and UBSan's suppressions (tests/sanitize/ubsan.supp) only apply to
  # recoverable checks; with UBSAN_OPTIONS=halt_on_error=1 (./run sets it) it stops too.
  set(cordgate_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fsanitize-recover=pointer-overflow)
  add_compile_options(-O1 -g -fno-omit-frame-pointer ${cordgate_sanitizers}
    -fsanitize-ignorelist=${CMAKE_SOURCE_DIR}/tests/sanitize/asan.ignorelist)
  add_link_options(${cordgate_sanitizers})
  # RapidJSON 1.1.0's member iterators compare ambiguously under C++20's reversed operators.
  add_compile_options(-Wno-ambiguous-reversed-operator)
endif()

if(CORDGATE_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
