#include <replay/capture.hpp>

namespace cordgate::replay {
namespace {

bool is_comment(const std::string& line) {
    return line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

std::vector<CapturedEvent> read_capture(std::istream& in, const std::string& name) {
    std::vector<CapturedEvent> events;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (is_comment(line)) continue;
        try {
            events.push_back(CapturedEvent{n, core::decode_event(line)});
        } catch (const core::CodecError& e) {
            throw CaptureError(name + ":" + std::to_string(n) + ": " + e.what());
        }
    }
    return events;
}

std::vector<std::string> read_effect_lines(std::istream& in, const std::string& name) {
    std::vector<std::string> effects;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (is_comment(line)) continue;
        try {
            // Re-encoding makes the comparison canonical even for a hand-edited file.
            effects.push_back(core::encode_effect(core::decode_effect(line)));
        } catch (const core::CodecError& e) {
            throw CaptureError(name + ":" + std::to_string(n) + ": " + e.what());
        }
    }
    return effects;
}

}  // namespace cordgate::replay
