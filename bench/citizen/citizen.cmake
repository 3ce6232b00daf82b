# The good-citizen benchmark (bench/citizen/citizen.py): a user token's paced flow and a
# Cloudflare ban. The smoke run in ctest asserts counts (429s, invalid requests, messages lost,
# requests while banned), never times.
add_test(NAME bench_citizen_smoke
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/citizen.py --smoke
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(bench_citizen_smoke PROPERTIES
  TIMEOUT 300 LABELS "bench_smoke;live"
  ENVIRONMENT "CORDGATE_BUILD_DIR=${CMAKE_BINARY_DIR};PYTHONDONTWRITEBYTECODE=1")
