/* SPDX-License-Identifier: MIT */
/* Container metadata and cgroup text: the first byte picks the parser
 * (Docker's config.v2.json, Podman's containers.json, a Kubernetes log
 * or pod name, a cgroup path, /proc/PID/cgroup, a mountinfo line); the
 * rest is its input. Names that come out are bounded and terminated. */
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "container.h"
#include "ctrmeta.h"
#include "fuzz.h"

static void
check_str(const char *s, size_t size)
{
	FUZZ_CHECK(memchr(s, '\0', size) != NULL);
}

static void
on_podman(const char *id, const char *name, void *ctx)
{
	(void)ctx;
	FUZZ_CHECK(ctrmeta_is_id(id, strlen(id)));
	FUZZ_CHECK(strlen(name) < CTRMETA_NAME_MAX);
}

static void
text_parsers(uint8_t which, const char *s, size_t n)
{
	struct ctrmeta_docker d;
	struct ctrmeta_k8s k;
	struct container ct;
	struct cgroup_mount m;
	char label[64], path[256];

	switch (which % 6) {
	case 0:
		if (ctrmeta_parse_docker(s, n, &d)) {
			FUZZ_CHECK(ctrmeta_is_id(d.id, strlen(d.id)));
			check_str(d.name, sizeof(d.name));
			check_str(d.sandbox, sizeof(d.sandbox));
		}
		break;
	case 1:
		ctrmeta_parse_podman(s, n, on_podman, NULL);
		break;
	case 2:
		if (ctrmeta_parse_k8s_log(s, &k))
			FUZZ_CHECK(ctrmeta_is_id(k.id, strlen(k.id)) &&
				   k.pod[0] != '\0' && k.container[0] != '\0');
		if (ctrmeta_parse_k8s_pod(s, &k))
			FUZZ_CHECK(
			    k.namespace[0] != '\0' && k.pod_uid[0] != '\0');
		break;
	case 3:
		if (container_parse_cgroup(s, &ct)) {
			FUZZ_CHECK(ct.id[0] != '\0' || ct.name[0] != '\0');
			container_unit_label(&ct, label, sizeof(label));
			check_str(label, sizeof(label));
			container_netns_label(&ct, label, sizeof(label));
			check_str(label, sizeof(label));
		}
		break;
	case 4:
		if (cgroup_parse(s, n, path, sizeof(path)) == 0)
			FUZZ_CHECK(path[0] == '/');
		break;
	default:
		if (cgroup_parse_mountinfo_line(s, &m) &&
		    cgroup_dir(&m, "/a/b", path, sizeof(path)) == 0)
			check_str(path, sizeof(path));
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1)
		return 0;
	/* the parsers of names take C strings */
	s = malloc(size);
	if (s == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	text_parsers(data[0], s, size - 1);
	free(s);
	return 0;
}
