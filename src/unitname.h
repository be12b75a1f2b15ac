/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_UNITNAME_H
#define SOCKVIEW_UNITNAME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The systemd unit a cgroup path belongs to: its deepest component that
 * names a unit (.service, .scope, .socket, .mount, .swap), so that
 * /user.slice/user-1000.slice/user@1000.service/app.slice/app.scope is
 * app.scope and /system.slice/nginx.service/worker is nginx.service;
 * a path with slices only is its last slice. No I/O.
 */

/* The unit of cgroup_path into buf (size bytes); false, and "", when the
 * path names none (the root cgroup "/"). */
bool unitname_of_cgroup(const char *cgroup_path, char *buf, size_t size);

#endif
