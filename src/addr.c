/* SPDX-License-Identifier: MIT */
#include "addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "textparse.h"

size_t
addr_text(const struct sockaddr *sa, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		port = ntohs(sin6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
			inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], host,
			    sizeof(host));
		else {
			inet_ntop(AF_INET6, &sin6->sin6_addr, host,
			    sizeof(host));
			snprintf(buf, size, "[%s]:%u", host, port);
			return size > 0 ? strlen(buf) : 0;
		}
	}
	snprintf(buf, size, "%s:%u", host, port);
	return size > 0 ? strlen(buf) : 0;
}

int
addr_parse(const char *text, uint16_t port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in *sin = (void *)ss;
	struct sockaddr_in6 *sin6 = (void *)ss;
	char buf[INET6_ADDRSTRLEN];
	size_t n = strlen(text);

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	if (n >= 2 && text[0] == '[' && text[n - 1] == ']' &&
	    n - 2 < sizeof(buf)) {
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = '\0';
		text = buf;
	}
	if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

uint16_t
addr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return 0;
}

int
addr_parse_port(const char *text, uint16_t *port)
{
	const char *p = text;
	uint64_t v;

	if (!textparse_dec(&p, 65535, &v) || *p != '\0')
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
addr_parse_target(const char *text, char *host, size_t size, uint16_t *port,
    const char **why)
{
	const char *h = text, *colon, *end;
	size_t len;

	if (text[0] == '[') {
		h = text + 1;
		if ((end = strchr(h, ']')) == NULL || end[1] != ':') {
			*why = "expected [ADDRESS]:PORT";
			return -1;
		}
		colon = end + 1;
	} else {
		if ((colon = strrchr(text, ':')) == NULL) {
			*why = "expected HOST:PORT";
			return -1;
		}
		if (memchr(text, ':', (size_t)(colon - text)) != NULL) {
			*why = "write an IPv6 address as [ADDRESS]:PORT";
			return -1;
		}
		end = colon;
	}
	len = (size_t)(end - h);
	if (len == 0 || len >= size) {
		*why = len == 0 ? "no host" : "host name too long";
		return -1;
	}
	if (addr_parse_port(colon + 1, port) < 0 || *port == 0) {
		*why = "expected a port from 1 to 65535";
		return -1;
	}
	memcpy(host, h, len);
	host[len] = '\0';
	return 0;
}
