#pragma once
// Loads the emulator's starting world from a JSON seed (format in README.md). Errors name the
// offending field (`guilds[0].channels[1].id: ...`) so a broken seed is quick to fix.

#include <tests/emulator/world.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

class SeedError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Fills `world` (which should be empty). Throws SeedError.
void load_seed(World& world, std::string_view json);
void load_seed_file(World& world, const std::string& path);

}  // namespace cordgate::tests::emulator
