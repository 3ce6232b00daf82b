#pragma once
// What is wrong with a configuration file, one problem per key, and the error that carries all
// of them: check-config prints every problem, a daemon refuses to start on the same list.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cordgate::config {

struct Problem {
    std::string key;         // dotted, "xmpp.port"; empty for the file as a whole
    std::uint32_t line = 0;  // 1-based; 0 when the key is not in the file (a missing key)
    std::uint32_t column = 0;
    std::string what;
};

// "FILE:LINE:COLUMN: KEY: WHAT", without the position when there is none.
std::string describe(const std::string& source, const Problem& problem);

class ConfigError : public std::runtime_error {
  public:
    ConfigError(std::string source, std::vector<Problem> problems);
    const std::string& source() const { return source_; }
    const std::vector<Problem>& problems() const { return problems_; }

  private:
    std::string source_;
    std::vector<Problem> problems_;
};

}  // namespace cordgate::config
