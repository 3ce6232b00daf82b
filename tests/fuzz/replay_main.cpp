// The fuzz targets without libFuzzer: feeds every file of the folders (or files) named on the
// command line to LLVMFuzzerTestOneInput, so the seeds and the inputs that once crashed a target
// are replayed by ctest in any build, gcc's included. A broken property aborts, as under
// libFuzzer; a folder that does not exist holds no inputs yet.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& where) {
    std::vector<std::filesystem::path> out;
    if (std::filesystem::is_regular_file(where)) {
        out.push_back(where);
    } else if (std::filesystem::is_directory(where)) {
        for (const auto& entry : std::filesystem::directory_iterator(where)) {
            if (entry.is_regular_file()) out.push_back(entry.path());
        }
        std::sort(out.begin(), out.end());  // the same order on every run
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t fed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto& path : inputs_of(argv[i])) {
            std::ifstream in(path, std::ios::binary);
            const std::string bytes{std::istreambuf_iterator<char>(in), {}};
            if (!in.good() && !in.eof()) {
                std::fprintf(stderr, "cannot read %s\n", path.c_str());
                return 1;
            }
            std::fprintf(stderr, "%s\n", path.c_str());  // the last one named is the culprit
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                   bytes.size());
            ++fed;
        }
    }
    std::printf("%zu inputs replayed\n", fed);
    // A target with no seeds tests nothing: that is a mistake in the tree, not a pass.
    return fed > 0 ? 0 : 1;
}
