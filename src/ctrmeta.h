/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CTRMETA_H
#define SOCKVIEW_CTRMETA_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The container runtimes' local metadata, parsed from text (no I/O; the
 * text is untrusted and may be anything): Docker's config.v2.json,
 * Podman's containers.json, and the names of Kubernetes' log files.
 * Every field is bounded; a value that does not fit makes the record
 * malformed rather than cut.
 */

#define CTRMETA_ID_LEN 64 /* a container id: 64 lowercase hex digits */
#define CTRMETA_NAME_MAX 256
#define CTRMETA_PATH_MAX 512

/* What sockview needs of one Docker container's config.v2.json. */
struct ctrmeta_docker {
	char id[CTRMETA_ID_LEN + 1];
	char name[CTRMETA_NAME_MAX];	/* "web": the leading '/' taken off */
	char sandbox[CTRMETA_PATH_MAX]; /* NetworkSettings.SandboxKey; "" */
};

/* One Kubernetes container from its /var/log/containers link name, or a
 * pod from its /var/log/pods directory name. */
struct ctrmeta_k8s {
	char id[CTRMETA_ID_LEN + 1]; /* "" for a pod directory */
	char namespace[CTRMETA_NAME_MAX];
	char pod[CTRMETA_NAME_MAX];
	char container[CTRMETA_NAME_MAX]; /* "" for a pod directory */
	char pod_uid[CTRMETA_NAME_MAX];	  /* "" for a container's link */
};

/* Told of each container in containers.json: id and name are
 * NUL-terminated and borrowed for the call. */
typedef void (*ctrmeta_podman_fn)(const char *id, const char *name, void *ctx);

/* Whether the n bytes at s are a container id (64 lowercase hex). */
bool ctrmeta_is_id(const char *s, size_t n);
/* config.v2.json's text (n bytes) into *out; false when it is not JSON
 * or "ID" is not an id. A missing or odd "Name" or SandboxKey is "". */
bool ctrmeta_parse_docker(const char *text, size_t n,
    struct ctrmeta_docker *out);
/* Podman's containers.json (an array of objects with "id" and "names",
 * the first name used): fn for each well-formed element; false when the
 * text is not a JSON array (elements without an id are skipped). */
bool ctrmeta_parse_podman(const char *text, size_t n, ctrmeta_podman_fn fn,
    void *ctx);
/* A /var/log/containers name, POD_NAMESPACE_CONTAINER-ID.log. */
bool ctrmeta_parse_k8s_log(const char *name, struct ctrmeta_k8s *out);
/* A /var/log/pods directory name, NAMESPACE_POD_UID. */
bool ctrmeta_parse_k8s_pod(const char *name, struct ctrmeta_k8s *out);

#endif
