// The one reader of cordgate.toml (config/parse.hpp), with nothing on disk: any text gives a
// configuration and a list of problems, never an exception, and every problem can be printed
// as check-config prints it, pointing into the file.

#include <config/parse.hpp>
#include <config/problem.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordgate;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    const config::Parsed parsed =
        config::parse(text, "/nonexistent/fuzz", "fuzz.toml", config::kEveryProcess);
    for (const config::Problem& problem : parsed.problems) {
        if (problem.what.empty()) fuzz::fail("a problem that says nothing", problem.key);
        if (problem.line > lines)
            fuzz::fail("a problem points past the file's end",
                       config::describe("fuzz.toml", problem));
    }
    return 0;
}
