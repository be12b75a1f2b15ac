#include "fmt_json.h"

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "names.h"
#include "owners.h"
#include "proto.h"
#include "services.h"
#include "sock.h"
#include "unixsock.h"

static const char hex[] = "0123456789abcdef";

/* Output assembled by hand and written in few fwrite calls. */
struct jbuf {
	FILE *fp;
	size_t len;
	char buf[4096];
};

static void
jb_flush(struct jbuf *jb)
{
	if (jb->len > 0)
		fwrite(jb->buf, 1, jb->len, jb->fp);
	jb->len = 0;
}

static void
jb_put(struct jbuf *jb, const char *s, size_t n)
{
	while (n > 0) {
		size_t room = sizeof(jb->buf) - jb->len,
		       k = n < room ? n : room;

		memcpy(jb->buf + jb->len, s, k);
		jb->len += k;
		s += k;
		n -= k;
		if (jb->len == sizeof(jb->buf))
			jb_flush(jb);
	}
}

static void
jb_puts(struct jbuf *jb, const char *s)
{
	jb_put(jb, s, strlen(s));
}

static void
jb_u64(struct jbuf *jb, uint64_t v)
{
	char num[24];

	jb_put(jb, num, sock_fmt_u64(num, v));
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 when
 * p[0] does not start one: no overlong forms, surrogates or code points
 * past U+10FFFF. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/* The escaped form of the character (or invalid byte) at in[*i] into out
 * (at least 6 bytes); advances *i and returns the length. */
static size_t
json_escape_next(const unsigned char *in, size_t n, size_t *i, char *out)
{
	unsigned c = in[*i];
	size_t len = utf8_len(in + *i, n - *i), k;

	if (len == 0) {
		/* not UTF-8: the text \xHH, its backslash escaped */
		(*i)++;
		memcpy(out, "\\\\x", 3);
		out[3] = hex[c >> 4];
		out[4] = hex[c & 0xf];
		return 5;
	}
	if (len == 1) {
		(*i)++;
		out[0] = '\\';
		switch (c) {
		case '"':
			out[1] = '"';
			return 2;
		case '\\':
			/* doubled, so that "\xHH" in the decoded text is
			 * always an invalid byte */
			memcpy(out, "\\\\\\\\", 4);
			return 4;
		case '\b':
			out[1] = 'b';
			return 2;
		case '\f':
			out[1] = 'f';
			return 2;
		case '\n':
			out[1] = 'n';
			return 2;
		case '\r':
			out[1] = 'r';
			return 2;
		case '\t':
			out[1] = 't';
			return 2;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			memcpy(out, "\\u00", 4);
			out[4] = hex[c >> 4];
			out[5] = hex[c & 0xf];
			return 6;
		}
		out[0] = (char)c;
		return 1;
	}
	/* U+2028 and U+2029 end lines in JavaScript: escape them too */
	if (len == 3 && in[*i] == 0xe2 && in[*i + 1] == 0x80 &&
	    (in[*i + 2] == 0xa8 || in[*i + 2] == 0xa9)) {
		memcpy(out, in[*i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
		*i += 3;
		return 6;
	}
	for (k = 0; k < len; k++)
		out[k] = (char)in[*i + k];
	*i += len;
	return len;
}

size_t
fmt_json_escape(const char *in, size_t n, char *out, size_t size)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t o = 0, i = 0;

	if (size == 0)
		return 0;
	while (i < n) {
		char esc[6];
		size_t at = i, len = json_escape_next(u, n, &i, esc);

		if (o + len >= size) {
			i = at;
			break;
		}
		memcpy(out + o, esc, len);
		o += len;
	}
	out[o] = '\0';
	return o;
}

static void
jb_string(struct jbuf *jb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	jb_put(jb, "\"", 1);
	while (i < n) {
		size_t run = i;
		char esc[6];
		size_t len;

		/* plain printable ASCII goes out in one piece */
		while (run < n && u[run] >= 0x20 && u[run] < 0x7f &&
		       u[run] != '"' && u[run] != '\\')
			run++;
		if (run > i) {
			jb_put(jb, s + i, run - i);
			i = run;
			continue;
		}
		len = json_escape_next(u, n, &i, esc);
		jb_put(jb, esc, len);
	}
	jb_put(jb, "\"", 1);
}

static void
jb_cstring(struct jbuf *jb, const char *s)
{
	if (s == NULL)
		jb_puts(jb, "null");
	else
		jb_string(jb, s, strlen(s));
}

void
fmt_json_string(FILE *fp, const char *s, size_t n)
{
	struct jbuf jb = {.fp = fp};

	jb_string(&jb, s, n);
	jb_flush(&jb);
}

/* The kernel's name of the state; unlike the text listing, UDP and RAW
 * sockets get names too ("CLOSE" for an unconnected one). */
static const char *
json_state(const struct sock_rec *rec)
{
	return sock_tcp_state_name(rec->state);
}

static const char *
json_timer_name(const struct sock_rec *rec)
{
	switch (rec->timer) {
	case SOCK_TIMER_OFF:
		return "off";
	case SOCK_TIMER_ON:
		return "retransmit";
	case SOCK_TIMER_KEEPALIVE:
		return "keepalive";
	case SOCK_TIMER_TIMEWAIT:
		return "timewait";
	case SOCK_TIMER_PROBE:
		return "probe";
	default:
		return "unknown";
	}
}

static void
json_endpoint(struct jbuf *jb, const struct fmt_json_opts *jo,
    const struct sock_rec *rec, const struct sock_end *end)
{
	char addr[SOCK_ADDR_MAX];
	const char *svc = NULL;

	jb_puts(jb, "{\"address\":");
	jb_string(jb, addr, sock_addr_format(&end->addr, addr));
	if (jo->hosts && jo->names != NULL) {
		jb_puts(jb, ",\"host\":");
		jb_cstring(jb, names_host(jo->names, rec->family, &end->addr));
	}
	jb_puts(jb, ",\"port\":");
	jb_u64(jb, end->port);
	if (end->port != 0 && rec->proto != IPPROTO_RAW)
		svc = services_name(jo->services, end->port, rec->proto);
	jb_puts(jb, ",\"service\":");
	jb_cstring(jb, svc);
	jb_puts(jb, "}");
}

/* The user's name, or null when the uid has none (names_user then gives
 * the number back). */
static const char *
json_user(const struct fmt_json_opts *jo, uint32_t uid)
{
	char num[24];
	const char *name;

	if (jo->names == NULL)
		return NULL;
	name = names_user(jo->names, uid);
	sock_fmt_u64(num, uid);
	return strcmp(name, num) == 0 ? NULL : name;
}

static void
json_owners(struct jbuf *jb, const struct fmt_json_opts *jo, uint64_t inode)
{
	static const char *const status[] = {
	    [OWNERS_FOUND] = "found",
	    [OWNERS_NONE] = "none",
	    [OWNERS_HIDDEN] = "hidden",
	    [OWNERS_GONE] = "gone",
	};
	enum owners_status st = OWNERS_NONE;
	const struct owner *o;
	size_t n = 0, i, shown = 0;

	jb_puts(jb, ",\"owners\":[");
	if (jo->owners != NULL) {
		n = owners_find(jo->owners, inode, &o);
		for (i = 0; i < n; i++) {
			const char *comm =
			    owners_comm_raw(jo->owners, o[i].pid);

			if (comm == NULL)
				continue; /* exited since the scan */
			jb_puts(jb, shown++ ? ",{\"pid\":" : "{\"pid\":");
			jb_u64(jb, (uint64_t)o[i].pid);
			jb_puts(jb, ",\"fd\":");
			jb_u64(jb, (uint64_t)o[i].fd);
			jb_puts(jb, ",\"program\":");
			jb_string(jb, comm, strlen(comm));
			jb_puts(jb, "}");
		}
		st = owners_status(jo->owners, inode);
	}
	jb_puts(jb, "],\"owners_status\":\"");
	jb_puts(jb, status[st]);
	jb_puts(jb, "\"");
}

void
fmt_json_begin(FILE *fp, const struct fmt_json_opts *jo)
{
	if (!jo->lines)
		fputs("[", fp);
}

void
fmt_json_row(FILE *fp, const struct fmt_json_opts *jo,
    const struct sock_rec *rec, bool first, const struct fmt_json_extra *extra)
{
	struct jbuf jb = {.fp = fp};
	const char *proto = proto_of(rec->proto)->name;

	if (!jo->lines)
		jb_puts(&jb, first ? "\n" : ",\n");
	jb_puts(&jb, "{\"proto\":\"");
	jb_puts(&jb, proto);
	jb_puts(&jb, "\",\"family\":\"");
	jb_puts(&jb, proto_family_name(rec->family));
	jb_puts(&jb, "\"");
	jb_puts(&jb, ",\"state\":\"");
	jb_puts(&jb, json_state(rec));
	jb_puts(&jb, sock_is_listening(rec) ? "\",\"listening\":true"
					    : "\",\"listening\":false");
	jb_puts(&jb, ",\"local\":");
	json_endpoint(&jb, jo, rec, &rec->local);
	jb_puts(&jb, ",\"peer\":");
	json_endpoint(&jb, jo, rec, &rec->remote);
	jb_puts(&jb, ",\"recv_q\":");
	jb_u64(&jb, rec->rxq);
	jb_puts(&jb, ",\"send_q\":");
	jb_u64(&jb, rec->txq);
	if (rec->proto == IPPROTO_TCP && rec->state == SOCK_ST_LISTEN) {
		/* only netlink knows it; /proc leaves it 0 */
		jb_puts(&jb, ",\"backlog\":");
		if (rec->backlog != 0)
			jb_u64(&jb, rec->backlog);
		else
			jb_puts(&jb, "null");
	}
	jb_puts(&jb, ",\"inode\":");
	jb_u64(&jb, rec->inode);
	jb_puts(&jb, ",\"uid\":");
	jb_u64(&jb, rec->uid);
	jb_puts(&jb, ",\"user\":");
	jb_cstring(&jb, json_user(jo, rec->uid));
	json_owners(&jb, jo, rec->inode);
	jb_puts(&jb, ",\"timer\":{\"name\":\"");
	jb_puts(&jb, json_timer_name(rec));
	jb_puts(&jb, "\",\"code\":");
	jb_u64(&jb, rec->timer);
	jb_puts(&jb, ",\"expires_ms\":");
	jb_u64(&jb, (uint64_t)rec->timer_cs * 10);
	jb_puts(&jb, ",\"retrans\":");
	jb_u64(&jb, rec->retrans);
	jb_puts(&jb, ",\"probes\":");
	jb_u64(&jb, rec->probes);
	jb_puts(&jb, "}");
	if (extra != NULL && extra->explain != NULL) {
		jb_puts(&jb, ",\"explain\":");
		jb_cstring(&jb, extra->explain);
	}
	if (extra != NULL && extra->event != NULL) {
		jb_puts(&jb, ",\"event\":");
		jb_cstring(&jb, extra->event);
	}
	jb_puts(&jb, "}");
	if (jo->lines)
		jb_puts(&jb, "\n");
	jb_flush(&jb);
}

void
fmt_json_end(FILE *fp, const struct fmt_json_opts *jo, bool empty)
{
	if (!jo->lines)
		fputs(empty ? "]\n" : "\n]\n", fp);
}

/* A number, or null when the source does not know it. */
static void
jb_u64_or_null(struct jbuf *jb, bool known, uint64_t v)
{
	if (known)
		jb_u64(jb, v);
	else
		jb_puts(jb, "null");
}

void
fmt_json_unix_row(FILE *fp, const struct fmt_json_opts *jo,
    const struct unix_rec *rec, bool first)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} flag_names[] = {
	    {UNIXSOCK_FLAG_ACC, "\"ACC\""},
	    {UNIXSOCK_FLAG_W, "\"W\""},
	    {UNIXSOCK_FLAG_N, "\"N\""},
	};
	struct jbuf jb = {.fp = fp};
	size_t i, shown = 0;

	if (!jo->lines)
		jb_puts(&jb, first ? "\n" : ",\n");
	jb_puts(&jb, "{\"proto\":\"unix\",\"type\":");
	jb_cstring(&jb, unixsock_type_name(rec->type));
	jb_puts(&jb, ",\"state\":");
	jb_cstring(&jb, unixsock_state_name(rec));
	jb_puts(&jb, unixsock_is_listening(rec) ? ",\"listening\":true"
						: ",\"listening\":false");
	jb_puts(&jb, ",\"flags\":[");
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (rec->flags & flag_names[i].bit) {
			jb_puts(&jb, shown++ ? "," : "");
			jb_puts(&jb, flag_names[i].name);
		}
	jb_puts(&jb, "]");
	jb_puts(&jb, ",\"refcnt\":");
	jb_u64_or_null(&jb, rec->has_refcnt, rec->refcnt);
	jb_puts(&jb, ",\"inode\":");
	jb_u64(&jb, rec->inode);
	jb_puts(&jb, ",\"peer_inode\":");
	jb_u64_or_null(&jb, rec->has_peer && rec->peer != 0, rec->peer);
	jb_puts(&jb, ",\"path\":");
	if (rec->path_len > 0)
		jb_string(&jb, rec->path, rec->path_len);
	else
		jb_puts(&jb, "null");
	jb_puts(&jb, ",\"recv_q\":");
	jb_u64_or_null(&jb, rec->has_queues, rec->rqueue);
	jb_puts(&jb, ",\"send_q\":");
	jb_u64_or_null(&jb, rec->has_queues, rec->wqueue);
	jb_puts(&jb, ",\"uid\":");
	jb_u64_or_null(&jb, rec->has_uid, rec->uid);
	json_owners(&jb, jo, rec->inode);
	jb_puts(&jb, "}");
	if (jo->lines)
		jb_puts(&jb, "\n");
	jb_flush(&jb);
}
