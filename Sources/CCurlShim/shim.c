// A non-variadic wrapper around libcurl's SMTP support: Swift cannot call the variadic
// curl_easy_setopt directly.
#include "ccurlshim.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

typedef struct {
    const char *data;
    size_t length;
    size_t offset;
} upload_state;

static size_t read_message(char *buffer, size_t size, size_t count, void *userdata) {
    upload_state *state = (upload_state *)userdata;
    size_t room = size * count;
    size_t left = state->length - state->offset;
    size_t n = left < room ? left : room;
    memcpy(buffer, state->data + state->offset, n);
    state->offset += n;
    return n;
}

static pthread_once_t global_init_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

ccurl_result ccurl_smtp_send(const char *url, const char *username, const char *password,
                             ccurl_tls_mode tls, const char *ca_file, const char *mail_from,
                             const char *const *recipients, size_t recipient_count,
                             const char *message, size_t message_length,
                             long connect_timeout_seconds, long timeout_seconds, int verbose) {
    ccurl_result result;
    memset(&result, 0, sizeof result);
    pthread_once(&global_init_once, global_init);

    CURL *curl = curl_easy_init();
    if (!curl) {
        result.curl_code = CURLE_FAILED_INIT;
        strncpy(result.error, "libcurl could not be initialised", sizeof result.error - 1);
        return result;
    }
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = 0;
    struct curl_slist *rcpt = NULL;
    for (size_t i = 0; i < recipient_count; i++) rcpt = curl_slist_append(rcpt, recipients[i]);
    upload_state state = {message, message_length, 0};

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &state);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)message_length);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect_timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, verbose ? 1L : 0L);
    switch (tls) {
    case CCURL_TLS_NONE: curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_NONE); break;
    case CCURL_TLS_TRY: curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY); break;
    case CCURL_TLS_REQUIRED: curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL); break;
    }
    if (ca_file && *ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    if (username && *username) curl_easy_setopt(curl, CURLOPT_USERNAME, username);
    if (password && *password) curl_easy_setopt(curl, CURLOPT_PASSWORD, password);

    CURLcode code = curl_easy_perform(curl);
    result.curl_code = (int)code;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.response_code);
    if (code != CURLE_OK) {
        const char *text = errbuf[0] ? errbuf : curl_easy_strerror(code);
        strncpy(result.error, text, sizeof result.error - 1);
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    return result;
}

int ccurl_is_unreachable(int code) {
    switch ((CURLcode)code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return 1;
    default:
        return 0;
    }
}

int ccurl_is_tls_error(int code) {
    switch ((CURLcode)code) {
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        return 1;
    default:
        return 0;
    }
}
