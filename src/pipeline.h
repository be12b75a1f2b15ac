/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PIPELINE_H
#define SOCKVIEW_PIPELINE_H

struct cli_opts;

/*
 * Every listing, one pipeline: collect -> enrich -> select -> diff ->
 * emit, once or round after round (-c). What the request asks for picks
 * the variant of each stage:
 *
 *   collect  the family's sources (family_inet, family_unix), the sockets
 *            selected or, for --explain, every socket
 *   enrich   owners: none, the listed sockets' (-p), every socket's
 *            (JSON, --explain), or the --pid processes' fds (read on a
 *            thread while the sockets are collected)
 *   select   the filter past what the kernel applied, and --pid
 *   diff     --diff: this round against the one before
 *   emit     rows (text or JSON), counts (-s), or closing (-K)
 *
 * Where nothing needs the whole table (no owners, no --explain, no
 * --diff, no -K), rows go from the source to the output as they come,
 * without a list.
 */

/* Run the listing req asks for, on stdout, with diagnostics through
 * msg.h; returns the exit status, dies on failures (1) and on usage
 * errors found at run time (2). */
int pipeline_run(const struct cli_opts *req);

#endif
