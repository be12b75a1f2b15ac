/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_MULTI_H
#define SOCKVIEW_FAMILY_MULTI_H

#include "family.h"

/* Several kinds of socket in one listing (-A inet,unix,...): each
 * record tagged with its family, which collects, selects and prints it;
 * in text each family's rows under its own title and header. */
extern const struct family family_multi;

/* The family that lists the kinds of cli.h's CLI_KIND_* bits: one of
 * them, or family_multi for several; static. */
const struct family *family_multi_for(unsigned kinds);

#endif
