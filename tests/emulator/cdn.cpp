#include <tests/emulator/cdn.hpp>

#include <tests/emulator/snowflake.hpp>

#include <array>

namespace cordgate::tests::emulator {
namespace {

// CRC-32 (ISO-HDLC, as PNG chunks carry it).
std::uint32_t crc32(std::string_view bytes) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void put_u32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

// One PNG chunk: length, type, data, CRC of type and data.
std::string chunk(std::string_view type, std::string_view data) {
    std::string body(type);
    body += data;
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    out += body;
    put_u32(out, crc32(body));
    return out;
}

HttpResponse text(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain");
    r.body = std::move(body);
    return r;
}

HttpResponse attachment(World& world, const HttpRequest& req, std::uint64_t clock_ms) {
    HttpResponse gone = text(404, "This content is no longer available.");
    if (req.method != "GET" && req.method != "HEAD") return text(405, "Method Not Allowed");
    const auto path = parse_attachment_path(percent_decode(req.path));
    if (!path) return text(404, "404: Not Found");
    const StoredFile* file = world.files.find(path->attachment_id);
    if (!file || file->channel_id != path->channel_id) return text(404, "404: Not Found");
    switch (check_signature(*path, req.query_string, world.files.now_s(clock_ms))) {
        case Signature::valid:
            break;
        case Signature::expired:
        case Signature::missing:
        case Signature::forged:
            return gone;
    }
    HttpResponse r;
    r.status = 200;
    r.headers.emplace_back("Content-Type", file->content_type.empty() ? "application/octet-stream"
                                                                      : file->content_type);
    StreamedBody body;
    body.size = file->size;
    if (file->data) {
        body.fill = [data = file->data](std::uint64_t offset, char* out, std::size_t n) {
            data->copy(out, n, offset);
        };
    } else {
        body.fill = [id = path->attachment_id](std::uint64_t offset, char* out, std::size_t n) {
            fill_attachment(id, offset, out, n);
        };
    }
    r.streamed = std::move(body);
    return r;
}

HttpResponse upload(World& world, const HttpRequest& req) {
    if (req.method != "PUT") return text(405, "Method Not Allowed");
    const std::string name = percent_decode(req.path.substr(std::string_view("/_upload/").size()));
    switch (world.files.put(name, req.body)) {
        case PutResult::stored:
            return text(200, "");
        case PutResult::unknown:
            return text(404, "No such upload.");
        case PutResult::wrong_size:
            return text(400, "The body's length is not the announced file_size.");
    }
    return text(500, "");
}

HttpResponse image(std::string type, std::string bytes) {
    HttpResponse r;
    r.status = 200;
    r.headers.emplace_back("Content-Type", std::move(type));
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000");
    r.body = std::move(bytes);
    return r;
}

// /stickers/{id}.png|.gif (any sticker: the emulator keeps no sticker list) and /external/...
// (the media proxy's copy of an embed's external image: images-ext-N.discordapp.net).
std::optional<HttpResponse> sticker_or_external(const HttpRequest& req) {
    const std::string_view path = req.path;
    const bool read = req.method == "GET" || req.method == "HEAD";
    constexpr std::string_view kSticker = "/stickers/";
    constexpr std::string_view kExternal = "/external/";
    if (path.substr(0, kExternal.size()) == kExternal) {
        if (!read) return text(405, "Method Not Allowed");
        return image("image/png", labelled_png("external " + std::string(path)));
    }
    if (path.substr(0, kSticker.size()) != kSticker) return std::nullopt;
    if (!read) return text(405, "Method Not Allowed");
    const std::string_view file = path.substr(kSticker.size());
    const std::size_t dot = file.rfind('.');
    const auto id =
        dot == std::string_view::npos ? std::nullopt : parse_snowflake(file.substr(0, dot));
    if (!id) return text(404, "404: Not Found");
    const std::string_view ext = file.substr(dot + 1);
    const std::string label = "sticker " + std::to_string(*id);
    if (ext == "png") return image("image/png", labelled_png(label));
    if (ext == "gif") return image("image/gif", labelled_gif(label));
    return text(404, "404: Not Found");
}

}  // namespace

std::string labelled_png(std::string_view label) {
    // A valid 1x1 transparent PNG: signature, IHDR, then a tEXt chunk that makes the bytes the
    // label's own, then IDAT and IEND.
    static constexpr unsigned char kHead[] = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00,
                                              0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
                                              0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00,
                                              0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89};
    static constexpr unsigned char kTail[] = {0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
                                              0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01,
                                              0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
                                              0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    std::string png(reinterpret_cast<const char*>(kHead), sizeof kHead);
    std::string text = "Comment";
    text += '\0';
    text += label;
    png += chunk("tEXt", text);
    png.append(reinterpret_cast<const char*>(kTail), sizeof kTail);
    return png;
}

std::string avatar_png(std::uint64_t user_id, std::string_view hash) {
    return labelled_png("avatar " + std::to_string(user_id) + "/" + std::string(hash));
}

std::string labelled_gif(std::string_view label) {
    // A valid 1x1 GIF89a: header, screen, a two-colour table, a comment extension that makes
    // the bytes the label's own (in sub-blocks of at most 255), the image, the trailer.
    static constexpr unsigned char kHead[] = {'G',  'I',  'F',  '8',  '9',  'a',  0x01,
                                              0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00,
                                              0x00, 0x00, 0xFF, 0xFF, 0xFF};
    static constexpr unsigned char kImage[] = {0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
                                               0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
    std::string gif(reinterpret_cast<const char*>(kHead), sizeof kHead);
    gif += '\x21';
    gif += '\xFE';
    for (std::size_t at = 0; at < label.size(); at += 255) {
        const std::string_view part = label.substr(at, 255);
        gif += static_cast<char>(part.size());
        gif += part;
    }
    gif += '\0';
    gif.append(reinterpret_cast<const char*>(kImage), sizeof kImage);
    return gif;
}

void CdnLog::add(std::uint64_t t_ms, const HttpRequest& req, int status) {
    entries_.push_back(CdnRequest{++seq_, t_ms, req.path, req.query_string, status});
    if (entries_.size() > 10000) entries_.pop_front();
}

std::optional<HttpResponse> cdn_route(World& world, const HttpRequest& req, CdnLog* log,
                                      std::uint64_t now_ms) {
    const std::uint64_t clock_ms = world.ids.now_ms();
    if (req.path.rfind("/attachments/", 0) == 0) {
        HttpResponse r = attachment(world, req, clock_ms);
        if (log) log->add(now_ms, req, r.status);
        return r;
    }
    if (req.path.rfind("/_upload/", 0) == 0) return upload(world, req);
    if (req.path == "/_redirect") {
        // A test aid, not Discord: a server that sends its client elsewhere (what a file
        // fetcher must not follow).
        HttpResponse r = text(302, "");
        auto to = req.query.find("to");
        r.headers.emplace_back("Location", to == req.query.end() ? "/" : to->second);
        return r;
    }
    if (auto r = sticker_or_external(req)) {
        if (log) log->add(now_ms, req, r->status);
        return r;
    }
    constexpr std::string_view kPrefix = "/avatars/";
    std::string_view path = req.path;
    if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    path.remove_prefix(kPrefix.size());
    HttpResponse r;
    r.status = 404;
    r.headers.emplace_back("Content-Type", "text/plain");
    r.body = "404: Not Found";
    const std::size_t slash = path.find('/');
    const std::size_t dot = path.rfind('.');
    if ((req.method == "GET" || req.method == "HEAD") && slash != std::string_view::npos &&
        dot != std::string_view::npos && dot > slash) {
        const auto user_id = parse_snowflake(path.substr(0, slash));
        const std::string_view hash = path.substr(slash + 1, dot - slash - 1);
        const std::string_view ext = path.substr(dot + 1);
        const bool image =
            ext == "png" || ext == "webp" || ext == "jpg" || ext == "jpeg" || ext == "gif";
        auto it = user_id ? world.users.find(*user_id) : world.users.end();
        if (image && it != world.users.end() && !it->second.avatar.empty() &&
            it->second.avatar == hash) {
            r.status = 200;
            r.headers.clear();
            const User& u = it->second;
            // An uploaded image is served as it came, whatever extension is asked (Discord
            // converts; the emulator does not).
            r.headers.emplace_back("Content-Type", u.avatar_image.empty() ? std::string("image/png")
                                                                          : u.avatar_image_type);
            r.headers.emplace_back("Cache-Control", "public, max-age=31536000");
            r.body = u.avatar_image.empty() ? avatar_png(*user_id, hash) : u.avatar_image;
        }
    }
    if (log) log->add(now_ms, req, r.status);
    return r;
}

}  // namespace cordgate::tests::emulator
