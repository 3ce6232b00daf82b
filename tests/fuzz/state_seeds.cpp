// Seeds for the snapshot decoder: the state each capture named on the command line folds to,
// written as a snapshot, one a line (make_seeds.py runs it over the replay corpus).

#include <core/state.hpp>
#include <replay/capture.hpp>
#include <replay/runner.hpp>

#include <cstdio>
#include <fstream>

int main(int argc, char** argv) {
    using namespace cordgate;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i]);
        try {
            const auto result = replay::replay(replay::read_capture(in, argv[i]));
            std::printf("%s\n", core::encode_state(result.state).c_str());
        } catch (const replay::CaptureError& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 1;
        }
    }
    return 0;
}
