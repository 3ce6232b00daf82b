-- cordgate's own throw-away prosody for integration tests (prosody 0.12, prosody-modules).
-- Everything lives under XMPP_RIG; nothing in /etc/prosody is read. Loopback only, ports from
-- the environment, so several rigs (one per test) can run side by side.
local RIG = os.getenv("XMPP_RIG") or error("set XMPP_RIG to the rig's state folder")
local DOMAIN = os.getenv("XMPP_DOMAIN") or "localhost"
local GATEWAY = os.getenv("XMPP_GATEWAY") or ("discord." .. DOMAIN)

data_path = RIG .. "/data"
pidfile   = RIG .. "/run/prosody.pid"
log = {
    { levels = { min = os.getenv("PROSODY_LOGLEVEL") or "info" },
      to = os.getenv("PROSODY_LOG_CONSOLE") and "console" or "file",
      filename = RIG .. "/run/prosody.log" };
}

interfaces           = { "127.0.0.1" }
local_interfaces     = { "127.0.0.1" }
c2s_ports            = { tonumber(os.getenv("XMPP_C2S_PORT") or error("set XMPP_C2S_PORT")) }
c2s_interfaces       = { "127.0.0.1" }
component_ports      = { tonumber(os.getenv("XMPP_COMPONENT_PORT") or error("set XMPP_COMPONENT_PORT")) }
component_interfaces = { "127.0.0.1" }
s2s_ports            = { }
c2s_direct_tls_ports = { }
s2s_direct_tls_ports = { }

-- Plain TCP on loopback: mod_tls is disabled below, so STARTTLS is never offered.
c2s_require_encryption       = false
s2s_require_encryption       = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage        = "internal"

-- The hostile-input tests send a 10 MB body through the server on purpose: the gateway, not
-- prosody's default 256 KiB cap, must be the one that refuses it.
c2s_stanza_size_limit = 16 * 1024 * 1024

local modules = {
    "roster"; "saslauth"; "disco"; "ping"; "presence"; "message"; "iq";
    "carbons"; "register"; "privilege"; "pep";
    -- vcard-temp (XEP-0054) for the users: the gateway reads the user's own photo from it.
    "vcard";
}
-- offline storage disabled: a message to an offline user bounces, which tests can observe.
-- XMPP_RIG_OFFLINE=1 enables it, as a production server has it (the full-stack tests and demo).
if os.getenv("XMPP_RIG_OFFLINE") == "1" then
    modules[#modules + 1] = "offline"
    modules_disabled = { "s2s"; "tls" }
else
    modules_disabled = { "s2s"; "offline"; "tls" }
end
modules_enabled = modules
allow_registration = true
-- Without TCP_NODELAY back-to-back stanzas stall ~40 ms each (Nagle + delayed ACK).
network_settings = { nagle = false }

-- HTTP for XEP-0363 uploads (mod_http_file_share on upload.DOMAIN, below). Plain HTTP on
-- loopback; without XMPP_HTTP_PORT the rig has no upload service.
local HTTP_PORT = tonumber(os.getenv("XMPP_HTTP_PORT") or "0")
http_ports = HTTP_PORT > 0 and { HTTP_PORT } or { }
http_interfaces = { "127.0.0.1" }
https_ports = { }
-- Clients reach the files at 127.0.0.1: *.localhost does not resolve everywhere.
http_external_url = HTTP_PORT > 0 and ("http://127.0.0.1:" .. HTTP_PORT .. "/") or nil
http_default_host = "upload." .. DOMAIN  -- requests name 127.0.0.1, not upload.DOMAIN

VirtualHost(DOMAIN)
    -- XEP-0356 grants are evaluated per user host, so they live under the VirtualHost.
    -- The IQ permission lets the gateway publish bookmarks to users' PEP (XEP-0402);
    -- XMPP_RIG_NO_IQ_PRIVILEGE=1 withholds it, as a server configured without it would.
    privileged_entities = {
        [GATEWAY] = {
            roster   = "both";
            message  = "outgoing";
            presence = "roster";
            iq       = os.getenv("XMPP_RIG_NO_IQ_PRIVILEGE") ~= "1"
                       and { ["http://jabber.org/protocol/pubsub"] = "set" } or nil;
        };
    }

Component(GATEWAY)
    component_secret = os.getenv("XMPP_COMPONENT_SECRET") or "s3cr3t"
    -- Components do not inherit the global modules_enabled: without this line there is no
    -- <privilege/> advertisement and every privileged stanza is answered <forbidden/>.
    modules_enabled = { "privilege" }

if HTTP_PORT > 0 then
    -- XEP-0363 for the users, and for the gateway: it asks for slots as the component to
    -- re-host Discord's expiring attachment URLs.
    -- Component(name) returns the function that takes the module: two arguments would drop it.
    Component("upload." .. DOMAIN)("http_file_share")
        -- A non-empty list replaces "users of local hosts": name both.
        http_file_share_access = { DOMAIN, GATEWAY }
        http_file_share_size_limit = 64 * 1024 * 1024
        http_file_share_daily_quota = 1024 * 1024 * 1024
end
