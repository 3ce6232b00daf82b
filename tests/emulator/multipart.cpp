#include <tests/emulator/multipart.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace cordgate::tests::emulator {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Value of `key=` inside a header such as `form-data; name="x"; filename="y"`.
std::optional<std::string> header_param(std::string_view header, std::string_view key) {
    const std::string lowered = lower(header);
    std::size_t pos = 0;
    while ((pos = lowered.find(lower(key), pos)) != std::string::npos) {
        const bool starts_word = pos == 0 || lowered[pos - 1] == ';' || lowered[pos - 1] == ' ';
        const std::size_t eq = pos + key.size();
        if (!starts_word || eq >= header.size() || header[eq] != '=') {
            pos = eq;
            continue;
        }
        std::string_view rest = header.substr(eq + 1);
        if (!rest.empty() && rest.front() == '"') {
            const std::size_t end = rest.find('"', 1);
            if (end == std::string_view::npos) return std::nullopt;
            return std::string(rest.substr(1, end - 1));
        }
        const std::size_t end = rest.find(';');
        return std::string(trim(rest.substr(0, end)));
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    if (lower(content_type).rfind("multipart/", 0) != 0) return std::nullopt;
    auto b = header_param(content_type, "boundary");
    if (!b || b->empty()) return std::nullopt;
    return b;
}

std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary) {
    const std::string delim = "--" + std::string(boundary);
    std::size_t pos = body.find(delim);
    if (pos == std::string_view::npos) throw std::runtime_error("multipart: no opening boundary");
    std::vector<FormPart> parts;
    for (;;) {
        pos += delim.size();
        if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
        if (body.substr(pos, 2) != "\r\n") throw std::runtime_error("multipart: bad delimiter");
        pos += 2;
        const std::size_t headers_end = body.find("\r\n\r\n", pos);
        if (headers_end == std::string_view::npos)
            throw std::runtime_error("multipart: unterminated part headers");
        FormPart part;
        std::string_view headers = body.substr(pos, headers_end - pos);
        while (!headers.empty()) {
            const std::size_t eol = headers.find("\r\n");
            std::string_view line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            const std::string name = lower(trim(line.substr(0, colon)));
            const std::string_view value = trim(line.substr(colon + 1));
            if (name == "content-disposition") {
                part.name = header_param(value, "name").value_or("");
                part.filename = header_param(value, "filename");
            } else if (name == "content-type") {
                part.content_type = std::string(value);
            }
        }
        const std::size_t data_start = headers_end + 4;
        const std::size_t next = body.find("\r\n" + delim, data_start);
        if (next == std::string_view::npos)
            throw std::runtime_error("multipart: unterminated part");
        part.data = std::string(body.substr(data_start, next - data_start));
        if (part.name.empty()) throw std::runtime_error("multipart: part without a name");
        parts.push_back(std::move(part));
        pos = next + 2;
    }
}

}  // namespace cordgate::tests::emulator
