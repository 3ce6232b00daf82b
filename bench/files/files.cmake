# Re-hosting files (bench/files/files_bench.py): the Discord adapter's streaming copy from the
# emulator's CDN to prosody's XEP-0363 upload slots. The smoke run asserts that every file
# arrived with its hash and that the copier's memory did not grow by two files' size, never
# times.
add_executable(bench_transfer ${CMAKE_CURRENT_LIST_DIR}/transfer_bench.cpp)
target_link_libraries(bench_transfer PRIVATE cordgate_discord)
add_test(NAME bench_files_smoke
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/files_bench.py --smoke
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(bench_files_smoke PROPERTIES
  TIMEOUT 300 LABELS "bench_smoke;live"
  ENVIRONMENT "CORDGATE_BUILD_DIR=${CMAKE_BINARY_DIR};PYTHONDONTWRITEBYTECODE=1")

# The same through the whole stack (core, both adapters, prosody): files_e2e.py. The smoke run
# asserts every file arrived on the upload host with its hash and in order, and the Discord
# adapter's memory did not grow by two files' size.
add_test(NAME bench_files_e2e_smoke
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/files_e2e.py --smoke
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(bench_files_e2e_smoke PROPERTIES
  TIMEOUT 300 LABELS "bench_smoke;live"
  ENVIRONMENT "CORDGATE_BUILD_DIR=${CMAKE_BINARY_DIR};PYTHONDONTWRITEBYTECODE=1")
