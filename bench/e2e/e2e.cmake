# End-to-end benchmark (bench/e2e/README.md): the libstrophe client that receives and sends the
# flood, and the smoke run registered in ctest (label bench_smoke: asserts counts, never times).
add_executable(xmpp_counter ${CMAKE_CURRENT_LIST_DIR}/xmpp_counter.cpp)
target_link_libraries(xmpp_counter PRIVATE PkgConfig::STROPHE)

add_test(NAME bench_e2e_smoke
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/e2e.py --smoke
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(bench_e2e_smoke PROPERTIES
  TIMEOUT 600 LABELS "bench_smoke;live"
  ENVIRONMENT "CORDGATE_BUILD_DIR=${CMAKE_BINARY_DIR};PYTHONDONTWRITEBYTECODE=1")
