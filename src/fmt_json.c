/* SPDX-License-Identifier: MIT */
#include "fmt_json.h"

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "fmt_jsonext.h"
#include "names.h"
#include "nstable.h"
#include "outbuf.h"
#include "owners.h"
#include "proto.h"
#include "services.h"
#include "sock.h"
#include "sockext.h"
#include "units.h"
#include "unixsock.h"

static const char hex[] = "0123456789abcdef";

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
json_string(struct outbuf *ob, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	outbuf_put(ob, "\"", 1);
	while (i < n) {
		size_t run = i;
		char esc[6];
		size_t len;

		/* plain printable ASCII goes out in one piece */
		while (run < n && u[run] >= 0x20 && u[run] < 0x7f &&
		       u[run] != '"' && u[run] != '\\')
			run++;
		if (run > i) {
			outbuf_put(ob, s + i, run - i);
			i = run;
			continue;
		}
		len = json_escape_next(u, n, &i, esc);
		outbuf_put(ob, esc, len);
	}
	outbuf_put(ob, "\"", 1);
}

static void
json_cstring(struct outbuf *ob, const char *s)
{
	if (s == NULL)
		outbuf_puts(ob, "null");
	else
		json_string(ob, s, strlen(s));
}

void
fmt_json_string(FILE *fp, const char *s, size_t n)
{
	struct outbuf ob;

	outbuf_init(&ob, fp);
	json_string(&ob, s, n);
	outbuf_flush(&ob);
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
json_endpoint(struct outbuf *ob, const struct fmt_json_opts *jo,
    const struct sock_rec *rec, const struct sock_end *end)
{
	char addr[SOCK_ADDR_MAX];
	const char *svc = NULL;

	outbuf_puts(ob, "{\"address\":");
	json_string(ob, addr, sock_addr_format(&end->addr, addr));
	if (jo->hosts && jo->names != NULL) {
		outbuf_puts(ob, ",\"host\":");
		json_cstring(ob,
		    names_host(jo->names, rec->family, &end->addr));
	}
	outbuf_puts(ob, ",\"port\":");
	outbuf_u64(ob, end->port);
	if (end->port != 0 && rec->proto != IPPROTO_RAW)
		svc = services_name(jo->services, end->port, rec->proto);
	outbuf_puts(ob, ",\"service\":");
	json_cstring(ob, svc);
	outbuf_puts(ob, "}");
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
json_owners(struct outbuf *ob, const struct fmt_json_opts *jo, uint64_t inode)
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

	outbuf_puts(ob, ",\"owners\":[");
	if (jo->owners != NULL) {
		n = owners_find(jo->owners, inode, &o);
		for (i = 0; i < n; i++) {
			const char *comm =
			    owners_comm_raw(jo->owners, o[i].pid);

			if (comm == NULL)
				continue; /* exited since the scan */
			outbuf_puts(ob, shown++ ? ",{\"pid\":" : "{\"pid\":");
			outbuf_u64(ob, (uint64_t)o[i].pid);
			outbuf_puts(ob, ",\"fd\":");
			outbuf_u64(ob, (uint64_t)o[i].fd);
			outbuf_puts(ob, ",\"program\":");
			json_string(ob, comm, strlen(comm));
			outbuf_puts(ob, "}");
		}
		st = owners_status(jo->owners, inode);
	}
	outbuf_puts(ob, "],\"owners_status\":\"");
	outbuf_puts(ob, status[st]);
	outbuf_puts(ob, "\"");
}

/* -N all: "netns":{"inode":N,"name":"..."}, the name null when the
 * namespace is not in the table. */
static void
json_netns(struct outbuf *ob, const struct fmt_json_opts *jo, uint64_t netns)
{
	const struct nstable_entry *e;

	if (jo->netns == NULL)
		return;
	e = nstable_find(jo->netns, netns);
	outbuf_puts(ob, ",\"netns\":{\"inode\":");
	outbuf_u64(ob, netns);
	outbuf_puts(ob, ",\"name\":");
	if (e != NULL)
		json_string(ob, e->label, strlen(e->label));
	else
		outbuf_puts(ob, "null");
	outbuf_puts(ob, "}");
}

/* "cgroup", "unit" and "container" (null where not known). */
static void
json_units(struct outbuf *ob, const struct units_info *info)
{
	const struct container *ct = &info->ct;

	outbuf_puts(ob, ",\"cgroup\":");
	json_cstring(ob, info->cgroup);
	outbuf_puts(ob, ",\"unit\":");
	json_cstring(ob, info->unit);
	outbuf_puts(ob, ",\"container\":");
	if (!info->in_container) {
		outbuf_puts(ob, "null");
		return;
	}
	outbuf_puts(ob, "{\"runtime\":");
	json_cstring(ob, ct->runtime);
	outbuf_puts(ob, ",\"id\":");
	json_cstring(ob, ct->id[0] != '\0' ? ct->id : NULL);
	outbuf_puts(ob, ",\"name\":");
	json_cstring(ob, ct->name[0] != '\0' ? ct->name : NULL);
	if (ct->k8s) {
		outbuf_puts(ob, ",\"namespace\":");
		json_cstring(ob,
		    ct->k8s_namespace[0] != '\0' ? ct->k8s_namespace : NULL);
		outbuf_puts(ob, ",\"pod\":");
		json_cstring(ob, ct->k8s_pod[0] != '\0' ? ct->k8s_pod : NULL);
		outbuf_puts(ob, ",\"pod_uid\":");
		json_cstring(ob, ct->pod_uid[0] != '\0' ? ct->pod_uid : NULL);
	}
	outbuf_puts(ob, "}");
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
	const char *proto = proto_json_name(rec->proto, rec->family);
	struct outbuf ob;

	outbuf_init(&ob, fp);
	if (!jo->lines)
		outbuf_puts(&ob, first ? "\n" : ",\n");
	outbuf_puts(&ob, "{\"proto\":\"");
	outbuf_puts(&ob, proto);
	outbuf_puts(&ob, "\",\"family\":\"");
	outbuf_puts(&ob, proto_family_name(rec->family));
	outbuf_puts(&ob, "\"");
	outbuf_puts(&ob, ",\"state\":\"");
	outbuf_puts(&ob, json_state(rec));
	outbuf_puts(&ob, sock_is_listening(rec) ? "\",\"listening\":true"
						: "\",\"listening\":false");
	outbuf_puts(&ob, ",\"local\":");
	json_endpoint(&ob, jo, rec, &rec->local);
	outbuf_puts(&ob, ",\"peer\":");
	json_endpoint(&ob, jo, rec, &rec->remote);
	outbuf_puts(&ob, ",\"recv_q\":");
	outbuf_u64(&ob, rec->rxq);
	outbuf_puts(&ob, ",\"send_q\":");
	outbuf_u64(&ob, rec->txq);
	if (proto_tcp_like(rec->proto) && rec->state == SOCK_ST_LISTEN) {
		/* only netlink knows it; /proc leaves it 0 */
		outbuf_puts(&ob, ",\"backlog\":");
		if (rec->backlog != 0)
			outbuf_u64(&ob, rec->backlog);
		else
			outbuf_puts(&ob, "null");
	}
	outbuf_puts(&ob, ",\"inode\":");
	outbuf_u64(&ob, rec->inode);
	outbuf_puts(&ob, ",\"uid\":");
	outbuf_u64(&ob, rec->uid);
	outbuf_puts(&ob, ",\"user\":");
	json_cstring(&ob, json_user(jo, rec->uid));
	json_owners(&ob, jo, rec->inode);
	if (jo->units != NULL)
		json_units(&ob,
		    units_find(jo->units, rec->cgroup_id, rec->inode));
	outbuf_puts(&ob, ",\"timer\":{\"name\":\"");
	outbuf_puts(&ob, json_timer_name(rec));
	outbuf_puts(&ob, "\",\"code\":");
	outbuf_u64(&ob, rec->timer);
	outbuf_puts(&ob, ",\"expires_ms\":");
	outbuf_u64(&ob, (uint64_t)rec->timer_cs * 10);
	outbuf_puts(&ob, ",\"retrans\":");
	outbuf_u64(&ob, rec->retrans);
	outbuf_puts(&ob, ",\"probes\":");
	outbuf_u64(&ob, rec->probes);
	outbuf_puts(&ob, "}");
	json_netns(&ob, jo, rec->netns);
	if (jo->show != 0)
		fmt_jsonext_members(&ob, rec,
		    sockext_table_get(jo->ext, rec->ext), jo->show);
	if (extra != NULL && extra->explain != NULL) {
		outbuf_puts(&ob, ",\"explain\":");
		json_cstring(&ob, extra->explain);
	}
	if (extra != NULL && extra->event != NULL) {
		outbuf_puts(&ob, ",\"event\":");
		json_cstring(&ob, extra->event);
	}
	outbuf_puts(&ob, "}");
	if (jo->lines)
		outbuf_puts(&ob, "\n");
	outbuf_flush(&ob);
}

void
fmt_json_end(FILE *fp, const struct fmt_json_opts *jo, bool empty)
{
	if (!jo->lines)
		fputs(empty ? "]\n" : "\n]\n", fp);
}

/* A number, or null when the source does not know it. */
static void
json_u64_or_null(struct outbuf *ob, bool known, uint64_t v)
{
	if (known)
		outbuf_u64(ob, v);
	else
		outbuf_puts(ob, "null");
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
	struct outbuf ob;
	size_t i, shown = 0;

	outbuf_init(&ob, fp);
	if (!jo->lines)
		outbuf_puts(&ob, first ? "\n" : ",\n");
	outbuf_puts(&ob, "{\"proto\":\"unix\",\"type\":");
	json_cstring(&ob, unixsock_type_name(rec->type));
	outbuf_puts(&ob, ",\"state\":");
	json_cstring(&ob, unixsock_state_name(rec));
	outbuf_puts(&ob, unixsock_is_listening(rec) ? ",\"listening\":true"
						    : ",\"listening\":false");
	outbuf_puts(&ob, ",\"flags\":[");
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (rec->flags & flag_names[i].bit) {
			outbuf_puts(&ob, shown++ ? "," : "");
			outbuf_puts(&ob, flag_names[i].name);
		}
	outbuf_puts(&ob, "]");
	outbuf_puts(&ob, ",\"refcnt\":");
	json_u64_or_null(&ob, rec->has_refcnt, rec->refcnt);
	outbuf_puts(&ob, ",\"inode\":");
	outbuf_u64(&ob, rec->inode);
	outbuf_puts(&ob, ",\"peer_inode\":");
	json_u64_or_null(&ob, rec->has_peer && rec->peer != 0, rec->peer);
	outbuf_puts(&ob, ",\"path\":");
	if (rec->path_len > 0)
		json_string(&ob, rec->path, rec->path_len);
	else
		outbuf_puts(&ob, "null");
	outbuf_puts(&ob, ",\"recv_q\":");
	json_u64_or_null(&ob, rec->has_queues, rec->rqueue);
	outbuf_puts(&ob, ",\"send_q\":");
	json_u64_or_null(&ob, rec->has_queues, rec->wqueue);
	outbuf_puts(&ob, ",\"uid\":");
	json_u64_or_null(&ob, rec->has_uid, rec->uid);
	json_owners(&ob, jo, rec->inode);
	json_netns(&ob, jo, rec->netns);
	if (jo->units != NULL)
		json_units(&ob, units_find(jo->units, 0, rec->inode));
	outbuf_puts(&ob, "}");
	if (jo->lines)
		outbuf_puts(&ob, "\n");
	outbuf_flush(&ob);
}

void
fmt_json_put_string(struct outbuf *ob, const char *s)
{
	json_cstring(ob, s);
}

void
fmt_json_put_owners(struct outbuf *ob, const struct fmt_json_opts *jo,
    uint64_t inode)
{
	json_owners(ob, jo, inode);
}

void
fmt_json_put_user(struct outbuf *ob, const struct fmt_json_opts *jo,
    uint32_t uid)
{
	outbuf_puts(ob, ",\"uid\":");
	outbuf_u64(ob, uid);
	outbuf_puts(ob, ",\"user\":");
	json_cstring(ob, json_user(jo, uid));
}

void
fmt_json_open(struct outbuf *ob, const struct fmt_json_opts *jo, bool first)
{
	if (!jo->lines)
		outbuf_puts(ob, first ? "\n" : ",\n");
}

void
fmt_json_close(struct outbuf *ob, const struct fmt_json_opts *jo,
    const struct fmt_json_extra *extra)
{
	if (extra != NULL && extra->explain != NULL) {
		outbuf_puts(ob, ",\"explain\":");
		json_cstring(ob, extra->explain);
	}
	if (extra != NULL && extra->event != NULL) {
		outbuf_puts(ob, ",\"event\":");
		json_cstring(ob, extra->event);
	}
	outbuf_puts(ob, "}");
	if (jo->lines)
		outbuf_puts(ob, "\n");
}
