# Login time and core memory at scale (bench/login/login_scale.py). The smoke run keeps it from
# rotting: it asserts that every contact and channel arrives, never how fast.
add_test(NAME bench_login_smoke
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/login_scale.py
                 --friends 60 --channels 6 --sessions 3 --contacts 120 --timeout 120
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(bench_login_smoke PROPERTIES
  TIMEOUT 300 LABELS "bench_smoke;live"
  ENVIRONMENT "CORDGATE_BUILD_DIR=${CMAKE_BINARY_DIR};PYTHONDONTWRITEBYTECODE=1")

# The heavy account's login at a small scale: a few guilds (one large), READY and
# READY_SUPPLEMENTAL read, every friend's presence checked against the seed, every room listed.
add_test(NAME bench_login_heavy_smoke
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/login_scale.py --only heavy
                 --heavy-guilds 6 --heavy-large 1 --heavy-large-members 400 --heavy-friends 45
                 --heavy-strangers 600 --timeout 120
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(bench_login_heavy_smoke PROPERTIES
  TIMEOUT 300 LABELS "bench_smoke;live"
  ENVIRONMENT "CORDGATE_BUILD_DIR=${CMAKE_BINARY_DIR};PYTHONDONTWRITEBYTECODE=1")
