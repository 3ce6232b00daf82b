# Discord adapter translation throughput: gateway frames (JSON text) into encoded core events,
# as the adapter does per dispatch. Pure code, no socket. Included from bench/CMakeLists.txt.
add_executable(bench_discord_translate ${CMAKE_CURRENT_LIST_DIR}/bench_discord_translate.cpp)
target_link_libraries(bench_discord_translate PRIVATE cordgate_discord_logic benchmark::benchmark_main)
