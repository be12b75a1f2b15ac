/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CONTAINER_H
#define SOCKVIEW_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

#include "ctrmeta.h"

/*
 * Which container a cgroup or a network namespace belongs to, and its
 * name, from local metadata only (no daemon is asked, nothing networked):
 *
 *   cgroup path shapes (systemd driver, then cgroupfs driver)
 *     docker      .../docker-ID.scope                  /docker/ID
 *     podman      .../libpod-ID.scope                  /libpod_parent/libpod-ID
 *     Kubernetes
 * kubepods[-CLASS]-podUID.slice/{cri-containerd,crio,docker}-ID.scope
 *                                                      /kubepods[/CLASS]/podUID/ID
 *     LXC         /lxc.payload.NAME, /lxc/NAME
 *   names
 *     docker      /var/lib/docker/containers/ID/config.v2.json "Name"
 *     podman /var/lib/containers/storage/overlay-containers/containers.json,
 *                 rootless:
 * ~USER/.local/share/containers/storage/overlay-containers/ Kubernetes
 * /var/log/containers/POD_NAMESPACE_CONTAINER-ID.log,
 *                 /var/log/pods/NAMESPACE_POD_UID/
 *
 * Each file is read at most once per struct containers, when first
 * needed, bounded in size; a malformed one is ignored and counted.
 */

/* One container. Strings are raw bytes from metadata: escape them for
 * text output. */
struct container {
	char runtime[16]; /* "docker", "podman", "containerd", "cri-o",
			     "cri" (Kubernetes, runtime not known), "lxc" */
	char id[CTRMETA_ID_LEN + 1];	      /* "" for LXC */
	char name[CTRMETA_NAME_MAX];	      /* "" when not known */
	char k8s_namespace[CTRMETA_NAME_MAX]; /* Kubernetes: "" when not */
	char k8s_pod[CTRMETA_NAME_MAX];	      /* Kubernetes: "" when not */
	char pod_uid[CTRMETA_NAME_MAX];	      /* from the cgroup path */
	bool k8s;			      /* in a Kubernetes pod */
};

struct containers;

/* The metadata of this machine; nothing is read until asked. Free with
 * containers_free. */
struct containers *containers_new(void);
/* The same with every metadata path under root ("" is "/"): for tests. */
struct containers *containers_new_at(const char *root);
/* Accepts NULL. */
void containers_free(struct containers *c);

/* The container that cgroup_path (a cgroup v2 path) is in, or in a cgroup
 * below; false when the path has no container's shape. Names are filled
 * from metadata where it has them. */
bool containers_of_cgroup(struct containers *c, const char *cgroup_path,
    struct container *out);
/* The Docker container whose NetworkSettings.SandboxKey is netns_path
 * (/run/docker/netns/X and /var/run/docker/netns/X are the same). */
bool containers_of_sandbox(struct containers *c, const char *netns_path,
    struct container *out);
/* How many metadata files were malformed and ignored; *first (borrowed,
 * may be NULL) the first of them. */
size_t containers_malformed(const struct containers *c, const char **first);

/* The shape of cgroup_path alone (no metadata): runtime, id, pod_uid,
 * k8s, and the name of an LXC container. */
bool container_parse_cgroup(const char *cgroup_path, struct container *out);
/* The name of a network namespace a container holds: docker:NAME,
 * podman:NAME, k8s:NAMESPACE/POD, lxc:NAME (the first 12 digits of the
 * id where the name is not known). */
void container_netns_label(const struct container *ct, char *buf, size_t size);
/* The name of the container as a socket's unit: the same, but a
 * Kubernetes container is k8s:NAMESPACE/POD/CONTAINER. */
void container_unit_label(const struct container *ct, char *buf, size_t size);

#endif
