#include <config/problem.hpp>

namespace cordgate::config {
namespace {

std::string describe_all(const std::string& source, const std::vector<Problem>& problems) {
    std::string text;
    for (const Problem& p : problems) {
        if (!text.empty()) text += '\n';
        text += describe(source, p);
    }
    return text;
}

}  // namespace

std::string describe(const std::string& source, const Problem& problem) {
    std::string text = source;
    if (problem.line > 0) {
        text += ':' + std::to_string(problem.line) + ':' + std::to_string(problem.column);
    }
    text += ": ";
    if (!problem.key.empty()) text += problem.key + ": ";
    return text + problem.what;
}

ConfigError::ConfigError(std::string source, std::vector<Problem> problems)
    : std::runtime_error(describe_all(source, problems)),
      source_(std::move(source)),
      problems_(std::move(problems)) {}

}  // namespace cordgate::config
