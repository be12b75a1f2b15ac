/* SPDX-License-Identifier: MIT */
#include "ctrmeta.h"

#include <string.h>

#include "jsonread.h"

bool
ctrmeta_is_id(const char *s, size_t n)
{
	size_t i;

	if (n != CTRMETA_ID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
			(s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The string at path in doc into buf, or "" when it is missing, not a
 * string, or too long. */
static void
string_at(struct jsonread_span doc, const char *path, char *buf, size_t size)
{
	struct jsonread_span v;

	if (!jsonread_find(doc, path, &v) || jsonread_string(v, buf, size) < 0)
		buf[0] = '\0';
}

bool
ctrmeta_parse_docker(const char *text, size_t n, struct ctrmeta_docker *out)
{
	struct jsonread_span doc = {text, n};
	const char *name;

	memset(out, 0, sizeof(*out));
	if (!jsonread_valid(doc))
		return false;
	string_at(doc, "ID", out->id, sizeof(out->id));
	if (!ctrmeta_is_id(out->id, strlen(out->id)))
		return false;
	string_at(doc, "Name", out->name, sizeof(out->name));
	/* Docker keeps the name as "/web" */
	name = out->name[0] == '/' ? out->name + 1 : out->name;
	memmove(out->name, name, strlen(name) + 1);
	string_at(doc, "NetworkSettings.SandboxKey", out->sandbox,
	    sizeof(out->sandbox));
	return true;
}

bool
ctrmeta_parse_podman(const char *text, size_t n, ctrmeta_podman_fn fn,
    void *ctx)
{
	struct jsonread_span doc = {text, n}, elem, names, first;
	struct jsonread_iter it, nit;
	char id[CTRMETA_ID_LEN + 1], name[CTRMETA_NAME_MAX];

	if (!jsonread_valid(doc) || !jsonread_array(doc, &it))
		return false;
	while (jsonread_next(&it, &elem)) {
		string_at(elem, "id", id, sizeof(id));
		if (!ctrmeta_is_id(id, strlen(id)))
			continue;
		name[0] = '\0';
		if (jsonread_find(elem, "names", &names) &&
		    jsonread_array(names, &nit) &&
		    jsonread_next(&nit, &first) &&
		    jsonread_string(first, name, sizeof(name)) < 0)
			name[0] = '\0';
		fn(id, name, ctx);
	}
	return true;
}

/* The n bytes at s into buf (size bytes); false when empty or too long. */
static bool
copy_part(const char *s, size_t n, char *buf, size_t size)
{
	if (n == 0 || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

/* name split at its two underscores into three non-empty parts; Kubernetes
 * names (DNS labels and subdomains) hold none. */
static bool
split3(const char *name, const char *part[3], size_t len[3])
{
	const char *u1 = strchr(name, '_'), *u2;

	if (u1 == NULL || (u2 = strchr(u1 + 1, '_')) == NULL ||
	    strchr(u2 + 1, '_') != NULL)
		return false;
	part[0] = name;
	len[0] = (size_t)(u1 - name);
	part[1] = u1 + 1;
	len[1] = (size_t)(u2 - u1 - 1);
	part[2] = u2 + 1;
	len[2] = strlen(u2 + 1);
	return len[0] > 0 && len[1] > 0 && len[2] > 0;
}

bool
ctrmeta_parse_k8s_log(const char *name, struct ctrmeta_k8s *out)
{
	const char *part[3], *id;
	size_t len[3], tail = CTRMETA_ID_LEN + 4; /* "ID.log" */

	memset(out, 0, sizeof(*out));
	if (!split3(name, part, len) || len[2] < tail + 2)
		return false;
	id = part[2] + len[2] - tail;
	if (id[-1] != '-' || strcmp(id + CTRMETA_ID_LEN, ".log") != 0 ||
	    !ctrmeta_is_id(id, CTRMETA_ID_LEN))
		return false;
	memcpy(out->id, id, CTRMETA_ID_LEN);
	return copy_part(part[0], len[0], out->pod, sizeof(out->pod)) &&
	       copy_part(part[1], len[1], out->namespace,
		   sizeof(out->namespace)) &&
	       copy_part(part[2], len[2] - tail - 1, out->container,
		   sizeof(out->container));
}

bool
ctrmeta_parse_k8s_pod(const char *name, struct ctrmeta_k8s *out)
{
	const char *part[3];
	size_t len[3];

	memset(out, 0, sizeof(*out));
	return split3(name, part, len) &&
	       copy_part(part[0], len[0], out->namespace,
		   sizeof(out->namespace)) &&
	       copy_part(part[1], len[1], out->pod, sizeof(out->pod)) &&
	       copy_part(part[2], len[2], out->pod_uid, sizeof(out->pod_uid));
}
