/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qgraph runner for the se-iot nodes (libqos/se-iot.c, se-qos-tests.c): the
 * stock qos-test walker, built as its own "se-" test so the project's
 * scripts/run-qtests.sh picks it up.
 */
#include "qos-test.c"
