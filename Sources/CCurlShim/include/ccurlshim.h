#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <stddef.h>

/// How to use TLS on a plain smtp:// connection (smtps:// is always TLS).
typedef enum {
    CCURL_TLS_NONE = 0,      // never STARTTLS
    CCURL_TLS_TRY = 1,       // STARTTLS when the server offers it
    CCURL_TLS_REQUIRED = 2,  // fail unless STARTTLS succeeds
} ccurl_tls_mode;

/// The outcome of one SMTP transaction.
typedef struct {
    int curl_code;        // CURLcode; 0 = the server accepted the message
    long response_code;   // the last SMTP reply code (e.g. 250, 550), 0 when none
    char error[256];      // curl's error text, empty on success
} ccurl_result;

/// Sends one message (RFC 5322 text with CRLF line endings) through the SMTP server at
/// `url` (smtp://host:port or smtps://host:port). `username`/`password` may be NULL for
/// no login. `ca_file` (may be NULL) replaces the system's CA certificates, for a relay
/// with a private CA. libcurl does the SMTP dialogue, STARTTLS, AUTH and dot-stuffing.
ccurl_result ccurl_smtp_send(const char *url, const char *username, const char *password,
                             ccurl_tls_mode tls, const char *ca_file, const char *mail_from,
                             const char *const *recipients, size_t recipient_count,
                             const char *message, size_t message_length,
                             long connect_timeout_seconds, long timeout_seconds, int verbose);

/// Whether a curl code means "the server could not be reached" (try again later).
int ccurl_is_unreachable(int curl_code);

/// Whether a curl code is a TLS-related failure.
int ccurl_is_tls_error(int curl_code);

#endif
