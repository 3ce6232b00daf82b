# XMPP adapter translation throughput (stanzas/s into events, effects/s into stanza text).
# Kept in its own file, included from bench/CMakeLists.txt, so it merges without conflicts.
add_executable(bench_xmpp_translate ${CMAKE_CURRENT_LIST_DIR}/bench_xmpp_translate.cpp)
target_link_libraries(bench_xmpp_translate PRIVATE cordgate_xmpp benchmark::benchmark_main)
