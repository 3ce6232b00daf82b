#pragma once
// Captures: JSON Lines, one event envelope a line, exactly the bytes the log holds. Line n is
// the event at log position first_position + n - 1. Blank lines and lines starting with '#'
// are comments, so a hand-made capture can explain itself.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cordgate::replay {

class CaptureError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct CapturedEvent {
    std::size_t line = 0;  // in the file, for error messages
    core::Event event;
};

// Throws CaptureError naming the file, the line and what is wrong with it.
std::vector<CapturedEvent> read_capture(std::istream& in, const std::string& name);

// Expected effects: one effect envelope a line (comments as above), kept as canonical text.
std::vector<std::string> read_effect_lines(std::istream& in, const std::string& name);

}  // namespace cordgate::replay
