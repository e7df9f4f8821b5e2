/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP helpers of the SE qtests: waiting for migrations and block jobs, and
 * a QEMU ready for snapshots (a qcow2 node for the VM state).
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "se-qtest.h"

char *se_wait_migration(QTestState *qts, const char *want)
{
    for (int i = 0; i < 1000; i++) {
        QDict *r = qtest_qmp(qts, "{ 'execute': 'query-migrate' }");
        QDict *ret = qdict_get_qdict(r, "return");
        const char *st = qdict_haskey(ret, "status") ?
                         qdict_get_str(ret, "status") : "none";
        char *desc = NULL;

        if (!strcmp(st, "completed") || !strcmp(st, "failed")) {
            g_assert_cmpstr(st, ==, want);
            desc = g_strdup(qdict_haskey(ret, "error-desc") ?
                            qdict_get_str(ret, "error-desc") : "");
            qobject_unref(r);
            return desc;
        }
        qobject_unref(r);
        g_usleep(10 * 1000);
    }
    g_assert_not_reached();
}

void se_wait_job(QTestState *qts, const char *id)
{
    for (int i = 0; i < 1000; i++) {
        QDict *r = qtest_qmp(qts, "{ 'execute': 'query-jobs' }");
        QList *jobs = qdict_get_qlist(r, "return");
        QListEntry *e;
        bool done = false;

        QLIST_FOREACH_ENTRY(jobs, e) {
            QDict *j = qobject_to(QDict, qlist_entry_obj(e));

            if (!strcmp(qdict_get_str(j, "id"), id) &&
                !strcmp(qdict_get_str(j, "status"), "concluded")) {
                g_assert_false(qdict_haskey(j, "error"));
                done = true;
            }
        }
        qobject_unref(r);
        if (done) {
            qtest_qmp_assert_success(qts, "{ 'execute': 'job-dismiss', "
                                     "'arguments': { 'id': %s } }", id);
            return;
        }
        g_usleep(10 * 1000);
    }
    g_assert_not_reached();
}

/*
 * QEMU 10.0.13 itself leaks a QIOChannelBlock per snapshot-save/-load
 * (qemu_fopen_bdrv) and the vmdesc JSON writer (migrate_init); keep
 * LeakSanitizer quiet about those two only, for this QEMU only (slow
 * unwinding, so that the suppressions see QEMU's frames under g_malloc).
 */
QTestState *se_start_for_snapshots(const char *args, char **supp)
{
    g_autofree char *lsan = NULL;
    g_autofree char *asan = NULL;
    g_autofree char *old_lsan = g_strdup(g_getenv("LSAN_OPTIONS"));
    g_autofree char *old_asan = g_strdup(g_getenv("ASAN_OPTIONS"));
    int sfd = g_file_open_tmp("se-lsan-XXXXXX", supp, NULL);
    QTestState *qts;

    g_assert(sfd >= 0);
    close(sfd);
    g_assert_true(g_file_set_contents(*supp, "leak:qemu_fopen_bdrv\n"
                                      "leak:migrate_init\n", -1, NULL));
    lsan = g_strdup_printf("suppressions=%s", *supp);
    asan = g_strdup_printf("%s%sfast_unwind_on_malloc=0",
                           old_asan ? old_asan : "", old_asan ? ":" : "");
    g_setenv("LSAN_OPTIONS", lsan, true);
    g_setenv("ASAN_OPTIONS", asan, true);
    qts = qtest_initf("-M se-iot %s", args);
    if (old_lsan) {
        g_setenv("LSAN_OPTIONS", old_lsan, true);
    } else {
        g_unsetenv("LSAN_OPTIONS");
    }
    if (old_asan) {
        g_setenv("ASAN_OPTIONS", old_asan, true);
    } else {
        g_unsetenv("ASAN_OPTIONS");
    }
    return qts;
}

void se_snapshot_node(QTestState *qts, const char *path, bool create)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'blockdev-add', 'arguments': "
                             "{ 'driver': 'file', 'node-name': 'f', "
                             "'filename': %s } }", path);
    if (create) {
        qtest_qmp_assert_success(qts, "{ 'execute': 'blockdev-create', "
                                 "'arguments': { 'job-id': 'c', 'options': "
                                 "{ 'driver': 'qcow2', 'file': 'f', "
                                 "'size': 4194304 } } }");
        se_wait_job(qts, "c");
    }
    qtest_qmp_assert_success(qts, "{ 'execute': 'blockdev-add', 'arguments': "
                             "{ 'driver': 'qcow2', 'node-name': 'snap', "
                             "'file': 'f' } }");
}
