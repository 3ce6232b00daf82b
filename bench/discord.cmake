# Discord adapter translation throughput: gateway frames (JSON text) into encoded core events,
# as the adapter does per dispatch. Pure code, no socket. Included from bench/CMakeLists.txt.
add_executable(bench_discord_translate ${CMAKE_CURRENT_LIST_DIR}/bench_discord_translate.cpp)
target_link_libraries(bench_discord_translate PRIVATE cordgate_discord_logic benchmark::benchmark_main)

# REST effects/s through the real cordgate-discord against the emulator, over the real bus
# (the live tests' stand-in core). A harness program, not Google Benchmark: one run is seconds.
add_executable(bench_discord_rest ${CMAKE_CURRENT_LIST_DIR}/bench_discord_rest.cpp
  ${CMAKE_SOURCE_DIR}/tests/discord/live_harness.cpp)
target_link_libraries(bench_discord_rest PRIVATE cordgate_runtime cordgate_common)
target_compile_definitions(bench_discord_rest PRIVATE
  CORDGATE_EMULATOR="$<TARGET_FILE:discord-emulator>"
  CORDGATE_ADAPTER="$<TARGET_FILE:cordgate-discord>"
  CORDGATE_SEED="${CMAKE_SOURCE_DIR}/tests/emulator/seeds/basic.json")
add_dependencies(bench_discord_rest discord-emulator cordgate-discord)
